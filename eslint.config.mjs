// Lint for the shippable sources: nodes/**, credentials/** and package.json.
// = the rule sets `n8n-node lint` and `@n8n/scan-community-package` apply
//   (eslint-plugin-n8n-nodes-base nodes/credentials/community + @n8n/eslint-plugin-community-nodes
//   recommended), plus a strict import allow-list and restricted globals that do not exempt
//   devDependencies (the community rule lets a devDependency such as n8n-core through).
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';

/** Globals n8n Cloud forbids in node code (use `sleep` from n8n-workflow instead of timers). */
export const RESTRICTED_GLOBALS = ['clearInterval', 'clearTimeout', 'global', 'globalThis', 'process', 'setInterval', 'setTimeout', 'setImmediate', '__dirname', '__filename'];
/** What node code may import at run time (the n8n Cloud allow-list). */
export const ALLOWED_MODULES = ['n8n-workflow', 'lodash', 'moment', 'p-limit', 'luxon', 'zod', 'crypto', 'node:crypto'];

function isModuleAllowed(modulePath) {
	if (typeof modulePath !== 'string') return false;
	if (modulePath.startsWith('./') || modulePath.startsWith('../')) return true;
	const name = modulePath.startsWith('@') ? modulePath.split('/').slice(0, 2).join('/') : modulePath.split('/')[0];
	return ALLOWED_MODULES.includes(name);
}

/** Strict twins of the scanner's rules: no exemption for devDependencies. */
export const strictPlugin = {
	rules: {
		'no-restricted-globals': {
			meta: { type: 'problem', schema: [] },
			create(context) {
				return {
					Identifier(node) {
						if (!RESTRICTED_GLOBALS.includes(node.name)) return;
						const parent = node.parent;
						if (parent && parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
						if (parent && (parent.type === 'Property' || parent.type === 'PropertyDefinition') && parent.key === node) return;
						const scope = context.sourceCode.getScope(node);
						let current = scope;
						while (current) {
							const variable = current.set.get(node.name);
							if (variable && variable.defs.length > 0) return;
							current = current.upper;
						}
						context.report({ node, message: `Use of restricted global '${node.name}' is not allowed in node code` });
					},
				};
			},
		},
		'no-restricted-imports': {
			meta: { type: 'problem', schema: [] },
			create(context) {
				const check = (node, modulePath, kind) => {
					if (!isModuleAllowed(modulePath)) {
						context.report({ node, message: `${kind} of '${modulePath}' is not allowed: node code may import only ${ALLOWED_MODULES.join(', ')}` });
					}
				};
				return {
					ImportDeclaration(node) {
						if (node.importKind === 'type') return;
						check(node, node.source.value, 'Import');
					},
					ImportExpression(node) {
						check(node, node.source.type === 'Literal' ? node.source.value : undefined, 'Dynamic import');
					},
					CallExpression(node) {
						if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length > 0) {
							const arg = node.arguments[0];
							check(node, arg.type === 'Literal' ? arg.value : undefined, 'Require');
						}
					},
				};
			},
		},
	},
};

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/**', 'sandbox/**', 'scripts/**', 'workflows/**', 'eslint.config.mjs'],
	},
	n8nCommunityNodesPlugin.configs.recommended,
	{ plugins: { 'n8n-nodes-base': n8nNodesPlugin, 'qodeup-strict': strictPlugin } },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		rules: {
			'no-console': 'error',
			'qodeup-strict/no-restricted-globals': 'error',
			'qodeup-strict/no-restricted-imports': 'error',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			// Not valid for community nodes (docs URL is a full https URL).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// The community-nodes credential-password-field rule is more accurate.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		rules: { ...n8nNodesPlugin.configs.community.rules },
	},
];

#!/usr/bin/env node
// Scans the packed tarball the way `npx @n8n/scan-community-package` does, offline.
//
// The official scanner cannot check this package: it downloads the package from the npm
// registry by name, requires npm provenance and fetches the attested GitHub source — our
// package is unpublished (the registry answers 404). So this script runs the same checks on
// what `npm pack` produces:
//
//   1. `npm run build` (unless --skip-build), `npm pack` into a temp dir, unpack it.
//   2. Tarball leg, exactly like the scanner: ESLint with the scanner's config
//      (@n8n/eslint-plugin-community-nodes `recommended` + `no-console` + eslint-plugin-n8n-nodes-base
//      community/credentials/nodes rule sets, TS parser for JSON) on the unpacked `**/*.js` and
//      `package.json`, inline `eslint-disable` comments ignored. When @n8n/scan-community-package
//      is installed its own `buildScanConfig` is used, else an identical copy below.
//   3. Source leg, like the scanner does on the provenance-attested checkout: the same config
//      on `package.json` and `{nodes,credentials}/**/*.{js,ts,json}` of this repository.
//   4. Strict leg (stricter than the scanner, which exempts devDependencies from its import
//      rule): every compiled `.js` may require only n8n-workflow and the Cloud allow-list, and
//      must not use timers, process, global…
//   5. Package checks on the unpacked package.json and file list: name, keyword, files ["dist"],
//      no runtime dependencies, peerDependencies exactly {"n8n-workflow":"*"}, no install-time
//      lifecycle scripts, every `n8n.nodes`/`n8n.credentials` entry present in the tarball,
//      nothing but dist/ + package metadata shipped.
// Exits 1 on any finding (ESLint errors count; warnings are printed).
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { fileURLToPath } from 'url';

import { ESLint } from 'eslint';

import { strictPlugin } from '../eslint.config.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const keep = args.has('--keep');
const findings = [];
const log = (line = '') => process.stdout.write(`${line}\n`);

function run(command, commandArgs, cwd) {
	const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) {
		throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

function walk(dir, base = dir) {
	const out = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) out.push(...walk(full, base));
		else out.push(path.relative(base, full).split(path.sep).join('/'));
	}
	return out;
}

/** The scanner's flat config (scan-community-package 0.32.0 `buildScanConfig`), from its module when installed. */
async function scanConfig() {
	try {
		const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
		if (typeof scanner.buildScanConfig === 'function') {
			return { config: await scanner.buildScanConfig(), source: '@n8n/scan-community-package buildScanConfig' };
		}
	} catch {
		// not installed: use the identical copy below
	}
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	const tsParser = await import('@typescript-eslint/parser');
	const n8nNodesPlugin = (await import('eslint-plugin-n8n-nodes-base')).default;
	const parser = tsParser.default ?? tsParser;
	const config = [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	];
	return { config, source: 'copy of the scanner config (@n8n/eslint-plugin-community-nodes + eslint-plugin-n8n-nodes-base)' };
}

async function lint(label, cwd, patterns, overrideConfig) {
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig });
	const results = await eslint.lintFiles(patterns);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	log(`  ${label}: ${results.length} files, ${errors} errors, ${warnings} warnings`);
	if (errors || warnings) {
		const formatter = await eslint.loadFormatter('stylish');
		log(await formatter.format(results));
	}
	if (errors) findings.push(`${label}: ${errors} ESLint errors`);
}

const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare', 'prepublish'];

function packageChecks(pkg, files) {
	const fail = (message) => findings.push(`package: ${message}`);
	if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-[a-z0-9-._~]+$/.test(pkg.name ?? '')) fail(`name "${pkg.name}" is not n8n-nodes-*`);
	if (!(pkg.keywords ?? []).includes('n8n-community-node-package')) fail('keyword n8n-community-node-package missing');
	if (JSON.stringify(pkg.files) !== JSON.stringify(['dist'])) fail(`files must be ["dist"], is ${JSON.stringify(pkg.files)}`);
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) fail(`runtime dependencies: ${Object.keys(pkg.dependencies).join(', ')}`);
	if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
		fail(`peerDependencies must be exactly {"n8n-workflow":"*"}, is ${JSON.stringify(pkg.peerDependencies)}`);
	}
	for (const script of LIFECYCLE) if (pkg.scripts?.[script]) fail(`install-time script "${script}"`);
	if (pkg.bundleDependencies || pkg.bundledDependencies) fail('bundled dependencies');
	const listed = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	if (!pkg.n8n?.nodes?.length) fail('n8n.nodes is empty');
	for (const entry of listed) if (!files.includes(entry)) fail(`${entry} is listed in package.json "n8n" but not in the tarball`);
	const allowedTop = /^(dist\/|package\.json$|README(\.md)?$|LICEN[SC]E(\.md)?$|CHANGELOG(\.md)?$)/i;
	// npm always packs the "main" file; it is linted with the rest of the .js files.
	const main = typeof pkg.main === 'string' ? path.posix.normalize(pkg.main) : undefined;
	const stray = files.filter((file) => !allowedTop.test(file) && file !== main);
	if (stray.length) fail(`files outside dist/: ${stray.join(', ')}`);
	const sources = files.filter((file) => /\.(ts|mts|cts)$/.test(file) && !file.endsWith('.d.ts'));
	if (sources.length) fail(`TypeScript sources shipped: ${sources.join(', ')}`);
	const tests = files.filter((file) => /(^|\/)(test|tests|__tests__|sandbox)\/|\.test\.|\.spec\./.test(file));
	if (tests.length) fail(`test or sandbox files shipped: ${tests.join(', ')}`);
	log(`  package.json + file list: ${files.length} files, ${listed.length} nodes/credentials listed`);
}

async function main() {
	log('Package scan (offline equivalent of npx @n8n/scan-community-package)');
	if (!args.has('--skip-build')) {
		log('- npm run build');
		run('npm', ['run', 'build', '--silent'], repoRoot);
	}
	if (!existsSync(path.join(repoRoot, 'dist'))) throw new Error('dist/ is missing: run npm run build');

	const work = mkdtempSync(path.join(tmpdir(), 'n8n-scan-'));
	try {
		log('- npm pack');
		const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repoRoot));
		const tarball = path.join(work, packed[0].filename);
		const packageDir = path.join(work, 'package');
		run('tar', ['-xzf', tarball, '-C', work]);
		const files = walk(packageDir).sort();
		log(`  ${packed[0].filename}: ${files.length} files, ${packed[0].size} bytes`);

		const { config, source } = await scanConfig();
		log(`- ESLint with ${source}`);
		await lint('tarball leg (**/*.js, package.json)', packageDir, ['**/*.js', 'package.json'], config);
		// Inline eslint-disable comments are ignored here, as in the scanner.
		await lint(
			'source leg (package.json, {nodes,credentials}/**/*.{js,ts,json})',
			repoRoot,
			['package.json', '{nodes,credentials}/**/*.{js,ts,json}'],
			config,
		);
		await lint('strict leg (imports allow-list, restricted globals on compiled js)', packageDir, ['**/*.js'], [
			{
				plugins: { strict: strictPlugin },
				languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
				rules: { 'strict/no-restricted-imports': 'error', 'strict/no-restricted-globals': 'error', 'no-console': 'error' },
			},
		]);

		log('- package checks');
		packageChecks(JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')), files);
	} finally {
		if (keep) log(`  kept ${work}`);
		else rmSync(work, { recursive: true, force: true });
	}

	if (findings.length) {
		log(`\nFAILED: ${findings.length} finding(s)`);
		for (const finding of findings) log(`  - ${finding}`);
		process.exitCode = 1;
	} else {
		log('\nPASSED: no findings');
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});

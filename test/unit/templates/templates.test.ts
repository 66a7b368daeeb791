/**
 * Static checks of the workflow templates in workflows/ (one JSON file per workflow).
 *
 * - they are what scripts/templates generates (no hand edits that the generator would undo);
 * - each is an importable workflow: fixed id ≤ 21 chars, unique node names and UUIDs, valid
 *   connections, every node reachable, laid out left to right, sticky notes;
 * - node types are `n8n-nodes-qodeup-lightspeed.*` (never `CUSTOM.`) or n8n core;
 * - every parameter name and literal option value exists for the node type and version, checked
 *   against the real node descriptions (this package's through ts-jest; n8n's core nodes from the
 *   pinned n8n install in the harness cache);
 * - every webhook node has a webhookId (and "qodeup" where the URL has a parameter);
 * - no secrets, credentials by the demo set's fixed ids, sub-workflows and the Data tables
 *   (nodes/shared/ledgers.json: names and columns) referenced correctly;
 * - every expression is syntactically valid JavaScript and has no stray "}}".
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import type { INode, INodeProperties, INodeTypeDescription, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '../../..');
const WORKFLOWS_DIR = path.join(ROOT, 'workflows');
const PACKAGE = 'n8n-nodes-qodeup-lightspeed';

/** The Data tables and their columns: the one list node code, templates and tests share. */
const LEDGERS = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/shared/ledgers.json'), 'utf8')) as Record<string, { name: string; columns: Array<[string, string]> }>;
const TABLE_COLUMNS = new Map(Object.values(LEDGERS).map((t) => [t.name, new Set(t.columns.map(([name]) => name))]));

/** The demo set's credential ids (scripts/templates/build.mjs DEMO_CREDENTIALS = docs/contracts.md). */
const DEMO_CREDENTIALS = JSON.parse(
	execFileSync(process.execPath, ['--input-type=module', '-e', "import { DEMO_CREDENTIALS } from './scripts/templates/build.mjs'; console.log(JSON.stringify(DEMO_CREDENTIALS));"], {
		cwd: ROOT,
		encoding: 'utf8',
	}),
) as Record<'lightspeed' | 'qodeup' | 'smtp', { id: string }>;
const CREDENTIAL_IDS: Record<string, string> = {
	lightspeedKSeriesOAuth2Api: DEMO_CREDENTIALS.lightspeed.id,
	qodeupApi: DEMO_CREDENTIALS.qodeup.id,
	smtp: DEMO_CREDENTIALS.smtp.id,
};

interface WorkflowNode extends INode {
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}
interface WorkflowFile {
	file: string;
	json: {
		id: string;
		name: string;
		nodes: WorkflowNode[];
		connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
		settings?: Record<string, unknown>;
	};
}

const files: WorkflowFile[] = fs
	.readdirSync(WORKFLOWS_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort()
	.map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) }));

const byId = new Map(files.map((f) => [f.json.id, f]));
const STICKY = 'n8n-nodes-base.stickyNote';
const WEBHOOK_TYPES = new Set(['n8n-nodes-base.webhook', `${PACKAGE}.qodeupTrigger`, `${PACKAGE}.lightspeedKSeriesTrigger`]);
const isTrigger = (type: string) => /Trigger$/.test(type) || type === 'n8n-nodes-base.webhook';
const realNodes = (wf: WorkflowFile) => wf.json.nodes.filter((n) => n.type !== STICKY);

// ---------- node descriptions ----------

type DescriptionSource = () => INodeTypeDescription | undefined;

function descriptionOf(instance: unknown, version: number): INodeTypeDescription | undefined {
	const node = instance as { description?: INodeTypeDescription; nodeVersions?: Record<number, { description: INodeTypeDescription }> };
	if (node.nodeVersions) {
		const versioned = node.nodeVersions[version];
		if (!versioned) return undefined;
		return { ...(node.description ?? {}), ...versioned.description } as INodeTypeDescription;
	}
	const description = node.description;
	if (!description) return undefined;
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	return versions.includes(version) ? description : undefined;
}

function loadClasses(file: string): unknown[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(file) as Record<string, unknown>;
	return Object.values(mod)
		.filter((v): v is new () => unknown => typeof v === 'function')
		.map((Cls) => {
			try {
				return new Cls();
			} catch {
				return undefined;
			}
		})
		.filter((x) => x && typeof x === 'object' && ('description' in (x as object) || 'nodeVersions' in (x as object)));
}

/** This package's nodes: the sources of the files package.json lists, through ts-jest. */
const packageNodes = new Map<string, unknown>();
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
const missingSources: string[] = [];
for (const distFile of manifest.n8n.nodes) {
	const source = path.join(ROOT, distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	if (!fs.existsSync(source)) {
		missingSources.push(path.relative(ROOT, source));
		continue;
	}
	for (const instance of loadClasses(source)) {
		const name = (instance as { description: INodeTypeDescription }).description.name;
		packageNodes.set(`${PACKAGE}.${name}`, instance);
	}
}

/**
 * n8n's core nodes, from the pinned n8n the e2e harness installs (scripts/lib/runtime.mjs), read
 * in a separate process (support/core-descriptions.cjs): n8n-nodes-base loads ESM-only packages.
 */
const cacheDir = process.env.QODEUP_N8N_CACHE || path.join(os.homedir(), '.cache', 'qodeup-n8n');
const nodesBaseDir = path.join(cacheDir, 'harness', 'node_modules', 'n8n-nodes-base');
const coreAvailable = fs.existsSync(path.join(nodesBaseDir, 'package.json'));
const coreWanted = [
	...new Set(files.flatMap((f) => f.json.nodes.filter((n) => n.type.startsWith('n8n-nodes-base.')).map((n) => JSON.stringify([n.type, n.typeVersion])))),
].map((x) => JSON.parse(x) as [string, number]);
const coreDescriptions: Record<string, INodeTypeDescription | null> = coreAvailable
	? JSON.parse(
			execFileSync(process.execPath, [path.join(__dirname, 'support/core-descriptions.cjs'), nodesBaseDir, JSON.stringify(coreWanted)], {
				encoding: 'utf8',
				maxBuffer: 64 * 1024 * 1024,
			}),
		)
	: {};

const describe_ = (type: string, version: number): DescriptionSource => () => {
	if (!type.startsWith(`${PACKAGE}.`)) return coreDescriptions[`${type}@${version}`] ?? undefined;
	const instance = packageNodes.get(type);
	return instance ? descriptionOf(instance, version) : undefined;
};

// ---------- helpers ----------

function* walk(value: unknown, at: string): Generator<[string, string]> {
	if (typeof value === 'string') yield [at, value];
	else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* walk(value[i], `${at}[${i}]`);
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* walk(v, at ? `${at}.${k}` : k);
}

/** Paths of `template` that are missing in `resolved` (n8n drops parameters that do not exist or are hidden). */
function missingPaths(template: unknown, resolved: unknown, at = ''): string[] {
	if (!template || typeof template !== 'object' || Array.isArray(template)) return [];
	if ((template as { __rl?: unknown }).__rl) return [];
	const out: string[] = [];
	for (const [key, value] of Object.entries(template as Record<string, unknown>)) {
		const here = at ? `${at}.${key}` : key;
		if (!resolved || typeof resolved !== 'object' || !(key in (resolved as object))) {
			out.push(here);
			continue;
		}
		// resource mapper values are free-form (columns of the data table); fixed collections are lists
		if (key === 'columns' && (value as { mappingMode?: unknown })?.mappingMode) continue;
		if (Array.isArray(value)) continue;
		out.push(...missingPaths(value, (resolved as Record<string, unknown>)[key], here));
	}
	return out;
}

function optionProblems(properties: INodeProperties[], values: INodeParameters, node: INode, description: INodeTypeDescription): string[] {
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		if (typeof value === 'string' && value.startsWith('=')) continue;
		const visible = properties.filter(
			(p) => p.name === key && NodeHelpers.displayParameter(values, p, node, description),
		);
		for (const p of visible) {
			if (p.type === 'options' && p.options && !p.typeOptions?.loadOptionsMethod) {
				const allowed = (p.options as Array<{ value?: unknown }>).map((o) => o.value);
				if (!allowed.includes(value as never)) problems.push(`${key}=${JSON.stringify(value)} not in [${allowed.join(', ')}]`);
			}
			if (p.type === 'multiOptions' && p.options && Array.isArray(value)) {
				const allowed = (p.options as Array<{ value?: unknown }>).map((o) => o.value);
				for (const v of value) if (!allowed.includes(v as never)) problems.push(`${key} has ${JSON.stringify(v)}, not in [${allowed.join(', ')}]`);
			}
			if (p.type === 'collection' && p.options && value && typeof value === 'object' && !Array.isArray(value)) {
				problems.push(...optionProblems(p.options as INodeProperties[], value as INodeParameters, node, description).map((x) => `${key}.${x}`));
			}
		}
	}
	return problems;
}

/** The JavaScript inside each {{ … }} of an n8n expression string. */
function expressionBodies(value: string): string[] {
	const bodies: string[] = [];
	let rest = value.slice(1);
	for (;;) {
		const start = rest.indexOf('{{');
		if (start < 0) break;
		const end = rest.indexOf('}}', start + 2);
		if (end < 0) {
			bodies.push('<<unterminated>>');
			break;
		}
		bodies.push(rest.slice(start + 2, end));
		rest = rest.slice(end + 2);
	}
	return bodies;
}

// ---------- tests ----------

describe('workflow templates', () => {
	it('are exactly what scripts/templates/build.mjs generates', () => {
		const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/templates/build.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
		expect(out).toMatch(/up to date/);
	});

	it('are the files docs/templates.md lists, with fixed unique ids', () => {
		const doc = fs.readFileSync(path.join(ROOT, 'docs/templates.md'), 'utf8');
		const documented = [...doc.matchAll(/^\| `([a-z-]+\.json)` \|/gm)].map((m) => m[1]).sort();
		expect(files.map((f) => f.file).sort()).toEqual(documented);
		expect(new Set(files.map((f) => f.json.id)).size).toBe(files.length);
		for (const f of files) {
			expect(f.json.id.length).toBeLessThanOrEqual(21);
			expect(f.json.name).toMatch(f.file.startsWith('fleet-') ? /^Qodeup fleet — / : /^Demo Bistro — /);
		}
	});

	it('this package provides every node type the templates use', () => {
		expect(missingSources).toEqual([]);
	});

	describe.each(files.map((f) => [f.file, f] as const))('%s', (_file, wf) => {
		const nodes = wf.json.nodes;

		it('has unique node names and UUIDs, a sticky note, and connections between existing nodes', () => {
			expect(new Set(nodes.map((n) => n.name)).size).toBe(nodes.length);
			expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
			for (const n of nodes) expect(n.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
			expect(nodes.some((n) => n.type === STICKY && String(n.parameters.content ?? '').length > 80)).toBe(true);
			const names = new Set(nodes.map((n) => n.name));
			for (const [from, conn] of Object.entries(wf.json.connections)) {
				expect(names.has(from)).toBe(true);
				for (const output of conn.main) for (const c of output) expect(names.has(c.node)).toBe(true);
			}
		});

		it('has no node hidden under a sticky note or another node', () => {
			const box = (n: WorkflowNode) =>
				n.type === STICKY
					? { x: n.position[0], y: n.position[1], w: Number(n.parameters.width), h: Number(n.parameters.height) }
					: { x: n.position[0], y: n.position[1], w: 100, h: 100 };
			const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
			const problems: string[] = [];
			for (let i = 0; i < nodes.length; i++) {
				for (let j = i + 1; j < nodes.length; j++) {
					if (nodes[i].type === STICKY && nodes[j].type === STICKY) continue;
					if (overlap(box(nodes[i]), box(nodes[j]))) problems.push(`${nodes[i].name} / ${nodes[j].name}`);
				}
			}
			expect(problems).toEqual([]);
		});

		it('reads left to right and leaves no node unconnected', () => {
			const pos = new Map(nodes.map((n) => [n.name, n.position]));
			const incoming = new Set<string>();
			for (const [from, conn] of Object.entries(wf.json.connections)) {
				for (const output of conn.main) {
					for (const c of output) {
						incoming.add(c.node);
						expect({ from, to: c.node, rightOf: pos.get(c.node)![0] > pos.get(from)![0] }).toEqual({ from, to: c.node, rightOf: true });
					}
				}
			}
			for (const n of realNodes(wf)) {
				if (isTrigger(n.type)) expect(wf.json.connections[n.name]).toBeDefined();
				else expect({ node: n.name, connected: incoming.has(n.name) }).toEqual({ node: n.name, connected: true });
			}
		});

		it('uses node types of this package (never CUSTOM.) or n8n core', () => {
			for (const n of nodes) {
				expect(n.type).not.toMatch(/^CUSTOM\./);
				expect(n.type).toMatch(new RegExp(`^(${PACKAGE}|n8n-nodes-base)\\.[A-Za-z0-9]+$`));
			}
		});

		it('gives every webhook node a webhookId ("qodeup" where the URL carries a parameter)', () => {
			for (const n of nodes.filter((x) => WEBHOOK_TYPES.has(x.type))) {
				expect({ node: n.name, webhookId: typeof n.webhookId === 'string' && n.webhookId.length > 0 }).toEqual({ node: n.name, webhookId: true });
				if (String(n.parameters.path ?? '').includes('/:')) expect({ node: n.name, webhookId: n.webhookId }).toEqual({ node: n.name, webhookId: 'qodeup' });
			}
		});

		it('holds no secrets and references credentials by their fixed ids', () => {
			const text = JSON.stringify(wf.json);
			expect(text).not.toMatch(/"(access_token|refresh_token|clientSecret|signingSecret|retryLinkSecret|oauthTokenData)"/);
			expect(text).not.toMatch(/\b[0-9a-f]{40,}\b/i);
			for (const n of nodes) {
				for (const [type, ref] of Object.entries(n.credentials ?? {})) {
					expect({ node: n.name, type, id: ref.id }).toEqual({ node: n.name, type, id: CREDENTIAL_IDS[type] });
				}
				for (const [at, value] of walk(n.parameters, '')) {
					if (/password|secret|token$/i.test(at.split('.').pop() ?? '') && !value.startsWith('=')) {
						expect({ node: n.name, at, value }).toEqual({ node: n.name, at, value: '' });
					}
				}
			}
		});

		it('calls only published sub-workflows that exist and start with an Execute Workflow Trigger', () => {
			for (const n of nodes.filter((x) => x.type === 'n8n-nodes-base.executeWorkflow')) {
				expect(n.parameters.source).toBe('database');
				const target = (n.parameters.workflowId as { value: string }).value;
				// the sweeper runs each restaurant's Recovery, whose id its restaurants row names
				if (target.startsWith('=')) {
					expect(target).toBe('={{ $json.workflowId }}');
					continue;
				}
				const sub = byId.get(target);
				expect({ node: n.name, target, exists: !!sub }).toEqual({ node: n.name, target, exists: true });
				expect(sub!.json.nodes.some((x) => x.type === 'n8n-nodes-base.executeWorkflowTrigger')).toBe(true);
			}
		});

		it('uses the Data tables by name and only their columns; every update or upsert is conditional', () => {
			const system = new Set(['id', 'createdAt', 'updatedAt']);
			for (const n of nodes.filter((x) => x.type === 'n8n-nodes-base.dataTable')) {
				if (n.parameters.resource === 'table') {
					const columns = (n.parameters.columns as { column: Array<{ name: string }> }).column.map((c) => c.name);
					expect({ table: n.parameters.tableName, columns }).toEqual({ table: n.parameters.tableName, columns: [...(TABLE_COLUMNS.get(String(n.parameters.tableName)) ?? [])] });
					continue;
				}
				const ref = n.parameters.dataTableId as { __rl: boolean; mode: string; value: string };
				expect({ node: n.name, mode: ref.mode, known: TABLE_COLUMNS.has(ref.value) }).toEqual({ node: n.name, mode: 'name', known: true });
				const columns = TABLE_COLUMNS.get(ref.value)!;
				const conditions = (n.parameters.filters as { conditions?: Array<{ keyName: string }> })?.conditions ?? [];
				for (const c of conditions) expect({ node: n.name, column: c.keyName, known: columns.has(c.keyName) || system.has(c.keyName) }).toEqual({ node: n.name, column: c.keyName, known: true });
				const values = (n.parameters.columns as { value?: Record<string, unknown> } | undefined)?.value ?? {};
				for (const key of Object.keys(values)) expect({ node: n.name, column: key, known: columns.has(key) }).toEqual({ node: n.name, column: key, known: true });
				if (['update', 'upsert', 'deleteRows'].includes(String(n.parameters.operation))) expect({ node: n.name, conditions: conditions.length > 0 }).toEqual({ node: n.name, conditions: true });
			}
		});

		it('has only syntactically valid expressions', () => {
			for (const n of nodes) {
				for (const [at, value] of walk(n.parameters, '')) {
					if (!value.startsWith('=') || !value.includes('{{')) continue;
					for (const body of expressionBodies(value)) {
						let problem = '';
						try {
							// parse only (never run): n8n expressions are JavaScript plus n8n's globals
							new Function('$json', '$', '$now', '$execution', 'DateTime', `return (${body});`);
						} catch (error) {
							problem = (error as Error).message;
						}
						expect({ node: n.name, at, problem }).toEqual({ node: n.name, at, problem: '' });
					}
				}
			}
		});

		const checkable = realNodes(wf);
		it.each(checkable.map((n) => [n.name, n] as const))('node "%s": parameters exist for its type and version', (_name, n) => {
			const description = describe_(n.type, n.typeVersion)();
			if (!description && !n.type.startsWith(`${PACKAGE}.`) && !coreAvailable) {
				throw new Error(
					`n8n's core nodes are not installed in ${nodesBaseDir}, so ${n.type} cannot be checked: run "node scripts/lib/runtime.mjs" (npm test does it first)`,
				);
			}
			expect({ type: n.type, version: n.typeVersion, found: !!description }).toEqual({ type: n.type, version: n.typeVersion, found: true });
			const node = { ...n, parameters: n.parameters } as INode;
			const resolved = NodeHelpers.getNodeParameters(description!.properties, n.parameters, true, false, node, description!);
			expect({ node: n.name, unknownOrHidden: missingPaths(n.parameters, resolved) }).toEqual({ node: n.name, unknownOrHidden: [] });
			expect({ node: n.name, badOptions: optionProblems(description!.properties, n.parameters, node, description!) }).toEqual({
				node: n.name,
				badOptions: [],
			});
			// what the editor's Publish button refuses ("Missing or invalid required parameters")
			if (!n.disabled) {
				expect({ node: n.name, issues: NodeHelpers.getNodeParametersIssues(description!.properties, node, description!) }).toEqual({ node: n.name, issues: null });
			}
			for (const [type] of Object.entries(n.credentials ?? {})) {
				expect((description!.credentials ?? []).map((c) => c.name)).toContain(type);
			}
		});
	});
});

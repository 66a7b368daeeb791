/**
 * The templates are wiring: their expressions only pick fields, the rules are node code. This
 * holds the budget (docs/templates.md) on every file in workflows/ and on a restaurant rendered
 * the way the fleet command renders one — so a rule cannot creep back into an expression.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const WORKFLOWS_DIR = path.join(ROOT, 'workflows');

interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	onError?: string;
}
interface Workflow {
	name: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const shipped: Array<[string, Workflow]> = fs
	.readdirSync(WORKFLOWS_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort()
	.map((f) => [f, JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, f), 'utf8')) as Workflow]);

function* strings(value: unknown, at = ''): Generator<[string, string]> {
	if (typeof value === 'string') yield [at, value];
	else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], `${at}[${i}]`);
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, at ? `${at}.${k}` : k);
}

/** Every expression of a workflow: parameter strings starting with "=" that hold "{{". */
function expressions(workflow: Workflow): Array<{ node: string; at: string; text: string }> {
	const out: Array<{ node: string; at: string; text: string }> = [];
	for (const node of workflow.nodes) {
		for (const [at, value] of strings(node.parameters)) {
			if (value.startsWith('=') && value.includes('{{')) out.push({ node: node.name, at, text: value });
		}
	}
	return out;
}

const all = shipped.flatMap(([file, wf]) => expressions(wf).map((e) => ({ file, ...e })));

describe('expression budget of workflows/', () => {
	it('at most 80 expressions in all', () => {
		expect(all.length).toBeGreaterThan(0);
		expect(all.length).toBeLessThanOrEqual(80);
	});

	it('none over 200 characters', () => {
		expect(all.filter((e) => e.text.length > 200).map((e) => `${e.file} ${e.node} ${e.at} (${e.text.length})`)).toEqual([]);
	});

	it('no function bodies, hashing, HTML or money arithmetic', () => {
		const forbidden: Array<[string, RegExp]> = [
			['IIFE or function', /\(\s*\(\s*\)\s*=>|function\s*\(|=>\s*\{/],
			['.hash(', /\.hash\(/],
			['HTML', /<\/?[a-z][a-z0-9]*[\s>/]/i],
			['arithmetic on amounts', /(amount|remaining|tip)[^}]*[-+*/]\s*\d|Math\.|parseFloat|Number\(/i],
			['error detection by field', /typeof\s+\$json|alreadySent/],
			['loops', /\.(reduce|map|filter|forEach)\(/],
		];
		const problems = all.flatMap((e) => forbidden.filter(([, re]) => re.test(e.text)).map(([what]) => `${e.file} ${e.node} ${e.at}: ${what}`));
		expect(problems).toEqual([]);
	});

	it('the payment retry workflow has at most 12 nodes (sticky notes aside)', () => {
		const retry = shipped.find(([file]) => file === 'restaurant-retry-payment.json')![1];
		expect(retry.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length).toBeLessThanOrEqual(12);
	});

	it('errors flow through error outputs or named outputs: a node with continueErrorOutput has its error output wired', () => {
		for (const [file, wf] of shipped) {
			// the one exception: an email that cannot be sent is left unrecorded, so the next sweep sends it again
			for (const node of wf.nodes.filter((n) => n.onError === 'continueErrorOutput' && n.type !== 'n8n-nodes-base.emailSend')) {
				const outputs = wf.connections[node.name]?.main ?? [];
				const last = outputs[outputs.length - 1] ?? [];
				expect({ file, node: node.name, errorOutputWired: outputs.length >= 2 && last.length > 0 }).toEqual({ file, node: node.name, errorOutputWired: true });
			}
		}
	});

	it('sticky notes speak to merchants and operators, not about implementation', () => {
		for (const [file, wf] of shipped) {
			for (const note of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote')) {
				const text = String(note.parameters.content ?? '');
				expect({ file, note: note.name, implementation: /\b(TODO|FIXME|IIFE|expression|\$json|pairedItem)\b/.test(text) }).toEqual({ file, note: note.name, implementation: false });
			}
		}
	});
});

describe('a restaurant rendered by the fleet command stays within the same budget', () => {
	const rendered = JSON.parse(
		execFileSync(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`import { restaurantWorkflows } from './scripts/templates/render.mjs';
				const context = {
					merchant: { integrationId: 'rua-augusta-7', name: 'Rua Augusta', businessLocationId: '45454565682157', cardPaymentMethod: 'TLCARD', voucherPaymentMethod: 'TLVOUCHER', notificationEmails: 'gerente@rua.test', timezone: 'Europe/Lisbon', currency: 'EUR' },
					ids: {}, credentials: { lightspeed: { id: 'L1', name: 'L' }, qodeup: { id: 'Q1', name: 'Q' }, smtp: { id: 'S1', name: 'S' } },
					tables: { payments: { mode: 'name' }, orders: { mode: 'name' }, restaurants: { mode: 'name' }, dailyTotals: { mode: 'name' } },
				};
				console.log(JSON.stringify(restaurantWorkflows(context).map((w) => w.toJSON())));`,
			],
			{ cwd: ROOT, encoding: 'utf8' },
		),
	) as Workflow[];

	it('renders seven workflows whose expressions are the demo restaurant\'s, none over 200 characters', () => {
		expect(rendered).toHaveLength(7);
		const theirs = rendered.flatMap((wf) => expressions(wf));
		expect(theirs.filter((e) => e.text.length > 200)).toEqual([]);
		const demo = shipped.filter(([file]) => file.startsWith('restaurant-')).flatMap(([, wf]) => expressions(wf));
		// only the restaurant's own values differ (its integration id); the wiring is the same
		const normalise = (text: string) => text.replace(/rua-augusta-7|demo-bistro/g, '<id>');
		expect(theirs.map((e) => normalise(e.text)).sort()).toEqual(demo.map((e) => normalise(e.text)).sort());
	});
});

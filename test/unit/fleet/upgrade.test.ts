/**
 * The upgrade merge rules (scripts/fleet/upgrade.mjs): a node still as it was rendered is
 * replaced by the new rendering, a node changed or added by hand is kept and reported, a node
 * deleted by hand stays deleted, and merging the result again changes nothing.
 */
import { callFleet, value } from './support/fleet';

type Node = { id: string; name: string; type: string; typeVersion: number; position: number[]; parameters: Record<string, unknown>; webhookId?: string; credentials?: Record<string, { id: string; name: string }> };
type Workflow = { name: string; nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>; settings: Record<string, unknown> };
type State = { nodes: Record<string, string>; connections: string };
type Merge = { workflow: Workflow; changed: boolean; updates: Array<{ node: string; action: string }>; kept: Array<{ node: string; why: string }>; state: State };

const node = (name: string, parameters: Record<string, unknown>, extra: Partial<Node> = {}): Node => ({
	id: `id-${name}`,
	name,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	position: [0, 0],
	parameters,
	...extra,
});
const edge = (to: string) => ({ node: to, type: 'main', index: 0 });
const wire = (pairs: Array<[string, string]>): Workflow['connections'] => {
	const out: Workflow['connections'] = {};
	for (const [from, to] of pairs) ((out[from] ??= { main: [[]] }).main[0]).push(edge(to));
	return out;
};
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const find = (w: Workflow, name: string) => w.nodes.find((n) => n.name === name);
const names = (w: Workflow) => w.nodes.map((n) => n.name).sort();

/** Version 1 of a template, as rendered when the restaurant was added. */
const V1: Workflow = {
	name: 'Pizza Roma — Example',
	nodes: [node('A', { v: 1 }), node('B', { v: 1 }), node('C', { v: 1 }), node('D', { v: 1 }), node('H', { v: 1 }), node('I', { v: 1 })],
	connections: wire([['A', 'B'], ['B', 'C'], ['A', 'D']]),
	settings: { executionOrder: 'v1' },
};

/** Version 2: A and B changed, F new (after C), H and I dropped. */
const V2: Workflow = {
	name: 'Pizza Roma — Example',
	nodes: [node('A', { v: 2 }), node('B', { v: 2 }), node('C', { v: 1 }), node('D', { v: 1 }), node('F', { v: 1 })],
	connections: wire([['A', 'B'], ['B', 'C'], ['A', 'D'], ['C', 'F']]),
	settings: { executionOrder: 'v1', executionTimeout: 90 },
};

/** What is in n8n: A moved on the canvas, B and I edited, D deleted, E added after B, C given a webhookId by n8n, a setting added. */
function inN8n(): Workflow {
	const w = clone(V1);
	w.nodes = w.nodes
		.filter((n) => n.name !== 'D')
		.map((n) => {
			if (n.name === 'A') return { ...n, position: [400, 300] };
			if (n.name === 'B') return { ...n, parameters: { v: 1, edited: true } };
			if (n.name === 'C') return { ...n, webhookId: 'f0e1d2c3-n8n-gave-it' };
			if (n.name === 'I') return { ...n, parameters: { v: 'mine' } };
			return n;
		});
	w.nodes.push(node('E', { note: 'added by hand' }));
	w.connections = wire([['A', 'B'], ['B', 'C'], ['B', 'E']]);
	w.settings = { ...w.settings, errorWorkflow: 'WfErrors' };
	return w;
}

describe('upgrade merge rules', () => {
	let state1: State;
	let first: Merge;
	let second: Merge;
	let third: Merge;
	let rewired: Merge;
	let hashes: string[];

	beforeAll(() => {
		const current = inN8n();
		const [s1, ...h] = callFleet([
			{ module: 'upgrade', fn: 'workflowState', args: [V1] },
			{ module: 'upgrade', fn: 'nodeHash', args: [node('A', { v: 1 })] },
			{ module: 'upgrade', fn: 'nodeHash', args: [{ ...node('A', { v: 1 }), id: 'other', position: [9, 9], webhookId: 'x' }] },
			{ module: 'upgrade', fn: 'nodeHash', args: [node('A', { v: 2 })] },
			{ module: 'upgrade', fn: 'nodeHash', args: [{ ...node('A', { v: 1 }), credentials: { smtp: { id: 'S1', name: 'old name' } } }] },
			{ module: 'upgrade', fn: 'nodeHash', args: [{ ...node('A', { v: 1 }), credentials: { smtp: { id: 'S1', name: 'renamed' } } }] },
			{ module: 'upgrade', fn: 'nodeHash', args: [{ ...node('A', { v: 1 }), credentials: { smtp: { id: 'S2', name: 'old name' } } }] },
		]);
		state1 = value<State>(s1);
		hashes = h.map((r) => value<string>(r));
		const [m1] = callFleet([{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current, rendered: V2, state: state1 }] }]);
		first = value<Merge>(m1);
		const swapped = clone(current);
		swapped.connections = wire([['A', 'C'], ['B', 'C'], ['B', 'E']]);
		const [m2, m3, m4] = callFleet([
			{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current: first.workflow, rendered: V2, state: first.state }] },
			{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current: first.workflow, rendered: V2, state: first.state }] },
			{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current: swapped, rendered: V2, state: state1 }] },
		]);
		second = value<Merge>(m2);
		third = value<Merge>(m3);
		rewired = value<Merge>(m4);
	});

	it("hashes a node's content: not its id, position, webhookId or credential name", () => {
		const [plain, moved, changed, credA, credRenamed, credOther] = hashes;
		expect(moved).toBe(plain);
		expect(changed).not.toBe(plain);
		expect(credRenamed).toBe(credA);
		expect(credOther).not.toBe(credA);
	});

	it('replaces a node still as it was rendered by the new rendering (keeping its place on the canvas)', () => {
		expect(first.updates).toContainEqual({ node: 'A', action: 'replaced' });
		expect(find(first.workflow, 'A')).toMatchObject({ parameters: { v: 2 }, position: [400, 300], id: 'id-A' });
	});

	it('keeps a node changed by hand as it is, and reports it', () => {
		expect(find(first.workflow, 'B')!.parameters).toEqual({ v: 1, edited: true });
		expect(first.kept).toContainEqual({ node: 'B', why: expect.stringMatching(/changed by hand/) });
	});

	it('keeps a node added by hand, with its connection, and reports it', () => {
		expect(find(first.workflow, 'E')!.parameters).toEqual({ note: 'added by hand' });
		expect(first.workflow.connections.B.main[0]).toContainEqual(edge('E'));
		expect(first.kept).toContainEqual({ node: 'E', why: expect.stringMatching(/added by hand/) });
	});

	it('does not add again a node deleted by hand, and reports it', () => {
		expect(find(first.workflow, 'D')).toBeUndefined();
		expect(first.kept).toContainEqual({ node: 'D', why: expect.stringMatching(/deleted by hand/) });
		expect(JSON.stringify(first.workflow.connections)).not.toContain('"D"');
	});

	it('adds a node new in the templates with its connections, and removes one the templates dropped', () => {
		expect(first.updates).toContainEqual({ node: 'F', action: 'added' });
		expect(first.workflow.connections.C.main[0]).toEqual([edge('F')]);
		expect(first.updates).toContainEqual({ node: 'H', action: 'removed' });
		expect(find(first.workflow, 'H')).toBeUndefined();
	});

	it('keeps a node the templates dropped when it was changed by hand', () => {
		expect(find(first.workflow, 'I')!.parameters).toEqual({ v: 'mine' });
		expect(first.kept).toContainEqual({ node: 'I', why: expect.stringMatching(/changed by hand and no longer in the templates/) });
	});

	it("keeps n8n's webhookId on an unchanged node, the template's settings and the operator's extra setting", () => {
		expect(find(first.workflow, 'C')!.webhookId).toBe('f0e1d2c3-n8n-gave-it');
		expect(first.workflow.settings).toEqual({ executionOrder: 'v1', executionTimeout: 90, errorWorkflow: 'WfErrors' });
		expect(first.changed).toBe(true);
		expect(names(first.workflow)).toEqual(['A', 'B', 'C', 'E', 'F', 'I']);
	});

	it('changes nothing the second time (same reports, no update)', () => {
		for (const again of [second, third]) {
			expect(again.changed).toBe(false);
			expect(again.updates).toEqual([]);
			expect(again.workflow).toEqual(first.workflow);
			expect(again.kept.map((k) => k.node).sort()).toEqual(['B', 'D', 'E', 'I']);
		}
		expect(second.state).toEqual(first.state);
	});

	it('keeps connections rewired by hand, with the new nodes wired in, and reports it', () => {
		expect(rewired.workflow.connections.A.main[0]).toEqual([edge('C')]);
		expect(rewired.workflow.connections.C.main[0]).toEqual([edge('F')]);
		expect(rewired.kept).toContainEqual({ node: '(connections)', why: expect.stringMatching(/rewired by hand/) });
		expect(first.kept.find((k) => k.node === '(connections)')).toBeUndefined();
	});
});

describe('upgrade merge rules on real renderings', () => {
	const SMTP = { id: 'SmtpMailgun00001', name: 'SMTP (Mailgun)' };
	const TABLES = { payments: 'TblP', orders: 'TblO', restaurants: 'TblR', dailyTotals: 'TblD' };
	const merchant = { integrationId: 'pizza-roma', name: 'Pizza Roma', businessLocationId: '1', cardPaymentMethod: 'CARD', voucherPaymentMethod: '', notificationEmails: 'm@pizza.example', staffId: '', retentionDays: 0, opsToken: 'f'.repeat(32) };
	const credentials = { lightspeed: { id: 'qL1', name: 'LS' }, qodeup: { id: 'qQ1', name: 'QD' }, smtp: SMTP };
	const ignored = { 'Restaurant settings': ['integrationName', 'businessLocationId', 'cardPaymentMethod', 'voucherPaymentMethod', 'notificationEmails', 'staffId', 'retentionDays', 'operator'] };

	it("does not count the merchant's own settings as a hand change: the settings node is re-rendered with them", () => {
		const [r1, r2] = callFleet([
			{ module: 'rendering', fn: 'renderRestaurant', args: [{ merchant, credentials, tableIds: TABLES, fleet: {}, workflowIds: { settings: 'W1' } }] },
			{ module: 'rendering', fn: 'renderRestaurant', args: [{ merchant: { ...merchant, cardPaymentMethod: 'NEWCARD' }, credentials, tableIds: TABLES, fleet: {}, workflowIds: { settings: 'W1' } }] },
		]);
		const settingsV1 = value<Array<{ role: string; json: Workflow }>>(r1)[0].json;
		const rerendered = value<Array<{ role: string; json: Workflow }>>(r2)[0].json;
		// the merchant chose another card method in the editor
		const current = clone(settingsV1);
		find(current, 'Restaurant settings')!.parameters.cardPaymentMethod = 'NEWCARD';
		// and a newer template adds a parameter to the node
		const newer = clone(rerendered);
		find(newer, 'Restaurant settings')!.parameters.someNewOption = true;
		const [s] = callFleet([{ module: 'upgrade', fn: 'workflowState', args: [settingsV1, ignored] }]);
		const [same, upgraded] = callFleet([
			{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current, rendered: rerendered, state: value(s), ignored }] },
			{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current, rendered: newer, state: value(s), ignored }] },
		]).map((r) => value<Merge>(r));
		expect(same.changed).toBe(false);
		expect(same.kept).toEqual([]);
		expect(upgraded.kept).toEqual([]);
		expect(upgraded.updates).toEqual([{ node: 'Restaurant settings', action: 'replaced' }]);
		expect(find(upgraded.workflow, 'Restaurant settings')!.parameters).toMatchObject({ cardPaymentMethod: 'NEWCARD', someNewOption: true });
	});

	it('sees no change in a fleet workflow whose Send Email node n8n gave a webhookId', () => {
		const [f] = callFleet([{ module: 'rendering', fn: 'renderFleet', args: [{ credentials: { smtp: SMTP }, tableIds: TABLES, fleet: {} }] }]);
		const sweeper = value<Array<{ role: string; json: Workflow }>>(f).find((w) => w.role === 'sweeper')!.json;
		const inN8nNow = clone(sweeper);
		find(inN8nNow, 'Send the email')!.webhookId = '8539cbc9-60b8-4c5b-92b8-91b3b13a9ef3';
		const [s] = callFleet([{ module: 'upgrade', fn: 'workflowState', args: [sweeper] }]);
		const [m] = callFleet([{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current: inN8nNow, rendered: sweeper, state: value(s) }] }]);
		const merged = value<Merge>(m);
		expect(merged.changed).toBe(false);
		expect(merged.kept).toEqual([]);
		expect(find(merged.workflow, 'Send the email')!.webhookId).toBe('8539cbc9-60b8-4c5b-92b8-91b3b13a9ef3');
	});

	it('without a remembered state, keeps every differing node and reports it (never overwrites blindly)', () => {
		const current = clone(V1);
		find(current, 'A')!.parameters = { v: 'edited' };
		const [m] = callFleet([{ module: 'upgrade', fn: 'mergeWorkflow', args: [{ current, rendered: V1 }] }]);
		const merged = value<Merge>(m);
		expect(find(merged.workflow, 'A')!.parameters).toEqual({ v: 'edited' });
		expect(merged.kept).toEqual([{ node: 'A', why: expect.stringMatching(/added by hand under the name of a new template node/) }]);
	});
});

describe('restaurants the command did not add', () => {
	it('tells a restaurant imported from workflow files (ids recorded, no template state) from an unfinished add', () => {
		const workflows = JSON.stringify({ payments: 'wf-1', lookups: 'wf-2' });
		const rows = [
			{ integrationId: 'demo-bistro', workflows },
			{ integrationId: 'half-added', workflows, templateState: '{"payments":{}}' },
			{ integrationId: 'added', workflows, templateVersion: '0.1.0', templateState: '{}' },
			{ integrationId: 'no-workflows' },
			{ integrationId: 'broken-json', workflows: '{not json' },
		];
		const imported = callFleet(rows.map((row) => ({ module: 'tables', fn: 'isImported', args: [row] }))).map((r) => value<boolean>(r));
		expect(imported).toEqual([true, false, false, false, false]);
	});
});

/**
 * A restaurant's workflows as the fleet command renders them (scripts/fleet/rendering.mjs over
 * scripts/templates): ids everywhere (Data tables, credentials, the restaurant's own workflows),
 * nothing of the demo restaurant left, and two restaurants side by side share no workflow name,
 * webhook path or webhook id — except the deliberate "qodeup" webhook id of the routes with a
 * :parameter, whose paths still differ.
 */
import type { INodeParameters } from 'n8n-workflow';
import { callFleet, value } from './support/fleet';
import { webhookFieldFunctions } from '../../../nodes/Qodeup/trigger/description';

type Node = {
	id: string;
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
};
type Workflow = { name: string; nodes: Node[]; connections: Record<string, unknown>; settings: Record<string, unknown> };
type Rendered = Array<{ role: string; json: Workflow }>;

const TABLE_IDS = { payments: 'TblPayments00001', orders: 'TblOrders000001', restaurants: 'TblRestaurants01', dailyTotals: 'TblDailyTotals01' };
const TABLE_NAMES: Record<string, string> = {
	TblPayments00001: 'qodeupLskPaymentLedger',
	TblOrders000001: 'qodeupLskOrderLedger',
	TblRestaurants01: 'qodeupLskRestaurants',
	TblDailyTotals01: 'qodeupLskDailyTotals',
};
const SMTP = { id: 'SmtpMailgun00001', name: 'SMTP (Mailgun)' };

function merchant(integrationId: string, name: string, opsToken: string) {
	return {
		integrationId,
		name,
		businessLocationId: '45454565682157',
		cardPaymentMethod: 'TLCARD',
		voucherPaymentMethod: 'TLVOUCHER',
		staffId: '',
		notificationEmails: `manager@${integrationId}.example`,
		retentionDays: 30,
		timezone: 'Europe/Lisbon',
		currency: 'EUR',
		opsToken,
	};
}

function credentials(suffix: string) {
	return {
		lightspeed: { id: `qLightspeed${suffix}`, name: `Lightspeed ${suffix}` },
		qodeup: { id: `qQodeup${suffix}`, name: `Qodeup ${suffix}` },
		smtp: SMTP,
	};
}

const WORKFLOW_IDS = { settings: 'WfSettings', requests: 'WfRequests', notifications: 'WfNotify', retryPayment: 'WfRetryPay', retryOrder: 'WfRetryOrder', recovery: 'WfRecovery' };

/** Every string in a value, with where it is. */
function strings(value: unknown, at = '$'): Array<[string, string]> {
	if (typeof value === 'string') return [[at, value]];
	if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...strings(k, `${at}.<key>`), ...strings(v, `${at}.${k}`)]);
	return [];
}

/** Webhook routes: [method path as n8n registers it, webhookId, node]. */
function routes(workflows: Rendered) {
	const out: Array<{ workflow: string; node: string; path: string; webhookId?: string }> = [];
	for (const { json } of workflows) {
		for (const n of json.nodes) {
			if (n.type === 'n8n-nodes-base.webhook') out.push({ workflow: json.name, node: n.name, path: String(n.parameters.path), webhookId: n.webhookId });
			else if (n.type === 'n8n-nodes-qodeup-lightspeed.qodeupTrigger') {
				out.push({ workflow: json.name, node: n.name, path: String(webhookFieldFunctions.routePath.resolve(n.parameters as INodeParameters)), webhookId: n.webhookId });
			} else if (n.webhookId) out.push({ workflow: json.name, node: n.name, path: `${n.webhookId}/${n.type}`, webhookId: n.webhookId });
		}
	}
	return out;
}

describe('rendering a restaurant for the fleet command', () => {
	let pizza: Rendered;
	let pizzaWithIds: Rendered;
	let lisbon: Rendered;
	let fleet: Rendered;
	let names: Record<string, string>;
	let readBack: {
		settings: { settings: Record<string, unknown>; expressions: string[] };
		credentials: Record<string, { id: string }>;
		opsToken: string;
		page: Record<string, unknown>;
		fleetSettings: Record<string, unknown>;
	};

	beforeAll(() => {
		const pizzaContext = { merchant: merchant('pizza-roma', 'Pizza Roma', 'a'.repeat(32)), credentials: credentials('Pizza'), tableIds: TABLE_IDS, fleet: { sweepSeconds: 20, webhookBaseUrl: 'https://n8n.example/webhook' } };
		const results = callFleet([
			{ module: 'rendering', fn: 'renderRestaurant', args: [pizzaContext] },
			{ module: 'rendering', fn: 'renderRestaurant', args: [{ ...pizzaContext, workflowIds: WORKFLOW_IDS }] },
			{ module: 'rendering', fn: 'renderRestaurant', args: [{ merchant: merchant('lisbon-alfama', 'Tasca Lisboa', 'b'.repeat(32)), credentials: credentials('Lisbon'), tableIds: TABLE_IDS, fleet: {} }] },
			{ module: 'rendering', fn: 'renderFleet', args: [{ credentials: { smtp: SMTP }, tableIds: TABLE_IDS, fleet: { sweepSeconds: 20, senderEmail: 'pay@fleet.example', retentionDays: 60, webhookBaseUrl: 'https://n8n.example/webhook' } }] },
			{ module: 'rendering', fn: 'restaurantWorkflowNames', args: [{ integrationId: 'pizza-roma', name: 'Pizza Roma' }] },
		]);
		[pizza, pizzaWithIds, lisbon, fleet] = results.slice(0, 4).map((r) => value<Rendered>(r));
		names = value(results[4]);
		const byRole = Object.fromEntries(pizzaWithIds.map((w) => [w.role, w.json]));
		const fleetByRole = Object.fromEntries(fleet.map((w) => [w.role, w.json]));
		const [settings, creds, token, page, fleetSettings] = callFleet([
			{ module: 'rendering', fn: 'readSettings', args: [byRole.settings] },
			{ module: 'rendering', fn: 'readCredentials', args: [[...pizzaWithIds.map((w) => w.json), ...fleet.map((w) => w.json)]] },
			{ module: 'rendering', fn: 'readOpsToken', args: [byRole.recovery] },
			{ module: 'rendering', fn: 'readPageFacts', args: [byRole.retryPayment] },
			{ module: 'rendering', fn: 'readFleetSettings', args: [fleetByRole] },
		]).map((r) => value<never>(r));
		readBack = { settings, credentials: creds, opsToken: token, page, fleetSettings };
	});

	it('renders the seven workflows, named after the restaurant, as the public API takes them (no id, no meta)', () => {
		expect(pizza.map((w) => w.role)).toEqual(['settings', 'requests', 'tables', 'notifications', 'retryPayment', 'retryOrder', 'recovery']);
		for (const { role, json } of pizza) {
			expect(json.name.startsWith('Pizza Roma — ')).toBe(true);
			expect(names[role]).toBe(json.name);
			expect(Object.keys(json).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
		}
	});

	it('gives every node of a workflow its own id and name', () => {
		for (const { json } of [...pizza, ...lisbon, ...fleet]) {
			expect(new Set(json.nodes.map((n) => n.id)).size).toBe(json.nodes.length);
			expect(new Set(json.nodes.map((n) => n.name)).size).toBe(json.nodes.length);
		}
	});

	it('leaves nothing of the demo restaurant in any string', () => {
		const leftovers = [...pizza, ...lisbon, ...fleet].flatMap(({ json }) =>
			strings(json).filter(([, s]) => /demo-bistro|demo bistro|demo-ops-token|QdDemo|LskSandboxOAuth01|QodeupApiCred0001|SmtpCatcher/i.test(s)).map(([at, s]) => `${json.name} ${at}: ${s}`),
		);
		expect(leftovers).toEqual([]);
	});

	it('names the restaurant in its paths and rows, and the other one nowhere', () => {
		const pizzaStrings = pizza.flatMap(({ json }) => strings(json).map(([, s]) => s));
		expect(pizzaStrings.some((s) => s.includes('pizza-roma'))).toBe(true);
		expect(pizzaStrings.filter((s) => /lisbon-alfama|Tasca Lisboa/.test(s))).toEqual([]);
	});

	it('references every Data table by id (with its name cached for the editor)', () => {
		const refs = [...pizza, ...fleet].flatMap(({ json }) => json.nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.resource !== 'table').map((n) => ({ w: json.name, n: n.name, ref: n.parameters.dataTableId as Record<string, unknown> })));
		expect(refs.length).toBeGreaterThan(20);
		for (const { ref } of refs) {
			expect(ref).toMatchObject({ __rl: true, mode: 'id' });
			expect(Object.keys(TABLE_NAMES)).toContain(ref.value);
			expect(ref.cachedResultName).toBe(TABLE_NAMES[ref.value as string]);
		}
	});

	it('references the credentials by the given ids, each of its own type', () => {
		const expected: Record<string, string> = { lightspeedKSeriesOAuth2Api: 'qLightspeedPizza', qodeupApi: 'qQodeupPizza', smtp: SMTP.id };
		const used = new Set<string>();
		for (const { json } of [...pizza, ...fleet]) {
			for (const n of json.nodes) {
				for (const [type, ref] of Object.entries(n.credentials ?? {})) {
					expect(ref.id).toBe(expected[type]);
					used.add(type);
				}
			}
		}
		expect([...used].sort()).toEqual(['lightspeedKSeriesOAuth2Api', 'qodeupApi', 'smtp']);
	});

	it("writes the restaurant's workflow ids into the settings node once they exist", () => {
		const node = (w: Rendered) => w.find((x) => x.role === 'settings')!.json.nodes.find((n) => n.name === 'Restaurant settings')!;
		expect(node(pizza).parameters.operator).toEqual({});
		expect(JSON.parse((node(pizzaWithIds).parameters.operator as { workflows: string }).workflows)).toEqual(WORKFLOW_IDS);
		// nothing else differs between the two passes
		const others = (w: Rendered) => w.filter((x) => x.role !== 'settings').map((x) => JSON.stringify(x.json));
		expect(others(pizzaWithIds)).toEqual(others(pizza));
	});

	it('gives two restaurants no workflow name, webhook path or webhook id in common, except "qodeup" on :parameter routes', () => {
		const workflowNames = new Set(pizza.map((w) => w.json.name));
		expect(lisbon.filter((w) => workflowNames.has(w.json.name))).toEqual([]);

		const a = routes(pizza);
		const b = routes(lisbon);
		expect(a.length).toBeGreaterThanOrEqual(10);
		const pathsA = new Set(a.map((r) => `${r.webhookId === 'qodeup' ? 'qodeup/' : ''}${r.path}`));
		expect(b.filter((r) => pathsA.has(`${r.webhookId === 'qodeup' ? 'qodeup/' : ''}${r.path}`))).toEqual([]);

		const idsA = new Set(a.map((r) => r.webhookId).filter(Boolean));
		const shared = b.filter((r) => r.webhookId && idsA.has(r.webhookId));
		expect(shared.length).toBeGreaterThan(0);
		for (const r of [...shared, ...a.filter((x) => x.webhookId === 'qodeup')]) {
			expect(r.webhookId).toBe('qodeup');
			expect(r.path).toContain(':');
		}
		// within one restaurant too, a webhook id other than "qodeup" is used once
		for (const list of [a, b]) {
			const own = list.map((r) => r.webhookId).filter((id) => id && id !== 'qodeup');
			expect(new Set(own).size).toBe(own.length);
		}
	});

	it('gives each restaurant its own Lightspeed endpoint and Diagnose address', () => {
		const endpoint = (w: Rendered) => w.find((x) => x.role === 'notifications')!.json.nodes.find((n) => n.name === 'Lightspeed: outcomes')!.parameters.endpointId;
		expect(endpoint(pizza)).toBe('qodeup-pizza-roma');
		expect(endpoint(lisbon)).toBe('qodeup-lisbon-alfama');
		const diagnose = (w: Rendered) => w.find((x) => x.role === 'recovery')!.json.nodes.find((n) => n.name === 'Diagnose (operator)')!.parameters.path;
		expect(diagnose(pizza)).toBe(`qodeup-ops/pizza-roma/${'a'.repeat(32)}/diagnose`);
		expect(diagnose(lisbon)).toBe(`qodeup-ops/lisbon-alfama/${'b'.repeat(32)}/diagnose`);
	});

	it('reads back what it rendered: settings, credentials, Diagnose token, page facts, fleet settings', () => {
		expect(readBack.settings.expressions).toEqual([]);
		expect(readBack.settings.settings).toEqual({
			integrationId: 'pizza-roma',
			name: 'Pizza Roma',
			businessLocationId: '45454565682157',
			cardPaymentMethod: 'TLCARD',
			voucherPaymentMethod: 'TLVOUCHER',
			notificationEmails: 'manager@pizza-roma.example',
			staffId: '',
			retentionDays: 30,
		});
		expect(readBack.credentials).toEqual({ lightspeed: credentials('Pizza').lightspeed, qodeup: credentials('Pizza').qodeup, smtp: SMTP });
		expect(readBack.opsToken).toBe('a'.repeat(32));
		expect(readBack.page).toEqual({ timezone: 'Europe/Lisbon', currency: 'EUR' });
		expect(readBack.fleetSettings).toMatchObject({ sweepSeconds: 20, senderEmail: 'pay@fleet.example', retentionDays: 60, webhookBaseUrl: 'https://n8n.example/webhook' });
	});

	it('renders the fleet with its tables by id and the SMTP credential', () => {
		expect(fleet.map((w) => w.role)).toEqual(['setup', 'sweeper', 'retention']);
		const emails = fleet.flatMap((w) => w.json.nodes.filter((n) => n.type === 'n8n-nodes-base.emailSend'));
		expect(emails.length).toBe(2);
		for (const n of emails) expect(n.credentials?.smtp).toEqual(SMTP);
	});
});

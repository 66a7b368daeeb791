/**
 * The Qodeup Fleet node: Sweep → Plan / Record and Retention → Plan / Days, run through the
 * node's router with their named inputs and outputs, as the fleet workflows wire them.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { NAMED_INPUTS, NAMED_OUTPUTS } from '../../../nodes/QodeupFleet/actions/router';
import { QodeupFleet } from '../../../nodes/QodeupFleet/QodeupFleet.node';
import { LEDGERS } from '../../../nodes/shared/ledgers';
import { RETRY_TOKEN_PATTERN } from '../../../nodes/shared/tokens';
import { createExecuteFunctions } from '../../helpers/n8nContext';
import { INTEGRATION, items, paymentRow, restaurantRow, T0 } from '../../helpers/qodeupLedger';

const node = new QodeupFleet();
const NOW = T0 + 10 * 60_000;

interface RunOptions {
	inputs?: INodeExecutionData[][];
	itemParams?: Array<Record<string, unknown>>;
	staticData?: IDataObject;
	resumeUrl?: string;
}

async function run(params: Record<string, unknown>, options: RunOptions = {}) {
	const inputs = options.inputs ?? [];
	const warnings: string[] = [];
	const expressions: string[] = [];
	const staticData = options.staticData ?? {};
	const { context } = createExecuteFunctions({
		params,
		itemParams: options.itemParams,
		description: node.description,
		nodeName: 'Qodeup Fleet',
		extra: {
			getInputData: (input = 0) => inputs[input] ?? [],
			getWorkflowStaticData: () => staticData,
			getInstanceBaseUrl: () => 'https://n8n.example.com/',
			getTimezone: () => 'UTC',
			evaluateExpression: (expression: string) => {
				expressions.push(expression);
				return options.resumeUrl ?? 'https://hooks.example.com/webhook-waiting/123';
			},
			logger: { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) },
		},
	});
	const output = await node.execute.call(context as IExecuteFunctions);
	return { output, warnings, expressions, staticData, json: (index: number) => output[index].map((item) => item.json) };
}

beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

describe('Qodeup Fleet node: description', () => {
	it('has sweep (plan, record) and retention (plan, days) with named inputs and outputs', () => {
		expect(NAMED_INPUTS).toEqual({
			'sweep:plan': ['Payments', 'Orders', 'Restaurants'],
			'retention:plan': ['Restaurants', 'Newest Payment', 'Newest Order', 'Counters'],
			'retention:days': ['Rows', 'Restaurants', 'Counters'],
		});
		expect(NAMED_OUTPUTS).toEqual({
			'sweep:plan': ['Recover', 'Emails', 'Marks'],
			'sweep:record': ['Payments', 'Orders', 'Restaurants'],
			'retention:plan': ['Payments Cutoff', 'Orders Cutoff', 'Storage Warning'],
			'retention:days': ['Totals', 'Days to Delete'],
		});
		const evaluate = (expression: unknown, parameter: Record<string, string>) =>
			new Function('$parameter', `return (${String(expression).replace(/^=\{\{|\}\}$/g, '')});`)(parameter) as Array<{ displayName: string }>;
		expect(evaluate(node.description.inputs, { resource: 'sweep', operation: 'record' })).toEqual([{ type: 'main', displayName: '' }]);
		expect(evaluate(node.description.inputs, { resource: 'retention', operation: 'days' }).map((input) => input.displayName)).toEqual(['Rows', 'Restaurants', 'Counters']);
		expect(evaluate(node.description.outputs, { resource: 'sweep', operation: 'plan' }).map((output) => output.displayName)).toEqual(['Recover', 'Emails', 'Marks']);
		expect(node.description.credentials).toBeUndefined();
	});

	it('refuses an operation it does not have', async () => {
		await expect(run({ resource: 'sweep', operation: 'delete' })).rejects.toThrow('The operation "delete" of "sweep" is not supported');
	});
});

describe('Sweep → Plan', () => {
	const stuck = paymentRow({ paymentId: 'p_stuck' }, { status: 'received', updatedAt: T0 });
	const failed = paymentRow({ paymentId: 'p_failed' }, { id: 77, status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } });

	it('outputs the recoveries, the emails (with their marks) and the marks without email', async () => {
		const noMail = restaurantRow({ integrationId: 'quiet-bistro', notificationEmails: '', workflows: JSON.stringify({ recovery: 'wf-q' }) });
		const quietFailure = paymentRow({ paymentId: 'p_q' }, { status: 'failed', integrationId: 'quiet-bistro', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } });
		const { json } = await run(
			{ resource: 'sweep', operation: 'plan', webhookBaseUrl: 'https://n8n.example.com/webhook' },
			// an empty item is what a Data table node with "always output data" gives on a miss
			{ inputs: [items([stuck, failed, quietFailure]), [{ json: {} }], items([restaurantRow(), noMail])] },
		);
		expect(json(0)).toEqual([{ integrationId: INTEGRATION, workflowId: 'wf-recovery-1', reasons: ['payment left claimed'] }]);
		const emails = json(1);
		expect(emails).toHaveLength(1);
		expect(emails[0]).toMatchObject({ integrationId: INTEGRATION, kind: 'payment failed', to: ['manager@bistro.example'], subject: expect.any(String), html: expect.any(String) });
		const [mark] = emails[0].marks as Array<{ table: string; columns: IDataObject }>;
		expect(mark).toMatchObject({ table: 'payments', columns: { id: 77, paymentId: 'p_failed', emailStatus: 'sent', retryExpiresAtMs: NOW + 168 * 3_600_000 } });
		expect(String(mark.columns.retryToken)).toMatch(RETRY_TOKEN_PATTERN);
		expect(emails[0].text).toContain(`https://n8n.example.com/webhook/qodeup-retry/${INTEGRATION}/payment?t=${String(mark.columns.retryToken)}`);
		expect(json(2)).toEqual([{ marks: [{ table: 'payments', columns: expect.objectContaining({ paymentId: 'p_q', emailStatus: 'noRecipients' }) }] }]);
	});

	it("does not start a restaurant's recovery again while the one it just started may still be on its way", async () => {
		const inputs = [items([stuck]), [], items([restaurantRow({ workflows: JSON.stringify({ recovery: 'wf-spacing' }) })])];
		expect((await run({ resource: 'sweep', operation: 'plan' }, { inputs })).json(0)).toHaveLength(1);
		// the next sweep, seconds later: the same stuck row, no second recovery on top of the first
		expect((await run({ resource: 'sweep', operation: 'plan' }, { inputs })).json(0)).toEqual([]);
	});

	it('reads its times from the parameters (seconds, hours)', async () => {
		const inputs = [items([stuck]), [], items([restaurantRow({ workflows: JSON.stringify({ recovery: 'wf-times' }) })])];
		expect((await run({ resource: 'sweep', operation: 'plan', claimedGraceSeconds: 601 }, { inputs })).json(0)).toEqual([]);
		expect((await run({ resource: 'sweep', operation: 'plan', claimedGraceSeconds: 600 }, { inputs })).json(0)).toHaveLength(1);
		const failedToo = { ...failed, id: 78, paymentId: 'p_failed_too' };
		const { json } = await run({ resource: 'sweep', operation: 'plan', retryLinkHours: 2 }, { inputs: [items([failedToo]), [], items([restaurantRow()])] });
		expect((json(1)[0].marks as Array<{ columns: IDataObject }>)[0].columns.retryExpiresAtMs).toBe(NOW + 2 * 3_600_000);
	});

	it('without a Webhook Base URL, the links point at this n8n\'s webhook address', async () => {
		const { json, expressions } = await run(
			{ resource: 'sweep', operation: 'plan' },
			{ inputs: [items([{ ...failed, id: 79, paymentId: 'p_failed_3' }]), [], items([restaurantRow()])], resumeUrl: 'https://hooks.example.com/webhook-waiting/4711' },
		);
		expect(expressions).toEqual(['{{ $execution.resumeUrl }}']);
		expect(json(1)[0].text).toContain(`https://hooks.example.com/webhook/qodeup-retry/${INTEGRATION}/payment?t=`);
	});

	it('does not plan again an email a sweep still at work has just handed to the mail node (no duplicate, no dead link)', async () => {
		const owed = paymentRow({ paymentId: 'p_owed' }, { id: 90, status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } });
		const inputs = [items([owed]), [], items([restaurantRow()])];
		expect((await run({ resource: 'sweep', operation: 'plan' }, { inputs })).json(1)).toHaveLength(1);
		// the next sweep, while the first has not written 'sent' yet: the row still says pending
		expect((await run({ resource: 'sweep', operation: 'plan' }, { inputs })).json(1)).toEqual([]);
	});

	it('logs a restaurant that needs recovery but has none on record', async () => {
		const { json, warnings } = await run({ resource: 'sweep', operation: 'plan' }, { inputs: [items([stuck]), [], items([restaurantRow({ workflows: '{}' })])] });
		expect(json(0)).toEqual([]);
		expect(warnings).toEqual([`Qodeup fleet sweep: ${INTEGRATION}: payment left claimed, but no recovery workflow is on record`]);
	});
});

describe('Sweep → Record', () => {
	it('turns each item\'s marks into the rows to write, one output per Data table, only ledger columns and the row id', async () => {
		const marks = [
			{ table: 'payments', columns: { id: 77, integrationId: INTEGRATION, paymentId: 'p_1', emailStatus: 'sent', retryToken: 'tok', notAColumn: 'x' } },
			{ table: 'orders', columns: { id: 5, integrationId: INTEGRATION, orderId: 'o-1', emailStatus: 'outage', retryUsedAtMs: null } },
			{ table: 'restaurants', columns: { integrationId: INTEGRATION, outageNotifiedAtMs: T0, emailStatus: 'noRecipients' } },
			{ table: 'elsewhere', columns: { id: 1 } },
		];
		const { output } = await run(
			{ resource: 'sweep', operation: 'record' },
			{ inputs: [[{ json: { subject: 'sent email' } }, { json: {} }]], itemParams: [{ marks }, { marks: JSON.stringify([marks[0]]) }] },
		);
		expect(output[0]).toEqual([
			{ json: { id: 77, integrationId: INTEGRATION, paymentId: 'p_1', emailStatus: 'sent', retryToken: 'tok' }, pairedItem: { item: 0 } },
			{ json: { id: 77, integrationId: INTEGRATION, paymentId: 'p_1', emailStatus: 'sent', retryToken: 'tok' }, pairedItem: { item: 1 } },
		]);
		// null clears a column (a Data table update writes it); undefined would be left out
		expect(output[1]).toEqual([{ json: { id: 5, integrationId: INTEGRATION, orderId: 'o-1', emailStatus: 'outage', retryUsedAtMs: null }, pairedItem: { item: 0 } }]);
		// the restaurants table has no emailStatus column: only what it can take
		expect(output[2]).toEqual([{ json: { integrationId: INTEGRATION, outageNotifiedAtMs: T0 }, pairedItem: { item: 0 } }]);
		const names = new Set(LEDGERS.restaurants.columns.map(([name]) => name));
		for (const item of output[2]) expect(Object.keys(item.json).every((key) => names.has(key))).toBe(true);
	});

	it('an item without marks writes nothing', async () => {
		const { output } = await run({ resource: 'sweep', operation: 'record' }, { inputs: [[{ json: {} }]], itemParams: [{ marks: undefined }] });
		expect(output).toEqual([[], [], []]);
	});
});

describe('Retention → Plan', () => {
	const restaurants = items([restaurantRow({ integrationId: 'a', retentionDays: 30 }), restaurantRow({ integrationId: 'b' })]);
	const params = { resource: 'retention', operation: 'plan', retentionDays: 90, limitBytes: 1_000_000, warnPercent: 80, paymentRowBytes: 700, orderRowBytes: 1000, operatorEmails: 'ops@fleet.example', fleetName: 'Fleet A' };

	it('gives the latest cutoff of all restaurants, for payments and for orders', async () => {
		const { json } = await run(params, { inputs: [restaurants, [{ json: {} }], [{ json: {} }], []] });
		const cutoff = new Date(Math.floor(NOW / 86_400_000) * 86_400_000 - 30 * 86_400_000).toISOString();
		expect(json(0)).toEqual([{ cutoff }]);
		expect(json(1)).toEqual([{ cutoff }]);
		expect(json(2)).toEqual([]);
	});

	it('no restaurant, no cutoff (nothing is pruned)', async () => {
		const { output } = await run(params, { inputs: [[{ json: {} }], [], [], []] });
		expect(output).toEqual([[], [], []]);
	});

	it('warns the operator at the level, at most once a day', async () => {
		const staticData: IDataObject = {};
		// 1000 payments ever, 100 pruned, 700 bytes each = 630 000 of 1 000 000: 63 %; with 300 orders: 93 %
		const inputs = [restaurants, items([{ id: 1000 }]), items([{ id: 300 }]), items([{ key: '*|*|payments|pruned', count: 100 }])];
		const first = await run(params, { inputs, staticData });
		expect(first.json(2)).toEqual([expect.objectContaining({ to: ['ops@fleet.example'], subject: '[Fleet A] n8n Data tables at 93% of their limit', estimate: { rows: { payments: 900, orders: 300 }, bytes: 930_000, percent: 93 } })]);
		expect(staticData.storageWarnedAtMs).toBe(NOW);
		expect((await run(params, { inputs, staticData })).json(2)).toEqual([]);
		jest.spyOn(Date, 'now').mockReturnValue(NOW + 86_400_000);
		expect((await run(params, { inputs, staticData })).json(2)).toHaveLength(1);
		// below the level: no warning
		const low = await run(params, { inputs: [restaurants, items([{ id: 10 }]), [], []], staticData: {} });
		expect(low.json(2)).toEqual([]);
	});
});

describe('Retention → Days', () => {
	const DAY = 86_400_000;
	const today = Math.floor(NOW / DAY) * DAY;
	const old = (paymentId: string, daysAgo: number, status: string, integrationId = 'a') =>
		paymentRow({ paymentId, amount: '2.50' }, { status, createdAt: today - daysAgo * DAY + 3_600_000, integrationId, columns: { amount: '2.50' } });

	it('per restaurant, the whole settled days before its own cutoff: their totals first, then their bounds', async () => {
		const restaurants = items([restaurantRow({ integrationId: 'a', retentionDays: 30 }), restaurantRow({ integrationId: 'b', retentionDays: 60 })]);
		const rows = [
			old('a1', 40, 'applied'),
			old('a2', 40, 'applied'),
			old('a3', 41, 'sent'), // a day with a row on its way: kept
			old('a4', 10, 'applied'), // within a's 30 days
			old('b1', 40, 'applied', 'b'), // within b's 60 days
			old('b2', 70, 'failed', 'b'),
			old('x1', 400, 'applied', 'unknown'), // no restaurant row: left alone
		];
		const { json } = await run(
			{ resource: 'retention', operation: 'days', ledger: 'payments', retentionDays: 90 },
			{ inputs: [items(rows), restaurants, items([{ key: '*|*|payments|pruned', count: 7 }])] },
		);
		const dayA = new Date(today - 40 * DAY).toISOString().slice(0, 10);
		const dayB = new Date(today - 70 * DAY).toISOString().slice(0, 10);
		expect(json(0)).toEqual([
			{ key: `${dayA}|a|payments|applied`, day: dayA, integrationId: 'a', kind: 'payments', status: 'applied', count: 2, amount: '5.00' },
			{ key: `${dayB}|b|payments|failed`, day: dayB, integrationId: 'b', kind: 'payments', status: 'failed', count: 1, amount: '2.50' },
			// the running count of pruned rows (the storage estimate subtracts it)
			{ key: '*|*|payments|pruned', day: '*', integrationId: '*', kind: 'payments', status: 'pruned', count: 10, amount: '' },
		]);
		expect(json(1)).toEqual([
			{ integrationId: 'a', day: dayA, from: `${dayA}T00:00:00.000Z`, to: new Date(today - 39 * DAY).toISOString(), rows: 2 },
			{ integrationId: 'b', day: dayB, from: `${dayB}T00:00:00.000Z`, to: new Date(today - 69 * DAY).toISOString(), rows: 1 },
		]);
	});

	it('nothing to prune: no totals, no counter, no days', async () => {
		const { output } = await run(
			{ resource: 'retention', operation: 'days', ledger: 'orders' },
			{ inputs: [[{ json: {} }], items([restaurantRow({ integrationId: 'a' })]), []] },
		);
		expect(output).toEqual([[], []]);
	});
});

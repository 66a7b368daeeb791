/**
 * Payment → Recover (the sweeper's per-restaurant step) and settleSentPayment: claimed rows a
 * stopped execution left behind are sent with their own reference; sent rows whose outcome
 * never came are settled by reading the check (the POS is the truth). Outputs: 0 "Was
 * Claimed", 1 "Was Sent" (the status the row had, for a conditional Data table update).
 */
import type { INodeExecutionData } from 'n8n-workflow';
import nock from 'nock';

import { settleSentPayment } from '../../../nodes/LightspeedKSeries/helpers/ledgerPayment';
import type { PaymentSetup } from '../../../nodes/LightspeedKSeries/helpers/ledgerPayment';
import type { LedgerRow } from '../../../nodes/shared/ledgers';
import { buildPaymentReference } from '../../../nodes/shared/paymentReference';
import { createExecuteFunctions, TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { LOCATION_ID, snapshot, springError } from '../../helpers/lightspeedFixtures';
import { runLightspeedNodeOutputs } from '../../helpers/lightspeedNode';
import { asItems, INTEGRATION_ID, paymentRow, restaurantRow, unknownColumns } from '../../helpers/ledgerRows';
import { RECOVERY_BATCH } from '../../../nodes/shared/fleet/recoveryTurns';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });

const CHECK = 'A65315.21';
const CHECK_PATH = `/o/op/1/order/accounts/${CHECK}`;
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The restaurant's reference for a payment's attempt (its tag in it), and the one without a restaurant, from before. */
const ref = (paymentId: string, attempt = 1) => buildPaymentReference(paymentId, attempt, INTEGRATION_ID);
const legacyRef = (paymentId: string, attempt = 1) => buildPaymentReference(paymentId, attempt);

const setup: PaymentSetup = {
	businessLocationId: LOCATION_ID,
	endpointId: 'QODEUP-DEMO',
	taskTtlMs: 120000,
	cardPaymentMethod: 'QDCARD',
	voucherPaymentMethod: 'QDVOUCHER',
	settingsSaved: true,
};

/** A row Payment → Apply wrote as sent `agoMs` ago. */
function sentRow(agoMs: number, options: { paymentId?: string; attempt?: number; columns?: LedgerRow; amount?: string } = {}): LedgerRow {
	const paymentId = options.paymentId ?? 'p1';
	const attempt = options.attempt ?? 1;
	const at = Date.now() - agoMs;
	return paymentRow({
		paymentId,
		attempt,
		status: 'sent',
		amount: options.amount ?? '20.00',
		updatedAt: at,
		columns: {
			checkId: CHECK,
			tableNumber: '1',
			amount: options.amount ?? '20.00',
			tipAmount: '0.00',
			method: 'card',
			reference: ref(paymentId, attempt),
			paymentMethodCode: 'QDCARD',
			businessLocationId: String(LOCATION_ID),
			sentAtMs: at,
			errorText: 'Sent to Lightspeed',
			...(options.columns ?? {}),
		},
	});
}

function settle(row: LedgerRow, now = Date.now()) {
	const { context, state } = createExecuteFunctions();
	return { state, decision: settleSentPayment.call(context, row, setup, now) };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('settleSentPayment: the check decides', () => {
	it('on the check → applied, with the method the register booked', async () => {
		api()
			.get(CHECK_PATH)
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, snapshot({ currentAmount: '20.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00', code: 'QDCARD2' }] }));
		const now = Date.now();
		const { decision, state } = settle(sentRow(5 * MINUTE), now);
		const { outcome, columns } = await decision;
		expect(state.requests).toHaveLength(1);
		expect(outcome).toBe('applied');
		expect(columns).toMatchObject({
			status: 'applied',
			errorCode: '',
			emailStatus: '',
			settledAtMs: now,
			paymentMethodCode: 'QDCARD2',
			checkId: CHECK,
			reference: ref('p1'),
		});
		expect(unknownColumns('payments', columns)).toEqual([]);
	});

	it("an earlier attempt's reference on the check counts as applied too", async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '20.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00' }] }));
		const { decision } = settle(sentRow(5 * MINUTE, { attempt: 2 }));
		expect(await decision).toMatchObject({ outcome: 'applied', columns: { status: 'applied', attempt: 2 } });
	});

	it('a row sent before references carried the tag (it kept its QD- reference) is found on the check under it → applied', async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '20.00', paidAmount: '20.00', payments: [{ reference: legacyRef('p1'), amount: '20.00' }] }));
		const { decision } = settle(sentRow(5 * MINUTE, { columns: { reference: legacyRef('p1') } }));
		expect(await decision).toMatchObject({ outcome: 'applied', columns: { status: 'applied', reference: legacyRef('p1') } });
	});

	it('not on the check once the time is over → failed NO_OUTCOME, with how long ago it was sent (emailed)', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '20.00', payments: [{ reference: ref('other'), amount: '1.00' }] }));
		const now = Date.now();
		const { decision } = settle(sentRow(5 * MINUTE), now);
		const { outcome, columns } = await decision;
		expect(outcome).toBe('failed');
		expect(columns).toMatchObject({ status: 'failed', errorCode: 'NO_OUTCOME', emailStatus: 'pending', settledAtMs: now });
		expect(columns.errorText).toBe('No outcome from Lightspeed 5 minutes after the payment was sent, and check A65315.21 does not show it.');
	});

	it('one minute is said in the singular', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '20.00' }));
		const { decision } = settle(sentRow(70 * SECOND));
		expect(String((await decision).columns.errorText)).toMatch(/^No outcome from Lightspeed 1 minute after/);
	});

	it('the cause recorded when it was sent is kept (e.g. Lightspeed was unreachable); a reused reference is not a cause', async () => {
		api().get(CHECK_PATH).query(true).twice().reply(200, snapshot({ currentAmount: '20.00' }));
		const kept = await settle(sentRow(5 * MINUTE, { columns: { errorCode: 'LIGHTSPEED_UNAVAILABLE' } })).decision;
		expect(kept.columns).toMatchObject({ status: 'failed', errorCode: 'LIGHTSPEED_UNAVAILABLE' });
		const reused = await settle(sentRow(5 * MINUTE, { columns: { errorCode: 'REFERENCE_ALREADY_USED' } })).decision;
		expect(reused.columns).toMatchObject({ status: 'failed', errorCode: 'NO_OUTCOME' });
	});

	it('the check is gone (404) → failed NO_OUTCOME', async () => {
		api().get(CHECK_PATH).query(true).reply(404, springError(404, 'Not Found', 'account not found for BL 1', CHECK_PATH));
		const { decision } = settle(sentRow(5 * MINUTE));
		const { outcome, columns } = await decision;
		expect(outcome).toBe('failed');
		expect(columns.errorCode).toBe('NO_OUTCOME');
		expect(String(columns.errorText)).toMatch(/check A65315\.21 does not show it/);
	});

	it('Lightspeed unreachable → unknown: the row stays sent, nothing settled', async () => {
		api().get(CHECK_PATH).query(true).times(4).reply(502, 'Bad gateway');
		const { decision } = settle(sentRow(5 * MINUTE));
		const { outcome, columns } = await decision;
		expect(outcome).toBe('unknown');
		expect(columns.status).toBe('sent');
		expect(columns.settledAtMs).toBeUndefined();
	});

	it('a row without a check id is looked for on the open checks of its table', async () => {
		const row = sentRow(5 * MINUTE, { columns: { checkId: null, tableNumber: null } });
		row.request = JSON.stringify({ amount: '20.00', tipAmount: '0.00', method: 'card', tableNumber: 12, checkId: null });
		api()
			.get('/o/op/1/order/table/getCheck')
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, [
				snapshot({ checkId: 'A12.1', tableNumber: 12, currentAmount: '40.00' }),
				snapshot({ checkId: 'A12.2', tableNumber: 12, currentAmount: '40.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00' }] }),
			]);
		const found = await settle(row).decision;
		expect(found).toMatchObject({ outcome: 'applied', columns: { checkId: 'A12.2', tableNumber: '12' } });

		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, [snapshot({ checkId: 'A12.1', tableNumber: 12, currentAmount: '40.00' })]);
		const missing = await settle(row).decision;
		expect(missing.outcome).toBe('failed');
		expect(String(missing.columns.errorText)).toMatch(/table 12 does not show it/);
	});
});

describe('payment.recover', () => {
	const params = {
		resource: 'payment',
		operation: 'recover',
		businessLocationId: LOCATION_ID,
		restaurant: restaurantRow(),
		endpointId: 'QODEUP-DEMO',
	};

	async function recover(rows: LedgerRow[], extra: Record<string, unknown> = {}) {
		const result = await runLightspeedNodeOutputs({ ...params, ...extra }, { items: asItems(rows) });
		expect(result.outputs).toHaveLength(2);
		for (const item of result.outputs.flat()) expect(unknownColumns('payments', item.json)).toEqual([]);
		return result;
	}

	const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, unknown>);

	it('leaves recent rows alone, sends a claim left by a stopped execution, settles a sent payment whose outcome never came', async () => {
		const now = Date.now();
		const rows = [
			paymentRow({ paymentId: 'fresh', amount: '1.00', updatedAt: now - 10 * SECOND }),
			paymentRow({ paymentId: 'stuck', amount: '2.00', updatedAt: now - 200 * SECOND }),
			sentRow(60 * SECOND, { paymentId: 'waiting', amount: '3.00' }),
			sentRow(400 * SECOND, { paymentId: 'landed', amount: '4.00' }),
			{},
		];
		// the check shows "landed"; "stuck" is not on it
		api()
			.get(CHECK_PATH)
			.query(true)
			.twice()
			.reply(200, snapshot({ currentAmount: '100.00', paidAmount: '4.00', payments: [{ reference: ref('landed'), amount: '4.00' }] }));
		let body: Record<string, unknown> | undefined;
		api()
			.post('/o/op/1/pay', (sent: Record<string, unknown>) => {
				body = sent;
				return true;
			})
			.reply(200, { status: 'ok' });
		const { outputs, state } = await recover(rows);
		expect(state.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
			`GET ${CHECK_PATH}`,
			'POST /o/op/1/pay',
			`GET ${CHECK_PATH}`,
		]);
		expect(body).toMatchObject({ thirdPartyPaymentReference: ref('stuck'), paymentAmount: 2, paymentMethod: 'QDCARD', taskTtlInMs: 120000 });
		expect(json(outputs[0])).toEqual([expect.objectContaining({ paymentId: 'stuck', status: 'sent' })]);
		expect(json(outputs[1])).toEqual([expect.objectContaining({ paymentId: 'landed', status: 'applied' })]);
	});

	it('works on at most RECOVERY_BATCH stuck rows per run, oldest first: a backlog never makes one run take minutes', async () => {
		const rows = Array.from({ length: RECOVERY_BATCH + 5 }, (_, i) => sentRow(400 * SECOND, { paymentId: `b${i}`, amount: '1.00' }));
		api().get(CHECK_PATH).query(true).times(RECOVERY_BATCH).reply(200, snapshot({ currentAmount: '100.00' }));
		const { outputs, state } = await recover(rows);
		expect(state.requests).toHaveLength(RECOVERY_BATCH);
		expect(json(outputs[1]).map((row) => row.paymentId)).toEqual(rows.slice(0, RECOVERY_BATCH).map((row) => row.paymentId));
	});

	it('a sent row without sentAtMs is timed from its last write', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '20.00' }));
		const row = sentRow(400 * SECOND, { columns: { sentAtMs: null } });
		const recent = sentRow(10 * SECOND, { paymentId: 'p2', columns: { sentAtMs: null } });
		const { outputs } = await recover([row, recent]);
		expect(json(outputs[1])).toEqual([expect.objectContaining({ paymentId: 'p1', status: 'failed', errorCode: 'NO_OUTCOME' })]);
	});

	it('the claimed and settle times are parameters', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '20.00' }));
		api().post('/o/op/1/pay').reply(200, { status: 'ok' });
		const rows = [paymentRow({ amount: '5.00', updatedAt: Date.now() - 30 * SECOND }), sentRow(30 * SECOND, { paymentId: 'p2', amount: '1.00' })];
		const none = await recover(rows);
		expect(none.outputs.flat()).toHaveLength(0);
		expect(none.state.requests).toHaveLength(0);
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '20.00' }));
		const { outputs } = await recover(rows, { claimedGraceSeconds: 20, settleAfterSeconds: 20 });
		expect(json(outputs[0])).toEqual([expect.objectContaining({ paymentId: 'p1', status: 'sent' })]);
		expect(json(outputs[1])).toEqual([expect.objectContaining({ paymentId: 'p2', status: 'failed' })]);
	});

	it('a claim already on the check (the stopped execution had sent it) → applied, not sent again', async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '20.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00' }] }));
		const { outputs, state } = await recover([paymentRow({ updatedAt: Date.now() - 200 * SECOND })]);
		expect(state.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
		expect(json(outputs[0])).toEqual([expect.objectContaining({ status: 'applied' })]);
	});

	it('a claim on the check under its reference from before the tag (QD-…, sent before the upgrade) → applied, not sent again, and not counted against another claim', async () => {
		const now = Date.now();
		// "old" was claimed and sent before references carried the restaurant's tag; the execution stopped before its row was written
		const old = paymentRow({ paymentId: 'old', amount: '15.00', updatedAt: now - 300 * SECOND });
		const next = paymentRow({ paymentId: 'next', amount: '5.00', updatedAt: now - 200 * SECOND });
		api()
			.get(CHECK_PATH)
			.query(true)
			.twice()
			.reply(200, snapshot({ currentAmount: '20.00', paidAmount: '15.00', payments: [{ reference: legacyRef('old'), amount: '15.00' }] }));
		const bodies: Array<Record<string, unknown>> = [];
		api()
			.post('/o/op/1/pay', (sent: Record<string, unknown>) => {
				bodies.push(sent);
				return true;
			})
			.reply(200, { status: 'ok' });
		// "next" comes first: "old" is still a claim ahead of it when its amount is checked
		const { outputs } = await recover([next, old]);
		// only "next" is paid (5.00 left = its amount: "old" is in the paid amount, not still on its way)
		expect(bodies.map((body) => body.thirdPartyPaymentReference)).toEqual([ref('next')]);
		expect(json(outputs[0])).toEqual([
			expect.objectContaining({ paymentId: 'next', status: 'sent' }),
			expect.objectContaining({ paymentId: 'old', status: 'applied' }),
		]);
	});

	it('a claim whose reference Lightspeed already has → sent (the outcome will come, or the check decides later)', async () => {
		api().get(CHECK_PATH).query(true).twice().reply(200, snapshot({ currentAmount: '50.00' }));
		api().post('/o/op/1/pay').once().reply(400, springError(400, 'Bad Request', `reference has already been used ${ref('p1')}`, '/o/op/1/pay'));
		const { outputs } = await recover([paymentRow({ updatedAt: Date.now() - 200 * SECOND })]);
		expect(json(outputs[0])).toEqual([expect.objectContaining({ status: 'sent', errorCode: '' })]);
	});

	it('Lightspeed unreachable: the claim waits (it is sent again each run); after the give-up time it fails with that cause', async () => {
		api().get(CHECK_PATH).query(true).times(8).reply(503, 'unavailable');
		const early = await recover([paymentRow({ updatedAt: Date.now() - 200 * SECOND })]);
		expect(early.outputs.flat()).toHaveLength(0);
		const before = Date.now();
		const late = await recover([paymentRow({ updatedAt: Date.now() - 1000 * SECOND })], { giveUpSeconds: 900 });
		const [row] = json(late.outputs[0]);
		expect(late.outputs[1]).toHaveLength(0);
		expect(row).toMatchObject({ status: 'failed', errorCode: 'LIGHTSPEED_UNAVAILABLE', emailStatus: 'pending' });
		expect(row.errorText).toBe('Lightspeed could not be reached for 17 minutes (Reading the check: unavailable).');
		expect(row.settledAtMs).toBeGreaterThanOrEqual(before);
	});

	it('an amount refusal waits until an earlier send of the stopped execution has expired', async () => {
		// remaining 10.00, the claim is 20.00: the stopped execution may have sent it (then the check will show it)
		api().get(CHECK_PATH).query(true).twice().reply(200, snapshot({ currentAmount: '10.00' }));
		const early = await recover([paymentRow({ updatedAt: Date.now() - 150 * SECOND })]);
		expect(early.outputs.flat()).toHaveLength(0);
		expect(early.state.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
		const late = await recover([paymentRow({ updatedAt: Date.now() - 200 * SECOND })]);
		expect(json(late.outputs[0])).toEqual([expect.objectContaining({ status: 'refused', errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: '10.00' })]);
	});

	it('rows are recovered in order and each sees the ones before it as they now are', async () => {
		const now = Date.now();
		// remaining 30.00: "big" (40.00) is refused, so it no longer counts; "first" (20.00) goes on; "second" (20.00) is then too much
		api().get(CHECK_PATH).query(true).times(3).reply(200, snapshot({ currentAmount: '30.00' }));
		api().post('/o/op/1/pay').once().reply(200, { status: 'ok' });
		const rows = [
			paymentRow({ paymentId: 'big', amount: '40.00', updatedAt: now - 300 * SECOND }),
			paymentRow({ paymentId: 'first', amount: '20.00', updatedAt: now - 250 * SECOND }),
			paymentRow({ paymentId: 'second', amount: '20.00', updatedAt: now - 240 * SECOND }),
		];
		const { outputs } = await recover(rows);
		expect(json(outputs[0]).map((row) => [row.paymentId, row.status, row.remaining])).toEqual([
			['big', 'refused', '30.00'],
			['first', 'sent', undefined],
			['second', 'refused', '10.00'],
		]);
	});

	it('a settle that cannot reach Lightspeed leaves the sent row for the next run', async () => {
		api().get(CHECK_PATH).query(true).times(4).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
		const { outputs } = await recover([sentRow(400 * SECOND)]);
		expect(outputs.flat()).toHaveLength(0);
	});
});

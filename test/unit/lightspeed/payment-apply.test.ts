/**
 * Payment → Apply (and through it sendClaimedPayment): the input items are the restaurant's
 * ledger rows still in flight, the payment's own claimed row among them; the outputs are
 * 0 "Sent or Settled", 1 "Refused", 2 "Outcome Unknown". What goes out is the row's next
 * columns (only ledger columns), written by a Data table update in "map automatically" mode.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import nock from 'nock';

import { buildPaymentReference, referenceTag } from '../../../nodes/shared/paymentReference';
import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { LOCATION_ID, snapshot, springError } from '../../helpers/lightspeedFixtures';
import { runLightspeedNodeOutputs } from '../../helpers/lightspeedNode';
import { asItems, INTEGRATION_ID, paymentRow, restaurantRow, unknownColumns } from '../../helpers/ledgerRows';
import type { LedgerRow } from '../../../nodes/shared/ledgers';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });

const CHECK = 'A65315.21';
const CHECK_PATH = `/o/op/1/order/accounts/${CHECK}`;
const SENT = 0;
const REFUSED = 1;
const UNKNOWN = 2;

/** The restaurant's reference for a payment's attempt (its tag in it), and the one without a restaurant, from before. */
const ref = (paymentId: string, attempt = 1) => buildPaymentReference(paymentId, attempt, INTEGRATION_ID);
const legacyRef = (paymentId: string, attempt = 1) => buildPaymentReference(paymentId, attempt);

const baseParams = {
	resource: 'payment',
	operation: 'apply',
	businessLocationId: LOCATION_ID,
	paymentId: 'p1',
	restaurant: restaurantRow(),
	endpointId: 'QODEUP-DEMO',
};

async function apply(rows: LedgerRow[], params: Record<string, unknown> = {}, options: { continueOnFail?: boolean } = {}) {
	return runLightspeedNodeOutputs({ ...baseParams, ...params }, { items: asItems(rows), ...options });
}

/** The one item the node put out, and on which output. */
function single(outputs: INodeExecutionData[][]): { output: number; json: Record<string, unknown>; item: INodeExecutionData } {
	expect(outputs).toHaveLength(3);
	const all = outputs.flatMap((items, output) => items.map((item) => ({ output, item, json: item.json as Record<string, unknown> })));
	expect(all).toHaveLength(1);
	expect(unknownColumns('payments', all[0].json)).toEqual([]);
	return all[0];
}

function posts(state: { requests: Array<{ method: string }> }): number {
	return state.requests.filter((request) => request.method === 'POST').length;
}

/** A row another payment left in flight on the same check. */
function other(paymentId: string, amount: string, status: 'received' | 'sent', updatedAt: number, columns: LedgerRow = {}): LedgerRow {
	return paymentRow({
		paymentId,
		amount,
		status,
		updatedAt,
		columns: status === 'sent' ? { checkId: CHECK, amount, reference: ref(paymentId), sentAtMs: updatedAt, ...columns } : columns,
	});
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('payment.apply — normal path', () => {
	it('reads the check by id, then POSTs /o/op/1/pay (2 calls) and puts the sent row on "Sent or Settled"', async () => {
		api()
			.get(CHECK_PATH)
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '0.00' }));
		api()
			.post('/o/op/1/pay', {
				businessLocationId: LOCATION_ID,
				iKaccountIdentifier: CHECK,
				thirdPartyPaymentReference: ref('p1'),
				endpointId: 'QODEUP-DEMO',
				paymentAmount: 20,
				tipAmount: 1.5,
				paymentMethod: 'QDCARD',
				taskTtlInMs: 120000,
			})
			.reply(200, { status: 'ok' });
		const before = Date.now();
		const { outputs, state } = await apply([paymentRow({ amount: '20.00', tipAmount: '1.50' })]);
		expect(state.requests).toHaveLength(2);
		const { output, json, item } = single(outputs);
		expect(output).toBe(SENT);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({
			integrationId: INTEGRATION_ID,
			paymentId: 'p1',
			status: 'sent',
			reference: ref('p1'),
			attempt: 1,
			checkId: CHECK,
			tableNumber: '1',
			amount: '20.00',
			tipAmount: '1.50',
			method: 'card',
			paymentMethodCode: 'QDCARD',
			businessLocationId: String(LOCATION_ID),
			errorCode: '',
		});
		expect(json.sentAtMs).toBeGreaterThanOrEqual(before);
		expect(json.settledAtMs).toBeUndefined();
		expect(String(json.errorText)).toContain(`reference ${ref('p1')}`);
	});

	it('pairs the output with the payment\'s own row among the in-flight rows', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '100.00' }));
		api().post('/o/op/1/pay').reply(200, { status: 'ok' });
		const rows = [other('p0', '5.00', 'sent', Date.now() - 5000), paymentRow({ paymentId: 'p1' }), other('p2', '5.00', 'received', Date.now())];
		const { outputs } = await apply(rows);
		const { output, json, item } = single(outputs);
		expect(output).toBe(SENT);
		expect(json.paymentId).toBe('p1');
		expect(item.pairedItem).toEqual({ item: 1 });
	});

	it('by table number: the all-checks call filtered, then pay; voucher method, staff, device and TTL options', async () => {
		api()
			.get('/o/op/1/order/table/getCheck')
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, [
				snapshot({ checkId: 'A1.1', tableNumber: 12, currentAmount: 48.2, paidAmount: 0 }),
				snapshot({ checkId: 'A1.2', tableNumber: 13 }),
			]);
		let body: Record<string, unknown> | undefined;
		api()
			.post('/o/op/1/pay', (sent: Record<string, unknown>) => {
				body = sent;
				return true;
			})
			.reply(200, { status: 'ok' });
		const row = paymentRow({ paymentId: 'pay_77', attempt: 3, amount: '48.20', tipAmount: '0.00', method: 'voucher', checkId: null, tableNumber: 12 });
		const { outputs } = await apply([row], { paymentId: 'pay_77', options: { staffId: '42', deviceId: '12345678980', taskTtlMs: 60000 } });
		expect(body).toEqual({
			businessLocationId: LOCATION_ID,
			iKaccountIdentifier: 'A1.1',
			thirdPartyPaymentReference: ref('pay_77', 3),
			endpointId: 'QODEUP-DEMO',
			paymentAmount: 48.2,
			tipAmount: 0,
			paymentMethod: 'QDVOUCHER',
			taskTtlInMs: 60000,
			staffId: 42,
			deviceId: 12345678980,
		});
		expect(single(outputs)).toMatchObject({
			output: SENT,
			json: { status: 'sent', checkId: 'A1.1', tableNumber: '12', reference: ref('pay_77', 3), paymentMethodCode: 'QDVOUCHER', tipAmount: '0.00', attempt: 3 },
		});
	});

	it("the restaurant row's payment method and staff win over the node's fields; an empty choice there falls back to the field", async () => {
		const bodies: Array<Record<string, unknown>> = [];
		api().get(CHECK_PATH).query(true).twice().reply(200, snapshot({ currentAmount: '50.00' }));
		api()
			.post('/o/op/1/pay', (sent: Record<string, unknown>) => {
				bodies.push(sent);
				return true;
			})
			.twice()
			.reply(200, { status: 'ok' });
		await apply([paymentRow()], {
			restaurant: restaurantRow({ cardPaymentMethod: 'QDCARD', staffId: '77' }),
			cardPaymentMethod: 'FIELDCARD',
			options: { staffId: '42' },
		});
		await apply([paymentRow()], { restaurant: JSON.stringify(restaurantRow({ cardPaymentMethod: ' ' })), cardPaymentMethod: 'FIELDCARD' });
		expect(bodies.map((body) => [body.paymentMethod, body.staffId])).toEqual([
			['QDCARD', 77],
			['FIELDCARD', undefined],
		]);
	});

	it('sends amounts as exact JSON numbers built from minor units', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '0.30' }));
		let raw = '';
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => {
				raw = JSON.stringify({ paymentAmount: body.paymentAmount, tipAmount: body.tipAmount });
				return true;
			})
			.reply(200, { status: 'ok' });
		await apply([paymentRow({ amount: '0.3', tipAmount: '0.07' })]);
		expect(raw).toBe('{"paymentAmount":0.3,"tipAmount":0.07}');
	});
});

describe('payment.apply — amount check: remaining minus the payments ahead that the check does not show yet', () => {
	it('refuses when amount > remaining − payments in flight, with remaining in the message and as a column (nothing sent)', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '30.00', paidAmount: '5.00' }));
		const rows = [other('p0', '7.00', 'sent', Date.now() - 60000), paymentRow({ amount: '20.00' })];
		const { outputs, state } = await apply(rows);
		expect(state.requests).toHaveLength(1);
		const { output, json } = single(outputs);
		expect(output).toBe(REFUSED);
		expect(json).toMatchObject({ status: 'refused', errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: '18.00', emailStatus: '' });
		expect(typeof json.settledAtMs).toBe('number');
		expect(String(json.errorText)).toMatch(/20\.00 is more than the 18\.00 left on check A65315\.21 \(7\.00 of other payments is still on its way/);
	});

	it('accepts exactly remaining − in flight (string and number amounts, 0.1 + 0.2)', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: 0.3, paidAmount: '0.1' }));
		api().post('/o/op/1/pay').reply(200, { status: 'ok' });
		const rows = [other('p0', '0.10', 'received', Date.now() - 5000), paymentRow({ amount: '0.10', tipAmount: '0' })];
		const { outputs } = await apply(rows);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'sent' } });
	});

	it('a check already fully paid refuses any amount', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '10.00', paidAmount: '10.00' }));
		const { outputs } = await apply([paymentRow({ amount: '0.01' })]);
		expect(single(outputs)).toMatchObject({ output: REFUSED, json: { errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: '0.00' } });
	});

	it.each<[string, (now: number) => LedgerRow, 'sent' | 'refused']>([
		['a claim made after mine does not count (the first one goes on)', (now) => other('p0', '10.00', 'received', now + 10), 'sent'],
		['a claim made before mine counts', (now) => other('p2', '10.00', 'received', now - 10), 'refused'],
		['a claim made at the same moment counts when its payment id sorts first', (now) => other('p0', '10.00', 'received', now), 'refused'],
		['a claim made at the same moment does not count when its payment id sorts after', (now) => other('p2', '10.00', 'received', now), 'sent'],
		['a sent payment always counts, whenever it was claimed', (now) => other('p2', '10.00', 'sent', now + 10), 'refused'],
		['a payment of the same table without a check id counts', (now) => paymentRow({ paymentId: 'p0', amount: '10.00', checkId: null, tableNumber: 1, updatedAt: now - 10 }), 'refused'],
		['a payment of another table does not count', (now) => paymentRow({ paymentId: 'p0', amount: '10.00', checkId: null, tableNumber: 2, updatedAt: now - 10 }), 'sent'],
		['a payment on another check does not count', (now) => other('p0', '10.00', 'sent', now - 10, { checkId: 'A99.1' }), 'sent'],
		['a settled payment (applied) does not count', (now) => other('p0', '10.00', 'received', now - 10, { status: 'applied' }), 'sent'],
		['a refused payment does not count', (now) => other('p0', '10.00', 'received', now - 10, { status: 'refused' }), 'sent'],
	])('%s', async (_label, makeOther, expected) => {
		const now = Date.now() - 1000;
		// remaining 25.00; my payment 20.00; the other one 10.00
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '25.00', paidAmount: '0.00' }));
		if (expected === 'sent') api().post('/o/op/1/pay').reply(200, { status: 'ok' });
		const { outputs } = await apply([makeOther(now), paymentRow({ amount: '20.00', updatedAt: now })]);
		const { output, json } = single(outputs);
		expect(json.status).toBe(expected);
		expect(output).toBe(expected === 'sent' ? SENT : REFUSED);
		if (expected === 'refused') expect(json).toMatchObject({ errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: '15.00' });
	});

	it('a payment already on the check is in its paid amount and is not counted a second time', async () => {
		// p0 was sent and the register booked it: the check shows its line (paid 10.00) before the outcome reached the ledger
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '30.00', paidAmount: '10.00', payments: [{ reference: ref('p0'), amount: '10.00' }] }));
		api().post('/o/op/1/pay').reply(200, { status: 'ok' });
		const { outputs } = await apply([other('p0', '10.00', 'sent', Date.now() - 30000), paymentRow({ amount: '20.00' })]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'sent' } });
	});

	it.each<[string, (at: number) => LedgerRow]>([
		// sent before references carried the restaurant's tag: the row kept the reference it went under
		['a sent row that kept its reference from before the tag', (at) => other('p0', '10.00', 'sent', at, { reference: legacyRef('p0') })],
		// claimed before the upgrade, sent, and the execution stopped before the row was written: no reference column
		['a claimed row without a reference column', (at) => other('p0', '10.00', 'received', at)],
	])('a payment ahead on the check under its reference from before the tag is not counted a second time: %s', async (_label, ahead) => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '30.00', paidAmount: '10.00', payments: [{ reference: legacyRef('p0'), amount: '10.00' }] }));
		api().post('/o/op/1/pay').reply(200, { status: 'ok' });
		// remaining 20.00, my payment 20.00: counting p0 (10.00) again would refuse it
		const { outputs } = await apply([ahead(Date.now() - 30000), paymentRow({ amount: '20.00' })]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'sent', reference: ref('p1') } });
	});

	it.each([
		['amount', '12.345', /amount must have at most two decimals/],
		['amount', '0', /amount must be greater than zero/],
		['amount', '-5', /amount must not be negative/],
		['amount', 'twelve', /amount must be a decimal amount/],
		['amount', '', /amount is required/],
		['tipAmount', '1.005', /tipAmount must have at most two decimals/],
		['tipAmount', '-1', /tipAmount must not be negative/],
	])('a row with %s = %j fails INVALID_REQUEST before any call', async (field, value, message) => {
		const { outputs, state } = await apply([paymentRow({ [field]: value })]);
		expect(state.requests).toHaveLength(0);
		const { output, json } = single(outputs);
		expect(output).toBe(SENT);
		expect(json).toMatchObject({ status: 'failed', errorCode: 'INVALID_REQUEST', emailStatus: 'pending' });
		expect(String(json.errorText)).toMatch(message);
	});
});

describe('payment.apply — what it needs before any call', () => {
	it('refuses a task TTL under 60000 ms', async () => {
		await expect(apply([paymentRow()], { options: { taskTtlMs: 59999 } })).rejects.toThrow(/taskTtlMs must be a whole number from 60000/);
	});

	it('needs a payment id, and the payment claimed (status received) among the input rows', async () => {
		await expect(apply([paymentRow()], { paymentId: ' ' })).rejects.toThrow(/Payment ID is required/);
		await expect(apply([paymentRow({ paymentId: 'p2' })])).rejects.toThrow(/Payment p1 is not claimed in the ledger rows/);
		await expect(apply([paymentRow({ status: 'sent' })])).rejects.toThrow(/Payment p1 is not claimed/);
		// a Data table "get" that found nothing still outputs one empty item
		await expect(runLightspeedNodeOutputs(baseParams, { items: [{ json: {} }] })).rejects.toThrow(/not claimed/);
	});

	it('needs the webhook endpoint and a restaurant row that is an object', async () => {
		await expect(apply([paymentRow()], { endpointId: '' })).rejects.toThrow(/Webhook Endpoint ID is required/);
		await expect(apply([paymentRow()], { restaurant: '[1,2]' })).rejects.toThrow(/Restaurant Settings must be a JSON object/);
		await expect(apply([paymentRow()], { restaurant: '{not json' })).rejects.toThrow(/Restaurant Settings must be a JSON object/);
	});

	it('a row with neither a check id nor a table number is refused and nothing is paid', async () => {
		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, [snapshot({ tableNumber: 4 })]);
		const { outputs, state } = await apply([paymentRow({ checkId: null, tableNumber: null })]);
		expect(posts(state)).toBe(0);
		expect(single(outputs)).toMatchObject({ output: REFUSED, json: { status: 'refused', errorCode: 'ACCOUNT_NOT_FOUND' } });
	});
});

describe('payment.apply — check resolution refusals ("Refused" output, nothing sent)', () => {
	it('no open check on the table → ACCOUNT_NOT_FOUND', async () => {
		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, [snapshot({ tableNumber: 4 })]);
		const { outputs } = await apply([paymentRow({ checkId: null, tableNumber: 12 })]);
		const { output, json } = single(outputs);
		expect(output).toBe(REFUSED);
		expect(json).toMatchObject({ status: 'refused', errorCode: 'ACCOUNT_NOT_FOUND', tableNumber: '12', checkId: '' });
		expect(String(json.errorText)).toMatch(/no open check on table 12/);
	});

	it('several open checks on the table → MULTIPLE_OPEN_CHECKS naming them with what is left', async () => {
		api()
			.get('/o/op/1/order/table/getCheck')
			.query(true)
			.reply(200, [
				snapshot({ checkId: 'A5.1', tableNumber: 5, currentAmount: '10.00' }),
				snapshot({ checkId: 'A5.2', tableNumber: 5, currentAmount: '7.50' }),
			]);
		const { outputs, state } = await apply([paymentRow({ checkId: null, tableNumber: 5 })]);
		expect(state.requests).toHaveLength(1);
		const { output, json } = single(outputs);
		expect(output).toBe(REFUSED);
		expect(json.errorCode).toBe('MULTIPLE_OPEN_CHECKS');
		expect(String(json.errorText)).toMatch(/A5\.1 \(remaining 10\.00\), A5\.2 \(remaining 7\.50\)/);
	});

	it('unknown check id (404) → ACCOUNT_NOT_FOUND', async () => {
		api().get(CHECK_PATH).query(true).reply(404, springError(404, 'Not Found', 'account not found for BL 1', CHECK_PATH));
		const { outputs } = await apply([paymentRow()]);
		expect(single(outputs)).toMatchObject({ output: REFUSED, json: { status: 'refused', errorCode: 'ACCOUNT_NOT_FOUND' } });
	});

	it('a closed check → ACCOUNT_ALREADY_CLOSED, after one read', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ closeDate: '2023-04-17T21:00:00.000+0000', currentAmount: '50.00' }));
		const { outputs, state } = await apply([paymentRow()]);
		expect(state.requests).toHaveLength(1);
		expect(single(outputs)).toMatchObject({ output: REFUSED, json: { status: 'refused', errorCode: 'ACCOUNT_ALREADY_CLOSED', emailStatus: '' } });
	});

	it('a closed check that shows this payment → applied (the payment closed it), not refused', async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ closeDate: '2023-04-17T21:00:00.000+0000', currentAmount: '20.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00' }] }));
		const { outputs } = await apply([paymentRow()]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'applied', errorCode: '' } });
	});
});

describe('payment.apply — settings incomplete in n8n (SETTINGS_INCOMPLETE, nothing sent)', () => {
	it('the restaurant row is empty (settings never saved) and no field names a method', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		const { outputs, state } = await apply([paymentRow()], { restaurant: '{}' });
		expect(posts(state)).toBe(0);
		const { output, json } = single(outputs);
		expect(output).toBe(SENT);
		expect(json).toMatchObject({ status: 'failed', errorCode: 'SETTINGS_INCOMPLETE', emailStatus: 'pending' });
		expect(String(json.errorText)).toMatch(/settings were never saved/);
	});

	it('the restaurant row is saved but has no method for this kind of payment', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		const { outputs, state } = await apply([paymentRow({ method: 'voucher' })], { restaurant: restaurantRow({ voucherPaymentMethod: '' }) });
		expect(posts(state)).toBe(0);
		const { json } = single(outputs);
		expect(json).toMatchObject({ status: 'failed', errorCode: 'SETTINGS_INCOMPLETE' });
		expect(String(json.errorText)).toMatch(/No Lightspeed payment method is chosen for voucher payments/);
		expect(String(json.errorText)).not.toMatch(/never saved/);
	});

	it('without a restaurant row, the method fields are enough', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => body.paymentMethod === 'QDCARD')
			.reply(200, { status: 'ok' });
		const { outputs } = await apply([paymentRow()], { restaurant: '{}', cardPaymentMethod: 'QDCARD' });
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'sent', paymentMethodCode: 'QDCARD' } });
	});
});

describe('payment.apply — Lightspeed refusals and failures from /pay', () => {
	it('403 "Payment API is not enabled" → failed PAYMENT_API_DISABLED (the restaurant is emailed), not retried', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(403, springError(403, 'Forbidden', `Payment API is not enabled for business location ${LOCATION_ID}`, '/o/op/1/pay'));
		const { outputs, state } = await apply([paymentRow()]);
		expect(state.requests).toHaveLength(2);
		const { output, json } = single(outputs);
		expect(output).toBe(SENT);
		expect(json).toMatchObject({ status: 'failed', errorCode: 'PAYMENT_API_DISABLED', emailStatus: 'pending' });
		expect(String(json.errorText)).toMatch(/^Sending the payment: Payment API is not enabled/);
	});

	it.each([
		['Staff 42 is inactive', 'STAFF_NOT_FOUND'],
		['payment method QDCARD not found', 'PAYMENT_METHOD_NOT_FOUND'],
		['the payment amount is greater than the amount due', 'OVERPAID'],
		['errors.payment.pos.task_timeout', 'POS_TIMEOUT'],
	])('400 "%s" → failed %s', async (message, code) => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api().post('/o/op/1/pay').once().reply(400, springError(400, 'Bad Request', message, '/o/op/1/pay'));
		const { outputs } = await apply([paymentRow()]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'failed', errorCode: code, emailStatus: 'pending' } });
	});

	it('a 400 validation error → failed INVALID_REQUEST with the field named, after one attempt', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(400, { ...springError(400, 'Bad Request', 'Validation failed', '/o/op/1/pay'), errors: [{ field: 'endpointId', defaultMessage: 'must not be null' }] });
		const { outputs, state } = await apply([paymentRow()]);
		expect(posts(state)).toBe(1);
		const { json } = single(outputs);
		expect(json).toMatchObject({ status: 'failed', errorCode: 'INVALID_REQUEST' });
		expect(String(json.errorText)).toMatch(/endpointId: must not be null/);
	});

	it('"account is closed" from /pay → refused ACCOUNT_ALREADY_CLOSED (Qodeup is told, no email)', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api().post('/o/op/1/pay').once().reply(400, springError(400, 'Bad Request', 'account is closed', '/o/op/1/pay'));
		const { outputs } = await apply([paymentRow()]);
		expect(single(outputs)).toMatchObject({ output: REFUSED, json: { status: 'refused', errorCode: 'ACCOUNT_ALREADY_CLOSED', emailStatus: '' } });
	});

	it('a 401 that n8n could not cure → failed AUTHENTICATION_FAILED, nothing sent', async () => {
		api().get(CHECK_PATH).query(true).reply(401, { error: 'invalid_token' });
		const { outputs, state } = await apply([paymentRow()]);
		expect(posts(state)).toBe(0);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'failed', errorCode: 'AUTHENTICATION_FAILED' } });
	});

	it('500s on /pay are retried, then "Outcome Unknown": the row stays received with the cause, same reference every time', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		const references: unknown[] = [];
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => {
				references.push(body.thirdPartyPaymentReference);
				return true;
			})
			.times(4)
			.reply(500, 'oops');
		const { outputs } = await apply([paymentRow()]);
		expect(references).toEqual([ref('p1'), ref('p1'), ref('p1'), ref('p1')]);
		const { output, json, item } = single(outputs);
		expect(output).toBe(UNKNOWN);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({ status: 'received', errorCode: 'LIGHTSPEED_UNAVAILABLE', reference: ref('p1') });
		expect(String(json.errorText)).toMatch(/^Sending the payment/);
		expect(json.sentAtMs).toBeUndefined();
		expect(json.settledAtMs).toBeUndefined();
	});

	it('Lightspeed unreachable while reading the check → "Outcome Unknown", nothing sent, row stays received', async () => {
		api().get(CHECK_PATH).query(true).times(4).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
		const { outputs, state } = await apply([paymentRow()]);
		expect(posts(state)).toBe(0);
		const { output, json } = single(outputs);
		expect(output).toBe(UNKNOWN);
		expect(json).toMatchObject({ status: 'received', errorCode: 'LIGHTSPEED_UNAVAILABLE' });
		expect(String(json.errorText)).toMatch(/^Reading the check/);
	});

	it('429 until the retries run out → "Outcome Unknown" RATE_LIMITED', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api().post('/o/op/1/pay').times(4).reply(429, { message: 'slow down' }, { 'Retry-After': '1' });
		const { outputs } = await apply([paymentRow()]);
		expect(single(outputs)).toMatchObject({ output: UNKNOWN, json: { status: 'received', errorCode: 'RATE_LIMITED' } });
	});
});

describe('payment.apply — reference reuse: look, never send again', () => {
	it('reference determinism: same restaurant + payment id + attempt → same reference; long ids hashed ≤ 50 chars', () => {
		const tag = referenceTag(INTEGRATION_ID);
		expect(ref('p1')).toBe(`Q${tag}-p1-1`);
		expect(ref('p1')).toBe(buildPaymentReference('p1', 1, INTEGRATION_ID));
		const long = buildPaymentReference('a-payment-id/with:odd chars and more than forty characters', 12, INTEGRATION_ID);
		expect(long).toMatch(new RegExp(`^QH${tag}-[0-9a-f]{24}-12$`));
		expect(long.length).toBeLessThanOrEqual(50);
	});

	it('the check already carries the reference → applied, no /pay call', async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00', code: 'QDCARD' }] }));
		const { outputs, state } = await apply([paymentRow()]);
		expect(state.requests).toHaveLength(1);
		const { output, json } = single(outputs);
		expect(output).toBe(SENT);
		expect(json).toMatchObject({ status: 'applied', reference: ref('p1'), errorCode: '', paymentMethodCode: 'QDCARD', emailStatus: '' });
		expect(typeof json.settledAtMs).toBe('number');
		expect(String(json.errorText)).toContain(`on check A65315.21 (reference ${ref('p1')})`);
	});

	it("a retry (attempt 3) whose first attempt's reference is on the check → applied, never sent again", async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00' }] }));
		const { outputs, state } = await apply([paymentRow({ attempt: 3 })]);
		expect(posts(state)).toBe(0);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'applied', attempt: 3, reference: ref('p1', 3) } });
	});

	it('the check shows the payment under its reference from before the tag (QD-…) → recognised as applied, never sent again', async () => {
		// claimed and sent before references carried the restaurant's tag; the row has no reference column yet
		expect(legacyRef('p1')).not.toBe(ref('p1'));
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: legacyRef('p1'), amount: '20.00', code: 'QDCARD' }] }));
		const { outputs, state } = await apply([paymentRow()]);
		expect(posts(state)).toBe(0);
		const { output, json } = single(outputs);
		expect(output).toBe(SENT);
		expect(json).toMatchObject({ status: 'applied', errorCode: '', paymentMethodCode: 'QDCARD' });
		expect(String(json.errorText)).toContain(`(reference ${legacyRef('p1')})`);
	});

	it("another restaurant's line for the same payment id is not this payment: it is sent", async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '45.00', paidAmount: '20.00', payments: [{ reference: buildPaymentReference('p1', 1, 'other-bistro'), amount: '20.00' }] }));
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => body.thirdPartyPaymentReference === ref('p1'))
			.reply(200, { status: 'ok' });
		const { outputs } = await apply([paymentRow()]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'sent', reference: ref('p1') } });
	});

	it('400 "reference has already been used", line present on re-read → applied, nothing resent', async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00' }))
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00' }] }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(400, springError(400, 'Bad Request', `reference has already been used ${ref('p1')}`, '/o/op/1/pay'));
		const { outputs, state } = await apply([paymentRow()]);
		expect(state.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'applied', errorCode: '' } });
	});

	it('400 "reference has already been used", line absent → sent (waiting for the register), nothing resent', async () => {
		api().get(CHECK_PATH).query(true).twice().reply(200, snapshot({ currentAmount: '25.00' }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(400, springError(400, 'Bad Request', `reference has already been used ${ref('p1')}`, '/o/op/1/pay'));
		const { outputs, state } = await apply([paymentRow()]);
		expect(posts(state)).toBe(1);
		const { output, json } = single(outputs);
		expect(output).toBe(SENT);
		expect(json).toMatchObject({ status: 'sent', errorCode: '' });
		expect(String(json.errorText)).toContain(`already had reference ${ref('p1')}`);
	});

	it('reference already used and the re-read fails → still sent (the reference is taken either way)', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '25.00' }));
		api().post('/o/op/1/pay').once().reply(400, springError(400, 'Bad Request', `reference has already been used ${ref('p1')}`, '/o/op/1/pay'));
		api().get(CHECK_PATH).query(true).times(4).reply(503, 'unavailable');
		const { outputs } = await apply([paymentRow()]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'sent' } });
	});

	it('a lost answer on /pay (network error) is retried with the same reference, and the reuse answer resolves it', async () => {
		api().get(CHECK_PATH).query(true).reply(200, snapshot({ currentAmount: '25.00' }));
		const references: unknown[] = [];
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => {
				references.push(body.thirdPartyPaymentReference);
				return true;
			})
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.post('/o/op/1/pay', (body: Record<string, unknown>) => {
				references.push(body.thirdPartyPaymentReference);
				return true;
			})
			.reply(400, springError(400, 'Bad Request', `reference has already been used ${ref('p1')}`, '/o/op/1/pay'));
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: ref('p1'), amount: '20.00' }] }));
		const { outputs } = await apply([paymentRow()]);
		expect(references).toEqual([ref('p1'), ref('p1')]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'applied' } });
	});

	it('attempt 2 uses the next reference', async () => {
		api()
			.get(CHECK_PATH)
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', payments: [{ reference: 'OTHER-1', amount: '1.00' }] }));
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => body.thirdPartyPaymentReference === ref('p1', 2))
			.reply(200, { status: 'ok' });
		const { outputs } = await apply([paymentRow({ attempt: 2 })]);
		expect(single(outputs)).toMatchObject({ output: SENT, json: { status: 'sent', reference: ref('p1', 2), attempt: 2 } });
	});
});

/**
 * Order → Send and Order → Recover (sendClaimedOrder, settleSentOrder): an order is rebuilt
 * from what the order ledger recorded and sent as Lightspeed's eat-in or to-go order under its
 * attempt's reference, which Lightspeed never takes twice (409). Send: 0 "Sent or Settled",
 * 1 "Outcome Unknown". Recover: 0 "Was Claimed", 1 "Was Sent".
 */
import type { INodeExecutionData } from 'n8n-workflow';
import nock from 'nock';

import { orderReference } from '../../../nodes/shared/orders';
import { referenceTag } from '../../../nodes/shared/paymentReference';
import type { LedgerRow } from '../../../nodes/shared/ledgers';
import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { LOCATION_ID, snapshot, springError } from '../../helpers/lightspeedFixtures';
import { runLightspeedNodeOutputs } from '../../helpers/lightspeedNode';
import { asItems, INTEGRATION_ID, orderRow, restaurantRow, unknownColumns } from '../../helpers/ledgerRows';
import type { OrderRowOptions } from '../../helpers/ledgerRows';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });
const LOCAL = '/o/op/1/order/local';
const TO_GO = '/o/op/1/order/toGo';
const SECOND = 1000;
/** The restaurant's reference for an order's attempt (its tag in it). */
const orderRef = (orderId: string, attempt = 1) => orderReference(orderId, attempt, INTEGRATION_ID);

const setupParams = {
	businessLocationId: LOCATION_ID,
	restaurant: restaurantRow(),
	endpointId: 'QODEUP-DEMO',
};

async function send(rows: LedgerRow[], params: Record<string, unknown> = {}) {
	const result = await runLightspeedNodeOutputs({ resource: 'order', operation: 'send', ...setupParams, ...params }, { items: asItems(rows) });
	expect(result.outputs).toHaveLength(2);
	for (const item of result.outputs.flat()) expect(unknownColumns('orders', item.json)).toEqual([]);
	return result;
}

async function recover(rows: LedgerRow[], params: Record<string, unknown> = {}) {
	const result = await runLightspeedNodeOutputs({ resource: 'order', operation: 'recover', ...setupParams, ...params }, { items: asItems(rows) });
	expect(result.outputs).toHaveLength(2);
	for (const item of result.outputs.flat()) expect(unknownColumns('orders', item.json)).toEqual([]);
	return result;
}

const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, unknown>);

/** Sends one claimed order that Lightspeed answers with `status` / `body`; returns its one output row. */
async function sendAnswered(status: number, body: nock.Body, options: OrderRowOptions = {}) {
	api().post(LOCAL).once().reply(status, body);
	const { outputs } = await send([orderRow(options)]);
	const all = outputs.flatMap((items, output) => items.map((item) => ({ output, json: item.json as Record<string, unknown> })));
	expect(all).toHaveLength(1);
	return all[0];
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('order.send — the recorded order, as Lightspeed takes it', () => {
	it('eat-in on a table: POST /o/op/1/order/local with tableNumber as a string; the sent row on "Sent or Settled"', async () => {
		api()
			.post(LOCAL, {
				businessLocationId: LOCATION_ID,
				thirdPartyReference: orderRef('o-1'),
				endpointId: 'QODEUP-DEMO',
				customerInfo: { firstName: 'Ana', email: 'ana@example.com', contactNumberAsE164: '+34600000000' },
				items: [
					{ quantity: 2, sku: 'BURGER', modifiers: [{ modifierId: '236025632784492' }] },
					{ quantity: 1, sku: 'COLA' },
				],
				maxTimeToAttemptOrderDeliverToPos: 120000,
				tableNumber: '12',
			})
			.reply(200, { status: 'ok' });
		const before = Date.now();
		const { outputs, state } = await send([orderRow()]);
		expect(state.requests).toHaveLength(1);
		expect(outputs[1]).toEqual([]);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		const [row] = json(outputs[0]);
		expect(row).toMatchObject({
			integrationId: INTEGRATION_ID,
			orderId: 'o-1',
			status: 'sent',
			reference: orderRef('o-1'),
			attempt: 1,
			mode: 'eat-in',
			tableNumber: '12',
			checkId: '',
			itemCount: 2,
			businessLocationId: String(LOCATION_ID),
			errorCode: '',
			errorText: '',
		});
		expect(row.sentAtMs).toBeGreaterThanOrEqual(before);
	});

	it('eat-in on an open check, paid by card with a tip (the amount includes it), staff from the restaurant row, note and profile', async () => {
		let body: Record<string, unknown> | undefined;
		api()
			.post(LOCAL, (sent: Record<string, unknown>) => {
				body = sent;
				return true;
			})
			.reply(200, { status: 'ok' });
		const row = orderRow({ orderId: 'o-2', checkId: 'A5.1', tableNumber: null, note: 'No onions', payment: { amount: '14.50', tipAmount: '1.10', method: 'card' } });
		const { outputs } = await send([row], {
			restaurant: restaurantRow({ staffId: '42' }),
			options: { eatInProfileCode: 'LOCALORDER', toGoProfileCode: 'TOGOORDER', maxTimeToAttemptMs: 90000 },
		});
		expect(body).toMatchObject({
			thirdPartyReference: orderRef('o-2'),
			accountIdentifier: 'A5.1',
			payment: { paymentMethod: 'QDCARD', paymentAmount: 15.6, tipAmount: 1.1 },
			staffId: 42,
			orderNote: 'No onions',
			accountProfileCode: 'LOCALORDER',
			maxTimeToAttemptOrderDeliverToPos: 90000,
		});
		expect(body?.tableNumber).toBeUndefined();
		expect(json(outputs[0])).toEqual([expect.objectContaining({ status: 'sent', checkId: 'A5.1', tableNumber: '' })]);
	});

	it('to-go: POST /o/op/1/order/toGo without table fields, voucher method and the to-go profile', async () => {
		let body: Record<string, unknown> | undefined;
		api()
			.post(TO_GO, (sent: Record<string, unknown>) => {
				body = sent;
				return true;
			})
			.reply(200, { status: 'ok' });
		const row = orderRow({ orderId: 'o-3', mode: 'to-go', payment: { amount: '10.00', tipAmount: '0.00', method: 'voucher' } });
		const { outputs } = await send([row], { options: { eatInProfileCode: 'LOCALORDER', toGoProfileCode: 'TOGOORDER' } });
		expect(body).toMatchObject({ accountProfileCode: 'TOGOORDER', payment: { paymentMethod: 'QDVOUCHER', paymentAmount: 10, tipAmount: 0 } });
		expect(body?.tableNumber).toBeUndefined();
		expect(body?.accountIdentifier).toBeUndefined();
		expect(json(outputs[0])).toEqual([expect.objectContaining({ status: 'sent', mode: 'to-go', tableNumber: '' })]);
	});

	it('an empty first name is sent as "Qodeup guest"', async () => {
		api()
			.post(LOCAL, (sent: Record<string, unknown>) => JSON.stringify(sent.customerInfo) === '{"firstName":"Qodeup guest"}')
			.reply(200, { status: 'ok' });
		await send([orderRow({ customer: { firstName: '', lastName: '', email: '', phone: '' } })]);
	});

	it('only claimed rows are sent, each output paired with its input row', async () => {
		api()
			.post(LOCAL, (sent: Record<string, unknown>) => sent.thirdPartyReference === orderRef('o-claimed'))
			.reply(200, { status: 'ok' });
		const rows = [
			orderRow({ orderId: 'o-sent', status: 'sent' }),
			orderRow({ orderId: 'o-unclaimed', status: '' }),
			{},
			orderRow({ orderId: 'o-claimed' }),
			orderRow({ orderId: 'o-failed', status: 'failed' }),
		];
		const { outputs, state } = await send(rows);
		expect(state.requests).toHaveLength(1);
		expect(outputs[0].map((item) => [item.json.orderId, item.pairedItem])).toEqual([['o-claimed', { item: 3 }]]);
	});

	it('a retry (attempt 2) goes under its own reference; a long order id is hashed to at most 48 characters', async () => {
		const longId = `order-${'x'.repeat(60)}`;
		const references: unknown[] = [];
		api()
			.post(LOCAL, (sent: Record<string, unknown>) => {
				references.push(sent.thirdPartyReference);
				return true;
			})
			.twice()
			.reply(200, { status: 'ok' });
		const tag = referenceTag(INTEGRATION_ID);
		await send([orderRow({ attempt: 2, columns: { reference: orderRef('o-1', 2) } }), orderRow({ orderId: longId })]);
		expect(references[0]).toBe(`QO${tag}-o-1-R2`);
		expect(references[1]).toMatch(new RegExp(`^QOH${tag}-[0-9a-f]{24}$`));
		expect(references[1]).toBe(orderRef(longId));
		expect(String(references[1]).length).toBeLessThanOrEqual(48);
		expect(orderRef('o-1', 2)).toBe(orderReference('o-1', 2, INTEGRATION_ID));
	});

	it('needs the webhook endpoint', async () => {
		await expect(send([orderRow()], { endpointId: '' })).rejects.toThrow(/Webhook Endpoint ID is required/);
	});
});

describe('order.send — what Lightspeed answers', () => {
	it.each<[string, string, string]>([
		['Item not found for SKU PIZZA', 'SKU_NOT_FOUND', 'an unknown SKU'],
		['Table 10 is not active', 'TABLE_INACTIVE', 'an inactive table'],
		['Table 99 not found', 'TABLE_NOT_FOUND', 'an unknown table'],
		['Discount not found for code XMAS', 'DISCOUNT_REFUSED', 'an unknown discount'],
		['Staff not found: 43', 'STAFF_NOT_FOUND', 'an inactive staff'],
		['Account is already closed', 'ACCOUNT_ALREADY_CLOSED', 'a closed check'],
		["Validation failed for object='localOrder'. Error count: 1", 'INVALID_REQUEST', 'words we do not recognise'],
	])('400 "%s" → failed %s (%s), emailed, with Lightspeed\'s words', async (message, code) => {
		const { output, json: row } = await sendAnswered(400, springError(400, 'Bad Request', message, LOCAL));
		expect(output).toBe(0);
		expect(row).toMatchObject({ status: 'failed', errorCode: code, emailStatus: 'pending', errorText: `Sending the order: ${message}` });
		expect(typeof row.settledAtMs).toBe('number');
	});

	it('403 → failed ACCESS_DENIED', async () => {
		const { json: row } = await sendAnswered(403, { message: 'Access Denied' });
		expect(row).toMatchObject({ status: 'failed', errorCode: 'ACCESS_DENIED' });
	});

	it.each<[string, nock.Body]>([
		['409 "reference has already been used"', { status: 'fail', msg: `reference has already been used ${orderRef('o-1')}` }],
		['a bare 409', { status: 'fail' }],
	])('%s → sent: Lightspeed already has it, nothing sent twice', async (_label, body) => {
		const { output, json: row } = await sendAnswered(409, body);
		expect(output).toBe(0);
		expect(row).toMatchObject({ status: 'sent', errorCode: '', errorText: `Lightspeed already had order ${orderRef('o-1')}.` });
	});

	it('5xx after the retries → "Outcome Unknown": the row stays claimed with the cause, same reference each time', async () => {
		const references: unknown[] = [];
		api()
			.post(LOCAL, (sent: Record<string, unknown>) => {
				references.push(sent.thirdPartyReference);
				return true;
			})
			.times(4)
			.reply(503, 'unavailable');
		const { outputs } = await send([orderRow()]);
		expect(references).toEqual([orderRef('o-1'), orderRef('o-1'), orderRef('o-1'), orderRef('o-1')]);
		expect(outputs[0]).toEqual([]);
		expect(outputs[1][0].pairedItem).toEqual({ item: 0 });
		expect(json(outputs[1])).toEqual([expect.objectContaining({ status: 'received', errorCode: 'LIGHTSPEED_UNAVAILABLE' })]);
		expect(outputs[1][0].json.sentAtMs).toBeUndefined();
	});

	it('a paid order without a payment method in the restaurant settings → failed SETTINGS_INCOMPLETE, nothing sent', async () => {
		const row = orderRow({ payment: { amount: '10.00', tipAmount: '0.00', method: 'voucher' } });
		const { outputs, state } = await send([row], { restaurant: restaurantRow({ voucherPaymentMethod: '' }) });
		expect(state.requests).toHaveLength(0);
		expect(json(outputs[0])).toEqual([expect.objectContaining({ status: 'failed', errorCode: 'SETTINGS_INCOMPLETE', emailStatus: 'pending' })]);
		expect(String(outputs[0][0].json.errorText)).toMatch(/No Lightspeed payment method is chosen for voucher payments/);
		// an order without payment needs no method
		api().post(LOCAL).reply(200, { status: 'ok' });
		const unpaid = await send([orderRow()], { restaurant: '{}' });
		expect(json(unpaid.outputs[0])).toEqual([expect.objectContaining({ status: 'sent' })]);
	});

	it('a row whose request cannot be read, or whose payment amount is not an amount → failed INVALID_REQUEST, nothing sent', async () => {
		const unreadable = orderRow({ columns: { request: '{not json' } });
		const badAmount = orderRow({ orderId: 'o-2', payment: { amount: '1.001', tipAmount: '0.00', method: 'card' } });
		const { outputs, state } = await send([unreadable, badAmount]);
		expect(state.requests).toHaveLength(0);
		expect(json(outputs[0]).map((row) => [row.orderId, row.status, row.errorCode])).toEqual([
			['o-1', 'failed', 'INVALID_REQUEST'],
			['o-2', 'failed', 'INVALID_REQUEST'],
		]);
		expect(String(outputs[0][0].json.errorText)).toMatch(/no readable request/);
		expect(String(outputs[0][1].json.errorText)).toMatch(/payment\.amount must have at most two decimals/);
	});
});

describe('order.recover', () => {
	const sentOrder = (agoMs: number, options: OrderRowOptions = {}) => {
		const at = Date.now() - agoMs;
		const orderId = options.orderId ?? 'o-1';
		return orderRow({ ...options, orderId, status: 'sent', updatedAt: at, columns: { reference: orderRef(orderId), sentAtMs: at, mode: options.mode ?? 'eat-in', ...(options.columns ?? {}) } });
	};

	it('sends a claim a stopped execution left (not a recent one), and looks up a sent order whose outcome never came', async () => {
		api()
			.post(LOCAL, (sent: Record<string, unknown>) => sent.thirdPartyReference === orderRef('o-stuck'))
			.reply(200, { status: 'ok' });
		api()
			.post(LOCAL, (sent: Record<string, unknown>) => sent.thirdPartyReference === orderRef('o-lost'))
			.reply(409, { status: 'fail', msg: `reference has already been used ${orderRef('o-lost')}` });
		const rows = [
			orderRow({ orderId: 'o-fresh', updatedAt: Date.now() - 10 * SECOND }),
			orderRow({ orderId: 'o-stuck', updatedAt: Date.now() - 200 * SECOND }),
			sentOrder(60 * SECOND, { orderId: 'o-waiting' }),
			sentOrder(400 * SECOND, { orderId: 'o-lost' }),
		];
		const { outputs, state } = await recover(rows);
		expect(state.requests).toHaveLength(2);
		expect(json(outputs[0])).toEqual([expect.objectContaining({ orderId: 'o-stuck', status: 'sent' })]);
		const [lost] = json(outputs[1]);
		expect(lost).toMatchObject({ orderId: 'o-lost', status: 'failed', errorCode: 'NO_OUTCOME', emailStatus: 'pending' });
		expect(String(lost.errorText)).toMatch(/never said whether a register accepted it/);
	});

	it('a paid order found on an open check by its payment line → accepted, with the check; nothing sent again', async () => {
		api()
			.get('/o/op/1/order/table/getCheck')
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, [
				snapshot({ checkId: 'A9.1', tableNumber: 9, currentAmount: '5.00' }),
				snapshot({ checkId: 'A12.3', tableNumber: 12, currentAmount: '15.60', paidAmount: '15.60', payments: [{ reference: orderRef('o-paid'), amount: '15.60' }] }),
			]);
		const row = sentOrder(400 * SECOND, { orderId: 'o-paid', payment: { amount: '14.50', tipAmount: '1.10', method: 'card' } });
		const now = Date.now();
		const { outputs, state } = await recover([row]);
		expect(state.requests.map((request) => request.method)).toEqual(['GET']);
		const [accepted] = json(outputs[1]);
		expect(accepted).toMatchObject({ orderId: 'o-paid', status: 'accepted', accountId: 'A12.3' });
		expect(accepted.settledAtMs).toBeGreaterThanOrEqual(now);
	});

	it('a paid order sent before references carried the tag keeps its reference (the order id): found under it → accepted', async () => {
		const legacy = orderReference('o-old', 1);
		expect(legacy).toBe('o-old');
		api()
			.get('/o/op/1/order/table/getCheck')
			.query(true)
			.reply(200, [snapshot({ checkId: 'A12.3', tableNumber: 12, currentAmount: '15.60', paidAmount: '15.60', payments: [{ reference: legacy, amount: '15.60' }] })]);
		const row = sentOrder(400 * SECOND, { orderId: 'o-old', payment: { amount: '14.50', tipAmount: '1.10', method: 'card' }, columns: { reference: legacy } });
		const { outputs, state } = await recover([row]);
		expect(state.requests.map((request) => request.method)).toEqual(['GET']);
		expect(json(outputs[1])).toEqual([expect.objectContaining({ orderId: 'o-old', status: 'accepted', reference: legacy, accountId: 'A12.3' })]);
	});

	it('a paid order not on any open check is sent again under its reference: already there → NO_OUTCOME; taken now → sent', async () => {
		api().get('/o/op/1/order/table/getCheck').query(true).twice().reply(200, [snapshot({ checkId: 'A9.1', tableNumber: 9 })]);
		api().post(LOCAL).reply(409, { status: 'fail', msg: `reference has already been used ${orderRef('o-paid')}` });
		api().post(LOCAL).reply(200, { status: 'ok' });
		const payment = { amount: '14.50', tipAmount: '1.10', method: 'card' as const };
		const first = await recover([sentOrder(400 * SECOND, { orderId: 'o-paid', payment })]);
		expect(json(first.outputs[1])).toEqual([expect.objectContaining({ status: 'failed', errorCode: 'NO_OUTCOME' })]);
		const before = Date.now();
		const second = await recover([sentOrder(400 * SECOND, { orderId: 'o-paid', payment })]);
		const [row] = json(second.outputs[1]);
		expect(row).toMatchObject({ status: 'sent' });
		expect(row.sentAtMs).toBeGreaterThanOrEqual(before);
	});

	it('a resend refused in words → failed with the named cause', async () => {
		api().post(LOCAL).reply(400, springError(400, 'Bad Request', 'Item not found for SKU BURGER', LOCAL));
		const { outputs } = await recover([sentOrder(400 * SECOND)]);
		expect(json(outputs[1])).toEqual([expect.objectContaining({ status: 'failed', errorCode: 'SKU_NOT_FOUND' })]);
	});

	it('open checks unreadable → the sent order waits for the next run; a recent sent order is left alone', async () => {
		api().get('/o/op/1/order/table/getCheck').query(true).times(4).reply(500, 'boom');
		const rows = [
			sentOrder(400 * SECOND, { payment: { amount: '1.00', tipAmount: '0.00', method: 'card' } }),
			sentOrder(30 * SECOND, { orderId: 'o-recent' }),
		];
		const { outputs } = await recover(rows);
		expect(outputs.flat()).toEqual([]);
	});

	it('a claim Lightspeed cannot take (unreachable) waits; after the give-up time it fails with that cause', async () => {
		api().post(LOCAL).times(8).reply(503, 'unavailable');
		const early = await recover([orderRow({ updatedAt: Date.now() - 200 * SECOND })]);
		expect(early.outputs.flat()).toEqual([]);
		const late = await recover([orderRow({ updatedAt: Date.now() - 1000 * SECOND })], { giveUpSeconds: 900 });
		const [row] = json(late.outputs[0]);
		expect(row).toMatchObject({ status: 'failed', errorCode: 'LIGHTSPEED_UNAVAILABLE', emailStatus: 'pending' });
		expect(String(row.errorText)).toMatch(/^Lightspeed could not be reached for 17 minutes/);
	});

	it('the claimed and settle times are parameters', async () => {
		api().post(LOCAL).twice().reply(200, { status: 'ok' });
		const rows = [orderRow({ updatedAt: Date.now() - 30 * SECOND }), sentOrder(30 * SECOND, { orderId: 'o-2' })];
		const none = await recover(rows);
		expect(none.outputs.flat()).toEqual([]);
		const { outputs } = await recover(rows, { claimedGraceSeconds: 20, settleAfterSeconds: 20 });
		expect(json(outputs[0]).map((row) => row.orderId)).toEqual(['o-1']);
		expect(json(outputs[1]).map((row) => row.orderId)).toEqual(['o-2']);
	});
});

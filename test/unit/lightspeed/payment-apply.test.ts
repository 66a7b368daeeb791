import nock from 'nock';

import { buildPaymentReference } from '../../../nodes/shared/paymentReference';
import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { LOCATION_ID, snapshot, springError } from '../../helpers/lightspeedFixtures';
import { runLightspeedNode } from '../../helpers/lightspeedNode';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });

const baseParams = {
	resource: 'payment',
	operation: 'apply',
	businessLocationId: LOCATION_ID,
	paymentId: 'p1',
	attempt: 1,
	checkId: 'A65315.21',
	amount: '20.00',
	tipAmount: '1.50',
	method: 'card',
	cardPaymentMethod: 'QDCARD',
	voucherPaymentMethod: 'QDVOUCHER',
	inFlightAmount: '0',
	endpointId: 'QODEUP-DEMO',
};

function apply(params: Record<string, unknown> = {}) {
	return runLightspeedNode({ ...baseParams, ...params });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('payment.apply — normal path', () => {
	it('reads the check by id, then POSTs /o/op/1/pay (2 calls) and reports sent', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '0.00' }));
		api()
			.post('/o/op/1/pay', {
				businessLocationId: LOCATION_ID,
				iKaccountIdentifier: 'A65315.21',
				thirdPartyPaymentReference: 'QD-p1-1',
				endpointId: 'QODEUP-DEMO',
				paymentAmount: 20,
				tipAmount: 1.5,
				paymentMethod: 'QDCARD',
				taskTtlInMs: 120000,
			})
			.reply(200, { status: 'ok' });
		const { output, state } = await apply();
		expect(state.requests).toHaveLength(2);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({
			status: 'sent',
			reference: 'QD-p1-1',
			attempt: 1,
			checkId: 'A65315.21',
			tableNumber: 1,
			amount: '20.00',
			tipAmount: '1.50',
			paymentMethodCode: 'QDCARD',
			remainingBefore: '25.00',
			alreadySent: false,
			errorCode: null,
		});
	});

	it('by table number: the all-checks call filtered, then pay; voucher method, staff, device and TTL options', async () => {
		api()
			.get('/o/op/1/order/table/getCheck')
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, [
				snapshot({ checkId: 'A1.1', tableNumber: 12, currentAmount: 48.2, paidAmount: 0 }),
				snapshot({ checkId: 'A1.2', tableNumber: 13 }),
			]);
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => {
				expect(body).toEqual({
					businessLocationId: LOCATION_ID,
					iKaccountIdentifier: 'A1.1',
					thirdPartyPaymentReference: 'QD-pay_77-3',
					endpointId: 'QODEUP-DEMO',
					paymentAmount: 48.2,
					tipAmount: 0,
					paymentMethod: 'QDVOUCHER',
					taskTtlInMs: 60000,
					staffId: 42,
					deviceId: 12345678980,
				});
				return true;
			})
			.reply(200, { status: 'ok' });
		const { output } = await apply({
			checkId: '',
			tableNumber: 12,
			paymentId: 'pay_77',
			attempt: 3,
			amount: '48.20',
			tipAmount: '',
			method: 'voucher',
			options: { staffId: '42', deviceId: '12345678980', taskTtlMs: 60000 },
		});
		expect(output[0].json).toMatchObject({
			status: 'sent',
			checkId: 'A1.1',
			tableNumber: 12,
			reference: 'QD-pay_77-3',
			paymentMethodCode: 'QDVOUCHER',
			tipAmount: '0.00',
		});
	});

	it('sends amounts as exact JSON numbers built from minor units', async () => {
		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ currentAmount: '0.30' }));
		let raw = '';
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => {
				raw = JSON.stringify({ paymentAmount: body.paymentAmount, tipAmount: body.tipAmount });
				return true;
			})
			.reply(200, { status: 'ok' });
		await apply({ amount: '0.3', tipAmount: '0.07' });
		expect(raw).toBe('{"paymentAmount":0.3,"tipAmount":0.07}');
	});
});

describe('payment.apply — amount check', () => {
	it('refuses when amount > remaining − inFlightAmount, with remaining in the message and as a field', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: '30.00', paidAmount: '5.00' }));
		const { output, state } = await apply({ amount: '20.00', inFlightAmount: '7.00' });
		expect(state.requests).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			status: 'refused',
			errorCode: 'AMOUNT_EXCEEDS_REMAINING',
			remaining: '18.00',
			remainingBefore: '25.00',
		});
		expect(output[0].json.message).toMatch(/remaining 18\.00/);
	});

	it('accepts exactly remaining − inFlightAmount (string and number amounts, 0.1 + 0.2)', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: 0.3, paidAmount: '0.1' }));
		api().post('/o/op/1/pay').reply(200, { status: 'ok' });
		const { output } = await apply({ amount: '0.10', tipAmount: '0', inFlightAmount: '0.10' });
		expect(output[0].json).toMatchObject({ status: 'sent', remainingBefore: '0.20' });
	});

	it('a check already fully paid refuses any amount', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: '10.00', paidAmount: '10.00' }));
		const { output } = await apply({ amount: '0.01' });
		expect(output[0].json).toMatchObject({ status: 'refused', errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: '0.00' });
	});

	it.each([
		['amount', '12.345', /amount must have at most two decimals/],
		['amount', '0', /amount must be greater than zero/],
		['amount', '-5', /amount must not be negative/],
		['amount', 'twelve', /amount must be a decimal amount/],
		['amount', '', /amount is required/],
		['tipAmount', '1.005', /tipAmount must have at most two decimals/],
		['tipAmount', '-1', /tipAmount must not be negative/],
		['inFlightAmount', 'x', /inFlightAmount must be a decimal amount/],
	])('refuses %s = %j before any call', async (field, value, message) => {
		await expect(apply({ [field]: value })).rejects.toThrow(message);
	});

	it('refuses a task TTL under 60000 ms', async () => {
		await expect(apply({ options: { taskTtlMs: 59999 } })).rejects.toThrow(/taskTtlMs must be a whole number from 60000/);
	});

	it('needs a check id or a table number', async () => {
		await expect(apply({ checkId: '', tableNumber: '' })).rejects.toThrow(/checkId or tableNumber is required/);
	});
});

describe('payment.apply — check resolution refusals (output items, not errors)', () => {
	it('no open check on the table → ACCOUNT_NOT_FOUND', async () => {
		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, [snapshot({ tableNumber: 4 })]);
		const { output } = await apply({ checkId: '', tableNumber: '12' });
		expect(output[0].json).toMatchObject({ status: 'refused', errorCode: 'ACCOUNT_NOT_FOUND', tableNumber: 12 });
	});

	it('several open checks on the table → MULTIPLE_OPEN_CHECKS listing them', async () => {
		api()
			.get('/o/op/1/order/table/getCheck')
			.query(true)
			.reply(200, [
				snapshot({ checkId: 'A5.1', tableNumber: 5, currentAmount: '10.00' }),
				snapshot({ checkId: 'A5.2', tableNumber: 5, currentAmount: '7.50' }),
			]);
		const { output, state } = await apply({ checkId: '', tableNumber: 5 });
		expect(state.requests).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			status: 'refused',
			errorCode: 'MULTIPLE_OPEN_CHECKS',
			openChecks: [
				{ checkId: 'A5.1', remaining: '10.00' },
				{ checkId: 'A5.2', remaining: '7.50' },
			],
		});
		expect(output[0].json.message).toMatch(/A5\.1.*A5\.2/);
	});

	it('unknown check id (404) → ACCOUNT_NOT_FOUND', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(404, springError(404, 'Not Found', 'account not found for BL 1', '/o/op/1/order/accounts/A65315.21'));
		const { output } = await apply();
		expect(output[0].json).toMatchObject({ status: 'refused', errorCode: 'ACCOUNT_NOT_FOUND' });
	});

	it('a closed check → ACCOUNT_ALREADY_CLOSED', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ closeDate: '2023-04-17T21:00:00.000+0000', currentAmount: '50.00' }));
		const { output, state } = await apply();
		expect(state.requests).toHaveLength(1);
		expect(output[0].json).toMatchObject({ status: 'refused', errorCode: 'ACCOUNT_ALREADY_CLOSED' });
	});

	it('no payment method configured for the chosen method → PAYMENT_METHOD_NOT_FOUND', async () => {
		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		const { output } = await apply({ method: 'voucher', voucherPaymentMethod: '' });
		expect(output[0].json).toMatchObject({ status: 'refused', errorCode: 'PAYMENT_METHOD_NOT_FOUND' });
		expect(output[0].json.message).toMatch(/voucherPaymentMethod/);
	});
});

describe('payment.apply — Lightspeed refusals from /pay', () => {
	it('403 "Payment API is not enabled" → refused PAYMENT_API_DISABLED', async () => {
		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(403, springError(403, 'Forbidden', `Payment API is not enabled for business location ${LOCATION_ID}`, '/o/op/1/pay'));
		const { output, state } = await apply();
		expect(state.requests).toHaveLength(2);
		expect(output[0].json).toMatchObject({ status: 'refused', errorCode: 'PAYMENT_API_DISABLED', httpStatus: 403 });
		expect(String(output[0].json.fix)).toMatch(/Lightspeed support/);
	});

	it('a 400 validation error is thrown (not a business refusal), after one attempt', async () => {
		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(400, { ...springError(400, 'Bad Request', 'Validation failed', '/o/op/1/pay'), errors: [{ field: 'endpointId', defaultMessage: 'must not be null' }] });
		await expect(apply()).rejects.toMatchObject({ context: expect.objectContaining({ errorCode: 'INVALID_REQUEST', httpStatus: 400 }) });
	});

	it('500s on /pay are retried, then thrown as LIGHTSPEED_UNAVAILABLE (continueOnFail carries the code)', async () => {
		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ currentAmount: '50.00' }));
		api().post('/o/op/1/pay').times(4).reply(500, 'oops');
		const { output } = await runLightspeedNode({ ...baseParams }, { continueOnFail: true });
		expect(output[0].json).toMatchObject({ errorCode: 'LIGHTSPEED_UNAVAILABLE', httpStatus: 500 });
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('payment.apply — reference reuse: look, never send again', () => {
	it('reference determinism: same payment id + attempt → same reference; long ids hashed ≤ 50 chars', () => {
		expect(buildPaymentReference('p1', 1)).toBe('QD-p1-1');
		expect(buildPaymentReference('p1', 1)).toBe(buildPaymentReference('p1', 1));
		const long = buildPaymentReference('a-payment-id/with:odd chars and more than forty characters', 12);
		expect(long).toMatch(/^QDH-[0-9a-f]{32}-12$/);
		expect(long.length).toBeLessThanOrEqual(50);
	});

	it('the check already carries the reference → applied, no /pay call', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: 'QD-p1-1', amount: '20.00' }] }));
		const { output, state } = await apply();
		expect(state.requests).toHaveLength(1);
		expect(output[0].json).toMatchObject({ status: 'applied', alreadySent: true, reference: 'QD-p1-1' });
	});

	it('400 "reference has already been used", line present on re-read → applied, nothing resent', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00' }))
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: 'QD-p1-1', amount: '20.00' }] }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(400, springError(400, 'Bad Request', 'reference has already been used QD-p1-1', '/o/op/1/pay'));
		const { output, state } = await apply();
		expect(state.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
		expect(output[0].json).toMatchObject({ status: 'applied', alreadySent: true, remainingBefore: '25.00' });
	});

	it('400 "reference has already been used", line absent → sent with alreadySent, nothing resent', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.twice()
			.reply(200, snapshot({ currentAmount: '25.00' }));
		api()
			.post('/o/op/1/pay')
			.once()
			.reply(400, springError(400, 'Bad Request', 'reference has already been used QD-p1-1', '/o/op/1/pay'));
		const { output, state } = await apply();
		expect(state.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(output[0].json).toMatchObject({ status: 'sent', alreadySent: true, errorCode: null });
	});

	it('a lost answer on /pay (network error) is retried with the same reference, and the reuse answer resolves it', async () => {
		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ currentAmount: '25.00' }));
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
			.reply(400, springError(400, 'Bad Request', 'reference has already been used QD-p1-1', '/o/op/1/pay'));
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', paidAmount: '20.00', payments: [{ reference: 'QD-p1-1', amount: '20.00' }] }));
		const { output } = await apply();
		expect(references).toEqual(['QD-p1-1', 'QD-p1-1']);
		expect(output[0].json).toMatchObject({ status: 'applied', alreadySent: true });
	});

	it('attempt 2 uses the next reference', async () => {
		api()
			.get('/o/op/1/order/accounts/A65315.21')
			.query(true)
			.reply(200, snapshot({ currentAmount: '25.00', payments: [{ reference: 'OTHER-1', amount: '1.00' }] }));
		api()
			.post('/o/op/1/pay', (body: Record<string, unknown>) => body.thirdPartyPaymentReference === 'QD-p1-2')
			.reply(200, { status: 'ok' });
		const { output } = await apply({ attempt: 2 });
		expect(output[0].json).toMatchObject({ status: 'sent', reference: 'QD-p1-2', attempt: 2 });
	});
});

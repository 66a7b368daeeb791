import nock from 'nock';

import { buildOrderReference } from '../../../nodes/shared/paymentReference';
import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { businesses, LOCATION_ID, paymentMethods, readinessReady, springError, staffPage } from '../../helpers/lightspeedFixtures';
import { runLightspeedNode } from '../../helpers/lightspeedNode';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

const items = [{ sku: 'BURGER', quantity: 2, modifiers: ['236025632784492'] }, { sku: 'COLA', quantity: 1 }];
const customer = { firstName: 'Ana', lastName: '', email: 'ana@example.com', phone: '+34600000000' };

describe('order.createEatIn', () => {
	it('new check on a table: POST /o/op/1/order/local with tableNumber as a string', async () => {
		api()
			.post('/o/op/1/order/local', {
				businessLocationId: LOCATION_ID,
				thirdPartyReference: 'o-1',
				endpointId: 'QODEUP-DEMO',
				customerInfo: { firstName: 'Ana', email: 'ana@example.com', contactNumberAsE164: '+34600000000' },
				items: [
					{ quantity: 2, sku: 'BURGER', modifiers: [{ modifierId: '236025632784492' }] },
					{ quantity: 1, sku: 'COLA' },
				],
				maxTimeToAttemptOrderDeliverToPos: 120000,
				orderNote: 'No onions',
				tableNumber: '12',
				clientCount: 3,
			})
			.reply(200, { status: 'ok' });
		const { output } = await runLightspeedNode({
			resource: 'order',
			operation: 'createEatIn',
			businessLocationId: LOCATION_ID,
			orderId: 'o-1',
			endpointId: 'QODEUP-DEMO',
			tableNumber: 12,
			items: JSON.stringify(items),
			customer,
			note: 'No onions',
			options: { clientCount: 3 },
		});
		expect(output[0].json).toMatchObject({
			status: 'sent',
			orderId: 'o-1',
			thirdPartyReference: 'o-1',
			mode: 'eat-in',
			tableNumber: 12,
			checkId: null,
			itemCount: 2,
			paymentAmount: null,
		});
	});

	it('adds to an open check with accountIdentifier (no table number), with a paid card payment incl. tip', async () => {
		api()
			.post('/o/op/1/order/local', (body: Record<string, unknown>) => {
				expect(body.accountIdentifier).toBe('A5.1');
				expect(body.tableNumber).toBeUndefined();
				expect(body.clientCount).toBeUndefined();
				expect(body.payment).toEqual({ paymentMethod: 'QDCARD', paymentAmount: 15.6, tipAmount: 1.1 });
				expect(body.staffId).toBe(42);
				expect(body.accountProfileCode).toBe('LOCALORDER');
				return true;
			})
			.reply(200, { status: 'ok' });
		const { output } = await runLightspeedNode({
			resource: 'order',
			operation: 'createEatIn',
			businessLocationId: LOCATION_ID,
			orderId: 'o-2',
			endpointId: 'QODEUP-DEMO',
			checkId: 'A5.1',
			tableNumber: 12,
			items,
			customer,
			payment: { amount: '14.50', tipAmount: '1.10', method: 'card' },
			cardPaymentMethod: 'QDCARD',
			options: { staffId: 42, accountProfileCode: 'LOCALORDER' },
		});
		expect(output[0].json).toMatchObject({ status: 'sent', checkId: 'A5.1', paymentAmount: '15.60', tipAmount: '1.10' });
	});

	it('409 reused reference → alreadySent, not resent', async () => {
		api()
			.post('/o/op/1/order/local')
			.once()
			.reply(409, { status: 'fail', msg: 'reference has already been used o-1' });
		const { output, state } = await runLightspeedNode({
			resource: 'order',
			operation: 'createEatIn',
			businessLocationId: LOCATION_ID,
			orderId: 'o-1',
			endpointId: 'QODEUP-DEMO',
			tableNumber: 12,
			items,
		});
		expect(state.requests).toHaveLength(1);
		expect(output[0].json).toMatchObject({ status: 'alreadySent', thirdPartyReference: 'o-1' });
	});

	it('empty first name is sent as "Qodeup guest"; long order ids are hashed to ≤ 48 chars', async () => {
		const orderId = 'x'.repeat(60);
		api()
			.post('/o/op/1/order/local', (body: Record<string, unknown>) => {
				expect(body.customerInfo).toEqual({ firstName: 'Qodeup guest' });
				expect(body.thirdPartyReference).toBe(buildOrderReference(orderId));
				expect(String(body.thirdPartyReference).length).toBeLessThanOrEqual(48);
				return true;
			})
			.reply(200, { status: 'ok' });
		await runLightspeedNode({
			resource: 'order',
			operation: 'createEatIn',
			businessLocationId: LOCATION_ID,
			orderId,
			endpointId: 'QODEUP-DEMO',
			tableNumber: '3',
			items,
			customer: { firstName: '  ' },
		});
	});

	it.each([
		[{ items: [] }, /items must be a non-empty array/],
		[{ items: [{ sku: '', quantity: 1 }] }, /items\[0\]\.sku must be 1-25 characters/],
		[{ items: [{ sku: 'A', quantity: 0 }] }, /items\[0\]\.quantity must be a whole number/],
		[{ items: '{not json' }, /items must be valid JSON/],
		[{ tableNumber: '', checkId: '' }, /tableNumber or checkId is required/],
		[{ payment: { amount: '1.001', method: 'card' } }, /payment\.amount must have at most two decimals/],
		[{ payment: { amount: '5', method: 'voucher' } }, /voucherPaymentMethod is required/],
	])('refuses bad input %j', async (override, message) => {
		await expect(
			runLightspeedNode({
				resource: 'order',
				operation: 'createEatIn',
				businessLocationId: LOCATION_ID,
				orderId: 'o-9',
				endpointId: 'QODEUP-DEMO',
				tableNumber: 4,
				items,
				...override,
			}),
		).rejects.toThrow(message);
	});
});

describe('order.createToGo', () => {
	it('POST /o/op/1/order/toGo without table fields', async () => {
		api()
			.post('/o/op/1/order/toGo', {
				businessLocationId: LOCATION_ID,
				thirdPartyReference: 'o-3',
				endpointId: 'QODEUP-DEMO',
				customerInfo: { firstName: 'Ana', email: 'ana@example.com', contactNumberAsE164: '+34600000000' },
				items: [
					{ quantity: 2, sku: 'BURGER', modifiers: [{ modifierId: '236025632784492' }] },
					{ quantity: 1, sku: 'COLA' },
				],
				maxTimeToAttemptOrderDeliverToPos: 90000,
				accountProfileCode: 'TOGOORDER',
			})
			.reply(200, { status: 'ok' });
		const { output } = await runLightspeedNode({
			resource: 'order',
			operation: 'createToGo',
			businessLocationId: LOCATION_ID,
			orderId: 'o-3',
			endpointId: 'QODEUP-DEMO',
			items,
			customer,
			options: { accountProfileCode: 'TOGOORDER', maxTimeToAttemptMs: 90000 },
		});
		expect(output[0].json).toMatchObject({ status: 'sent', mode: 'to-go', tableNumber: null });
	});
});

describe('location.diagnose', () => {
	const params = {
		resource: 'location',
		operation: 'diagnose',
		businessLocationId: LOCATION_ID,
		cardPaymentMethod: 'QDCARD',
		voucherPaymentMethod: 'QDVOUCHER',
		endpointId: 'QODEUP-DEMO',
	};

	type Reply = [number, nock.Body];
	function stubAll(overrides: {
		readiness?: Reply;
		methods?: Reply;
		staff?: Reply;
		webhook?: Reply;
		businesses?: Reply;
	} = {}) {
		const reply = (override: Reply | undefined, fallback: Reply): Reply => override ?? fallback;
		const [bStatus, bBody] = reply(overrides.businesses, [200, businesses]);
		const [rStatus, rBody] = reply(overrides.readiness, [200, readinessReady]);
		const [mStatus, mBody] = reply(overrides.methods, [200, paymentMethods]);
		const [sStatus, sBody] = reply(overrides.staff, [200, staffPage([{ staffId: 42, active: true }, { staffId: 43, active: false }])]);
		const [wStatus, wBody] = reply(overrides.webhook, [200, { endpointId: 'QODEUP-DEMO', url: 'https://n8n.test/webhook/x' }]);
		api().get('/o/op/data/businesses').reply(bStatus, bBody);
		api().get('/o/op/1/onlineOrderReadiness').query({ businessLocationId: String(LOCATION_ID) }).reply(rStatus, rBody);
		api().get(`/f/finance/${LOCATION_ID}/paymentMethods`).reply(mStatus, mBody);
		api().get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`).query(true).reply(sStatus, sBody);
		api().get('/o/wh/1/webhook/QODEUP-DEMO').reply(wStatus, wBody);
	}

	type Check = { name: string; ok: boolean; status: string; detail: string; fix: string };

	it('all good → ok with six passed checks', async () => {
		stubAll();
		const { output } = await runLightspeedNode(params);
		const json = output[0].json as { ok: boolean; checks: Check[]; problems: string[] };
		expect(json.ok).toBe(true);
		expect(json.problems).toEqual([]);
		expect(json.checks.map((check) => [check.name, check.ok])).toEqual([
			['connection', true],
			['paymentApi', true],
			['paymentMethods', true],
			['staff', true],
			['webhook', true],
			['posReady', true],
		]);
		expect(json.checks.every((check) => check.detail.length > 0)).toBe(true);
	});

	it('reports each problem with a plain-words fix', async () => {
		stubAll({
			readiness: [
				200,
				{
					status: 'NOT_READY',
					onlineOrderingApiConfiguration: { enabled: false, staffId: 43 },
					posStatus: { salesPeriod: 'CLOSED', acceptingOnlineOrders: false, availableDevices: false },
				},
			],
			methods: [200, { _embedded: { paymentMethodList: [{ name: 'Cash', code: 'CASH', pmId: 1 }] } }],
			webhook: [404, springError(404, 'Not Found', 'endpoint ID not found for QODEUP-DEMO', '/o/wh/1/webhook/QODEUP-DEMO')],
		});
		const { output } = await runLightspeedNode(params);
		const json = output[0].json as { ok: boolean; checks: Check[]; problems: string[] };
		expect(json.ok).toBe(false);
		expect(json.problems).toEqual(['paymentApi', 'paymentMethods', 'staff', 'webhook', 'posReady']);
		const byName = Object.fromEntries(json.checks.map((check) => [check.name, check]));
		expect(byName.paymentApi.fix).toMatch(/Ask Lightspeed support to enable the payment API/);
		expect(byName.paymentMethods.detail).toMatch(/card method "QDCARD", voucher method "QDVOUCHER"/);
		expect(byName.paymentMethods.fix).toMatch(/reselect the card and voucher payment methods/);
		expect(byName.staff.detail).toMatch(/Staff account 43 .* is deactivated/);
		expect(byName.staff.fix).toMatch(/reactivate that staff account/);
		expect(byName.webhook.detail).toMatch(/not registered/);
		expect(byName.posReady.detail).toMatch(/no register \(iPad\) available/);
		expect(byName.posReady.fix).toMatch(/Switch on the iPad/);
	});

	it('staff list not readable (no staff scope) → unknown, not a failure; staff param wins over readiness', async () => {
		stubAll({ staff: [403, { message: 'Access Denied.' }] });
		const { output } = await runLightspeedNode({ ...params, staffId: 44 });
		const json = output[0].json as { ok: boolean; checks: Check[] };
		const staff = json.checks.find((check) => check.name === 'staff') as Check;
		expect(staff).toMatchObject({ ok: true, status: 'unknown' });
		expect(staff.detail).toMatch(/Staff account 44 .*staff-api scope/);
		expect(json.ok).toBe(true);
	});

	it('an expired connection is reported on the connection check', async () => {
		stubAll({
			businesses: [401, { error: 'invalid_token' }],
			readiness: [401, { error: 'invalid_token' }],
			methods: [401, {}],
			staff: [401, {}],
			webhook: [401, {}],
		});
		const { output } = await runLightspeedNode(params);
		const json = output[0].json as { ok: boolean; checks: Check[] };
		const connection = json.checks.find((check) => check.name === 'connection') as Check;
		expect(connection.ok).toBe(false);
		expect(connection.fix).toMatch(/Reconnect/);
		expect(json.ok).toBe(false);
	});
});

import nock from 'nock';

import { explainFailure } from '../../../nodes/shared/failureReasons';
import { orderReference } from '../../../nodes/shared/orders';
import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { businesses, LOCATION_ID, paymentMethods, readinessReady, springError, staffPage } from '../../helpers/lightspeedFixtures';
import { runLightspeedNode } from '../../helpers/lightspeedNode';
import { restaurantRow } from '../../helpers/ledgerRows';
import { financialBusinesses } from '../../helpers/locationFacts';
import { floorplans } from '../../helpers/lightspeedFixtures';

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
				expect(body.thirdPartyReference).toBe(orderReference(orderId, 1));
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
	const WEBHOOK_LINKS = '/o/wh/1/webhook/QODEUP-DEMO/business-locations';
	const linked = (...ids: number[]) => ids.map((id) => ({ businessLocationId: id, createdAt: '2026-01-01T00:00:00.000+0000', updatedAt: '2026-01-01T00:00:00.000+0000', warnings: [] }));

	type Reply = [number, nock.Body];
	function stubAll(
		overrides: {
			readiness?: Reply;
			methods?: Reply;
			staff?: Reply;
			webhook?: Reply;
			businesses?: Reply;
			facts?: Reply;
			floorplans?: Reply;
		} = {},
		skip: string[] = [],
	) {
		const reply = (override: Reply | undefined, fallback: Reply): Reply => override ?? fallback;
		const stubs: Array<[string, () => void]> = [
			['businesses', () => api().get('/o/op/data/businesses').reply(...reply(overrides.businesses, [200, businesses]))],
			['facts', () => api().get('/f/data/businesses').query({ page: '0', size: '1000' }).reply(...reply(overrides.facts, [200, financialBusinesses()]))],
			['readiness', () => api().get('/o/op/1/onlineOrderReadiness').query({ businessLocationId: String(LOCATION_ID) }).reply(...reply(overrides.readiness, [200, readinessReady]))],
			['methods', () => api().get(`/f/finance/${LOCATION_ID}/paymentMethods`).reply(...reply(overrides.methods, [200, paymentMethods]))],
			['staff', () => api().get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`).query(true).reply(...reply(overrides.staff, [200, staffPage([{ staffId: 42, active: true }, { staffId: 43, active: false }])]))],
			['floorplans', () => api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query({ expandTables: 'true' }).reply(...reply(overrides.floorplans, [200, floorplans]))],
			['webhook', () => api().get(WEBHOOK_LINKS).reply(...reply(overrides.webhook, [200, linked(LOCATION_ID)]))],
		];
		for (const [name, stub] of stubs) if (!skip.includes(name)) stub();
	}

	type Check = { name: string; ok: boolean; status: string; detail: string; fix: string };
	type Diagnosis = { ok: boolean; checks: Check[]; problems: string[]; connection: string; timezone: string | null; currency: string | null; businessLocationId: number };
	async function diagnose(extra: Record<string, unknown> = {}) {
		const { output, state } = await runLightspeedNode({ ...params, ...extra });
		expect(output).toHaveLength(1);
		const json = output[0].json as unknown as Diagnosis;
		return { json, byName: Object.fromEntries(json.checks.map((check) => [check.name, check])) as Record<string, Check>, state };
	}

	it('all good → ok with the seven checks passed, the location\'s time zone and currency', async () => {
		stubAll();
		const { json, state } = await diagnose();
		expect(state.requests).toHaveLength(7);
		expect(json).toMatchObject({ ok: true, problems: [], connection: 'ok', timezone: 'Europe/Paris', currency: 'EUR', businessLocationId: LOCATION_ID });
		expect(json.checks.map((check) => [check.name, check.status])).toEqual([
			['connection', 'ok'],
			['floorPlan', 'ok'],
			['paymentApi', 'ok'],
			['paymentMethods', 'ok'],
			['staff', 'ok'],
			['webhook', 'ok'],
			['posReady', 'ok'],
		]);
		expect(json.checks.every((check) => check.detail.length > 0 && check.fix === '')).toBe(true);
		expect(json.checks.find((check) => check.name === 'floorPlan')?.detail).toBe('3 active table(s) on 2 floor plan(s).');
		expect(json.checks.find((check) => check.name === 'connection')?.detail).toMatch(/location "Centre" of "Qodeup Demo Bistro" is visible/);
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
			webhook: [404, springError(404, 'Not Found', 'endpoint ID not found for QODEUP-DEMO', WEBHOOK_LINKS)],
		});
		const { json, byName } = await diagnose();
		expect(json.ok).toBe(false);
		expect(json.problems).toEqual(['paymentApi', 'paymentMethods', 'staff', 'webhook', 'posReady']);
		expect(byName.paymentApi.fix).toBe(explainFailure('PAYMENT_API_DISABLED').fix);
		expect(byName.paymentMethods.detail).toMatch(/card method "QDCARD", voucher method "QDVOUCHER". Existing codes: CASH/);
		expect(byName.paymentMethods.fix).toBe(explainFailure('PAYMENT_METHOD_NOT_FOUND').fix);
		expect(byName.staff.detail).toMatch(/Staff account 43 .* is deactivated/);
		expect(byName.staff.fix).toBe(explainFailure('STAFF_NOT_FOUND').fix);
		expect(byName.webhook.detail).toMatch(/"QODEUP-DEMO" is not registered/);
		expect(byName.webhook.fix).toMatch(/Publish the workflow with the Lightspeed K-Series Trigger/);
		expect(byName.posReady.detail).toMatch(/status NOT_READY, no register \(iPad\) available, sales period CLOSED \(not OPENED\), not accepting online orders/);
		expect(byName.posReady.fix).toBe(explainFailure('POS_TIMEOUT').fix);
	});

	it('floor plan: none at all → problem', async () => {
		stubAll({ floorplans: [200, []] });
		const { json, byName } = await diagnose();
		expect(json.problems).toEqual(['floorPlan']);
		expect(byName.floorPlan.detail).toMatch(/no floor plan/);
		expect(byName.floorPlan.fix).toMatch(/Create a floor plan/);
	});

	it('floor plan: tables, but none active → problem', async () => {
		const inactive = floorplans.map((plan) => ({ ...plan, tables: plan.tables.map((table) => ({ ...table, active: false })) }));
		stubAll({ floorplans: [200, inactive] });
		const { json, byName } = await diagnose();
		expect(json.problems).toEqual(['floorPlan']);
		expect(byName.floorPlan.detail).toBe('The floor plan has 3 table(s), none of them active.');
		expect(byName.floorPlan.fix).toMatch(/Activate the tables/);
	});

	it('floor plan: Lightspeed\'s 404 "No floorplans found" is a location without a floor plan (the fix says create one)', async () => {
		stubAll({ floorplans: [404, springError(404, 'Not Found', `No floorplans found for business location ${LOCATION_ID}`, `/o/op/data/${LOCATION_ID}/floorplans`)] });
		const { json, byName } = await diagnose();
		expect(json.problems).toEqual(['floorPlan']);
		expect(byName.floorPlan).toMatchObject({ ok: false, detail: 'The location has no floor plan: Qodeup cannot show any table.' });
		expect(byName.floorPlan.fix).toMatch(/Create a floor plan/);
	});

	it('floor plan: one active table is enough; floor plans that cannot be read are a problem with the cause', async () => {
		const oneActive = [{ ...floorplans[0], tables: [floorplans[0].tables[0], { ...floorplans[0].tables[1], active: false }] }];
		stubAll({ floorplans: [200, oneActive] });
		expect((await diagnose()).byName.floorPlan).toMatchObject({ ok: true, detail: '1 active table(s) on 1 floor plan(s).' });
		stubAll({ floorplans: [403, { message: 'Access Denied' }] });
		const unreadable = await diagnose();
		expect(unreadable.byName.floorPlan).toMatchObject({ ok: false, status: 'problem' });
		expect(unreadable.byName.floorPlan.detail).toMatch(/^Could not read the floor plans: ACCESS_DENIED \(HTTP 403\)/);
		expect(unreadable.byName.floorPlan.fix).toBe(explainFailure('ACCESS_DENIED').fix);
	});

	it('webhook endpoint registered but linked only to another location → problem naming it', async () => {
		stubAll({ webhook: [200, linked(45454565682156)] });
		const { json, byName } = await diagnose();
		expect(json.problems).toEqual(['webhook']);
		expect(byName.webhook.detail).toBe(
			`Webhook endpoint "QODEUP-DEMO" is registered but linked only to location(s) 45454565682156, not to ${LOCATION_ID}: outcomes of this location do not reach n8n.`,
		);
	});

	it('webhook endpoint registered but linked to no location → problem', async () => {
		stubAll({ webhook: [200, []] });
		const { byName } = await diagnose();
		expect(byName.webhook).toMatchObject({ ok: false, detail: 'Webhook endpoint "QODEUP-DEMO" is registered but linked to no location.' });
	});

	it('no endpoint id → the webhook is not checked (unknown, not a failure) and not called', async () => {
		stubAll({}, ['webhook']);
		const { json, byName, state } = await diagnose({ endpointId: '' });
		expect(state.requests.some((request) => request.url.includes('/o/wh/'))).toBe(false);
		expect(byName.webhook).toMatchObject({ ok: true, status: 'unknown' });
		expect(json.ok).toBe(true);
	});

	it('staff list not readable (no staff scope) → unknown, not a failure; the staff field wins over readiness', async () => {
		stubAll({ staff: [403, { message: 'Access Denied.' }] });
		const { json, byName } = await diagnose({ staffId: 44 });
		expect(byName.staff).toMatchObject({ ok: true, status: 'unknown' });
		expect(byName.staff.detail).toMatch(/Staff account 44 .*staff-api scope/);
		expect(json.ok).toBe(true);
	});

	it("the restaurant row's choices are checked instead of the fields", async () => {
		stubAll();
		const { json, byName } = await diagnose({
			restaurant: restaurantRow({ cardPaymentMethod: 'QDCARD', voucherPaymentMethod: 'GONE', staffId: '43' }),
			cardPaymentMethod: 'NOPE',
			voucherPaymentMethod: 'NOPE',
			staffId: 42,
		});
		expect(json.problems).toEqual(['paymentMethods', 'staff']);
		expect(byName.paymentMethods.detail).toMatch(/^Not found in Lightspeed: voucher method "GONE"\./);
		expect(byName.staff.detail).toMatch(/Staff account 43 .* is deactivated/);
	});

	it('no payment method chosen anywhere → problem', async () => {
		stubAll();
		const { byName } = await diagnose({ cardPaymentMethod: '', voucherPaymentMethod: '' });
		expect(byName.paymentMethods).toMatchObject({ ok: false, detail: 'No card or voucher payment method is chosen.' });
	});

	it('a location this connection cannot see → connection problem with the access fix', async () => {
		stubAll({ businesses: [200, [{ id: 1, name: 'Other', businessLocations: [{ id: 7, name: 'Elsewhere' }] }]], facts: [200, { _embedded: { businessList: [] } }] });
		const { json, byName } = await diagnose();
		expect(json.problems).toEqual(['connection']);
		expect(json.timezone).toBeNull();
		expect(byName.connection.detail).toMatch(new RegExp(`location ${LOCATION_ID} is not among the locations`));
		expect(byName.connection.fix).toBe(explainFailure('ACCESS_DENIED').fix);
	});

	it('Lightspeed refusing n8n\'s access after renewal (401) is reported on the connection check with the Connect fix', async () => {
		stubAll({
			businesses: [401, { error: 'invalid_token' }],
			facts: [401, {}],
			readiness: [401, { error: 'invalid_token' }],
			methods: [401, {}],
			staff: [401, {}],
			floorplans: [401, {}],
			webhook: [401, {}],
		});
		const { json, byName } = await diagnose();
		expect(byName.connection.ok).toBe(false);
		// a connection cause like a refused refresh: named as lost, with the Connect fix
		expect(byName.connection.detail).toBe(`The connection to Lightspeed is lost: ${explainFailure('AUTHENTICATION_FAILED').why}`);
		expect(byName.connection.fix).toBe(explainFailure('AUTHENTICATION_FAILED').fix);
		expect(json.ok).toBe(false);
	});
});

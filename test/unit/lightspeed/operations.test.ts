import { keptSettings } from '../../../nodes/LightspeedKSeries/helpers/settingsMemory';
import nock from 'nock';

import { clearFloorplanCache } from '../../../nodes/LightspeedKSeries/helpers/api';
import { explainFailure } from '../../../nodes/shared/failureReasons';
import { buildPaymentReference } from '../../../nodes/shared/paymentReference';
import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import {
	BUSINESS_ID,
	businesses,
	floorplans,
	LOCATION_ID,
	paymentMethods,
	readinessReady,
	snapshot,
	springError,
	staffPage,
} from '../../helpers/lightspeedFixtures';
import { jsonOf, prepareLightspeedNode, runLightspeedNode } from '../../helpers/lightspeedNode';
import { unknownColumns } from '../../helpers/ledgerRows';
import { financialBusinesses } from '../../helpers/locationFacts';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });

beforeAll(() => nock.disableNetConnect());
beforeEach(() => clearFloorplanCache());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('business.getMany', () => {
	it('GET /o/op/data/businesses → businesses with locations', async () => {
		api().get('/o/op/data/businesses').reply(200, businesses);
		const { output } = await runLightspeedNode({ resource: 'business', operation: 'getMany' });
		expect(jsonOf(output)).toEqual([
			{
				businessId: BUSINESS_ID,
				name: 'Qodeup Demo Bistro',
				locations: [
					{ businessLocationId: LOCATION_ID, name: 'Centre' },
					{ businessLocationId: 45454565682156, name: 'Harbour' },
				],
			},
		]);
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('filters by business', async () => {
		api().get('/o/op/data/businesses').reply(200, businesses);
		const { output } = await runLightspeedNode({ resource: 'business', operation: 'getMany', filters: { businessId: 1 } });
		expect(output).toEqual([]);
	});
});

describe('paymentMethod.getMany', () => {
	it('GET /f/finance/{bl}/paymentMethods → {name, code, pmId}', async () => {
		api().get(`/f/finance/${LOCATION_ID}/paymentMethods`).reply(200, paymentMethods);
		const { output } = await runLightspeedNode({
			resource: 'paymentMethod',
			operation: 'getMany',
			businessLocationId: LOCATION_ID,
		});
		expect(jsonOf(output).map(({ name, code, pmId }) => ({ name, code, pmId }))).toEqual([
			{ name: 'Qodeup card', code: 'QDCARD', pmId: 11 },
			{ name: 'Qodeup voucher', code: 'QDVOUCHER', pmId: 12 },
			{ name: 'Cash', code: 'CASH', pmId: 13 },
		]);
	});

	it('refuses a location that is not an id, naming the field', async () => {
		await expect(
			runLightspeedNode({ resource: 'paymentMethod', operation: 'getMany', businessLocationId: 'Centre' }),
		).rejects.toThrow(/businessLocationId must be/);
	});
});

describe('staff.getMany', () => {
	it('pages through GET /staff/v1/businessLocations/{bl}/userTypes/POS', async () => {
		api()
			.get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`)
			.query({ page: '1', size: '100' })
			.reply(200, staffPage([{ staffId: 42, active: true, firstName: 'Api' }], 1, 2))
			.get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`)
			.query({ page: '2', size: '100' })
			.reply(200, staffPage([{ staffId: 43, active: false }], 2, 2));
		const { output } = await runLightspeedNode({ resource: 'staff', operation: 'getMany', businessLocationId: LOCATION_ID });
		expect(jsonOf(output).map(({ staffId, name, active }) => ({ staffId, name, active }))).toEqual([
			{ staffId: 42, name: 'Api Test', active: true },
			{ staffId: 43, name: 'Staff43 Test', active: false },
		]);
	});

	it('activeOnly leaves out deactivated staff', async () => {
		api()
			.get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`)
			.query(true)
			.reply(200, staffPage([{ staffId: 42, active: true }, { staffId: 43, active: false }]));
		const { output } = await runLightspeedNode({
			resource: 'staff',
			operation: 'getMany',
			businessLocationId: LOCATION_ID,
			activeOnly: true,
		});
		expect(jsonOf(output).map((member) => member.staffId)).toEqual([42]);
	});
});

describe('floorplan.getMany', () => {
	it('GET /o/op/data/{bl}/floorplans?expandTables=true', async () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query({ expandTables: 'true' }).reply(200, floorplans);
		const { output } = await runLightspeedNode({ resource: 'floorplan', operation: 'getMany', businessLocationId: LOCATION_ID });
		expect(jsonOf(output)).toHaveLength(2);
		expect(jsonOf(output)[0]).toMatchObject({
			floorplanId: '141948669132976',
			name: 'Main room',
			tables: [
				{ tableNumber: 1, name: 'Table 1', id: '141948669132977', active: true, defaultClientCount: 4 },
				{ tableNumber: 3, name: 'Table 3' },
			],
		});
	});
});

describe('table.getMany', () => {
	const openChecks = [
		snapshot({ checkId: 'A1.1', tableNumber: 3, currentAmount: '20.00', paidAmount: '5.00' }),
		snapshot({ checkId: 'A1.2', tableNumber: 3, currentAmount: 10, paidAmount: 0 }),
		snapshot({ checkId: 'A1.3', tableNumber: 77, currentAmount: '4.00' }),
	];

	it('fetches floorplans and all open checks in parallel and merges them per table', async () => {
		const { state, run } = prepareLightspeedNode({ resource: 'table', operation: 'getMany', businessLocationId: LOCATION_ID });
		const sentWhenAnswering: number[] = [];
		api()
			.get(`/o/op/data/${LOCATION_ID}/floorplans`)
			.query({ expandTables: 'true' })
			.delay(20)
			.reply(200, () => {
				sentWhenAnswering.push(state.requests.length);
				return floorplans;
			})
			.get('/o/op/1/order/table/getCheck')
			.query({ businessLocationId: String(LOCATION_ID) })
			.delay(20)
			.reply(200, () => {
				sentWhenAnswering.push(state.requests.length);
				return openChecks;
			});
		const output = await run();
		// Both requests were on the wire before either answer was produced.
		expect(sentWhenAnswering).toEqual([2, 2]);
		const tables = jsonOf(output);
		expect(tables.map((table) => table.tableNumber)).toEqual([1, 3, 9, 77]);
		const table3 = tables[1];
		expect(table3).toMatchObject({
			tableNumber: 3,
			name: 'Table 3',
			floorplanName: 'Main room',
			openCheckCount: 2,
			currentAmount: '30.00',
			paidAmount: '5.00',
			remaining: '25.00',
		});
		expect((table3.openChecks as Array<{ checkId: string; remaining: string }>).map((c) => [c.checkId, c.remaining])).toEqual([
			['A1.1', '15.00'],
			['A1.2', '10.00'],
		]);
		expect(tables[0]).toMatchObject({ tableNumber: 1, openCheckCount: 0, remaining: '0.00', openChecks: [] });
		expect(tables[3]).toMatchObject({ tableNumber: 77, floorplanName: null, openCheckCount: 1 });
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('caches floorplans per credential + location (default 300 s), checks always fresh', async () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).once().reply(200, floorplans);
		api().get('/o/op/1/order/table/getCheck').query(true).twice().reply(200, []);
		const first = await runLightspeedNode({ resource: 'table', operation: 'getMany', businessLocationId: LOCATION_ID });
		const second = await runLightspeedNode({ resource: 'table', operation: 'getMany', businessLocationId: LOCATION_ID });
		expect(first.state.requests).toHaveLength(2);
		expect(second.state.requests.map((request) => new URL(request.url).pathname)).toEqual(['/o/op/1/order/table/getCheck']);
	});

	it('lookups that start together on a cold cache share one floorplan read', async () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).once().delay(50).reply(200, floorplans);
		api().get('/o/op/1/order/table/getCheck').query(true).times(8).reply(200, openChecks);
		const runs = await Promise.all(
			Array.from({ length: 8 }, () => runLightspeedNode({ resource: 'table', operation: 'getMany', businessLocationId: LOCATION_ID })),
		);
		for (const { output } of runs) expect(jsonOf(output).map((table) => table.tableNumber)).toEqual([1, 3, 9, 77]);
		const floorplanReads = runs.flatMap((r) => r.state.requests).filter((request) => request.url.includes('/floorplans'));
		expect(floorplanReads).toHaveLength(1);
	});

	it('a failed floorplan read is not remembered: the next lookup reads again', async () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).once().reply(400, { message: 'bad' });
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).once().reply(200, floorplans);
		api().get('/o/op/1/order/table/getCheck').query(true).twice().reply(200, openChecks);
		await expect(runLightspeedNode({ resource: 'table', operation: 'getMany', businessLocationId: LOCATION_ID })).rejects.toThrow();
		const { output } = await runLightspeedNode({ resource: 'table', operation: 'getMany', businessLocationId: LOCATION_ID });
		expect(jsonOf(output)).toHaveLength(4);
	});

	it('floorplanCacheSeconds 0 reads floorplans every time', async () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).twice().reply(200, floorplans);
		api().get('/o/op/1/order/table/getCheck').query(true).twice().reply(200, []);
		for (let run = 0; run < 2; run++) {
			await runLightspeedNode({
				resource: 'table',
				operation: 'getMany',
				businessLocationId: LOCATION_ID,
				floorplanCacheSeconds: 0,
			});
		}
	});

	it('one table, single-item output', async () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).reply(200, floorplans);
		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, openChecks);
		const { output } = await runLightspeedNode({
			resource: 'table',
			operation: 'getMany',
			businessLocationId: LOCATION_ID,
			tableNumber: '3',
			output: 'single',
		});
		expect(output).toHaveLength(1);
		const json = output[0].json as { tables: Array<{ tableNumber: number }>; tableCount: number };
		expect(json.tableCount).toBe(1);
		expect(json.tables[0].tableNumber).toBe(3);
	});
});

describe('check operations', () => {
	const checks = [
		snapshot({ checkId: 'A5.1', tableNumber: 5, currentAmount: '30.00', paidAmount: '10.00' }),
		snapshot({ checkId: 'A5.2', tableNumber: 5, currentAmount: 12.5, paidAmount: 0 }),
		snapshot({ checkId: 'A3.1', tableNumber: 3, currentAmount: '8.05' }),
		snapshot({ checkId: 'A9.9', tableNumber: 9, closeDate: '2023-04-17T21:00:00.000+0000' }),
	];

	it('getManyOpen: GET /o/op/1/order/table/getCheck?businessLocationId → normalised checks', async () => {
		api().get('/o/op/1/order/table/getCheck').query({ businessLocationId: String(LOCATION_ID) }).reply(200, checks);
		const { output } = await runLightspeedNode({ resource: 'check', operation: 'getManyOpen', businessLocationId: LOCATION_ID });
		const json = jsonOf(output);
		expect(json.map((check) => check.checkId)).toEqual(['A5.1', 'A5.2', 'A3.1']);
		expect(json[0]).toMatchObject({
			checkId: 'A5.1',
			uuid: '1e34b01a-1db3-483e-a703-ddcb5c28effb',
			tableNumber: 5,
			clientCount: 2,
			currentAmount: '30.00',
			paidAmount: '10.00',
			remaining: '20.00',
			serviceCharge: '0.00',
			staffId: 14670,
			staffName: 'Manager',
			posId: 65315,
			closeDate: null,
			lines: [{ sku: 'FT1', name: 'Bagel', quantity: 1, unitAmount: '5.00', amount: '5.75' }],
			payments: [],
		});
		expect(json[1]).toMatchObject({ currentAmount: '12.50', remaining: '12.50' });
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('getByTable: every open check on the table, from the all-checks call (not the oldest-only one)', async () => {
		api().get('/o/op/1/order/table/getCheck').query({ businessLocationId: String(LOCATION_ID) }).reply(200, checks);
		const { output } = await runLightspeedNode({
			resource: 'check',
			operation: 'getByTable',
			businessLocationId: LOCATION_ID,
			tableNumber: 5,
		});
		expect(jsonOf(output).map((check) => check.checkId)).toEqual(['A5.1', 'A5.2']);
	});

	it('getByTable single output sums the remaining', async () => {
		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, checks);
		const { output } = await runLightspeedNode({
			resource: 'check',
			operation: 'getByTable',
			businessLocationId: LOCATION_ID,
			tableNumber: '5',
			output: 'single',
		});
		expect(output[0].json).toMatchObject({ tableNumber: 5, count: 2, remaining: '32.50' });
	});

	it('get: GET /o/op/1/order/accounts/{id}?businessLocationId', async () => {
		api()
			.get('/o/op/1/order/accounts/A5.1')
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, snapshot({ checkId: 'A5.1', payments: [{ reference: 'QD-p1-1', amount: '4.00' }], paidAmount: '4.00' }));
		const { output } = await runLightspeedNode({
			resource: 'check',
			operation: 'get',
			businessLocationId: LOCATION_ID,
			checkId: 'A5.1',
		});
		expect(output[0].json).toMatchObject({
			checkId: 'A5.1',
			remaining: '4.05',
			payments: [{ reference: 'QD-p1-1', methodCode: 'QDCARD', methodName: 'Qodeup card', amount: '4.00' }],
		});
	});

	it('get: a missing check is an error with ACCOUNT_NOT_FOUND', async () => {
		api()
			.get('/o/op/1/order/accounts/A0.0')
			.query(true)
			.reply(404, springError(404, 'Not Found', 'account not found for BL 1', '/o/op/1/order/accounts/A0.0'));
		await expect(
			runLightspeedNode({ resource: 'check', operation: 'get', businessLocationId: LOCATION_ID, checkId: 'A0.0' }),
		).rejects.toMatchObject({ context: expect.objectContaining({ errorCode: 'ACCOUNT_NOT_FOUND', itemIndex: 0 }) });
	});
});

describe('payment.getStatus', () => {
	it('finds the reference of an earlier attempt among the payment lines', async () => {
		api()
			.get('/o/op/1/order/accounts/A5.1')
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, snapshot({ checkId: 'A5.1', paidAmount: '4.00', payments: [{ reference: 'QD-p1-1', amount: '4.00' }] }));
		const { output } = await runLightspeedNode({
			resource: 'payment',
			operation: 'getStatus',
			businessLocationId: LOCATION_ID,
			checkId: 'A5.1',
			paymentId: 'p1',
			attempt: 2,
		});
		expect(output[0].json).toMatchObject({
			status: 'applied',
			reference: 'QD-p1-1',
			referencesChecked: ['QD-p1-1', 'QD-p1-2'],
			amount: '4.00',
			checkClosed: false,
		});
	});

	it('reports notFound and whether the check is closed', async () => {
		api()
			.get('/o/op/1/order/accounts/A5.1')
			.query(true)
			.reply(200, snapshot({ checkId: 'A5.1', closeDate: '2023-04-17T21:00:00.000+0000', payments: [{ reference: 'OTHER', amount: 1 }] }));
		const { output } = await runLightspeedNode({
			resource: 'payment',
			operation: 'getStatus',
			businessLocationId: LOCATION_ID,
			checkId: 'A5.1',
			paymentId: 'p1',
			attempt: 1,
		});
		expect(output[0].json).toMatchObject({ status: 'notFound', reference: 'QD-p1-1', amount: null, checkClosed: true });
	});

	it("with the restaurant's integration id: its own references first, then the older ones, and either is found", async () => {
		const integrationId = 'demo-bistro';
		const own = [1, 2].map((attempt) => buildPaymentReference('p1', attempt, integrationId));
		const older = [1, 2].map((attempt) => buildPaymentReference('p1', attempt));
		const params = { resource: 'payment', operation: 'getStatus', businessLocationId: LOCATION_ID, checkId: 'A5.1', paymentId: 'p1', attempt: 2, integrationId };
		for (const [onCheck, expected] of [
			[own[1], { status: 'applied', reference: own[1] }],
			[older[0], { status: 'applied', reference: older[0] }],
			[buildPaymentReference('p1', 2, 'other-bistro'), { status: 'notFound', reference: own[1] }],
		] as const) {
			api()
				.get('/o/op/1/order/accounts/A5.1')
				.query(true)
				.reply(200, snapshot({ checkId: 'A5.1', paidAmount: '4.00', payments: [{ reference: onCheck, amount: '4.00' }] }));
			const { output } = await runLightspeedNode(params);
			expect(output[0].json).toMatchObject({ ...expected, referencesChecked: [...own, ...older] });
		}
	});
});

describe('location.getReadiness', () => {
	it('GET /o/op/1/onlineOrderReadiness?businessLocationId', async () => {
		api().get('/o/op/1/onlineOrderReadiness').query({ businessLocationId: String(LOCATION_ID) }).reply(200, readinessReady);
		const { output } = await runLightspeedNode({ resource: 'location', operation: 'getReadiness', businessLocationId: LOCATION_ID });
		expect(output[0].json).toMatchObject({
			businessLocationId: LOCATION_ID,
			status: 'READY',
			ready: true,
			paymentApiEnabled: true,
			staffId: 42,
			salesPeriod: 'OPENED',
			availableDevices: true,
			acceptingOnlineOrders: true,
		});
	});
});

describe('posMessage.send', () => {
	it('POST /o/op/1/printMsg?businessLocationId with {message, alsoToPrinter}', async () => {
		api()
			.post('/o/op/1/printMsg', { message: 'Table 12 paid 48.20 via Qodeup', alsoToPrinter: false })
			.query({ businessLocationId: String(LOCATION_ID) })
			.reply(200, { status: 'ok' });
		const { output } = await runLightspeedNode({
			resource: 'posMessage',
			operation: 'send',
			businessLocationId: LOCATION_ID,
			message: 'Table 12 paid 48.20 via Qodeup',
			alsoToPrinter: false,
		});
		expect(output[0].json).toMatchObject({ status: 'sent', lightspeedStatus: 'ok' });
	});
});

describe('settings.check', () => {
	const params = {
		resource: 'settings',
		operation: 'check',
		integrationId: 'demo-bistro',
		integrationName: 'Demo Bistro',
		businessLocationId: String(LOCATION_ID),
		cardPaymentMethod: 'QDCARD',
		voucherPaymentMethod: 'QDVOUCHER',
		notificationEmails: 'Manager@Bistro.example, owner@bistro.example; manager@bistro.example',
		staffId: 42,
	};

	function stub(options: { methods?: unknown; staff?: unknown; withStaff?: boolean } = {}) {
		api().get('/o/op/data/businesses').reply(200, businesses);
		api().get('/f/data/businesses').query({ page: '0', size: '1000' }).reply(200, financialBusinesses({ timezone: 'Europe/Lisbon', currencyCode: 'EUR' }));
		api().get(`/f/finance/${LOCATION_ID}/paymentMethods`).reply(200, options.methods ?? paymentMethods);
		if (options.withStaff !== false) {
			api()
				.get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`)
				.query(true)
				.reply(200, options.staff ?? staffPage([{ staffId: 42, active: true }]));
		}
	}

	it("outputs the restaurant's row, checked against Lightspeed, with its time zone, currency and credential", async () => {
		stub();
		const before = Date.now();
		const { output, state } = await runLightspeedNode(params);
		expect(state.requests.map((request) => new URL(request.url).pathname).sort()).toEqual(
			['/o/op/data/businesses', '/f/data/businesses', `/f/finance/${LOCATION_ID}/paymentMethods`, `/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`].sort(),
		);
		expect(output).toHaveLength(1);
		const json = output[0].json;
		expect(json).toEqual({
			integrationId: 'demo-bistro',
			name: 'Demo Bistro',
			businessLocationId: String(LOCATION_ID),
			timezone: 'Europe/Lisbon',
			currency: 'EUR',
			cardPaymentMethod: 'QDCARD',
			voucherPaymentMethod: 'QDVOUCHER',
			staffId: '42',
			notificationEmails: 'manager@bistro.example, owner@bistro.example',
			retentionDays: 0,
			settingsCheckedAtMs: expect.any(Number),
			settingsProblems: '',
			lightspeedCredentialId: 'cred-1',
		});
		expect(json.settingsCheckedAtMs).toBeGreaterThanOrEqual(before);
		expect(unknownColumns('restaurants', json)).toEqual([]);
		// what the merchant published is what the next payment in this process uses, without a read
		expect(keptSettings('demo-bistro')).toEqual(json);
	});

	it('staff and voucher method are optional (no staff call then); retention days and the workflows are kept', async () => {
		stub({ withStaff: false });
		const { output, state } = await runLightspeedNode({
			...params,
			voucherPaymentMethod: '',
			staffId: '',
			notificationEmails: '',
			retentionDays: 30,
			operator: { workflows: '{"recovery":"wf-7"}' },
		});
		expect(state.requests.some((request) => request.url.includes('/staff/'))).toBe(false);
		expect(output[0].json).toMatchObject({ voucherPaymentMethod: '', staffId: '', notificationEmails: '', retentionDays: 30, workflows: '{"recovery":"wf-7"}', settingsProblems: '' });
	});

	it('a problem does not stop the save: it is written into settingsProblems with its fix', async () => {
		stub({ methods: { _embedded: { paymentMethodList: [{ name: 'Cash', code: 'CASH', pmId: 1 }] } }, staff: staffPage([{ staffId: 42, active: false }]) });
		const { output } = await runLightspeedNode(params);
		const problems = String(output[0].json.settingsProblems);
		expect(problems).toMatch(/Not found in Lightspeed: card method "QDCARD", voucher method "QDVOUCHER"/);
		expect(problems).toContain(explainFailure('PAYMENT_METHOD_NOT_FOUND').fix);
		expect(problems).toMatch(/Staff account 42 .* is deactivated/);
		expect(output[0].json.cardPaymentMethod).toBe('QDCARD');
	});

	it('refuses invalid email addresses, naming them, before any call', async () => {
		const { state, run } = prepareLightspeedNode({ ...params, notificationEmails: 'ok@bistro.example, not-an-email' });
		await expect(run()).rejects.toThrow(/Notification Emails has invalid addresses: not-an-email/);
		expect(state.requests).toHaveLength(0);
	});

	it('needs the integration id, the name and the card method', async () => {
		await expect(runLightspeedNode({ ...params, integrationId: '' })).rejects.toThrow(/integrationId is required/);
		await expect(runLightspeedNode({ ...params, integrationName: '' })).rejects.toThrow(/integrationName is required/);
		await expect(runLightspeedNode({ ...params, cardPaymentMethod: '' })).rejects.toThrow(/cardPaymentMethod is required/);
	});
});

describe('errors and continue on fail', () => {
	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)('%s: one {error…} item per failed input item, paired, others still processed', async (onError) => {
		api()
			.get('/o/op/1/order/accounts/A1.1')
			.query(true)
			.reply(200, snapshot({ checkId: 'A1.1' }))
			.get('/o/op/1/order/accounts/BAD')
			.query(true)
			.reply(404, springError(404, 'Not Found', 'account not found for BL 1', '/o/op/1/order/accounts/BAD'));
		const { output } = await runLightspeedNode(
			{ resource: 'check', operation: 'get', businessLocationId: LOCATION_ID },
			{
				continueOnFail: true,
				onError,
				items: [{ json: {} }, { json: {} }, { json: {} }],
				itemParams: [{ checkId: 'A1.1' }, { checkId: 'BAD' }, { checkId: '' }],
			},
		);
		expect(output).toHaveLength(3);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.checkId).toBe('A1.1');
		expect(output[1].json).toMatchObject({
			error: expect.stringMatching(/check could not be found/),
			errorCode: 'ACCOUNT_NOT_FOUND',
			httpStatus: 404,
			lightspeedMessage: 'account not found for BL 1',
		});
		expect(output[2].json).toMatchObject({ error: 'checkId is required' });
		expect(output[0].error).toBeUndefined();
		if (onError === 'continueErrorOutput') {
			// n8n routes items that carry `error` to the error output
			expect(output[1].error).toMatchObject({ message: expect.stringMatching(/check could not be found/) });
			expect(output[2].error).toMatchObject({ message: 'checkId is required', context: expect.objectContaining({ itemIndex: 2 }) });
		} else {
			// …and replaces their json by {error: message}: on the regular output the code must stay
			expect(output[1].error).toBeUndefined();
			expect(output[2].error).toBeUndefined();
		}
	});

	it('without continueOnFail the error carries the item index', async () => {
		api().get('/o/op/1/order/accounts/A1.1').query(true).reply(200, snapshot({ checkId: 'A1.1' }));
		await expect(
			runLightspeedNode(
				{ resource: 'check', operation: 'get', businessLocationId: LOCATION_ID },
				{ items: [{ json: {} }, { json: {} }], itemParams: [{ checkId: 'A1.1' }, { checkId: '' }] },
			),
		).rejects.toMatchObject({ message: 'checkId is required', context: expect.objectContaining({ itemIndex: 1 }) });
	});
});

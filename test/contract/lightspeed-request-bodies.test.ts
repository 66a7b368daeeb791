/**
 * Every request body the Lightspeed K-Series node sends validates against the official
 * K-Series OpenAPI contract, read from its committed extract in test/contract/lightspeed-openapi/
 * (scripts/specs/extract-lightspeed-contract.mjs).
 */
import { existsSync } from 'fs';
import nock from 'nock';
import path from 'path';

import { clearFloorplanCache } from '../../nodes/LightspeedKSeries/helpers/api';
import type { RecordedRequest } from '../helpers/n8nContext';
import { TEST_BASE_URL } from '../helpers/n8nContext';
import {
	businesses,
	floorplans,
	LOCATION_ID,
	paymentMethods,
	readinessReady,
	snapshot,
	staffPage,
} from '../helpers/lightspeedFixtures';
import { runLightspeedNodeOutputs } from '../helpers/lightspeedNode';
import { asItems, orderRow, paymentRow, restaurantRow } from '../helpers/ledgerRows';
import { financialBusinesses } from '../helpers/locationFacts';
import type { LedgerRow } from '../../nodes/shared/ledgers';
import type { BodySchemaName, SpecName } from '../helpers/lightspeedSpecs';
import { assertBodyMatchesContract, BODY_SCHEMAS, bodySchema, checkBody, extractFile, LIGHTSPEED_SPEC_DIR, loadSpec } from '../helpers/lightspeedSpecs';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const sent: RecordedRequest[] = [];

function persistentApi() {
	nock(TEST_BASE_URL)
		.persist()
		.get('/o/op/data/businesses')
		.reply(200, businesses)
		.get(`/o/op/data/${LOCATION_ID}/floorplans`)
		.query(true)
		.reply(200, floorplans)
		.get('/o/op/1/order/table/getCheck')
		.query(true)
		.reply(200, [snapshot({ checkId: 'A12.1', tableNumber: 12, currentAmount: '80.00' })])
		.get(/\/o\/op\/1\/order\/accounts\/.+/)
		.query(true)
		.reply(200, snapshot({ checkId: 'A12.1', tableNumber: 12, currentAmount: '80.00' }))
		.get(`/f/finance/${LOCATION_ID}/paymentMethods`)
		.reply(200, paymentMethods)
		.get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`)
		.query(true)
		.reply(200, staffPage([{ staffId: 42, active: true }]))
		.get('/o/op/1/onlineOrderReadiness')
		.query(true)
		.reply(200, readinessReady)
		.get('/f/data/businesses')
		.query(true)
		.reply(200, financialBusinesses())
		.get(/\/o\/wh\/1\/webhook\/[^/]+\/business-locations$/)
		.reply(200, [{ businessLocationId: LOCATION_ID, warnings: [] }])
		.get(/\/o\/wh\/1\/webhook\/[^/]+$/)
		.reply(200, { endpointId: 'QODEUP-DEMO', url: 'https://n8n.test/x' })
		.post('/o/op/1/pay')
		.reply(200, { status: 'ok' })
		.post('/o/op/1/order/local')
		.reply(200, { status: 'ok' })
		.post('/o/op/1/order/toGo')
		.reply(200, { status: 'ok' })
		.post('/o/op/1/printMsg')
		.query(true)
		.reply(200, { status: 'ok' });
}

async function run(params: Record<string, unknown>, items?: LedgerRow[]) {
	const { outputs, state } = await runLightspeedNodeOutputs({ businessLocationId: LOCATION_ID, ...params }, items ? { items: asItems(items) } : {});
	sent.push(...state.requests);
	return { output: outputs[0], outputs, requests: state.requests };
}

function bodiesTo(requests: RecordedRequest[], method: string, path: string): unknown[] {
	return requests.filter((request) => request.method === method && new URL(request.url).pathname === path).map((r) => r.body);
}

const payBase = {
	resource: 'payment',
	operation: 'apply',
	paymentId: 'p1',
	restaurant: restaurantRow(),
	endpointId: 'QODEUP-DEMO',
};
const orderBase = { restaurant: restaurantRow({ staffId: '42' }), endpointId: 'QODEUP-DEMO' };
const orderItems = [
	{ sku: 'BURGER', quantity: 2, modifiers: [{ modifierId: '236025632784492' }] },
	{ sku: 'COLA', quantity: 1, modifiers: [] },
];

const items = [
	{ sku: 'BURGER', quantity: 2, modifiers: ['236025632784492'], course: 1 },
	{ sku: 'COLA', quantity: 1 },
];

beforeAll(() => {
	nock.disableNetConnect();
	persistentApi();
});
beforeEach(() => clearFloorplanCache());
afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

describe('request bodies vs the official K-Series contract (committed extract in test/contract/lightspeed-openapi)', () => {
	it('the contract extract is in the repository and has every body schema the node sends', () => {
		expect(LIGHTSPEED_SPEC_DIR).toBe(path.join(__dirname, 'lightspeed-openapi'));
		for (const spec of ['orderAndPay', 'webhook', 'financial', 'staff'] as SpecName[]) {
			expect(existsSync(extractFile(spec))).toBe(true);
			expect(Object.keys(loadSpec(spec).paths as object).length).toBeGreaterThan(0);
		}
		for (const name of Object.keys(BODY_SCHEMAS) as BodySchemaName[]) expect(Object.keys(bodySchema(name).properties as object).length).toBeGreaterThan(1);
		expect(Object.keys(bodySchema('apeStandalonePayment').properties as object)).toContain('thirdPartyPaymentReference');
		expect(bodySchema('apeStandalonePayment').required).toEqual(expect.arrayContaining(['businessLocationId', 'endpointId', 'paymentAmount', 'thirdPartyPaymentReference']));
	});

	it('the validators reject a body that breaks the contract (control)', () => {
		expect(checkBody('apeStandalonePayment', { businessLocationId: 1, paymentAmount: '20.00' }).valid).toBe(false);
		expect(checkBody('apeStandalonePayment', { businessLocationId: 1, endpointId: 'E', paymentAmount: 1, thirdPartyPaymentReference: 'x'.repeat(51) }).valid).toBe(false);
		expect(checkBody('apeLocalOrder', { businessLocationId: 1, thirdPartyReference: 'r', endpointId: 'E', customerInfo: {}, tableNumber: 12 }).valid).toBe(false);
		expect(checkBody('printMsg', { alsoToPrinter: true }).valid).toBe(false);
		const valid = { businessLocationId: 1, endpointId: 'E', paymentAmount: 1, thirdPartyPaymentReference: 'r' };
		expect(checkBody('apeStandalonePayment', valid).valid).toBe(true);
		expect(checkBody('apeStandalonePayment', { ...valid, businessLocationId: '1' }).valid).toBe(false);
		expect(checkBody('apeStandalonePayment', { ...valid, staffId: 4.5 }).valid).toBe(false);
		expect(checkBody('apeLocalOrder', { businessLocationId: 1, thirdPartyReference: 'r', endpointId: 'E', customerInfo: { firstName: 'A' }, items: [{ quantity: 1 }] }).valid).toBe(false);
		expect(checkBody('apeStandalonePayment', { businessLocationId: 1, endpointId: 'E', paymentAmount: 1, thirdPartyPaymentReference: 'r', tableNumber: 3 }).undeclared).toEqual(['tableNumber']);
	});

	it.each<[string, Parameters<typeof paymentRow>[0], Record<string, unknown>]>([
		['card, minimal', { checkId: 'A12.1', amount: '20.00', tipAmount: '1.50' }, {}],
		[
			'voucher with staff, device, TTL and a long hashed reference',
			{ paymentId: 'x/'.repeat(40), attempt: 999, checkId: 'A12.1', method: 'voucher', tipAmount: '0' },
			{ paymentId: 'x/'.repeat(40), options: { staffId: 42, deviceId: '12345678980', taskTtlMs: 60000 } },
		],
		['by table number', { checkId: null, tableNumber: 12, amount: '0.01', tipAmount: '0.99' }, {}],
	])('payment.apply (%s) → POST /o/op/1/pay body is an apeStandalonePayment', async (_label, row, params) => {
		const { outputs, requests } = await run({ ...payBase, ...params }, [paymentRow(row)]);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['sent']);
		const bodies = bodiesTo(requests, 'POST', '/o/op/1/pay');
		expect(bodies).toHaveLength(1);
		assertBodyMatchesContract('apeStandalonePayment', bodies[0]);
		expect(typeof (bodies[0] as { paymentAmount: unknown }).paymentAmount).toBe('number');
	});

	it('payment.recover (a claim left by a stopped execution) → POST /o/op/1/pay body is an apeStandalonePayment', async () => {
		const { outputs, requests } = await run(
			{ resource: 'payment', operation: 'recover', restaurant: restaurantRow({ staffId: '42' }), endpointId: 'QODEUP-DEMO' },
			[paymentRow({ checkId: 'A12.1', amount: '5.00', updatedAt: Date.now() - 600000 })],
		);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['sent']);
		const bodies = bodiesTo(requests, 'POST', '/o/op/1/pay');
		expect(bodies).toHaveLength(1);
		assertBodyMatchesContract('apeStandalonePayment', bodies[0]);
	});

	it.each<[string, Parameters<typeof orderRow>[0], string, 'apeLocalOrder' | 'apeToGoOrder']>([
		['eat-in on a table, with a note', { tableNumber: 12, note: 'No onions', items: orderItems }, '/o/op/1/order/local', 'apeLocalOrder'],
		['eat-in on an open check, paid by card with a tip', { checkId: 'A12.1', tableNumber: null, items: orderItems, payment: { amount: '14.50', tipAmount: '1.00', method: 'card' } }, '/o/op/1/order/local', 'apeLocalOrder'],
		['to-go, paid by voucher, a guest without a name', { mode: 'to-go', items: orderItems, customer: { firstName: '', lastName: '', email: '', phone: '' }, payment: { amount: '10.00', tipAmount: '0.00', method: 'voucher' } }, '/o/op/1/order/toGo', 'apeToGoOrder'],
	])('order.send (%s) → body matches the contract', async (_label, row, path, schema) => {
		const { outputs, requests } = await run(
			{ resource: 'order', operation: 'send', ...orderBase, options: { eatInProfileCode: 'LOCALORDER', toGoProfileCode: 'TOGOORDER', maxTimeToAttemptMs: 90000 } },
			[orderRow(row)],
		);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['sent']);
		const bodies = bodiesTo(requests, 'POST', path);
		expect(bodies).toHaveLength(1);
		assertBodyMatchesContract(schema, bodies[0]);
	});

	it('order.recover (a claim left, and a sent order sent again) → bodies match apeLocalOrder', async () => {
		const at = Date.now() - 600000;
		const { requests } = await run({ resource: 'order', operation: 'recover', ...orderBase }, [
			orderRow({ orderId: 'o-claimed', updatedAt: at }),
			orderRow({ orderId: 'o-sent', status: 'sent', updatedAt: at, columns: { reference: 'o-sent', sentAtMs: at } }),
		]);
		const bodies = bodiesTo(requests, 'POST', '/o/op/1/order/local');
		expect(bodies).toHaveLength(2);
		for (const body of bodies) assertBodyMatchesContract('apeLocalOrder', body);
	});

	it.each([
		['new check on a table', { tableNumber: 12, options: { clientCount: 2, staffId: 42, accountProfileCode: 'LOCALORDER' }, note: 'No onions' }],
		['added to an open check, paid by card', { checkId: 'A12.1', payment: { amount: '14.50', tipAmount: '1.00', method: 'card' } }],
	])('order.createEatIn (%s) → POST /o/op/1/order/local body matches apeLocalOrder', async (_label, override) => {
		const { requests } = await run({
			resource: 'order',
			operation: 'createEatIn',
			orderId: 'o-1',
			endpointId: 'QODEUP-DEMO',
			items,
			customer: { firstName: 'Ana', lastName: 'Lima', email: 'ana@example.com', phone: '+34600000000' },
			cardPaymentMethod: 'QDCARD',
			...override,
		});
		const bodies = bodiesTo(requests, 'POST', '/o/op/1/order/local');
		expect(bodies).toHaveLength(1);
		assertBodyMatchesContract('apeLocalOrder', bodies[0]);
	});

	it('order.createToGo → POST /o/op/1/order/toGo body matches apeToGoOrder', async () => {
		const { requests } = await run({
			resource: 'order',
			operation: 'createToGo',
			orderId: 'o-2',
			endpointId: 'QODEUP-DEMO',
			items: items.map(({ sku, quantity }) => ({ sku, quantity })),
			customer: { firstName: 'Ana' },
			payment: { amount: '10.00', method: 'voucher' },
			voucherPaymentMethod: 'QDVOUCHER',
			options: { accountProfileCode: 'TOGOORDER' },
		});
		const bodies = bodiesTo(requests, 'POST', '/o/op/1/order/toGo');
		expect(bodies).toHaveLength(1);
		assertBodyMatchesContract('apeToGoOrder', bodies[0]);
	});

	it('posMessage.send → POST /o/op/1/printMsg body matches the printMsg schema', async () => {
		const { requests } = await run({ resource: 'posMessage', operation: 'send', message: 'Table 12 paid 48.20', alsoToPrinter: true });
		const bodies = bodiesTo(requests, 'POST', '/o/op/1/printMsg');
		expect(bodies).toHaveLength(1);
		assertBodyMatchesContract('printMsg', bodies[0]);
	});

	it('the webhook endpoint DTO validator accepts the documented example (used by the trigger tests)', () => {
		assertBodyMatchesContract('apeWebhookEndpoint', {
			endpointId: 'PAYATTABLE-PROD',
			url: 'https://api.example.com/webhooks/lightspeed/k/7f3c2a',
			withBasicAuth: true,
			username: 'lsk',
			password: 'secret',
			provideAccount: true,
			expandTransactions: true,
			expandPayments: true,
			subscribeTo: [{ resource: 'order', name: 'DELIVERED' }],
		});
		expect(checkBody('apeWebhookEndpoint', { url: 'https://x' }).valid).toBe(false);
	});

	it('every path the node called is declared in the contract', async () => {
		await run({ resource: 'business', operation: 'getMany' });
		await run({ resource: 'paymentMethod', operation: 'getMany' });
		await run({ resource: 'staff', operation: 'getMany' });
		await run({ resource: 'floorplan', operation: 'getMany' });
		await run({ resource: 'table', operation: 'getMany' });
		await run({ resource: 'check', operation: 'getManyOpen' });
		await run({ resource: 'check', operation: 'getByTable', tableNumber: 12 });
		await run({ resource: 'check', operation: 'get', checkId: 'A12.1' });
		await run({ resource: 'payment', operation: 'getStatus', checkId: 'A12.1', paymentId: 'p1', attempt: 2 });
		await run({ resource: 'location', operation: 'getReadiness' });
		await run({
			resource: 'location',
			operation: 'diagnose',
			cardPaymentMethod: 'QDCARD',
			endpointId: 'QODEUP-DEMO',
		});
		await run({ resource: 'location', operation: 'checkConnection', restaurant: restaurantRow() });
		await run({ resource: 'settings', operation: 'check', integrationId: 'demo-bistro', integrationName: 'Demo Bistro', cardPaymentMethod: 'QDCARD', staffId: 42 });

		const templates: Array<{ spec: SpecName; method: string; path: string; regex: RegExp }> = [];
		for (const spec of ['orderAndPay', 'webhook', 'financial', 'staff'] as SpecName[]) {
			const paths = loadSpec(spec).paths as Record<string, Record<string, unknown>>;
			for (const [template, operations] of Object.entries(paths)) {
				const regex = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
				for (const method of Object.keys(operations)) templates.push({ spec, method: method.toUpperCase(), path: template, regex });
			}
		}
		const undeclared = sent
			.map((request) => `${request.method} ${new URL(request.url).pathname}`)
			.filter((call, index, all) => all.indexOf(call) === index)
			.filter((call) => {
				const [method, pathname] = call.split(' ');
				return !templates.some((template) => template.method === method && template.regex.test(pathname));
			});
		expect(undeclared).toEqual([]);
		expect(sent.length).toBeGreaterThan(15);
	});
});

export type { BodySchemaName };

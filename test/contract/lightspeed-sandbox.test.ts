/**
 * The Lightspeed K-Series node against the local sandbox (a real HTTP server speaking the
 * K-Series contract): what the node sends is accepted, and what the sandbox answers is read
 * correctly — tables with checks, the payment flow, refusals, faults, orders, diagnose.
 */
import http from 'http';
import type { AddressInfo } from 'net';

import { clearFloorplanCache } from '../../nodes/LightspeedKSeries/helpers/api';
import { createLoadOptionsFunctions } from '../helpers/n8nContext';
import { jsonOf, lightspeedNode, runLightspeedNode, runLightspeedNodeOutputs } from '../helpers/lightspeedNode';
import { asItems, INTEGRATION_ID, orderRow, paymentRow, restaurantRow } from '../helpers/ledgerRows';
import type { LedgerRow } from '../../nodes/shared/ledgers';
import { orderReference } from '../../nodes/shared/orders';
import { buildPaymentReference } from '../../nodes/shared/paymentReference';

const { startSandbox } = require('../../sandbox') as {
	startSandbox(options: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }>;
};

const CENTRE = 45454565682155;
const CAMDEN = 45454565682159; // London's location without a floor plan
const ENDPOINT = 'QODEUP-CONTRACT';

let sandbox: { url: string; close(): Promise<void> };
let token = '';
let receiver: http.Server;
const webhooks: Array<Record<string, unknown>> = [];

async function admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
}

function options() {
	return { token, credentials: { environment: 'custom', apiBaseUrl: sandbox.url } };
}

function run(params: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return runLightspeedNode({ businessLocationId: CENTRE, ...params }, { ...options(), ...extra });
}

/** A ledger operation: the rows as input items, every output back. */
function runRows(params: Record<string, unknown>, rows: LedgerRow[]) {
	return runLightspeedNodeOutputs(
		{ businessLocationId: CENTRE, restaurant: restaurantRow(), endpointId: ENDPOINT, ...params },
		{ ...options(), items: asItems(rows) },
	);
}

async function lightspeed(method: string, path: string, body?: unknown): Promise<number> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	await response.text();
	return response.status;
}

async function waitFor<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value) return value;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		let text = '';
		req.on('data', (chunk: Buffer) => (text += chunk.toString()));
		req.on('end', () => {
			try {
				webhooks.push(JSON.parse(text) as Record<string, unknown>);
			} catch {
				webhooks.push({ raw: text });
			}
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	sandbox = await startSandbox({ port: 0, posDelayMs: 30 });
	token = String((await admin('POST', '/_admin/tokens', { ttlSeconds: 3600 })).access_token);
	const endpoint = {
		endpointId: ENDPOINT,
		url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
		provideAccount: true,
		expandPayments: true,
	};
	expect(await lightspeed('PUT', '/o/wh/1/webhook', endpoint)).toBe(200);
	// as the trigger does when its workflow is published: the endpoint is linked to the location
	expect(await lightspeed('PUT', `/o/wh/1/webhook/${ENDPOINT}/business-locations/${CENTRE}`)).toBe(200);
}, 30000);

beforeEach(async () => {
	clearFloorplanCache();
	await admin('DELETE', '/_admin/faults');
});

afterAll(async () => {
	await sandbox?.close();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('Lightspeed K-Series node against the sandbox', () => {
	it('business.getMany and the location dropdown', async () => {
		const { output } = await run({ resource: 'business', operation: 'getMany' });
		expect(jsonOf(output)[0]).toMatchObject({ businessId: 454335871, name: 'Qodeup Demo Bistro' });
		const { context } = createLoadOptionsFunctions({ ...options() });
		const locations = await lightspeedNode.methods.loadOptions.getBusinessLocations.call(context);
		expect(locations.map((location) => location.value)).toEqual(expect.arrayContaining([CENTRE, 45454565682156]));
	});

	it('table.getMany merges the seeded open checks (table 5 has two)', async () => {
		const { output } = await run({ resource: 'table', operation: 'getMany' });
		const tables = jsonOf(output);
		expect(tables.map((table) => table.tableNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
		const byNumber = new Map(tables.map((table) => [table.tableNumber, table]));
		expect(byNumber.get(5)?.openCheckCount).toBe(2);
		expect(byNumber.get(3)?.openCheckCount).toBe(1);
		expect(byNumber.get(1)?.openCheckCount).toBe(0);
		expect(String(byNumber.get(3)?.remaining)).toMatch(/^\d+\.\d{2}$/);
	});

	it('payment flow from ledger rows: refusals, sent, applied by the POS, and a resend is recognised', async () => {
		const multiple = await runRows({ resource: 'payment', operation: 'apply', paymentId: 'ct_multi' }, [
			paymentRow({ paymentId: 'ct_multi', checkId: null, tableNumber: 5, amount: '1.00' }),
		]);
		expect(jsonOf(multiple.outputs[1])).toEqual([expect.objectContaining({ status: 'refused', errorCode: 'MULTIPLE_OPEN_CHECKS' })]);

		const checks = await run({ resource: 'check', operation: 'getByTable', tableNumber: 3 });
		const check = checks.output[0].json as { checkId: string; remaining: string };
		const tooMuch = (Number(check.remaining.replace('.', '')) + 1).toString().padStart(3, '0');
		const over = await runRows({ resource: 'payment', operation: 'apply', paymentId: 'ct_over' }, [
			paymentRow({ paymentId: 'ct_over', checkId: check.checkId, amount: `${tooMuch.slice(0, -2)}.${tooMuch.slice(-2)}` }),
		]);
		expect(jsonOf(over.outputs[1])).toEqual([expect.objectContaining({ status: 'refused', errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: check.remaining })]);

		// a payment ahead of this one, still in flight, is counted: the whole remaining is then too much
		const ahead = paymentRow({ paymentId: 'ct_ahead', checkId: check.checkId, amount: '0.50', updatedAt: Date.now() - 5000 });
		const whole = await runRows({ resource: 'payment', operation: 'apply', paymentId: 'ct_whole' }, [
			ahead,
			paymentRow({ paymentId: 'ct_whole', checkId: check.checkId, amount: check.remaining }),
		]);
		expect(jsonOf(whole.outputs[1])).toEqual([expect.objectContaining({ errorCode: 'AMOUNT_EXCEEDS_REMAINING' })]);

		const row = paymentRow({ paymentId: 'ct_pay1', checkId: check.checkId, amount: '1.00', tipAmount: '0.50' });
		const params = { resource: 'payment', operation: 'apply', paymentId: 'ct_pay1', options: { taskTtlMs: 60000 } };
		// the restaurant's reference (its tag in it)
		const reference = buildPaymentReference('ct_pay1', 1, INTEGRATION_ID);
		const sent = await runRows(params, [row]);
		expect(jsonOf(sent.outputs[0])).toEqual([expect.objectContaining({ status: 'sent', reference })]);

		const status = await waitFor(async () => {
			const { output } = await run({ resource: 'payment', operation: 'getStatus', checkId: check.checkId, paymentId: 'ct_pay1', attempt: 1, integrationId: INTEGRATION_ID });
			return output[0].json.status === 'applied' ? output[0].json : undefined;
		}, 'the POS to apply the payment');
		expect(status).toMatchObject({ reference, amount: '1.00' });
		// without the restaurant, Get Status looks for the older references only: not this payment's
		const { output: untagged } = await run({ resource: 'payment', operation: 'getStatus', checkId: check.checkId, paymentId: 'ct_pay1', attempt: 1 });
		expect(untagged[0].json).toMatchObject({ status: 'notFound', reference: buildPaymentReference('ct_pay1', 1) });

		// the same claimed row again (a crashed execution's recovery, a retry): looked up, never paid twice
		const again = await runRows(params, [row]);
		expect(jsonOf(again.outputs[0])).toEqual([expect.objectContaining({ status: 'applied' })]);
		expect(again.state.requests.filter((request) => request.method === 'POST')).toHaveLength(0);

		await waitFor(async () => webhooks.find((hook) => hook.thirdPartyReference === reference), 'the PAYMENT webhook');

		// the outcome never reached the ledger: recovery settles the sent row from the check
		const settled = await runRows({ resource: 'payment', operation: 'recover', settleAfterSeconds: 1 }, [
			paymentRow({
				paymentId: 'ct_pay1',
				status: 'sent',
				updatedAt: Date.now() - 5000,
				columns: { checkId: check.checkId, amount: '1.00', reference, sentAtMs: Date.now() - 5000 },
			}),
		]);
		expect(jsonOf(settled.outputs[1])).toEqual([expect.objectContaining({ status: 'applied', paymentMethodCode: 'QDCARD' })]);
	});

	it('payment API disabled → failed PAYMENT_API_DISABLED (the restaurant is emailed)', async () => {
		await admin('POST', '/_admin/faults', { paymentApiDisabled: [CENTRE] });
		const { output: checks } = await run({ resource: 'check', operation: 'getByTable', tableNumber: 7 });
		const checkId = String(checks[0].json.checkId);
		const { outputs } = await runRows({ resource: 'payment', operation: 'apply', paymentId: 'ct_disabled' }, [
			paymentRow({ paymentId: 'ct_disabled', checkId, amount: '0.10' }),
		]);
		expect(jsonOf(outputs[0])).toEqual([expect.objectContaining({ status: 'failed', errorCode: 'PAYMENT_API_DISABLED', emailStatus: 'pending' })]);
	});

	it('5xx and 429 faults are retried by the transport', async () => {
		await admin('POST', '/_admin/faults', { http500: 2, pathFilter: 'getCheck' });
		const { output } = await run({ resource: 'check', operation: 'getManyOpen', output: 'single' });
		expect(Number(output[0].json.count)).toBeGreaterThanOrEqual(4);
		await admin('POST', '/_admin/faults', { http429: { count: 1, retryAfterSeconds: 1 }, pathFilter: 'businesses' });
		const { state } = await run({ resource: 'business', operation: 'getMany' });
		expect(state.requests.map((request) => request.status)).toEqual([429, 200]);
	}, 20000);

	it('orders: eat-in on a free table and to-go are accepted; the same order id is not resent', async () => {
		const eatIn = { resource: 'order', operation: 'createEatIn', orderId: 'ct_order_1', endpointId: ENDPOINT, tableNumber: 10, items: [{ sku: 'BURGER', quantity: 2 }, { sku: 'COLA', quantity: 1 }], customer: { firstName: 'Ana' } };
		const first = await run(eatIn);
		expect(first.output[0].json).toMatchObject({ status: 'sent', thirdPartyReference: 'ct_order_1' });
		const second = await run(eatIn);
		expect(second.output[0].json).toMatchObject({ status: 'alreadySent' });
		const toGo = await run({ resource: 'order', operation: 'createToGo', orderId: 'ct_order_2', endpointId: ENDPOINT, items: [{ sku: 'FRIES', quantity: 1 }] });
		expect(toGo.output[0].json).toMatchObject({ status: 'sent', mode: 'to-go' });
	});

	it('order.send from ledger rows: eat-in and to-go are taken; the same row again is recognised (409), not sent twice', async () => {
		const eatIn = orderRow({ orderId: 'ct_ledger_order_1', tableNumber: 11, items: [{ sku: 'BURGER', quantity: 1, modifiers: [] }] });
		const toGo = orderRow({ orderId: 'ct_ledger_order_2', mode: 'to-go', items: [{ sku: 'FRIES', quantity: 2, modifiers: [] }] });
		const first = await runRows({ resource: 'order', operation: 'send' }, [eatIn, toGo]);
		expect(jsonOf(first.outputs[0]).map((row) => [row.orderId, row.status])).toEqual([
			['ct_ledger_order_1', 'sent'],
			['ct_ledger_order_2', 'sent'],
		]);
		const again = await runRows({ resource: 'order', operation: 'send' }, [eatIn]);
		const reference = orderReference('ct_ledger_order_1', 1, INTEGRATION_ID);
		expect(jsonOf(first.outputs[0])[0]).toMatchObject({ reference });
		expect(jsonOf(again.outputs[0])).toEqual([expect.objectContaining({ status: 'sent', reference, errorText: `Lightspeed already had order ${reference}.` })]);
	});

	it('settings.check and location.checkConnection against the sandbox', async () => {
		const { output } = await run({ resource: 'settings', operation: 'check', integrationId: 'demo-bistro', integrationName: 'Demo Bistro', cardPaymentMethod: 'QDCARD', voucherPaymentMethod: 'NOPE', staffId: 42 });
		expect(output[0].json).toMatchObject({ timezone: 'Europe/Paris', currency: 'EUR', businessLocationId: String(CENTRE), staffId: '42' });
		expect(String(output[0].json.settingsProblems)).toMatch(/voucher method "NOPE"/);
		const connection = await runRows({ resource: 'location', operation: 'checkConnection' }, []);
		expect(jsonOf(connection.outputs[0])).toEqual([expect.objectContaining({ connection: 'ok', integrationId: 'demo-bistro' })]);
	});

	it('posMessage.send and location.getReadiness', async () => {
		const message = await run({ resource: 'posMessage', operation: 'send', message: 'Table 3 paid 1.50 via Qodeup' });
		expect(message.output[0].json).toMatchObject({ status: 'sent', lightspeedStatus: 'ok' });
		const readiness = await run({ resource: 'location', operation: 'getReadiness' });
		expect(readiness.output[0].json).toMatchObject({ paymentApiEnabled: true });
	});

	it('diagnose: all good, then a removed payment method and an inactive staff are reported', async () => {
		const params = { resource: 'location', operation: 'diagnose', cardPaymentMethod: 'QDCARD', voucherPaymentMethod: 'QDVOUCHER', staffId: 42, endpointId: ENDPOINT };
		const good = await run(params);
		const goodJson = good.output[0].json as { ok: boolean; problems: string[] };
		expect(goodJson.problems).toEqual([]);
		expect(goodJson.ok).toBe(true);

		await admin('POST', '/_admin/faults', { removedPaymentMethods: ['QDCARD'], inactiveStaff: [42] });
		const bad = await run(params);
		const badJson = bad.output[0].json as { ok: boolean; problems: string[] };
		expect(badJson.ok).toBe(false);
		expect(badJson.problems).toEqual(expect.arrayContaining(['paymentMethods', 'staff']));

		const missing = await run({ ...params, endpointId: 'NOT-REGISTERED' });
		expect((missing.output[0].json as { problems: string[] }).problems).toContain('webhook');
	});

	it('diagnose: an endpoint registered but not linked to this location, and a location without a floor plan', async () => {
		expect(await lightspeed('PUT', '/o/wh/1/webhook', { endpointId: 'QODEUP-UNLINKED', url: 'http://127.0.0.1:9/hook', provideAccount: true, expandPayments: true })).toBe(200);
		const unlinked = await run({ resource: 'location', operation: 'diagnose', cardPaymentMethod: 'QDCARD', staffId: 42, endpointId: 'QODEUP-UNLINKED' });
		const unlinkedJson = unlinked.output[0].json as { problems: string[]; checks: Array<{ name: string; detail: string }> };
		expect(unlinkedJson.problems).toEqual(['webhook']);
		expect(unlinkedJson.checks.find((check) => check.name === 'webhook')?.detail).toMatch(/registered but linked to no location/);

		const camden = await run({ businessLocationId: CAMDEN, resource: 'location', operation: 'diagnose', cardPaymentMethod: 'LNCARD', staffId: 62 });
		const camdenJson = camden.output[0].json as { problems: string[]; currency: string; checks: Array<{ name: string; detail: string }> };
		expect(camdenJson.problems).toContain('floorPlan');
		expect(camdenJson.currency).toBe('GBP');
		expect(camdenJson.checks.find((check) => check.name === 'floorPlan')?.detail).toMatch(/no floor plan/);
	});
});

/**
 * The Lightspeed K-Series node against the local sandbox (a real HTTP server speaking the
 * K-Series contract): what the node sends is accepted, and what the sandbox answers is read
 * correctly — tables with checks, the payment flow, refusals, faults, orders, diagnose.
 */
import http from 'http';
import type { AddressInfo } from 'net';

import { clearFloorplanCache } from '../../nodes/LightspeedKSeries/helpers/api';
import { createLoadOptionsFunctions } from '../helpers/n8nContext';
import { jsonOf, lightspeedNode, runLightspeedNode } from '../helpers/lightspeedNode';

const { startSandbox } = require('../../sandbox') as {
	startSandbox(options: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }>;
};

const CENTRE = 45454565682155;
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
	const put = await fetch(`${sandbox.url}/o/wh/1/webhook`, {
		method: 'PUT',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			endpointId: ENDPOINT,
			url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
			provideAccount: true,
			expandPayments: true,
		}),
	});
	expect(put.status).toBe(200);
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

	it('payment flow: refusals, sent, applied by the POS, and a resend is recognised', async () => {
		const multiple = await run({ resource: 'payment', operation: 'apply', paymentId: 'ct_multi', tableNumber: 5, amount: '1.00', cardPaymentMethod: 'QDCARD', endpointId: ENDPOINT });
		expect(multiple.output[0].json).toMatchObject({ status: 'refused', errorCode: 'MULTIPLE_OPEN_CHECKS' });

		const checks = await run({ resource: 'check', operation: 'getByTable', tableNumber: 3 });
		const check = checks.output[0].json as { checkId: string; remaining: string };
		const tooMuch = (Number(check.remaining.replace('.', '')) + 1).toString().padStart(3, '0');
		const over = await run({
			resource: 'payment',
			operation: 'apply',
			paymentId: 'ct_over',
			checkId: check.checkId,
			amount: `${tooMuch.slice(0, -2)}.${tooMuch.slice(-2)}`,
			cardPaymentMethod: 'QDCARD',
			endpointId: ENDPOINT,
		});
		expect(over.output[0].json).toMatchObject({ status: 'refused', errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: check.remaining });

		const params = {
			resource: 'payment',
			operation: 'apply',
			paymentId: 'ct_pay1',
			checkId: check.checkId,
			amount: '1.00',
			tipAmount: '0.50',
			method: 'card',
			cardPaymentMethod: 'QDCARD',
			endpointId: ENDPOINT,
			options: { taskTtlMs: 60000 },
		};
		const sent = await run(params);
		expect(sent.output[0].json).toMatchObject({ status: 'sent', reference: 'QD-ct_pay1-1', alreadySent: false });

		const status = await waitFor(async () => {
			const { output } = await run({ resource: 'payment', operation: 'getStatus', checkId: check.checkId, paymentId: 'ct_pay1', attempt: 1 });
			return output[0].json.status === 'applied' ? output[0].json : undefined;
		}, 'the POS to apply the payment');
		expect(status).toMatchObject({ reference: 'QD-ct_pay1-1', amount: '1.00' });

		const again = await run(params);
		expect(again.output[0].json).toMatchObject({ status: 'applied', alreadySent: true });
		expect(again.state.requests.filter((request) => request.method === 'POST')).toHaveLength(0);

		await waitFor(async () => webhooks.find((hook) => hook.thirdPartyReference === 'QD-ct_pay1-1'), 'the PAYMENT webhook');
	});

	it('payment API disabled → refused PAYMENT_API_DISABLED', async () => {
		await admin('POST', '/_admin/faults', { paymentApiDisabled: [CENTRE] });
		const { output: checks } = await run({ resource: 'check', operation: 'getByTable', tableNumber: 7 });
		const checkId = String(checks[0].json.checkId);
		const { output } = await run({ resource: 'payment', operation: 'apply', paymentId: 'ct_disabled', checkId, amount: '0.10', cardPaymentMethod: 'QDCARD', endpointId: ENDPOINT });
		expect(output[0].json).toMatchObject({ status: 'refused', errorCode: 'PAYMENT_API_DISABLED' });
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
});

'use strict';
// Every fault of the admin API, switched at run time, and what the API and webhooks then do.

const { start, receiver, registerEndpoint, payBody, waitFor, call, BASIC_CLIENT, CENTRE, HARBOUR } = require('./helpers');
const { PAYMENT_ERROR_TYPES } = require('../../sandbox/faults');

let t;
let hook;
beforeEach(async () => {
	hook = await receiver();
	t = await start();
	await registerEndpoint(t, hook);
});
afterEach(async () => {
	await t.close();
	await hook.close();
});

const payment = (ref) => (b) => b && b.type === 'PAYMENT' && b.thirdPartyReference === ref;
const faults = (f) => t.admin('POST', '/faults', f);

async function payAndWait(extra) {
	const body = payBody(extra);
	const res = await t.api('POST', '/o/op/1/pay', { body });
	expect(res.status).toBe(200);
	const [w] = await hook.waitFor(payment(body.thirdPartyPaymentReference), `PAYMENT webhook for ${body.thirdPartyPaymentReference}`);
	return w;
}

describe('typed payment failures', () => {
	test.each(PAYMENT_ERROR_TYPES)('paymentFailure %s → PAYMENT FAILURE with errors.account.type', async (type) => {
		expect((await faults({ paymentFailure: type })).status).toBe(200);
		const w = await payAndWait();
		expect(w).toMatchObject({ status: 'FAILURE', errors: { account: { type } }, reason: expect.any(String) });
		expect((await t.api('GET', `/o/op/1/order/accounts/A70001.1?businessLocationId=${CENTRE}`)).body.paymentEntries).toEqual([]);
	});

	test('with a count the forced failure hits only that many payments', async () => {
		await faults({ paymentFailure: { type: 'UPDATE_FAILED', count: 1 } });
		expect((await payAndWait()).errors.account.type).toBe('UPDATE_FAILED');
		expect((await payAndWait()).status).toBe('SUCCESS');
	});

	test('an unknown type is refused', async () => {
		const res = await faults({ paymentFailure: 'BROKE' });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatch(/paymentFailure must be one of/);
	});
});

test('paymentApiDisabled → 403 Spring body for that location only; the reference stays unused', async () => {
	await faults({ paymentApiDisabled: [CENTRE] });
	const body = payBody({ thirdPartyPaymentReference: 'QD-off-1' });
	const res = await t.api('POST', '/o/op/1/pay', { body });
	expect(res.status).toBe(403);
	expect(res.body).toEqual({ timestamp: expect.any(String), status: 403, error: 'Forbidden', message: `Payment API is not enabled for business location ${CENTRE}`, path: '/o/op/1/pay' });
	const r = (await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${CENTRE}`)).body;
	expect(r).toMatchObject({ status: 'NOT_READY', onlineOrderingApiConfiguration: { enabled: false } });
	expect((await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${HARBOUR}`)).body.status).toBe('READY');
	await t.admin('DELETE', '/faults');
	expect((await t.api('POST', '/o/op/1/pay', { body })).status).toBe(200);
});

test('posOffline: the task times out after taskTtlInMs × taskTtlScale with errors.timeout', async () => {
	await t.admin('POST', '/config', { taskTtlScale: 0.002 }); // 60000 ms → 120 ms
	await faults({ posOffline: true });
	expect((await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${CENTRE}`)).body).toMatchObject({ status: 'NOT_READY', posStatus: { availableDevices: false } });
	const started = Date.now();
	const w = await payAndWait({ taskTtlInMs: 60000, thirdPartyPaymentReference: 'QD-late-1' });
	expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	expect(w).toEqual({
		reason: 'Not processed before validity ended', thirdPartyReference: 'QD-late-1', businessLocationId: CENTRE, status: 'FAILURE',
		errors: { timeout: { errorKey: 'errors.payment.pos.task_timeout', message: 'Not processed before validity ended' } }, type: 'PAYMENT',
	});
	expect((await t.state()).payments[0]).toMatchObject({ status: 'timedOut', errorType: 'TIMEOUT' });
	expect((await t.api('GET', `/o/op/1/order/accounts/A70001.1?businessLocationId=${CENTRE}`)).body.paidAmount).toBe('0.00');
});

test('posOffline: a POS that comes back before the task expires still applies it', async () => {
	await t.admin('POST', '/config', { taskTtlScale: 0.05 }); // 3 s
	await faults({ posOffline: true });
	const body = payBody({ thirdPartyPaymentReference: 'QD-back-1' });
	await t.api('POST', '/o/op/1/pay', { body });
	await new Promise((r) => setTimeout(r, 60));
	expect((await t.state()).payments[0].status).toBe('queued');
	await faults({ posOffline: false });
	const [w] = await hook.waitFor(payment('QD-back-1'));
	expect(w.status).toBe('SUCCESS');
});

test('a payment addressed to another device is never taken and times out', async () => {
	await t.admin('POST', '/config', { taskTtlScale: 0.002 });
	const w = await payAndWait({ deviceId: 99999 });
	expect(w.errors.timeout.errorKey).toBe('errors.payment.pos.task_timeout');
	expect((await payAndWait({ deviceId: 70001 })).status).toBe('SUCCESS');
});

test('removedPaymentMethods: gone from the list, payments with it fail PAYMENT_METHOD_NOT_FOUND', async () => {
	await faults({ removedPaymentMethods: ['QDCARD'] });
	const list = (await t.api('GET', `/f/finance/${CENTRE}/paymentMethods`)).body._embedded.paymentMethodList.map((m) => m.code);
	expect(list).toEqual(['QDVOUCHER', 'CASH', 'CARD']);
	expect((await payAndWait({ paymentMethod: 'QDCARD' })).errors.account.type).toBe('PAYMENT_METHOD_NOT_FOUND');
	expect((await payAndWait({ paymentMethod: 'QDVOUCHER' })).status).toBe('SUCCESS');
	expect((await payAndWait({ paymentMethod: 'NOPE' })).errors.account.type).toBe('PAYMENT_METHOD_NOT_FOUND');
});

test('inactiveStaff: inactive in the list; payments with that staffId, or without one when the default API staff is inactive, fail STAFF_NOT_FOUND', async () => {
	expect((await payAndWait({ staffId: 43 })).errors.account.type).toBe('STAFF_NOT_FOUND'); // seeded inactive
	expect((await payAndWait({ staffId: 999 })).errors.account.type).toBe('STAFF_NOT_FOUND');
	expect((await payAndWait({ paymentAmount: '1.00' })).status).toBe('SUCCESS');
	await faults({ inactiveStaff: [42] });
	const staff = (await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS`)).body.data.staff;
	expect(staff.find((s) => s.staffId === 42).active).toBe(false);
	expect((await payAndWait({ staffId: 42 })).errors.account.type).toBe('STAFF_NOT_FOUND');
	const noStaff = payBody();
	delete noStaff.staffId;
	expect((await payAndWait(noStaff)).errors.account.type).toBe('STAFF_NOT_FOUND');
	expect((await payAndWait({ staffId: 44, paymentAmount: '1.00' })).status).toBe('SUCCESS');
});

test('http500: the next N API calls answer 500, then normal service; admin and OAuth are not hit', async () => {
	await faults({ http500: 2 });
	const path = `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`;
	const first = await t.api('GET', path);
	expect(first.status).toBe(500);
	expect(first.body).toMatchObject({ status: 500, error: 'Internal Server Error', path: '/o/op/1/order/table/getCheck' });
	expect((await t.admin('GET', '/faults')).body.http500).toBe(1);
	const minted = (await t.admin('POST', '/tokens')).body;
	expect((await call(t.url, 'POST', '/realms/k-series/protocol/openid-connect/token', { headers: { Authorization: BASIC_CLIENT }, form: { grant_type: 'refresh_token', refresh_token: minted.refresh_token } })).status).toBe(200);
	expect((await t.api('GET', path)).status).toBe(500);
	expect((await t.api('GET', path)).status).toBe(200);
});

test('http429: answers 429 with Retry-After for count calls', async () => {
	await faults({ http429: { count: 1, retryAfterSeconds: 7 } });
	const res = await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-429-1' }) });
	expect(res.status).toBe(429);
	expect(res.headers.get('retry-after')).toBe('7');
	expect(res.body).toMatchObject({ status: 429, error: 'Too Many Requests' });
	// The refused call did not use the reference.
	expect((await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-429-1' }) })).status).toBe(200);
});

test('pathFilter limits 500/429/latency to matching paths (and can reach the token endpoint)', async () => {
	await faults({ http500: 5, pathFilter: '/pay$' });
	expect((await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`)).status).toBe(200);
	expect((await t.api('POST', '/o/op/1/pay', { body: payBody() })).status).toBe(500);
	await t.admin('DELETE', '/faults');
	await faults({ http500: 1, pathFilter: '/token$' });
	const r = await call(t.url, 'POST', '/realms/k-series/protocol/openid-connect/token', { headers: { Authorization: BASIC_CLIENT }, form: { grant_type: 'refresh_token', refresh_token: 'x' } });
	expect(r.status).toBe(500);
	expect((await faults({ pathFilter: '(' })).status).toBe(400);
});

test('latencyMs delays every API call', async () => {
	await faults({ latencyMs: 150 });
	const started = Date.now();
	expect((await t.api('GET', '/o/op/data/businesses')).status).toBe(200);
	expect(Date.now() - started).toBeGreaterThanOrEqual(145);
	const s = await t.state();
	expect(s.requests[s.requests.length - 1].durationMs).toBeGreaterThanOrEqual(145);
});

test('duplicateWebhooks: every notification is delivered twice', async () => {
	await faults({ duplicateWebhooks: true });
	const body = payBody({ thirdPartyPaymentReference: 'QD-dup-1' });
	await t.api('POST', '/o/op/1/pay', { body });
	const twice = await hook.waitForCount(2, payment('QD-dup-1'));
	expect(twice[0]).toEqual(twice[1]);
	await hook.waitForCount(2, (b) => b && b.status === 'CHECK_WAS_UPDATED');
	const recs = (await t.state()).webhooks.filter((w) => w.type === 'PAYMENT');
	expect(recs).toHaveLength(2);
	expect(recs[1].duplicateOf).toBe(recs[0].id);
});

test('outOfOrderWebhooks: the notifications of one POS event arrive in reverse order', async () => {
	await faults({ outOfOrderWebhooks: true });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.3', paymentAmount: '16.70', thirdPartyPaymentReference: 'QD-ooo-1' }) });
	const all = await hook.waitForCount(3, (b) => b && b.thirdPartyReference === 'QD-ooo-1');
	expect(all.map((b) => b.status)).toEqual(['CLOSED', 'CHECK_WAS_UPDATED', 'SUCCESS']);
});

test('webhookReceiverDown: retried a few times with backoff, then given up and recorded', async () => {
	await t.admin('POST', '/config', { webhookRetries: 2, webhookRetryBaseMs: 20 });
	await faults({ webhookReceiverDown: true });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-down-1' }) });
	const rec = await waitFor(async () => (await t.state()).webhooks.find((w) => w.type === 'PAYMENT' && w.result === 'failed'), { what: 'failed delivery' });
	expect(rec.attempts).toHaveLength(3);
	expect(rec.attempts[0].error).toMatch(/ECONNREFUSED/);
	expect(Date.parse(rec.attempts[2].at) - Date.parse(rec.attempts[0].at)).toBeGreaterThanOrEqual(55); // 20 + 40 ms backoff
	expect(rec.error).toMatch(/webhookReceiverDown/);
	expect(hook.requests).toHaveLength(0);
});

test('a receiver answering 500 is retried, and a later 200 counts as delivered', async () => {
	hook.status = (n) => (n === 1 ? 500 : 200);
	await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-retry-1' }) });
	await hook.waitForCount(2, payment('QD-retry-1'));
	const rec = await waitFor(async () => (await t.state()).webhooks.find((w) => w.type === 'PAYMENT' && w.result === 'delivered'));
	expect(rec.attempts.map((a) => a.status)).toEqual([500, 200]);
});

test('a real unreachable receiver is also retried and recorded as failed', async () => {
	await t.admin('POST', '/config', { webhookRetries: 1, webhookRetryBaseMs: 5 });
	await hook.close();
	await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-gone-1' }) });
	const rec = await waitFor(async () => (await t.state()).webhooks.find((w) => w.type === 'PAYMENT' && w.result === 'failed'));
	expect(rec.attempts).toHaveLength(2);
	expect(rec.attempts[0].error).toBeTruthy();
	hook = await receiver(); // afterEach closes it
});

test('faults are validated, merged, read back and cleared', async () => {
	expect((await faults({ nonsense: true })).status).toBe(400);
	expect((await faults({ http500: -1 })).status).toBe(400);
	await faults({ posOffline: true });
	await faults({ latencyMs: 5 });
	expect((await t.admin('GET', '/faults')).body).toMatchObject({ posOffline: true, latencyMs: 5 });
	expect((await t.admin('DELETE', '/faults')).body).toMatchObject({ posOffline: false, latencyMs: 0, http500: 0, paymentFailure: null });
});

'use strict';
// Fault notificationDelayMs: Order & Pay notifications (PAYMENT, ORDER) held back by a set time
// after the POS event, in their order, together with the duplicate and reorder faults; RTN is
// not held; setting it back to 0 releases new events at once while held ones keep their time.

const { start, receiver, registerEndpoint, payBody, waitFor } = require('./helpers');

let t;
let hook;
beforeEach(async () => {
	hook = await receiver();
	t = await start({ rtnUrl: `${hook.url}/rtn` });
	await registerEndpoint(t, hook);
});
afterEach(async () => {
	await t.close();
	await hook.close();
});

const arrivals = () => hook.requests.map((r) => ({ at: r.at, body: r.body }));
const byRef = (ref) => (b) => b && b.thirdPartyReference === ref;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Records when each request reached the receiver.
function stampArrivals() {
	const push = hook.requests.push.bind(hook.requests);
	hook.requests.push = (...reqs) => push(...reqs.map((r) => ({ ...r, at: Date.now() })));
}

async function processedAt(ref) {
	const p = await waitFor(async () => (await t.state()).payments.find((x) => x.reference === ref && x.processedAt));
	return Date.parse(p.processedAt);
}

test('notificationDelayMs 1500: the PAYMENT webhook is not delivered before ~1.5 s after the POS event, then it is; RTN is not held', async () => {
	stampArrivals();
	expect((await t.admin('POST', '/faults', { notificationDelayMs: 1500 })).body.notificationDelayMs).toBe(1500);
	const body = payBody({ thirdPartyPaymentReference: 'QD-held-1' });
	expect((await t.api('POST', '/o/op/1/pay', { body })).status).toBe(200);
	const applied = await processedAt('QD-held-1');
	// RTN UPDATE of the same POS event arrives at once.
	await hook.waitFor((b) => b && b.notificationType === 'UPDATE', 'RTN UPDATE', 1000);
	const rec = (await t.state()).webhooks.find((w) => w.type === 'PAYMENT');
	expect(rec).toMatchObject({ result: 'pending', heldUntil: expect.any(String) });
	expect(Date.parse(rec.heldUntil) - applied).toBeGreaterThanOrEqual(1490);
	await sleep(Math.max(0, applied + 1200 - Date.now()));
	expect(hook.bodies(byRef('QD-held-1'))).toEqual([]);
	const [payment] = await hook.waitFor((b) => b && b.type === 'PAYMENT', 'PAYMENT', 5000);
	expect(payment).toMatchObject({ status: 'SUCCESS', thirdPartyReference: 'QD-held-1' });
	const got = arrivals().filter((a) => a.body.type === 'PAYMENT')[0].at;
	expect(got - applied).toBeGreaterThanOrEqual(1490);
	expect(got - applied).toBeLessThan(4000);
	const rtnAt = arrivals().find((a) => a.body.notificationType === 'UPDATE').at;
	expect(rtnAt).toBeLessThan(got);
	// The ORDER notification of the same event follows it, in order.
	await hook.waitFor((b) => b && b.status === 'CHECK_WAS_UPDATED');
	expect(hook.bodies(byRef('QD-held-1')).map((b) => `${b.type}:${b.status}`)).toEqual(['PAYMENT:SUCCESS', 'ORDER:CHECK_WAS_UPDATED']);
});

test('combines with duplicateWebhooks and outOfOrderWebhooks; ORDER FAILURE of an order is held too', async () => {
	stampArrivals();
	await t.admin('POST', '/faults', { notificationDelayMs: 400, duplicateWebhooks: true, outOfOrderWebhooks: true });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.3', paymentAmount: '16.70', thirdPartyPaymentReference: 'QD-held-2' }) });
	const applied = await processedAt('QD-held-2');
	const six = await hook.waitForCount(6, byRef('QD-held-2'));
	expect(six.map((b) => b.status)).toEqual(['CLOSED', 'CLOSED', 'CHECK_WAS_UPDATED', 'CHECK_WAS_UPDATED', 'SUCCESS', 'SUCCESS']);
	const first = arrivals().find((a) => a.body.thirdPartyReference === 'QD-held-2').at;
	expect(first - applied).toBeGreaterThanOrEqual(390);

	await t.admin('POST', '/faults', { duplicateWebhooks: false, outOfOrderWebhooks: false });
	const sentAt = Date.now();
	await t.api('POST', '/o/op/1/order/local', { body: { businessLocationId: 45454565682155, thirdPartyReference: 'ord-held-1', endpointId: 'QODEUP-TEST', customerInfo: { firstName: 'A' }, items: [{ sku: 'NOPE', quantity: 1 }] } });
	const [failure] = await hook.waitFor(byRef('ord-held-1'));
	expect(failure).toMatchObject({ type: 'ORDER', status: 'FAILURE' });
	expect(arrivals().find((a) => a.body.thirdPartyReference === 'ord-held-1').at - sentAt).toBeGreaterThanOrEqual(390);
});

test('back to 0: a new event is delivered at once, the held one still waits for its time', async () => {
	stampArrivals();
	await t.admin('POST', '/faults', { notificationDelayMs: 1500 });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.1', paymentAmount: '1.00', thirdPartyPaymentReference: 'QD-old-1' }) });
	const heldApplied = await processedAt('QD-old-1');
	await t.admin('POST', '/faults', { notificationDelayMs: 0 });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.2', paymentAmount: '1.00', thirdPartyPaymentReference: 'QD-new-1' }) });
	await hook.waitFor((b) => b && b.type === 'PAYMENT' && b.thirdPartyReference === 'QD-new-1', 'new PAYMENT', 1000);
	expect(hook.bodies(byRef('QD-old-1'))).toEqual([]);
	await hook.waitFor((b) => b && b.type === 'PAYMENT' && b.thirdPartyReference === 'QD-old-1', 'held PAYMENT', 5000);
	expect(arrivals().find((a) => a.body.thirdPartyReference === 'QD-old-1').at - heldApplied).toBeGreaterThanOrEqual(1490);
	expect((await t.admin('POST', '/faults', { notificationDelayMs: -5 })).status).toBe(400);
	expect((await t.admin('DELETE', '/faults')).body.notificationDelayMs).toBe(0);
});

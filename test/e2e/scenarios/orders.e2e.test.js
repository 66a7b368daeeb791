'use strict';
// Orders on the real n8n: every order's outcome reaches Qodeup (status call and signed
// callback) and, when the register refuses it, the restaurant (an email per cause, with a
// retry link for what a resend can fix). Input rules: phones as E.164, a reused order id.
const { order, orderStatus } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const mail = require('../helpers/mail');
const { stackInfo } = require('../helpers/stack');
const { waitFor, sleep } = require('../helpers/wait');
const { expectAnswer } = require('./support/contract');
const { LOCATION, uid, openCheck, checkById, orderRow, waitForOrder, mailsAbout, retryLinkOf, openLink, pressRetry, explainOrderFailure, orderReference, callbacksFor, verifyCallback } = require('./support/flows');

/** The sandbox's record of the order sent under `reference`, once the POS has dealt with it. */
const posOrder = (reference) =>
	waitFor(async () => (await sandbox.state()).orders.find((o) => o.reference === reference && ['accepted', 'failed', 'timedOut'].includes(o.status)), { what: `order ${reference} dealt with by the POS` });
/** The body n8n sent Lightspeed for the order `reference` (the sandbox's request log). */
const bodySent = async (reference) =>
	(await sandbox.state()).requests.find((r) => r.method === 'POST' && /^\/o\/op\/1\/order\/(local|toGo)$/.test(r.path) && r.body?.thirdPartyReference === reference)?.body;
const ordersSent = async (reference) => (await sandbox.state()).orders.filter((o) => o.reference === reference);
const orderMail = (orderId) => waitFor(async () => (await mailsAbout(`Qodeup order ID: ${orderId}`))[0], { timeoutMs: 45_000, what: `a failure email about order ${orderId}` });

describe('orders', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
		await mail.clearCallbacks();
	});
	afterEach(() => sandbox.clearFaults());

	test('eat-in on a free table: accepted, the status says so, Qodeup gets a signed order.accepted; the phone goes as E.164', async () => {
		const id = uid('eat');
		const r = await order({ orderId: id, mode: 'eat-in', tableNumber: 9, items: [{ sku: 'BURGER', quantity: 2 }, { sku: 'COLA', quantity: 1 }], customer: { firstName: 'Ana', phone: '+39 333 123.45-67' }, note: 'no onions' });
		expectAnswer('POST', 'orders', r, 202);
		expect(r.json).toMatchObject({ orderId: id, status: 'pending' });
		const row = await waitForOrder(id, { status: 'accepted' });
		const sent = await posOrder(orderReference(id, 1));
		expect(sent).toMatchObject({ kind: 'local', status: 'accepted', endpointId: 'qodeup-demo-bistro' });
		expect((await bodySent(orderReference(id, 1))).customerInfo.contactNumberAsE164).toBe('+393331234567');
		const check = await checkById(sent.checkId);
		expect(check.tableNumber).toBe(9);
		expect(check.lines.map((l) => [l.sku, l.quantity])).toEqual([['BURGER', 2], ['COLA', 1]]);

		const status = await orderStatus(id);
		expectAnswer('GET', 'orders/{orderId}', status, 200);
		expect(status.json).toMatchObject({ orderId: id, status: 'accepted', mode: 'eat-in', tableNumber: 9, checkId: sent.checkId, reference: row.reference });
		const callback = await waitFor(async () => (await callbacksFor('order.accepted')).find((c) => c.data.orderId === id), { what: `order.accepted for ${id}` });
		expect(verifyCallback(callback.raw)).toEqual({ timestampFresh: true, signatureOk: true });
		expect(callback.data).toMatchObject({ orderId: id, status: 'accepted', checkId: sent.checkId });
	});

	test('eat-in naming the open check adds to it; to-go reaches the POS as a takeaway', async () => {
		const check = await openCheck(10, [{ sku: 'WATER', quantity: 1 }]);
		const add = uid('add');
		expect((await order({ orderId: add, mode: 'eat-in', checkId: check.checkId, items: [{ sku: 'TIRAMISU', quantity: 1 }], customer: { firstName: 'Bo' } })).status).toBe(202);
		await waitForOrder(add, { status: 'accepted' });
		expect((await checkById(check.checkId)).lines.map((l) => l.sku)).toEqual(['WATER', 'TIRAMISU']);

		const togo = uid('togo');
		expect((await order({ orderId: togo, mode: 'to-go', items: [{ sku: 'FRIES', quantity: 3 }], customer: { firstName: 'Cy', phone: '0032 470 00 00 00' } })).json.status).toBe('pending');
		await waitForOrder(togo, { status: 'accepted' });
		const sent = await posOrder(orderReference(togo, 1));
		expect(sent).toMatchObject({ kind: 'toGo', status: 'accepted', tableNumber: null });
		expect((await bodySent(orderReference(togo, 1))).customerInfo.contactNumberAsE164).toBe('+32470000000');
	});

	test('the same order id: same content → its status, nothing sent; other content → 409 ORDER_ID_REUSED, nothing sent', async () => {
		const id = uid('same');
		const body = { orderId: id, mode: 'to-go', items: [{ sku: 'COLA', quantity: 2 }], customer: { firstName: 'Di' } };
		expect((await order(body)).status).toBe(202);
		await waitForOrder(id, { status: 'accepted' });
		const again = await order({ ...body, customer: { firstName: 'Di', lastName: '' } });
		expectAnswer('POST', 'orders', again, 202);
		expect(again.json).toMatchObject({ orderId: id, status: 'accepted' });
		const reused = await order({ ...body, items: [{ sku: 'COLA', quantity: 3 }] });
		expectAnswer('POST', 'orders', reused, 409);
		expect(reused.json).toMatchObject({ error: 'ORDER_ID_REUSED', fields: ['items'] });
		expect(await ordersSent(orderReference(id, 1))).toHaveLength(1);
	});

	test('a phone that is not international: 422 naming customer.phone, nothing recorded', async () => {
		const id = uid('phone');
		const r = await order({ orderId: id, mode: 'to-go', items: [{ sku: 'COLA', quantity: 1 }], customer: { firstName: 'Ed', phone: '333 1234567' } });
		expectAnswer('POST', 'orders', r, 422);
		expect(JSON.stringify(r.json)).toContain('customer.phone');
		expect(await orderRow(id)).toBeUndefined();
		expect((await orderStatus(id)).status).toBe(404);
	});

	const CAUSES = [
		{ name: 'unknown SKU', code: 'SKU_NOT_FOUND', order: { mode: 'to-go', items: [{ sku: 'TO-XYZ', quantity: 1 }] }, says: /SKU TO-XYZ is not in Lightspeed/ },
		{ name: 'inactive table', code: 'TABLE_INACTIVE', faults: { inactiveTables: [{ businessLocationId: LOCATION, tableNumber: 13 }] }, order: { mode: 'eat-in', tableNumber: 13, items: [{ sku: 'COLA', quantity: 1 }] }, says: /Table 13 is inactive/ },
		{ name: 'payment above what is due', code: 'ORDER_PAYMENT_TOO_HIGH', order: { mode: 'to-go', items: [{ sku: 'COLA', quantity: 1 }], payment: { amount: '50.00', method: 'card' } } },
	];

	test.each(CAUSES.map((c) => [c.name, c]))('%s: failed with that cause — status, signed order.failed callback, one email with the fix', async (_name, cause) => {
		if (cause.faults) await sandbox.setFaults(cause.faults);
		const id = uid(cause.code.toLowerCase().slice(0, 8));
		const r = await order({ orderId: id, customer: { firstName: 'Fay' }, ...cause.order });
		expect(r.status).toBe(202);
		const row = await waitForOrder(id, { status: 'failed' });
		expect(row.errorCode).toBe(cause.code);
		const status = await orderStatus(id);
		expectAnswer('GET', 'orders/{orderId}', status, 200);
		expect(status.json).toMatchObject({ status: 'failed', error: cause.code });
		expect(status.json.reason).toBeTruthy();
		const callback = await waitFor(async () => (await callbacksFor('order.failed')).find((c) => c.data.orderId === id), { what: `order.failed for ${id}` });
		expect(verifyCallback(callback.raw).signatureOk).toBe(true);
		expect(callback.data).toMatchObject({ status: 'failed', error: cause.code, message: expect.any(String) });

		const msg = await orderMail(id);
		const explanation = explainOrderFailure(cause.code, row.errorText);
		expect(msg.subject).toContain(explanation.title);
		expect(msg.text).toContain(explanation.fix);
		if (cause.says) expect(msg.text).toMatch(cause.says);
		// a resend cannot fix these: no retry link
		expect(mail.extractLinks(msg).filter((l) => l.includes('qodeup-retry'))).toEqual([]);
		await sleep(4000);
		expect(await mailsAbout(`Qodeup order ID: ${id}`)).toHaveLength(1);
	});

	test('the register does not take it in time: POS_TIMEOUT, email with a retry link that shows on GET and resends once on POST (new reference)', async () => {
		await sandbox.setFaults({ posOffline: [LOCATION] });
		const id = uid('late');
		expect((await order({ orderId: id, mode: 'eat-in', tableNumber: 11, items: [{ sku: 'BURGER', quantity: 1 }], customer: { firstName: 'Gus' } })).status).toBe(202);
		// the delivery window: 120 s × the sandbox's taskTtlScale 0.1
		await waitForOrder(id, { status: 'failed', errorCode: 'POS_TIMEOUT' }, { timeoutMs: 40_000 });
		const msg = await orderMail(id);
		expect(msg.text).toContain(explainOrderFailure('POS_TIMEOUT').fix);
		const link = retryLinkOf(msg);
		expect(link).toMatch(/\/webhook\/qodeup-retry\/demo-bistro\/order\?t=/);

		await sandbox.clearFaults();
		for (let i = 0; i < 2; i++) expect((await openLink(link)).title).toBe(`Retry Order ${id}?`);
		expect((await openLink(link, 'HEAD')).status).toBe(200);
		await sleep(1000);
		expect(await ordersSent(orderReference(id, 2))).toHaveLength(0);

		expect((await pressRetry(link)).status).toBe(200);
		const row = await waitForOrder(id, { status: 'accepted' });
		expect(row).toMatchObject({ attempt: 2, reference: orderReference(id, 2) });
		expect(orderReference(id, 2)).toBe(`${orderReference(id, 1)}-R2`);
		expect(await ordersSent(orderReference(id, 2))).toHaveLength(1);
		expect((await pressRetry(link)).title).toBe('This link was already used');
		await sleep(1000);
		expect(await ordersSent(orderReference(id, 2))).toHaveLength(1);
		expect((await orderStatus(id)).json).toMatchObject({ status: 'accepted', attempt: 2 });
	});

	test('no outcome ever comes (notifications lost): the sweeper settles it — none stays pending', async () => {
		await sandbox.setFaults({ webhookReceiverDown: true });
		const id = uid('quiet');
		expect((await order({ orderId: id, mode: 'to-go', items: [{ sku: 'WATER', quantity: 1 }], customer: { firstName: 'Hal' } })).status).toBe(202);
		await posOrder(orderReference(id, 1));
		expect((await orderRow(id)).status).toBe('sent');
		// settle after 15 s in tests: Lightspeed has the order but never said → failed NO_OUTCOME, told to both
		const row = await waitForOrder(id, (r) => r.status !== 'sent' && r.status !== 'received', { timeoutMs: 60_000 });
		await sandbox.clearFaults();
		expect(row).toMatchObject({ status: 'failed', errorCode: 'NO_OUTCOME' });
		const msg = await orderMail(id);
		expect(msg.subject).toContain(explainOrderFailure('NO_OUTCOME').title);
		expect(await ordersSent(orderReference(id, 1))).toHaveLength(1);
	});
});

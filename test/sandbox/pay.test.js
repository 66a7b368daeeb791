'use strict';
// POST /o/op/1/pay: validation, reference uniqueness (atomic), queueing, the POS applying
// the payment after the delay, payment lines, closing, and the webhooks + RTN it sends.

const { start, receiver, registerEndpoint, payBody, simultaneousPosts, CENTRE } = require('./helpers');

let t;
let hook;
beforeEach(async () => {
	hook = await receiver();
	t = await start({ rtnUrl: `${hook.url}/rtn`, rtnUsername: 'rtn-user', rtnPassword: 'rtn-pass' });
});
afterEach(async () => {
	await t.close();
	await hook.close();
});

const orderAndPay = (pred = () => true) => (b) => b && b.type !== undefined && pred(b);
const rtn = (pred = () => true) => (b) => b && b.notificationType !== undefined && pred(b);
const check = async (id) => (await t.api('GET', `/o/op/1/order/accounts/${id}?businessLocationId=${CENTRE}`)).body;

test('a payment is queued (200 ok), applied after the POS delay, and announced by webhooks with Basic auth', async () => {
	await registerEndpoint(t, hook, { withBasicAuth: true, username: 'lsk', password: 's3cret' });
	await t.admin('POST', '/config', { posDelayMs: 300 });
	const body = payBody({ paymentAmount: 10, tipAmount: 1.5 });
	const res = await t.api('POST', '/o/op/1/pay', { body });
	expect(res.status).toBe(200);
	expect(res.body).toEqual({ status: 'ok' });
	// Queued, not yet on the check.
	expect((await check('A70001.1')).paymentEntries).toEqual([]);
	expect((await t.state()).payments[0]).toMatchObject({ status: 'queued' });
	const [paymentHook] = await hook.waitFor(orderAndPay((b) => b.type === 'PAYMENT'), 'PAYMENT webhook');
	expect(paymentHook).toEqual({
		thirdPartyReference: body.thirdPartyPaymentReference, businessLocationId: CENTRE, status: 'SUCCESS',
		ikentooAccountId: expect.any(Number), ikentooAccountIdentifier: 'A70001.1', type: 'PAYMENT',
	});
	const req = hook.requests.find((r) => r.body === paymentHook);
	expect(req.url).toBe('/lightspeed');
	expect(req.headers.authorization).toBe('Basic ' + Buffer.from('lsk:s3cret').toString('base64'));
	expect(req.headers['content-type']).toBe('application/json');
	const [updated] = await hook.waitFor(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'), 'CHECK_WAS_UPDATED');
	expect(updated).toMatchObject({ type: 'ORDER', thirdPartyReference: body.thirdPartyPaymentReference, ikentooAccountIdentifier: 'A70001.1', businessLocationId: CENTRE });
	expect(updated.account).toMatchObject({ ikaccountId: 'A70001.1', currentAmount: '35.20', paidAmount: '10.00', tableNumber: 3 });
	expect(updated.account.paymentEntries).toEqual([{
		paymentMethodDescription: 'Qodeup card', paymentMethodCode: 'QDCARD', externalReference: body.thirdPartyPaymentReference,
		amountPaid: '10.00', paymentDate: expect.stringMatching(/\+0000$/), active: true,
	}]);
	expect(updated.account.salesEntries).toHaveLength(2);
	// The tip is recorded on the payment line but not counted in paidAmount.
	const s = await t.state();
	const c = s.checks.find((x) => x.checkId === 'A70001.1');
	expect(c.payments).toEqual([expect.objectContaining({ reference: body.thirdPartyPaymentReference, amount: '10.00', tipAmount: '1.50', methodCode: 'QDCARD' })]);
	expect(c).toMatchObject({ paidAmount: '10.00', remaining: '25.20', status: 'open' });
	expect(s.payments).toEqual([expect.objectContaining({ reference: body.thirdPartyPaymentReference, status: 'applied', amount: '10.00', tipAmount: '1.50', checkId: 'A70001.1' })]);
	expect(hook.bodies(orderAndPay((b) => b.status === 'CLOSED'))).toEqual([]);
});

test('paying the rest closes the check: PAYMENT, CHECK_WAS_UPDATED then CLOSED, RTN UPDATE then CLOSE', async () => {
	await registerEndpoint(t, hook);
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.4', paymentAmount: '6.00', thirdPartyPaymentReference: 'QD-a-1' }) });
	await hook.waitFor(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'));
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.4', paymentAmount: '20.00', tipAmount: '2.00', thirdPartyPaymentReference: 'QD-b-1' }) });
	const [closed] = await hook.waitFor(orderAndPay((b) => b.status === 'CLOSED'), 'CLOSED');
	expect(closed.account).toMatchObject({ currentAmount: '26.00', paidAmount: '26.00', closeDate: expect.any(String) });
	const seq = hook.bodies(orderAndPay((b) => b.thirdPartyReference === 'QD-b-1')).map((b) => `${b.type}:${b.status}`);
	expect(seq).toEqual(['PAYMENT:SUCCESS', 'ORDER:CHECK_WAS_UPDATED', 'ORDER:CLOSED']);
	expect((await t.api('GET', `/o/op/1/order/table/7/getCheck?businessLocationId=${CENTRE}`)).status).toBe(404);
	expect((await check('A70001.4')).paymentEntries.map((p) => [p.externalReference, p.amountPaid])).toEqual([['QD-a-1', '6.00'], ['QD-b-1', '20.00']]);

	const rtns = await hook.waitForCount(3, rtn((b) => b.account.accountNumber === 'A70001.4'));
	expect(rtns.map((b) => b.notificationType)).toEqual(['UPDATE', 'UPDATE', 'CLOSE']);
	const rtnReq = hook.requests.find((r) => r.body && r.body.notificationType === 'CLOSE');
	expect(rtnReq.url).toBe('/rtn');
	expect(rtnReq.headers.authorization).toBe('Basic ' + Buffer.from('rtn-user:rtn-pass').toString('base64'));
	const closeRtn = rtnReq.body;
	expect(closeRtn).toMatchObject({ event: null, retryCounter: 0, businessLocationId: CENTRE });
	expect(closeRtn.account).toMatchObject({
		accountNumber: 'A70001.4', businessLocationId: CENTRE, currencyCode: 'EUR', totalAmount: 26, paidAmount: 26,
		gratuityAmount: 2, status: 'closed', tableNumber: 7, tableName: 'Table 7', closeDate: expect.any(Number), openDate: expect.any(Number),
	});
	expect(closeRtn.account.paymentLines.map((p) => [p.externalReference, p.amount, p.gratuityAmount, p.paymentMethod])).toEqual([['QD-a-1', 6, 0, 'QDCARD'], ['QD-b-1', 20, 2, 'QDCARD']]);
	expect(closeRtn.account.transactionLines.map((l) => [l.itemSku, l.quantity, l.amount])).toEqual([['FRIES', 2, 8.4], ['COLA', 1, 3.1], ['BURGER', 1, 14.5]]);
});

test('amount arithmetic is exact: 0.10 + 0.20 pays a 0.30 check to zero and closes it', async () => {
	await registerEndpoint(t, hook);
	const opened = await t.admin('POST', '/checks', { tableNumber: 11, lines: [{ name: 'Mint', unitAmount: '0.10', quantity: 3 }] });
	const id = opened.body.checkId;
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: id, paymentAmount: 0.1 }) });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: id, paymentAmount: 0.2 }) });
	await hook.waitFor(orderAndPay((b) => b.status === 'CLOSED' && b.ikentooAccountIdentifier === id), 'CLOSED');
	expect(await check(id)).toMatchObject({ currentAmount: '0.30', paidAmount: '0.30' });
});

test('paying more than is due fails with OVERPAID and leaves the check unchanged', async () => {
	await registerEndpoint(t, hook);
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.3', paymentAmount: '16.71', thirdPartyPaymentReference: 'QD-over-1' }) });
	const [f] = await hook.waitFor(orderAndPay((b) => b.type === 'PAYMENT'));
	expect(f).toEqual({
		reason: 'the payment amount is greater than the amount due', thirdPartyReference: 'QD-over-1', businessLocationId: CENTRE,
		status: 'FAILURE', ikentooAccountIdentifier: 'A70001.3', errors: { account: { type: 'OVERPAID' } }, type: 'PAYMENT',
	});
	expect((await check('A70001.3')).paidAmount).toBe('0.00');
	expect((await t.state()).payments[0]).toMatchObject({ status: 'failed', errorType: 'OVERPAID' });
	expect(hook.bodies(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'))).toEqual([]);
});

test('a payment on a closed check fails ACCOUNT_ALREADY_CLOSED, on an unknown one ACCOUNT_NOT_FOUND', async () => {
	await registerEndpoint(t, hook);
	await t.admin('POST', '/checks/A70001.3/close');
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.3', thirdPartyPaymentReference: 'QD-closed-1' }) });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.77', thirdPartyPaymentReference: 'QD-none-1' }) });
	const hooks = await hook.waitForCount(2, orderAndPay((b) => b.type === 'PAYMENT'));
	const byRef = Object.fromEntries(hooks.map((b) => [b.thirdPartyReference, b]));
	expect(byRef['QD-closed-1'].errors.account.type).toBe('ACCOUNT_ALREADY_CLOSED');
	expect(byRef['QD-none-1']).toMatchObject({ status: 'FAILURE', reason: 'Account not found', errors: { account: { type: 'ACCOUNT_NOT_FOUND' } } });
});

test('a reused payment reference gets the 400 Spring body, atomically under concurrent requests', async () => {
	await registerEndpoint(t, hook);
	const body = payBody({ iKaccountIdentifier: 'A70001.1', paymentAmount: '1.00', thirdPartyPaymentReference: 'QD-same-1' });
	const results = await simultaneousPosts(t.url, '/o/op/1/pay', t.token, body, 12);
	expect(results.filter((r) => r.status === 200)).toHaveLength(1);
	const refused = results.filter((r) => r.status === 400);
	expect(refused).toHaveLength(11);
	expect(refused[0].body).toEqual({ timestamp: expect.any(String), status: 400, error: 'Bad Request', message: 'reference has already been used QD-same-1', path: '/o/op/1/pay' });
	await hook.waitFor(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'));
	expect((await check('A70001.1')).paidAmount).toBe('1.00');
	// Still refused after it was applied (and after a failed payment too).
	expect((await t.api('POST', '/o/op/1/pay', { body })).status).toBe(400);
});

test('body validation: required fields, reference length, amounts with more than two decimals, taskTtlInMs minimum', async () => {
	const missing = await t.api('POST', '/o/op/1/pay', { body: { iKaccountIdentifier: 'A70001.1' } });
	expect(missing.status).toBe(400);
	expect(missing.body.message).toBe("Validation failed for object='standalonePayment'. Error count: 4");
	expect(missing.body.errors.map((e) => e.field).sort()).toEqual(['businessLocationId', 'endpointId', 'paymentAmount', 'thirdPartyPaymentReference']);
	const long = await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'x'.repeat(51) }) });
	expect(long.body.errors[0]).toMatchObject({ field: 'thirdPartyPaymentReference', code: 'Size', rejectedValue: 'x'.repeat(51) });
	const digits = await t.api('POST', '/o/op/1/pay', { body: payBody({ paymentAmount: 0.1 + 0.2 }) });
	expect(digits.body.errors[0]).toMatchObject({ field: 'paymentAmount', code: 'Digits' });
	const zero = await t.api('POST', '/o/op/1/pay', { body: payBody({ paymentAmount: 0 }) });
	expect(zero.body.errors[0]).toMatchObject({ field: 'paymentAmount', code: 'DecimalMin' });
	const ttl = await t.api('POST', '/o/op/1/pay', { body: payBody({ taskTtlInMs: 5000 }) });
	expect(ttl.body.errors[0]).toMatchObject({ field: 'taskTtlInMs', code: 'Min' });
	const type = await t.api('POST', '/o/op/1/pay', { body: payBody({ businessLocationId: 'centre' }) });
	expect(type.status).toBe(400);
	expect(type.body.message).toMatch(/^JSON parse error/);
	// Nothing of this reached the POS or used a reference.
	expect((await t.state()).payments).toEqual([]);
});

test('without provideAccount the webhooks carry no account; without expandPayments no payment lines', async () => {
	await registerEndpoint(t, hook, { provideAccount: false, expandTransactions: false, expandPayments: false });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-plain-1' }) });
	const [u] = await hook.waitFor(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'));
	expect(u.account).toBeUndefined();
	await t.api('POST', '/o/wh/1/webhook', { body: { endpointId: 'QODEUP-TEST', url: `${hook.url}/lightspeed`, provideAccount: true } });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-plain-2' }) });
	const [u2] = await hook.waitFor(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED' && b.thirdPartyReference === 'QD-plain-2'));
	expect(u2.account).toMatchObject({ paidAmount: '20.00' });
	expect(u2.account.paymentEntries).toBeUndefined();
	expect(u2.account.salesEntries).toBeUndefined();
});

test('a payment without paymentMethod is booked as API Payment (APM), like the official examples', async () => {
	await registerEndpoint(t, hook);
	const { paymentMethod, ...body } = payBody({ thirdPartyPaymentReference: 'QD-apm-1' });
	expect(paymentMethod).toBe('QDCARD');
	await t.api('POST', '/o/op/1/pay', { body });
	const [u] = await hook.waitFor(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'));
	expect(u.account.paymentEntries[0]).toMatchObject({ paymentMethodCode: 'APM', paymentMethodDescription: 'API Payment' });
});

test('an unregistered endpointId is accepted but its webhooks are recorded as undeliverable', async () => {
	await t.api('POST', '/o/op/1/pay', { body: payBody({ endpointId: 'NOBODY', thirdPartyPaymentReference: 'QD-lost-1' }) });
	const s = await require('./helpers').waitFor(async () => {
		const st = await t.state();
		return st.webhooks.some((w) => w.type === 'PAYMENT') && st;
	});
	expect(s.webhooks.find((w) => w.type === 'PAYMENT')).toMatchObject({ result: 'undeliverable', endpointId: 'NOBODY', error: 'endpoint ID not found for NOBODY', reference: 'QD-lost-1' });
	expect(s.payments[0].status).toBe('applied');
});

test('changes made on the iPad reach endpoints tied to the check and the RTN URL', async () => {
	await registerEndpoint(t, hook);
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.1', thirdPartyPaymentReference: 'QD-tie-1' }) });
	await hook.waitFor(orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'));
	await t.admin('POST', '/checks/A70001.1/lines', { lines: [{ sku: 'TIRAMISU', quantity: 1 }] });
	const updates = await hook.waitForCount(2, orderAndPay((b) => b.status === 'CHECK_WAS_UPDATED'));
	expect(updates[1].account.currentAmount).toBe('42.00');
	expect(updates[1].thirdPartyReference).toBe('QD-tie-1');
	await t.admin('POST', '/checks/A70001.1/payments', { amount: '32.00', methodCode: 'CASH' });
	const [closed] = await hook.waitFor(orderAndPay((b) => b.status === 'CLOSED'));
	expect(closed.account.paymentEntries.map((p) => p.paymentMethodCode)).toEqual(['QDCARD', 'CASH']);
	// RTN is its own delivery queue: the CLOSE notification may trail the endpoint's CLOSED webhook.
	await hook.waitFor(rtn((b) => b.notificationType === 'CLOSE'), 'RTN CLOSE');
	const rtnTypes = hook.bodies(rtn((b) => b.account.accountNumber === 'A70001.1')).map((b) => b.notificationType);
	expect(rtnTypes).toEqual(['UPDATE', 'UPDATE', 'UPDATE', 'CLOSE']);
});

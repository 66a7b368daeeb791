'use strict';
// Eat-in and to-go orders: validation, 409 on a reused reference (atomic), the POS opening a
// check or adding to one, ORDER webhooks, unknown SKUs.

const { start, receiver, registerEndpoint, waitFor, simultaneousPosts, CENTRE } = require('./helpers');

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

const order = (extra = {}) => ({
	businessLocationId: CENTRE,
	thirdPartyReference: `ord-${Math.random().toString(36).slice(2, 10)}`,
	endpointId: 'QODEUP-TEST',
	customerInfo: { firstName: 'Ana', lastName: 'Diaz', email: 'ana@example.com' },
	maxTimeToAttemptOrderDeliverToPos: 120000,
	items: [{ sku: 'BURGER', quantity: 2 }, { sku: 'COLA', quantity: 1 }],
	...extra,
});
const orderHook = (ref, status) => (b) => b && b.type === 'ORDER' && b.thirdPartyReference === ref && (!status || b.status === status);

test('an eat-in order with tableNumber opens a new check on that table (even if one is open) and says SUCCESS', async () => {
	const body = order({ tableNumber: '3', clientCount: 2 });
	const res = await t.api('POST', '/o/op/1/order/local', { body });
	expect(res.status).toBe(200);
	expect(res.body).toEqual({ status: 'ok' });
	const [ok] = await hook.waitFor(orderHook(body.thirdPartyReference, 'SUCCESS'), 'ORDER SUCCESS');
	expect(ok).toMatchObject({ status: 'SUCCESS', type: 'ORDER', businessLocationId: CENTRE, ikentooAccountId: expect.any(Number), ikentooAccountIdentifier: expect.stringMatching(/^A70001\.\d+$/) });
	expect(ok.account).toMatchObject({ tableNumber: 3, currentAmount: '32.10', paidAmount: '0.00', clientCount: 2 });
	const id = ok.ikentooAccountIdentifier;
	const all = (await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`)).body;
	expect(all.filter((c) => c.tableNumber === 3).map((c) => c.ikaccountId)).toEqual(['A70001.1', id]);
	// The table lookup still returns the oldest check.
	expect((await t.api('GET', `/o/op/1/order/table/3/getCheck?businessLocationId=${CENTRE}`)).body.ikaccountId).toBe('A70001.1');
	const [open] = await hook.waitFor((b) => b && b.notificationType === 'OPEN', 'RTN OPEN');
	expect(open.account).toMatchObject({ accountNumber: id, externalReferences: [{ prefix: 'TASK', reference: `OO-${CENTRE}-${body.thirdPartyReference}` }] });
	expect((await t.state()).orders[0]).toMatchObject({ reference: body.thirdPartyReference, status: 'accepted', checkId: id });
});

test('an eat-in order with accountIdentifier adds lines to that check and sends CHECK_WAS_UPDATED', async () => {
	const body = order({ accountIdentifier: 'A70001.4', items: [{ sku: 'TIRAMISU', quantity: 1 }] });
	await t.api('POST', '/o/op/1/order/local', { body });
	await hook.waitFor(orderHook(body.thirdPartyReference, 'SUCCESS'));
	const [u] = await hook.waitFor(orderHook(body.thirdPartyReference, 'CHECK_WAS_UPDATED'));
	expect(u.account).toMatchObject({ ikaccountId: 'A70001.4', currentAmount: '32.80' });
	expect(u.account.salesEntries.map((l) => l.itemSku)).toEqual(['FRIES', 'COLA', 'BURGER', 'TIRAMISU']);
	const closedRef = order({ accountIdentifier: 'A70001.99' });
	await t.api('POST', '/o/op/1/order/local', { body: closedRef });
	const [f] = await hook.waitFor(orderHook(closedRef.thirdPartyReference, 'FAILURE'));
	expect(f.reason).toBe('Account not found');
});

test('a to-go order creates a check without table: not on the floor list, readable by id', async () => {
	const body = order({ collectionCode: 'AB12', items: [{ sku: 'FRIES', quantity: 1 }] });
	delete body.tableNumber;
	await t.api('POST', '/o/op/1/order/toGo', { body });
	const [ok] = await hook.waitFor(orderHook(body.thirdPartyReference, 'SUCCESS'));
	const c = (await t.api('GET', `/o/op/1/order/accounts/${ok.ikentooAccountIdentifier}?businessLocationId=${CENTRE}`)).body;
	expect(c.tableNumber).toBeUndefined();
	expect(c).toMatchObject({ name: 'To go AB12', currentAmount: '4.20' });
	const all = (await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`)).body;
	expect(all.map((x) => x.ikaccountId)).not.toContain(ok.ikentooAccountIdentifier);
});

test('a prepaid to-go order (paymentAmount includes the tip) is paid and closed at once', async () => {
	const body = order({ items: [{ sku: 'COLA', quantity: 2 }], payment: { paymentMethod: 'QDCARD', paymentAmount: '7.20', tipAmount: '1.00' } });
	await t.api('POST', '/o/op/1/order/toGo', { body });
	const [closed] = await hook.waitFor(orderHook(body.thirdPartyReference, 'CLOSED'), 'CLOSED');
	expect(closed.account).toMatchObject({ currentAmount: '6.20', paidAmount: '6.20' });
	expect(closed.account.paymentEntries).toEqual([expect.objectContaining({ paymentMethodCode: 'QDCARD', amountPaid: '6.20', externalReference: body.thirdPartyReference })]);
});

test('an unknown SKU makes the order fail (ORDER FAILURE) and opens nothing', async () => {
	const before = (await t.state()).checks.length;
	const body = order({ tableNumber: '12', items: [{ sku: 'BURGER', quantity: 1 }, { sku: 'CAVIAR', quantity: 1 }] });
	await t.api('POST', '/o/op/1/order/local', { body });
	const [f] = await hook.waitFor(orderHook(body.thirdPartyReference, 'FAILURE'));
	expect(f).toEqual({ reason: 'Item not found for SKU CAVIAR', thirdPartyReference: body.thirdPartyReference, businessLocationId: CENTRE, status: 'FAILURE', type: 'ORDER' });
	const s = await t.state();
	expect(s.checks).toHaveLength(before);
	expect(s.orders[0]).toMatchObject({ status: 'failed', reason: 'Item not found for SKU CAVIAR' });
});

test('a reused order reference gets 409 {status:"fail",msg}, atomically under concurrent requests', async () => {
	const body = order({ thirdPartyReference: 'ord-same', tableNumber: '10' });
	const results = await simultaneousPosts(t.url, '/o/op/1/order/local', t.token, body, 10);
	expect(results.filter((r) => r.status === 200)).toHaveLength(1);
	const conflicts = results.filter((r) => r.status === 409);
	expect(conflicts).toHaveLength(9);
	expect(conflicts[0].body).toEqual({ status: 'fail', msg: 'reference has already been used ord-same' });
	await hook.waitFor(orderHook('ord-same', 'SUCCESS'));
	await waitFor(async () => (await t.state()).orders.every((o) => o.status !== 'queued'));
	expect((await t.state()).checks.filter((c) => c.tableNumber === 10)).toHaveLength(1);
	expect((await t.api('POST', '/o/op/1/order/toGo', { body })).status).toBe(409);
});

test('validation: Spring 400 with errors[] naming the object and the nested field', async () => {
	const res = await t.api('POST', '/o/op/1/order/local', { body: order({ thirdPartyReference: undefined, customerInfo: { lastName: 'x' } }) });
	expect(res.status).toBe(400);
	expect(res.body).toMatchObject({ status: 400, error: 'Bad Request', message: "Validation failed for object='localOrder'. Error count: 2", path: '/o/op/1/order/local' });
	expect(res.body.errors.map((e) => [e.field, e.code])).toEqual([['thirdPartyReference', 'NotNull'], ['customerInfo.firstName', 'NotNull']]);
	expect(res.body.errors[0].codes).toEqual(['NotNull.localOrder.thirdPartyReference', 'NotNull.thirdPartyReference', 'NotNull.java.lang.String', 'NotNull']);
	const toGo = await t.api('POST', '/o/op/1/order/toGo', { body: order({ items: [{ quantity: 1 }] }) });
	expect(toGo.body.message).toBe("Validation failed for object='toGoOrder'. Error count: 1");
	expect(toGo.body.errors[0].field).toBe('items[0].sku');
	const ref = await t.api('POST', '/o/op/1/order/local', { body: order({ thirdPartyReference: 'r'.repeat(49) }) });
	expect(ref.body.errors[0]).toMatchObject({ field: 'thirdPartyReference', code: 'Size' });
	expect((await t.state()).orders).toEqual([]);
});

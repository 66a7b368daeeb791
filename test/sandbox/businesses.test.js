'use strict';
// Several businesses, each with its own locations, tables, payment methods and staff: checks
// are numbered per location, payments are checked against the location's business.

const { start, receiver, registerEndpoint, payBody, ALFAMA, SOHO, CAMDEN } = require('./helpers');
const { responseSchema, webhookSchema, assertConforms } = require('./contract');

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

const paymentHook = (ref) => (b) => b && b.type === 'PAYMENT' && b.thirdPartyReference === ref;

async function pay(extra) {
	const body = payBody(extra);
	const res = await t.api('POST', '/o/op/1/pay', { body });
	expect(res.status).toBe(200);
	const [w] = await hook.waitFor(paymentHook(body.thirdPartyPaymentReference), `PAYMENT ${body.thirdPartyPaymentReference}`);
	return w;
}

test('Lisbon: checks numbered A70003.<n>, paid with its own methods and staff; another business\'s codes and staff are unknown there', async () => {
	const opened = await t.admin('POST', '/checks', { businessLocationId: ALFAMA, tableNumber: 21, lines: [{ sku: 'BURGER', quantity: 1 }, { sku: 'WATER', quantity: 2 }] });
	expect(opened.status).toBe(201);
	expect(opened.body).toMatchObject({ checkId: 'A70003.1', businessLocationId: ALFAMA, name: 'Esplanada, Table 21', staffId: 54, staffName: 'Gerente', posId: 70003, currentAmount: '19.50' });
	expect((await t.admin('POST', '/checks', { businessLocationId: ALFAMA, tableNumber: 3 })).body.checkId).toBe('A70003.2');
	expect((await t.admin('POST', '/checks', { businessLocationId: ALFAMA, tableNumber: 3, staffId: 44 })).status).toBe(400);

	const base = { businessLocationId: ALFAMA, iKaccountIdentifier: 'A70003.1', paymentAmount: '5.00' };
	expect((await pay({ ...base, paymentMethod: 'QDCARD' })).errors.account.type).toBe('PAYMENT_METHOD_NOT_FOUND');
	expect((await pay({ ...base, paymentMethod: 'TLCARD', staffId: 42 })).errors.account.type).toBe('STAFF_NOT_FOUND');
	expect((await pay({ ...base, paymentMethod: 'TLCARD', staffId: 53 })).errors.account.type).toBe('STAFF_NOT_FOUND');
	const ok = await pay({ ...base, paymentMethod: 'TLCARD', thirdPartyPaymentReference: 'QD-lis-1' });
	expect(ok).toMatchObject({ status: 'SUCCESS', businessLocationId: ALFAMA, ikentooAccountIdentifier: 'A70003.1' });
	const [updated] = await hook.waitFor((b) => b && b.status === 'CHECK_WAS_UPDATED' && b.thirdPartyReference === 'QD-lis-1');
	expect(updated.account.paymentEntries).toEqual([expect.objectContaining({ paymentMethodCode: 'TLCARD', paymentMethodDescription: 'Qodeup cartão', amountPaid: '5.00' })]);
	expect(updated.account.staffId).toBe(54);
	assertConforms(ok, webhookSchema('apePayment notification'), 'PAYMENT SUCCESS at Alfama');
	assertConforms(updated, webhookSchema('apeOrder notification'), 'CHECK_WAS_UPDATED at Alfama');
	const failed = hook.bodies((b) => b.type === 'PAYMENT' && b.status === 'FAILURE');
	expect(failed).toHaveLength(3);
	for (const f of failed) assertConforms(f, webhookSchema('apePayment notification'), 'PAYMENT FAILURE at Alfama');
	const read = await t.api('GET', `/o/op/1/order/table/21/getCheck?businessLocationId=${ALFAMA}`);
	assertConforms(read.body, responseSchema('orderAndPay', 'GET', '/o/op/1/order/table/{tableNumber}/getCheck', 200), 'Alfama check');
	const check = (await t.admin('GET', '/checks/A70003.1')).body;
	expect(check.payments).toEqual([expect.objectContaining({ staffId: 52, methodCode: 'TLCARD' })]); // the location's default API staff
	// The Centre check of the same number is another check.
	expect((await t.api('GET', `/o/op/1/order/accounts/A70003.1?businessLocationId=${ALFAMA}`)).body.paidAmount).toBe('5.00');
	expect((await t.api('GET', '/o/op/1/order/accounts/A70003.1?businessLocationId=45454565682155')).status).toBe(404);
});

test('London: RTN notifications carry GBP; Camden (no floor plan) still takes checks without a table', async () => {
	const soho = await t.admin('POST', '/checks', { businessLocationId: SOHO, tableNumber: 4, lines: [{ sku: 'COLA', quantity: 2 }] });
	expect(soho.body).toMatchObject({ checkId: 'A70004.1', staffId: 64 });
	await pay({ businessLocationId: SOHO, iKaccountIdentifier: 'A70004.1', paymentAmount: '6.20', paymentMethod: 'LNCARD', thirdPartyPaymentReference: 'QD-ldn-1' });
	const [close] = await hook.waitFor((b) => b && b.notificationType === 'CLOSE' && b.account.accountNumber === 'A70004.1', 'RTN CLOSE');
	expect(close.account).toMatchObject({ currencyCode: 'GBP', businessLocationId: SOHO, deviceName: 'iPad Soho', paymentLines: [expect.objectContaining({ currencyCode: 'GBP', paymentMethod: 'LNCARD' })] });

	expect((await t.admin('POST', '/checks', { businessLocationId: CAMDEN, tableNumber: 1 })).status).toBe(400);
	const camden = await t.admin('POST', '/checks', { businessLocationId: CAMDEN, lines: [{ sku: 'FRIES', quantity: 1 }] });
	expect(camden.body).toMatchObject({ checkId: 'A70005.1', tableNumber: null, kind: 'local' });
	expect((await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${CAMDEN}`)).body.map((c) => c.ikaccountId)).toEqual(['A70005.1']);
});

test('posOffline for one location: its payments time out, another location\'s go through', async () => {
	await t.admin('POST', '/config', { taskTtlScale: 0.002 }); // 60000 ms → 120 ms
	await t.admin('POST', '/checks', { businessLocationId: ALFAMA, tableNumber: 1, lines: [{ sku: 'BURGER', quantity: 1 }] });
	await t.admin('POST', '/faults', { posOffline: [ALFAMA] });
	const late = await pay({ businessLocationId: ALFAMA, iKaccountIdentifier: 'A70003.1', paymentMethod: 'TLCARD', paymentAmount: '1.00' });
	expect(late.errors).toEqual({ timeout: { errorKey: 'errors.payment.pos.task_timeout', message: 'Not processed before validity ended' } });
	expect((await pay({ paymentAmount: '1.00' })).status).toBe('SUCCESS'); // Centre
	await t.admin('POST', '/faults', { posOffline: [] });
	expect((await pay({ businessLocationId: ALFAMA, iKaccountIdentifier: 'A70003.1', paymentMethod: 'TLCARD', paymentAmount: '1.00' })).status).toBe('SUCCESS');
});

'use strict';
// Every cause of an ORDER FAILURE, each with the reason docs/contracts.md documents (the
// package classifies failures by these texts), and the switches that produce the causes data
// alone cannot: inactiveTables, inactiveDiscounts, posOffline per location. Also what a
// discount that does apply does to the check.

const { start, receiver, registerEndpoint, waitFor, CENTRE, HARBOUR, ALFAMA } = require('./helpers');
const { webhookSchema, assertConforms } = require('./contract');

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

let n = 0;
const order = (extra = {}) => ({
	businessLocationId: CENTRE,
	thirdPartyReference: `ord-f${++n}-${Math.random().toString(36).slice(2, 8)}`,
	endpointId: 'QODEUP-TEST',
	customerInfo: { firstName: 'Ana' },
	tableNumber: '12',
	items: [{ sku: 'BURGER', quantity: 1 }],
	...extra,
});
const outcome = (ref) => (b) => b && b.type === 'ORDER' && b.thirdPartyReference === ref && (b.status === 'SUCCESS' || b.status === 'FAILURE');

async function place(body, path = '/o/op/1/order/local') {
	const res = await t.api('POST', path, { body });
	expect(res.status).toBe(200);
	const [w] = await hook.waitFor(outcome(body.thirdPartyReference), `ORDER outcome of ${body.thirdPartyReference}`);
	return w;
}

// [cause, reason, order body extras]
const CAUSES = [
	['unknown SKU', 'Item not found for SKU CAVIAR', { items: [{ sku: 'BURGER', quantity: 1 }, { sku: 'CAVIAR', quantity: 1 }] }],
	['unknown table', 'Table 99 not found', { tableNumber: '99' }],
	['inactive table (seeded, Alfama table 10)', 'Table 10 is not active', { businessLocationId: ALFAMA, tableNumber: '10' }],
	['unknown discount code', 'Discount not found for code NOPE10', { items: [{ sku: 'BURGER', quantity: 1, discountCode: 'NOPE10' }] }],
	['override on a discount that is not manual', 'Discount STAFF10 cannot be applied: it is not a manual discount', { items: [{ sku: 'BURGER', quantity: 1, discountCode: 'STAFF10', discountAmountOverride: '1.00' }] }],
	['override without a discount code', 'Discount cannot be applied: an override needs a manual discount code', { items: [{ sku: 'BURGER', quantity: 1, discountPercentOverride: 10 }] }],
	['manual discount without override', 'Discount MANUAL cannot be applied: a manual discount needs discountAmountOverride or discountPercentOverride', { items: [{ sku: 'BURGER', quantity: 1, discountCode: 'MANUAL' }] }],
	['both overrides', 'Discount MANUAL cannot be applied: only one of discountAmountOverride or discountPercentOverride can be set', { items: [{ sku: 'BURGER', quantity: 1, discountCode: 'MANUAL', discountAmountOverride: 1, discountPercentOverride: 5 }] }],
	['discount larger than the item', 'Discount MANUAL cannot be applied: it is larger than the item amount', { items: [{ sku: 'COLA', quantity: 1, discountCode: 'MANUAL', discountAmountOverride: '3.11' }] }],
	['payment larger than due', 'the payment amount is greater than the amount due', { payment: { paymentMethod: 'QDCARD', paymentAmount: '14.51' } }],
	['unknown payment method (another business\'s code)', 'Payment method not found: TLCARD', { payment: { paymentMethod: 'TLCARD', paymentAmount: '14.50' } }],
	['inactive staff', 'Staff not found: 43', { staffId: 43 }],
	['unknown account', 'Account not found', { tableNumber: undefined, accountIdentifier: 'A70001.99' }],
];

test.each(CAUSES)('%s → ORDER FAILURE "%s" (nothing opened or changed)', async (cause, reason, extra) => {
	const before = (await t.state()).checks;
	const body = order(extra);
	const w = await place(body);
	expect(w).toEqual({ reason, thirdPartyReference: body.thirdPartyReference, businessLocationId: body.businessLocationId, status: 'FAILURE', type: 'ORDER' });
	assertConforms(w, webhookSchema('apeOrder notification'), `ORDER FAILURE (${cause})`);
	const s = await t.state();
	expect(s.checks).toEqual(before);
	expect(s.orders.find((o) => o.reference === body.thirdPartyReference)).toMatchObject({ status: 'failed', reason });
});

test('an already closed account → "Account is already closed"', async () => {
	await t.admin('POST', '/checks/A70001.4/close');
	const w = await place(order({ tableNumber: undefined, accountIdentifier: 'A70001.4' }));
	expect(w.reason).toBe('Account is already closed');
});

test('inactiveTables fault: the table shows active:false, orders on it fail, the iPad cannot open it; cleared, it works again', async () => {
	expect((await t.admin('POST', '/faults', { inactiveTables: [{ businessLocationId: CENTRE, tableNumber: 4 }] })).body.inactiveTables).toEqual([{ businessLocationId: CENTRE, tableNumber: 4 }]);
	const fps = (await t.api('GET', `/o/op/data/${CENTRE}/floorplans`)).body;
	expect(fps[0].tables.filter((x) => !x.active).map((x) => x.number)).toEqual([4]);
	expect((await t.api('GET', `/o/op/data/${CENTRE}/floorplans/${fps[0].id}/tables`)).body.find((x) => x.number === 4).active).toBe(false);
	expect((await t.state()).locations[0].floorplans[0].tables.find((x) => x.number === 4).active).toBe(false);
	// Same number at Harbour is another table.
	expect((await t.api('GET', `/o/op/data/${HARBOUR}/floorplans`)).body[0].tables.every((x) => x.active)).toBe(true);
	expect((await place(order({ tableNumber: '4' }))).reason).toBe('Table 4 is not active');
	expect((await place(order({ businessLocationId: HARBOUR, tableNumber: '4' }))).status).toBe('SUCCESS');
	const refused = await t.admin('POST', '/checks', { tableNumber: 4 });
	expect(refused.status).toBe(400);
	expect(refused.body.error).toMatch(/not active/);
	expect((await t.admin('POST', '/faults', { inactiveTables: [{ tableNumber: 4 }] })).status).toBe(400);
	await t.admin('DELETE', '/faults');
	expect((await place(order({ tableNumber: '4' }))).status).toBe('SUCCESS');
});

test('inactiveDiscounts fault → "Discount <code> cannot be applied: it is not active"', async () => {
	await t.admin('POST', '/faults', { inactiveDiscounts: ['STAFF10'] });
	const w = await place(order({ items: [{ sku: 'BURGER', quantity: 1, discountCode: 'STAFF10' }] }));
	expect(w.reason).toBe('Discount STAFF10 cannot be applied: it is not active');
	expect((await place(order({ items: [{ sku: 'BURGER', quantity: 1, discountCode: 'WELCOME2' }] }))).status).toBe('SUCCESS');
	expect((await t.admin('POST', '/faults', { inactiveDiscounts: 'STAFF10' })).status).toBe(400);
});

test('POS not taking the order in time (posOffline for one location) → "Order not delivered to the POS before validity ended"', async () => {
	await t.admin('POST', '/config', { taskTtlScale: 0.002 }); // 60000 ms → 120 ms
	expect((await t.admin('POST', '/faults', { posOffline: [CENTRE] })).body.posOffline).toEqual([CENTRE]);
	expect((await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${CENTRE}`)).body).toMatchObject({ status: 'NOT_READY', posStatus: { availableDevices: false } });
	expect((await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${HARBOUR}`)).body.status).toBe('READY');
	const body = order({ maxTimeToAttemptOrderDeliverToPos: 60000 });
	const w = await place(body);
	expect(w).toEqual({ reason: 'Order not delivered to the POS before validity ended', thirdPartyReference: body.thirdPartyReference, businessLocationId: CENTRE, status: 'FAILURE', type: 'ORDER' });
	expect((await t.state()).orders.find((o) => o.reference === body.thirdPartyReference).status).toBe('timedOut');
	expect((await place(order({ businessLocationId: HARBOUR, tableNumber: '2' }))).status).toBe('SUCCESS');
	expect((await t.admin('POST', '/faults', { posOffline: 'yes' })).status).toBe(400);
});

test('discounts that apply: percentage, amount and manual overrides come off the lines (discountedAmount, totals, RTN totalDiscount)', async () => {
	const body = order({
		tableNumber: '13',
		items: [
			{ sku: 'BURGER', quantity: 2, discountCode: 'STAFF10' }, // 29.00 − 2.90
			{ sku: 'FRIES', quantity: 1, discountCode: 'WELCOME2' }, // 4.20 − 2.00
			{ sku: 'TIRAMISU', quantity: 1, discountCode: 'MANUAL', discountPercentOverride: '12.5' }, // 6.80 − 0.85
			{ sku: 'COLA', quantity: 1, discountCode: 'MANUAL', discountAmountOverride: '3.10' }, // 3.10 − 3.10
			{ sku: 'WATER', quantity: 1 },
		],
	});
	const ok = await place(body);
	expect(ok.status).toBe('SUCCESS');
	expect(ok.account.salesEntries.map((l) => [l.itemSku, l.unitAmount, l.discountedAmount, l.amountWithTax])).toEqual([
		['BURGER', '14.50', '2.90', '26.10'], ['FRIES', '4.20', '2.00', '2.20'], ['TIRAMISU', '6.80', '0.85', '5.95'], ['COLA', '3.10', '3.10', '0.00'], ['WATER', '2.50', '0.00', '2.50'],
	]);
	expect(ok.account.currentAmount).toBe('36.75');
	assertConforms(ok, webhookSchema('apeOrder notification'), 'ORDER SUCCESS with discounts');
	const [open] = await hook.waitFor((b) => b && b.notificationType === 'OPEN' && b.account.accountNumber === ok.ikentooAccountIdentifier);
	expect(open.account).toMatchObject({ totalAmount: 36.75, totalDiscount: 8.85 });
	await waitFor(async () => (await t.state()).checks.find((c) => c.checkId === ok.ikentooAccountIdentifier));
});

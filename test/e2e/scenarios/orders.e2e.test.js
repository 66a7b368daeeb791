'use strict';
// Orders template: eat-in (a new check on a table, or items added to the open check) and to-go
// orders reach the POS; the same order id sent again creates nothing new.
const { order } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const { uid, openCheck, checkById, executionsSince, WF } = require('./support/flows');
const { waitFor } = require('../helpers/wait');

const waitForOrder = (reference) =>
	waitFor(async () => (await sandbox.state()).orders.find((o) => o.reference === reference && ['accepted', 'failed'].includes(o.status)), { what: `order ${reference} processed by the POS` });

describe('orders', () => {
	beforeAll(() => sandbox.reset());

	test('eat-in on a free table opens a new check with the items', async () => {
		const since = new Date().toISOString();
		const id = uid('eat');
		const r = await order({ orderId: id, mode: 'eat-in', tableNumber: 9, items: [{ sku: 'BURGER', quantity: 2 }, { sku: 'COLA', quantity: 1 }], customer: { firstName: 'Ana' }, note: 'no onions' });
		expect(r.status).toBe(202);
		expect(r.json).toMatchObject({ orderId: id, status: 'pending', reference: id, mode: 'eat-in', alreadySent: false });
		const o = await waitForOrder(id);
		expect(o).toMatchObject({ kind: 'local', tableNumber: '9', status: 'accepted', endpointId: 'qodeup-demo-bistro' });
		const check = await checkById(o.checkId);
		expect(check.tableNumber).toBe(9);
		expect(check.lines.map((l) => [l.sku, l.quantity])).toEqual([['BURGER', 2], ['COLA', 1]]);
		expect((await executionsSince(WF.orders, since)).map((e) => e.status)).toEqual(['success']);
	});

	test('eat-in naming the open check adds the items to it', async () => {
		const check = await openCheck(10, [{ sku: 'WATER', quantity: 1 }]);
		const id = uid('add');
		const r = await order({ orderId: id, mode: 'eat-in', checkId: check.checkId, items: [{ sku: 'TIRAMISU', quantity: 1 }], customer: { firstName: 'Bo' } });
		expect(r.status).toBe(202);
		const o = await waitForOrder(id);
		expect(o).toMatchObject({ status: 'accepted', checkId: check.checkId });
		const after = await checkById(check.checkId);
		expect(after.lines.map((l) => l.sku)).toEqual(['WATER', 'TIRAMISU']);
		expect(await sandbox.openChecks(10)).toHaveLength(1);
	});

	test('to-go reaches the POS as a takeaway; the same order id again creates no second order', async () => {
		const id = uid('togo');
		const body = { orderId: id, mode: 'to-go', items: [{ sku: 'FRIES', quantity: 3 }], customer: { firstName: 'Cy', phone: '+32470000000' } };
		const r = await order(body);
		expect(r.status).toBe(202);
		expect(r.json).toMatchObject({ mode: 'to-go', status: 'pending' });
		const o = await waitForOrder(id);
		expect(o).toMatchObject({ kind: 'toGo', status: 'accepted', tableNumber: null });
		expect((await checkById(o.checkId)).lines.map((l) => [l.sku, l.quantity])).toEqual([['FRIES', 3]]);
		const again = await order(body);
		expect(again.status).toBe(202);
		expect(again.json).toMatchObject({ orderId: id, alreadySent: true });
		expect((await sandbox.state()).orders.filter((x) => x.reference === id)).toHaveLength(1);
	});
});

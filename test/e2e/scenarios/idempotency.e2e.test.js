'use strict';
// The same Qodeup payment id, sent again and sent ten times at once, is applied once.
const { pay } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const { WF, uid, openCheck, paymentLines, payRequests, waitForLedger, ledgerRows, executionsSince } = require('./support/flows');
const { sleep } = require('../helpers/wait');

describe('exactly once per payment id', () => {
	beforeAll(() => sandbox.reset());

	test('sent twice in a row: the same answer, one application', async () => {
		const check = await openCheck(11, [{ sku: 'FRIES', quantity: 2 }]); // 8.40
		const id = uid('dup');
		const body = { paymentId: id, checkId: check.checkId, amount: '3.00', method: 'card' };
		const first = await pay(body);
		expect(first.status).toBe(202);
		await waitForLedger(id, { status: 'applied' });
		const second = await pay(body);
		expect(second.status).toBe(202);
		expect(second.json).toEqual({ ...first.json, status: 'applied' });
		await sleep(1500);
		expect(await payRequests({ paymentId: id })).toHaveLength(1);
		expect(await paymentLines(id)).toHaveLength(1);
	});

	test('sent ten times at once: one ledger row, one pay request, one payment line, ten identical references', async () => {
		const check = await openCheck(13, [{ sku: 'BURGER', quantity: 1 }]); // 14.50
		const id = uid('burst');
		const since = new Date().toISOString();
		const body = { paymentId: id, checkId: check.checkId, amount: '4.00', tipAmount: '0.40', method: 'card' };
		const answers = await Promise.all(Array.from({ length: 10 }, () => pay(body)));
		expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
		expect(new Set(answers.map((a) => a.json.reference))).toEqual(new Set([`QD-${id}-1`]));
		await waitForLedger(id, { status: 'applied' });
		await sleep(1500);
		expect((await ledgerRows()).filter((r) => r.paymentId === id)).toHaveLength(1);
		expect(await payRequests({ paymentId: id })).toHaveLength(1);
		const lines = await paymentLines(id);
		expect(lines).toEqual([expect.objectContaining({ reference: `QD-${id}-1`, amount: '4.00', tipAmount: '0.40', checkId: check.checkId })]);
		const mine = await executionsSince(WF.payments, since);
		expect(mine).toHaveLength(10);
		expect(mine.every((e) => e.status === 'success')).toBe(true);
	});
});

'use strict';
// Many guests paying one check at once, with Lightspeed's notifications late, duplicated and out
// of order: exactly the payments that fit are applied, the others refused with what is really
// left — a payment already on the check is never counted a second time as "in flight".
const { pay } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const { uid, openCheck, waitForPayment, waitForPayments, paymentRow, checkById } = require('./support/flows');

async function burst({ table, count, roomFor, amount, faults }) {
	// a check of exactly roomFor × amount: WATER is 2.50
	const waters = (roomFor * Number(amount)) / 2.5;
	const check = await openCheck(table, [{ sku: 'WATER', quantity: waters }]);
	await sandbox.setFaults(faults);
	const ids = Array.from({ length: count }, () => uid('crowd'));
	const answers = await Promise.all(ids.map((paymentId) => pay({ paymentId, checkId: check.checkId, amount, method: 'card' }, { timeoutMs: 120_000 })));
	const settled = await waitForPayments(ids, (row) => ['applied', 'refused', 'failed'].includes(row.status), { timeoutMs: 90_000 });
	await sandbox.clearFaults();
	return { check, ids, answers, settled };
}

describe('contention on one check', () => {
	beforeAll(() => sandbox.reset());
	afterEach(() => sandbox.clearFaults());

	test('20 payments of 2.50 at once on a check with room for 5, notifications 3 s late: 5 applied, 15 refused with the true remaining', async () => {
		const { check, answers, settled } = await burst({ table: 13, count: 20, roomFor: 5, amount: '2.50', faults: { notificationDelayMs: 3000 } });
		expect(settled.filter((r) => r.status === 'applied')).toHaveLength(5);
		expect(settled.filter((r) => r.status === 'refused')).toHaveLength(15);
		expect(settled.filter((r) => r.status === 'failed')).toHaveLength(0);
		// refused at once: while the check is open, 409 with what is really left; once the five
		// that fit have closed it (the register can be quicker than the crowd), 404 "already closed"
		const refusals = answers.filter((a) => a.status !== 202);
		expect(refusals).toHaveLength(15);
		for (const r of refusals) {
			expect([`${r.status} ${r.json.error}`]).toEqual([expect.stringMatching(/^(409 AMOUNT_EXCEEDS_REMAINING|404 ACCOUNT_ALREADY_CLOSED)$/)]);
			// what a refusal says is left is never more than what is left, and never negative
			if (r.status === 409) expect(Number(r.json.remaining)).toBeLessThan(2.5);
			if (r.status === 409) expect(Number(r.json.remaining)).toBeGreaterThanOrEqual(0);
		}
		expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
		const final = await checkById(check.checkId);
		expect(final).toMatchObject({ paidAmount: '12.50', remaining: '0.00', status: 'closed' });
	});

	test('the same with notifications duplicated and out of order', async () => {
		const { check, settled } = await burst({ table: 14, count: 12, roomFor: 4, amount: '2.50', faults: { notificationDelayMs: 2000, duplicateWebhooks: true, outOfOrderWebhooks: true } });
		expect(settled.filter((r) => r.status === 'applied')).toHaveLength(4);
		expect(settled.filter((r) => r.status === 'refused')).toHaveLength(8);
		expect(await checkById(check.checkId)).toMatchObject({ paidAmount: '10.00', status: 'closed' });
	});

	test('one after the other with late notifications: a payment already on the check is not counted again', async () => {
		// three 10.00 payments on a 30.00 check, each sent once the one before is on the check but
		// before its notification arrives (5 s late): none may be refused
		const check = await openCheck(12, [{ sku: 'WATER', quantity: 12 }]); // 30.00
		await sandbox.setFaults({ notificationDelayMs: 5000 });
		const ids = [];
		for (let i = 0; i < 3; i++) {
			const paymentId = uid('seq');
			ids.push(paymentId);
			const r = await pay({ paymentId, checkId: check.checkId, amount: '10.00', method: 'card' });
			expect({ i, status: r.status, body: r.json }).toEqual({ i, status: 202, body: expect.objectContaining({ status: 'pending' }) });
			// on the check (the register took it), while the ledger still says "sent"
			await sandbox.waitForState((s) => s.checks.find((c) => c.checkId === check.checkId).payments.length === i + 1, { what: `payment ${i + 1} on the check` });
			expect((await paymentRow(paymentId)).status).toBe('sent');
		}
		for (const id of ids) await waitForPayment(id, { status: 'applied' }, { timeoutMs: 30_000 });
		expect(await checkById(check.checkId)).toMatchObject({ paidAmount: '30.00', status: 'closed' });
	});
});

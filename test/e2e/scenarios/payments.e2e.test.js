'use strict';
// Payments on a real n8n: exactly once, the amount check, repeats and conflicting repeats.
const { pay, paymentStatus } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const { expectAnswer } = require('./support/contract');
const { WF, uid, openCheck, clearTable, paymentRow, waitForPayment, paymentLines, payRequests, lastSeq, checkById, restaurantRow, editAndPublish } = require('./support/flows');
const { waitFor } = require('../helpers/wait');

describe('payments', () => {
	beforeAll(() => sandbox.reset());

	test('a payment lands on its check once; the ledger and the status say so', async () => {
		const check = await openCheck(1, [{ sku: 'BURGER', quantity: 2 }]); // 29.00
		const id = uid('pay');
		const seq = await lastSeq();
		const r = await pay({ paymentId: id, tableNumber: 1, amount: '10.00', tipAmount: '1.50', method: 'card' });
		expectAnswer('POST', 'payments', r, 202);
		expect(r.json).toMatchObject({ paymentId: id, status: 'pending' });
		const row = await waitForPayment(id, { status: 'applied' });
		expect(row).toMatchObject({ integrationId: 'demo-bistro', checkId: check.checkId, tableNumber: '1', amount: '10.00', tipAmount: '1.50', method: 'card', attempt: 1 });
		expect(await paymentLines(id)).toHaveLength(1);
		expect(await payRequests({ afterSeq: seq, paymentId: id })).toHaveLength(1);
		const status = await paymentStatus(id);
		expectAnswer('GET', 'payments/{paymentId}', status, 200);
		expect(status.json).toMatchObject({ paymentId: id, status: 'applied', amount: '10.00', tipAmount: '1.50', tableNumber: 1, checkId: check.checkId, reference: row.reference });
		expect(status.json).not.toHaveProperty('remaining');

		// paying what is left closes the table
		const rest = uid('pay');
		expect((await pay({ paymentId: rest, checkId: check.checkId, amount: '19.00', method: 'voucher' })).status).toBe(202);
		await waitForPayment(rest, { status: 'applied' });
		expect((await checkById(check.checkId)).status).toBe('closed');
	});

	test('more than what is left: 409 with the true remaining, nothing sent', async () => {
		const check = await openCheck(2, [{ sku: 'COLA', quantity: 2 }]); // 6.20
		const id = uid('over');
		const seq = await lastSeq();
		const r = await pay({ paymentId: id, checkId: check.checkId, amount: '7.00', method: 'card' });
		expectAnswer('POST', 'payments', r, 409);
		expect(r.json).toMatchObject({ status: 'refused', error: 'AMOUNT_EXCEEDS_REMAINING', remaining: '6.20' });
		expect(await payRequests({ afterSeq: seq })).toHaveLength(0);
		expect(await paymentRow(id)).toMatchObject({ status: 'refused', remaining: '6.20' });
		// the refusal is the answer to the same request again
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '7.00', method: 'card' })).json).toMatchObject({ status: 'refused', remaining: '6.20' });
	});

	test('no open check: 404; two open checks on the table: 409 until the check is named', async () => {
		await clearTable(4);
		const none = await pay({ paymentId: uid('none'), tableNumber: 4, amount: '1.00', method: 'card' });
		expectAnswer('POST', 'payments', none, 404);
		expect(none.json.error).toBe('ACCOUNT_NOT_FOUND');
		const two = await pay({ paymentId: uid('two'), tableNumber: 5, amount: '1.00', method: 'card' });
		expectAnswer('POST', 'payments', two, 409);
		expect(two.json.error).toBe('MULTIPLE_OPEN_CHECKS');
		const named = uid('named');
		expect((await pay({ paymentId: named, tableNumber: 5, checkId: 'A70001.3', amount: '1.00', method: 'card' })).status).toBe(202);
		await waitForPayment(named, { status: 'applied', checkId: 'A70001.3' });
	});

	test('the same payment again (10.5 = 10.50) gets its current state; nothing is sent twice', async () => {
		const check = await openCheck(6, [{ sku: 'BURGER', quantity: 1 }]);
		const id = uid('same');
		const seq = await lastSeq();
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '10.50', method: 'card' })).status).toBe(202);
		await waitForPayment(id, { status: 'applied' });
		const again = await pay({ paymentId: id, checkId: check.checkId, amount: 10.5, tipAmount: '0', method: 'card' });
		expectAnswer('POST', 'payments', again, 202);
		expect(again.json).toMatchObject({ paymentId: id, status: 'applied' });
		expect(await payRequests({ afterSeq: seq, paymentId: id })).toHaveLength(1);
	});

	test('the same payment id with other details is a conflict: 409 naming the fields, nothing sent, the row unchanged', async () => {
		const check = await openCheck(8, [{ sku: 'BURGER', quantity: 2 }]);
		const id = uid('conflict');
		const seq = await lastSeq();
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '10.00', method: 'card' })).status).toBe(202);
		const first = await waitForPayment(id, { status: 'applied' });
		const r = await pay({ paymentId: id, checkId: check.checkId, amount: '20.00', method: 'voucher' });
		expectAnswer('POST', 'payments', r, 409);
		expect(r.json).toMatchObject({ error: 'PAYMENT_ID_REUSED', fields: ['amount', 'method'], firstPayment: { status: 'applied', amount: '10.00', method: 'card' } });
		expect(r.json.message).toMatch(/amount, method/);
		expect(await payRequests({ afterSeq: seq, paymentId: id })).toHaveLength(1);
		// only n8n's own updatedAt moves (the "find or create" upsert touched the key)
		const { updatedAt: _before, ...firstColumns } = first;
		const { updatedAt: _after, ...nowColumns } = await paymentRow(id);
		expect(nowColumns).toEqual(firstColumns);
		// another table is a difference too
		expect((await pay({ paymentId: id, tableNumber: 9, amount: '10.00', method: 'card' })).json.fields).toEqual(['tableNumber', 'checkId']);
	});

	test('first sends of one id with different bodies, at once: exactly one wins, the other gets the 409', async () => {
		const check = await openCheck(10, [{ sku: 'BURGER', quantity: 2 }]);
		for (let round = 0; round < 3; round++) {
			const id = uid('race');
			const seq = await lastSeq();
			const answers = await Promise.all([
				pay({ paymentId: id, checkId: check.checkId, amount: '1.00', method: 'card' }),
				pay({ paymentId: id, checkId: check.checkId, amount: '2.00', method: 'card' }),
			]);
			expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
			expect(answers.find((a) => a.status === 409).json.error).toBe('PAYMENT_ID_REUSED');
			const winner = answers.find((a) => a.status === 202);
			const row = await waitForPayment(id, { status: 'applied' });
			expect(row.amount).toBe(winner === answers[0] ? '1.00' : '2.00');
			expect(await payRequests({ afterSeq: seq, paymentId: id })).toHaveLength(1);
		}
	});

	test('ten identical requests at once: one payment, one row', async () => {
		const check = await openCheck(11, [{ sku: 'BURGER', quantity: 1 }]);
		const id = uid('ten');
		const seq = await lastSeq();
		const answers = await Promise.all(Array.from({ length: 10 }, () => pay({ paymentId: id, checkId: check.checkId, amount: '3.00', method: 'card' })));
		expect(answers.every((a) => a.status === 202)).toBe(true);
		await waitForPayment(id, { status: 'applied' });
		expect(await payRequests({ afterSeq: seq, paymentId: id })).toHaveLength(1);
		expect(await paymentLines(id)).toHaveLength(1);
	});

	// the payment route keeps the restaurant's settings in memory for 30 s instead of reading them
	// for every payment: a merchant's published change must still reach the very next payment
	test('a payment method published in Restaurant settings is used by the next payment at once', async () => {
		const setCard = async (code) => {
			await editAndPublish(WF.settings, 'Restaurant settings', { cardPaymentMethod: code });
			await waitFor(async () => (await restaurantRow())?.cardPaymentMethod === code, { what: `the restaurant row to use ${code}` });
		};
		const check = await openCheck(12, [{ sku: 'BURGER', quantity: 2 }]); // 29.00
		try {
			const before = uid('mem');
			expect((await pay({ paymentId: before, checkId: check.checkId, amount: '5.00', method: 'card' })).status).toBe(202);
			await waitForPayment(before, { status: 'applied' });
			expect((await paymentLines(before)).map((l) => l.methodCode)).toEqual(['QDCARD']); // now kept in memory
			await setCard('CARD');
			const after = uid('mem');
			expect((await pay({ paymentId: after, checkId: check.checkId, amount: '5.00', method: 'card' })).status).toBe(202);
			await waitForPayment(after, { status: 'applied' });
			expect((await paymentLines(after)).map((l) => l.methodCode)).toEqual(['CARD']);
		} finally {
			await setCard('QDCARD');
		}
	});
});

'use strict';
// Payment application, status and outcome templates: a payment lands on the check once, the
// ledger and Qodeup's status call say so, paying the rest closes the table; an amount above what
// is left (counting payments still in flight) is refused before anything reaches Lightspeed.
const { pay, paymentStatus } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const n8n = require('../helpers/n8n');
const { WF, uid, openCheck, checkById, paymentLines, payRequests, lastSeq, waitForLedger, ledgerRow, executionsSince } = require('./support/flows');
const { waitFor, sleep } = require('../helpers/wait');
const mail = require('../helpers/mail');

describe('payment application', () => {
	beforeAll(() => sandbox.reset());
	afterEach(() => sandbox.clearFaults());

	test('a payment is applied once, the ledger and the status call say applied, paying the rest closes the table', async () => {
		const since = new Date().toISOString();
		const check = await openCheck(8, [{ sku: 'BURGER', quantity: 2 }, { sku: 'WATER', quantity: 1 }]); // 31.50
		expect(check.remaining).toBe('31.50');
		const first = uid('pay');
		const r = await pay({ paymentId: first, tableNumber: 8, amount: '20.00', tipAmount: '1.50', method: 'card' });
		expect(r.status).toBe(202);
		expect(r.json).toEqual({ paymentId: first, status: 'pending', reference: `QD-${first}-1` });

		const row = await waitForLedger(first, { status: 'applied' });
		expect(row).toMatchObject({ checkId: check.checkId, tableNumber: '8', amount: '20.00', tipAmount: '1.50', method: 'card', attempt: 1, reference: `QD-${first}-1`, paymentMethodCode: 'QDCARD' });

		const lines = await paymentLines(first);
		expect(lines).toEqual([expect.objectContaining({ reference: `QD-${first}-1`, checkId: check.checkId, amount: '20.00', tipAmount: '1.50', methodCode: 'QDCARD' })]);
		const sent = await payRequests({ paymentId: first });
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toMatchObject({ iKaccountIdentifier: check.checkId, thirdPartyPaymentReference: `QD-${first}-1`, paymentAmount: 20, tipAmount: 1.5, paymentMethod: 'QDCARD', endpointId: 'qodeup-demo-bistro' });

		const status = await paymentStatus(first);
		expect(status.status).toBe(200);
		expect(status.json).toMatchObject({ paymentId: first, status: 'applied', attempt: 1, reference: `QD-${first}-1`, checkId: check.checkId, amount: '20.00' });
		expect((await checkById(check.checkId)).remaining).toBe('11.50');

		// the rest, as a voucher: the check is paid and closed, the table has no open check
		const rest = uid('pay');
		const r2 = await pay({ paymentId: rest, tableNumber: 8, amount: '11.50', method: 'voucher' });
		expect(r2.status).toBe(202);
		await waitForLedger(rest, { status: 'applied', paymentMethodCode: 'QDVOUCHER' });
		const closed = await waitFor(async () => {
			const c = await checkById(check.checkId);
			return c.closeDate ? c : false;
		}, { what: `check ${check.checkId} to close` });
		expect(closed).toMatchObject({ remaining: '0.00', paidAmount: '31.50' });
		expect(await sandbox.openChecks(8)).toEqual([]);
		expect((await paymentStatus(rest)).json.status).toBe('applied');

		const runs = await executionsSince(WF.payments, since);
		expect(runs.length).toBe(2);
		expect(runs.every((e) => e.status === 'success')).toBe(true);
		expect((await executionsSince(WF.outcome, since)).every((e) => e.status === 'success')).toBe(true);
	});

	test('more than what is left → 409 with the remaining amount, and nothing is sent to Lightspeed', async () => {
		const check = await openCheck(9, [{ sku: 'TIRAMISU', quantity: 1 }]); // 6.80
		const seq = await lastSeq();
		const id = uid('over');
		const r = await pay({ paymentId: id, checkId: check.checkId, amount: '6.81', method: 'card' });
		expect(r.status).toBe(409);
		expect(r.json).toMatchObject({ paymentId: id, status: 'refused', error: 'AMOUNT_EXCEEDS_REMAINING', remaining: '6.80' });
		expect(await payRequests({ afterSeq: seq })).toEqual([]);
		expect(await paymentLines(id)).toEqual([]);
		expect(await ledgerRow(id)).toMatchObject({ status: 'refused', errorCode: 'AMOUNT_EXCEEDS_REMAINING', remaining: '6.80' });
		// asking again gives the same answer, still without calling Lightspeed's pay
		const again = await pay({ paymentId: id, checkId: check.checkId, amount: '6.81', method: 'card' });
		expect({ status: again.status, body: again.json }).toEqual({ status: 409, body: r.json });
		expect(await payRequests({ afterSeq: seq })).toEqual([]);
		expect((await paymentStatus(id)).json).toMatchObject({ status: 'refused', error: 'AMOUNT_EXCEEDS_REMAINING' });
	});

	test('amounts still in flight on the same check count: a second payment that would overpay is refused', async () => {
		const check = await openCheck(10, [{ sku: 'BURGER', quantity: 1 }]); // 14.50
		await sandbox.setFaults({ posOffline: true }); // the first payment stays "sent" (the POS has not taken it)
		const a = uid('fly');
		const ra = await pay({ paymentId: a, checkId: check.checkId, amount: '10.00', method: 'card' });
		expect(ra.status).toBe(202);
		await waitForLedger(a, { status: 'sent' });
		const seq = await lastSeq();
		const b = uid('fly');
		const rb = await pay({ paymentId: b, checkId: check.checkId, amount: '5.00', method: 'card' });
		expect(rb.status).toBe(409);
		expect(rb.json).toMatchObject({ error: 'AMOUNT_EXCEEDS_REMAINING', remaining: '4.50' });
		expect(await payRequests({ afterSeq: seq })).toEqual([]);
		// what is left after the one in flight still goes through
		const c = uid('fly');
		expect((await pay({ paymentId: c, checkId: check.checkId, amount: '4.50', method: 'card' })).status).toBe(202);
		await sandbox.clearFaults();
	});

	test('transient Lightspeed errors (500 on pay, 429 on the check) are retried: applied once, same reference, no email', async () => {
		const check = await openCheck(1, [{ sku: 'COLA', quantity: 3 }]); // 9.30
		const id = uid('flaky');
		await sandbox.setFaults({ http500: 2, pathFilter: '^/o/op/1/pay$' });
		const r = await pay({ paymentId: id, checkId: check.checkId, amount: '9.30', method: 'card' });
		expect(r.status).toBe(202);
		expect(r.json).toMatchObject({ status: 'pending', reference: `QD-${id}-1` });
		await waitForLedger(id, { status: 'applied' });
		const sent = await payRequests({ paymentId: id });
		expect(sent.map((q) => q.status)).toEqual([500, 500, 200]);
		expect(new Set(sent.map((q) => q.body.thirdPartyPaymentReference))).toEqual(new Set([`QD-${id}-1`]));
		expect(await paymentLines(id)).toHaveLength(1);

		const id2 = uid('flaky');
		const check2 = await openCheck(2, [{ sku: 'WATER', quantity: 2 }]); // 5.00
		await sandbox.setFaults({ http429: { count: 1, retryAfterSeconds: 1 }, pathFilter: '^/o/op/1/order/accounts' });
		expect((await pay({ paymentId: id2, checkId: check2.checkId, amount: '5.00', method: 'card' })).status).toBe(202);
		await waitForLedger(id2, { status: 'applied' });
		expect(await paymentLines(id2)).toHaveLength(1);
		await sleep(1500);
		expect((await mail.messages()).filter((m) => m.text.includes(id) || m.text.includes(id2))).toEqual([]);
	});

	test('no open check on the table → 404; two open checks and no check id → 409; nothing sent', async () => {
		const seq = await lastSeq();
		const none = await pay({ paymentId: uid('none'), tableNumber: 12, amount: '1.00', method: 'card' });
		expect(none.status).toBe(404);
		expect(none.json).toMatchObject({ status: 'refused', error: 'ACCOUNT_NOT_FOUND' });
		const two = await pay({ paymentId: uid('two'), tableNumber: 5, amount: '1.00', method: 'card' });
		expect(two.status).toBe(409);
		expect(two.json).toMatchObject({ status: 'refused', error: 'MULTIPLE_OPEN_CHECKS' });
		expect(await payRequests({ afterSeq: seq })).toEqual([]);
		const unknown = await paymentStatus(uid('never'));
		expect(unknown.status).toBe(404);
		expect(unknown.json).toMatchObject({ error: 'PAYMENT_NOT_FOUND' });
	});

	test('the ledger is readable over n8n\'s data table API (reconciliation view)', async () => {
		const rows = await n8n.dataTableRows('qodeupLskPaymentLedger');
		expect(rows.length).toBeGreaterThan(0);
		for (const r of rows) expect(Object.keys(r)).toEqual(expect.arrayContaining(['paymentId', 'status', 'reference', 'attempt', 'amount']));
	});
});

'use strict';
// Idempotency under concurrency (single-process stack): one payment id sent 50 times at once,
// races for the last euros of a check, and Lightspeed notifications delivered twice and in
// reverse order. Asserted on the sandbox's checks, the ledger and the caught mail.
const { pay, paymentStatus } = require('../e2e/helpers/qodeup');
const { sandbox } = require('../e2e/helpers/sandbox');
const mail = require('../e2e/helpers/mail');
const { sleep } = require('../e2e/helpers/wait');
const { pid, allLedgerRows, liteState, fundCheck, pool, settle, record } = require('./support/tally');

const cents = (s) => Math.round(Number(s) * 100);

describe('idempotency under concurrency', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
	});
	afterEach(() => sandbox.clearFaults());

	test('50 concurrent submissions of one payment id → one payment line, one ledger row, 50 identical answers', async () => {
		const check = await fundCheck(1, '50.00');
		const id = pid('c50');
		const body = { paymentId: id, checkId: check.checkId, amount: '12.34', tipAmount: '1.00', method: 'card' };
		const answers = await Promise.all(Array.from({ length: 50 }, () => pay(body, { timeoutMs: 120_000 }).catch((e) => ({ status: 0, error: e.message }))));
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s !== 202)).toEqual([]);
		expect(new Set(answers.map((a) => a.json.reference))).toEqual(new Set([`QD-${id}-1`]));

		const result = await settle(answers.map((a) => ({ paymentId: id, answer: a })));
		record('concurrency: 50 submissions of one id', result.counts);
		expect(result.problems).toEqual([]);
		expect(result.counts).toMatchObject({ payments: 1, applied: 1, appliedTwice: 0, lost: 0 });

		const state = await sandbox.state();
		const c = state.checks.find((x) => x.checkId === check.checkId);
		expect(c.payments).toEqual([expect.objectContaining({ reference: `QD-${id}-1`, amount: '12.34', tipAmount: '1.00' })]);
		expect(c.remaining).toBe('37.66');
		const pays = state.requests.filter((r) => r.method === 'POST' && r.path === '/o/op/1/pay' && String(r.body?.thirdPartyPaymentReference).startsWith(`QD-${id}-`));
		expect(pays.filter((r) => r.status === 200)).toHaveLength(1);
		expect((await allLedgerRows()).filter((r) => r.paymentId === id)).toHaveLength(1);
		expect((await paymentStatus(id)).json).toMatchObject({ status: 'applied', reference: `QD-${id}-1` });
	});

	test('two concurrent payments whose sum exceeds the remaining amount: the first claim lands, the other is refused — never both, never neither (10 races)', async () => {
		const races = [];
		for (let i = 0; i < 10; i++) races.push(await fundCheck(2 + (i % 6), '10.00'));
		const payments = [];
		await Promise.all(
			races.map(async (check, i) => {
				const a = pid(`ov${i}a`);
				const b = pid(`ov${i}b`);
				const [ra, rb] = await Promise.all([
					pay({ paymentId: a, checkId: check.checkId, amount: '7.00', method: 'card' }, { timeoutMs: 120_000 }),
					pay({ paymentId: b, checkId: check.checkId, amount: '6.00', method: 'card' }, { timeoutMs: 120_000 }),
				]);
				payments.push({ paymentId: a, answer: ra, checkId: check.checkId }, { paymentId: b, answer: rb, checkId: check.checkId });
			}),
		);
		const result = await settle(payments);
		record('concurrency: 10 overpay races', result.counts);
		expect(result.problems).toEqual([]);
		const state = await liteState();
		for (const check of races) {
			const c = state.checks.find((x) => x.checkId === check.checkId);
			// the POS never holds more than the check's total
			expect(cents(c.paidAmount)).toBeLessThanOrEqual(cents(c.currentAmount));
			const mine = payments.filter((p) => p.checkId === check.checkId).map((p) => result.byId[p.paymentId].outcome);
			// exactly one of the two lands — the one claimed first — and the other is refused (409)
			// before anything is sent: never both (an overpaid check), never neither (two guests
			// charged by Qodeup and nothing on the bill)
			expect(mine.filter((o) => o === 'applied')).toHaveLength(1);
			expect(mine.filter((o) => o === 'refused')).toHaveLength(1);
		}
		const bothRefused = races.filter((check) => payments.filter((p) => p.checkId === check.checkId).every((p) => result.byId[p.paymentId].outcome !== 'applied')).length;
		const viaPos = payments.filter((p) => result.byId[p.paymentId].outcome === 'failedEmailed').length;
		record('concurrency: 10 overpay races (detail)', {}, { bothRefused, refusedByPosOverpaid: viaPos });
		expect(result.counts.appliedTwice + result.counts.lost).toBe(0);
	});

	test('duplicate and out-of-order Lightspeed notifications: the ledger ends consistent, one mail per failure', async () => {
		await sandbox.setFaults({ duplicateWebhooks: true, outOfOrderWebhooks: true });
		const checks = [];
		for (let i = 0; i < 4; i++) checks.push(await fundCheck(9 + i, '200.00'));
		// 30 payments; every 5th is failed by the POS
		const items = Array.from({ length: 30 }, (_, i) => ({ paymentId: pid(`dw${i}`), checkId: checks[i % 4].checkId, fail: i % 5 === 4 }));
		// the failing ones pay by voucher, a method the POS no longer has (PAYMENT_METHOD_NOT_FOUND by webhook)
		await sandbox.setFaults({ removedPaymentMethods: ['QDVOUCHER'] });
		const rs = await pool(items, 6, (p) => pay({ paymentId: p.paymentId, checkId: p.checkId, amount: '3.10', method: p.fail ? 'voucher' : 'card' }, { timeoutMs: 120_000 }));
		const answers = items.map((p, i) => ({ paymentId: p.paymentId, answer: rs[i], fail: p.fail }));
		const result = await settle(answers);
		record('concurrency: duplicate + out-of-order webhooks', result.counts);
		expect(result.problems).toEqual([]);
		for (const a of answers) {
			const st = await paymentStatus(a.paymentId);
			expect({ id: a.paymentId, status: st.json && st.json.status }).toEqual({ id: a.paymentId, status: a.fail ? 'failed' : 'applied' });
		}
		expect(result.counts).toMatchObject({ payments: 30, applied: 24, failedEmailed: 6, appliedTwice: 0, lost: 0, duplicateMails: 0 });
		// the sandbox really did deliver duplicates
		const state = await liteState();
		expect((state.webhooks || []).some((w) => w.duplicateOf)).toBe(true);
		await sleep(500);
	});
});

'use strict';
// Contention and races (also run in queue mode: npm run test:queue). Many guests paying one
// check at once while Lightspeed's notifications are seconds late: exactly the payments that fit
// are applied and every other one is refused with what is really left (or 404 once the check is
// paid and closed). One payment id sent 50 times at once: one row, one line. The same payment id
// with another body: 409 PAYMENT_ID_REUSED and nothing sent — also when the two bodies arrive at
// the same moment as first sends: exactly one wins. Judged on the register, the ledger, the mail.
const { getTable, pay, order, paymentStatus } = require('../e2e/helpers/qodeup');
const { countExecutions } = require('../e2e/helpers/n8n');
const { sandbox } = require('../e2e/helpers/sandbox');
const mail = require('../e2e/helpers/mail');
const { WF, paymentReference, orderReference } = require('../e2e/scenarios/support/flows');
const { pid, fundCheck, liteState, ledgerRows, settleAndJudge, record, expectedZeroes, zeroes, countBy } = require('./support/tally');

const cents = (s) => Math.round(Number(s) * 100);
const money = (c) => (c / 100).toFixed(2);

function allPaymentsOf(state, references) {
	return state.payments.filter((p) => references.has(p.reference));
}

/**
 * `count` payments of `amount` at once on a check of `total`: the number that fit is applied,
 * every other one refused — 409 AMOUNT_EXCEEDS_REMAINING with the true remaining (what is left
 * once the ones that fit are counted), or 404 ACCOUNT_ALREADY_CLOSED once the check is paid.
 */
async function crowd({ table, total, amount, count }) {
	const check = await fundCheck(table, total);
	const fit = Math.floor(cents(total) / cents(amount));
	const trueRemaining = money(cents(total) - fit * cents(amount));
	const ids = Array.from({ length: count }, (_, i) => pid(`cr${table}x${i}`));
	const answers = await Promise.all(ids.map((paymentId) => pay({ paymentId, checkId: check.checkId, amount, method: 'card' }, { timeoutMs: 180_000 }).catch((e) => ({ status: 0, error: e.message }))));
	return { check, fit, trueRemaining, items: ids.map((paymentId, i) => ({ paymentId, answers: [answers[i]] })), answers };
}

function judgeCrowd(c, result, state) {
	const final = state.checks.find((x) => x.checkId === c.check.checkId);
	const outcomes = c.items.map((p) => result.byId[p.paymentId].outcome);
	const refusals = c.answers.filter((a) => a.status !== 202);
	const untrue = refusals.filter((a) => {
		const said = `${a.status} ${a.json && a.json.error}`;
		if (said === '404 ACCOUNT_ALREADY_CLOSED') return c.trueRemaining !== '0.00';
		if (said !== '409 AMOUNT_EXCEEDS_REMAINING') return true;
		return a.json.remaining !== c.trueRemaining;
	});
	return {
		check: c.check.checkId,
		applied: outcomes.filter((o) => o === 'applied').length,
		refused: outcomes.filter((o) => o === 'refused').length,
		other: outcomes.filter((o) => o !== 'applied' && o !== 'refused').length,
		paid: final.paidAmount,
		untrueRefusals: untrue.map((a) => `${a.status} ${JSON.stringify(a.json || a.error)}`.slice(0, 200)),
		answers: countBy(c.answers.map((a) => `${a.status} ${(a.json && (a.json.error || a.json.status)) || a.error || ''}`)),
	};
}

describe('contention and races', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
	});
	afterEach(() => sandbox.clearFaults());

	test('20 payments at once on a check with room for 5, notifications 4 s late: exactly 5 applied, 15 refused with the true remaining', async () => {
		await sandbox.setFaults({ notificationDelayMs: 4000 });
		const c = await crowd({ table: 1, total: '12.50', amount: '2.50', count: 20 });
		await sandbox.clearFaults();
		const result = await settleAndJudge({ payments: c.items, timeoutMs: 120_000 });
		const seen = judgeCrowd(c, result, result.snap.state);
		result.counts.untrueRemaining = seen.untrueRefusals.length;
		record('contention: 20 on room for 5, notifications 4 s late', result.counts, { detail: seen, causes: result.causes });
		expect(result.problems).toEqual([]);
		expect(zeroes(result.counts)).toEqual(expectedZeroes(result.counts));
		expect(seen).toMatchObject({ applied: 5, refused: 15, other: 0, paid: '12.50', untrueRefusals: [] });
	});

	test('three crowds at once (12 × 3.00 on 10.00, 12 × 2.00 on 8.00, 12 × 4.50 on 20.00), notifications 3 s late, duplicated and out of order', async () => {
		await sandbox.setFaults({ notificationDelayMs: 3000, duplicateWebhooks: true, outOfOrderWebhooks: true });
		const crowds = await Promise.all([
			crowd({ table: 2, total: '10.00', amount: '3.00', count: 12 }),
			crowd({ table: 3, total: '8.00', amount: '2.00', count: 12 }),
			crowd({ table: 4, total: '20.00', amount: '4.50', count: 12 }),
		]);
		await sandbox.clearFaults();
		const result = await settleAndJudge({ payments: crowds.flatMap((c) => c.items), timeoutMs: 150_000 });
		const seen = crowds.map((c) => judgeCrowd(c, result, result.snap.state));
		result.counts.untrueRemaining = seen.reduce((n, x) => n + x.untrueRefusals.length, 0);
		record('contention: three crowds of 12, notifications late, duplicated, out of order', result.counts, { detail: seen, causes: result.causes });
		expect(result.problems).toEqual([]);
		expect(zeroes(result.counts)).toEqual(expectedZeroes(result.counts));
		expect(seen.map(({ applied, refused, other, paid, untrueRefusals }) => ({ applied, refused, other, paid, untrueRefusals }))).toEqual([
			{ applied: 3, refused: 9, other: 0, paid: '9.00', untrueRefusals: [] },
			{ applied: 4, refused: 8, other: 0, paid: '8.00', untrueRefusals: [] },
			{ applied: 4, refused: 8, other: 0, paid: '18.00', untrueRefusals: [] },
		]);
	});

	test('a crowd of mixed amounts (12 payments from 0.50 to 8.00 on a 20.00 check, at once): never more than the check, and no payment refused that would still fit', async () => {
		await sandbox.setFaults({ notificationDelayMs: 3000 });
		const check = await fundCheck(7, '20.00');
		const amounts = ['7.00', '5.00', '3.00', '2.00', '1.50', '6.00', '4.00', '2.50', '1.00', '8.00', '0.50', '3.50'];
		const items = amounts.map((amount, i) => ({ paymentId: pid(`mx${i}`), amount }));
		const answers = await Promise.all(items.map((p) => pay({ paymentId: p.paymentId, checkId: check.checkId, amount: p.amount, method: 'card' }, { timeoutMs: 180_000 }).catch((e) => ({ status: 0, error: e.message }))));
		await sandbox.clearFaults();
		const result = await settleAndJudge({ payments: items.map((p, i) => ({ paymentId: p.paymentId, answers: [answers[i]] })), timeoutMs: 120_000 });
		const final = result.snap.state.checks.find((x) => x.checkId === check.checkId);
		const refused = items.filter((p) => result.byId[p.paymentId].outcome === 'refused');
		// the check's remaining at the end is what every refused guest could have paid: a refused
		// amount that fits in it was refused for a payment that never landed
		const wouldFit = refused.filter((p) => cents(p.amount) <= cents(final.remaining)).map((p) => {
			const a = answers[items.indexOf(p)];
			return `${p.amount} refused (${a.status} ${a.json && a.json.error} remaining ${a.json && a.json.remaining}) while ${final.remaining} is left at the end`;
		});
		result.counts.falselyRefused += wouldFit.length;
		record('contention: mixed amounts on one check', result.counts, { paid: final.paidAmount, remaining: final.remaining, wouldFit, causes: result.causes });
		expect(result.problems).toEqual([]);
		expect(cents(final.paidAmount)).toBeLessThanOrEqual(2000);
		expect(wouldFit).toEqual([]);
		expect(zeroes(result.counts)).toEqual(expectedZeroes(result.counts));
	});

	test('one payment id sent 50 times at once: 50 × 202 with one reference, one ledger row, one payment line', async () => {
		const check = await fundCheck(5, '50.00');
		const id = pid('c50');
		const body = { paymentId: id, checkId: check.checkId, amount: '12.34', tipAmount: '1.00', method: 'card' };
		const answers = await Promise.all(Array.from({ length: 50 }, () => pay(body, { timeoutMs: 180_000 }).catch((e) => ({ status: 0, error: e.message }))));
		expect(countBy(answers.map((a) => a.status))).toEqual({ 202: 50 });
		expect(new Set(answers.map((a) => a.json.reference))).toEqual(new Set([paymentReference(id, 1)]));
		const result = await settleAndJudge({ payments: [{ paymentId: id, answers, expect: 'applied' }] });
		record('contention: one id sent 50 times at once', result.counts, { causes: result.causes });
		expect(result.problems).toEqual([]);
		expect(result.counts).toMatchObject({ payments: 1, applied: 1, ...expectedZeroes(result.counts) });
		const accepted = allPaymentsOf(result.snap.state, new Set([paymentReference(id, 1), paymentReference(id, 2)]));
		expect(accepted).toHaveLength(1);
		expect((await ledgerRows('payments')).filter((r) => r.paymentId === id)).toHaveLength(1);
		const c = result.snap.state.checks.find((x) => x.checkId === check.checkId);
		expect(c.remaining).toBe('37.66');
		expect((await paymentStatus(id)).json).toMatchObject({ status: 'applied', reference: paymentReference(id, 1) });
	});

	test('conflicting repeats: first sends of one id with two bodies at once → exactly one wins, the other body gets 409 PAYMENT_ID_REUSED and nothing of it is sent (8 ids × 4 requests)', async () => {
		const check = await fundCheck(6, '500.00');
		const ids = Array.from({ length: 8 }, (_, i) => pid(`cf${i}`));
		const bodyA = (paymentId) => ({ paymentId, checkId: check.checkId, amount: '4.00', method: 'card' });
		const bodyB = (paymentId, i) => (i % 2 ? { paymentId, checkId: check.checkId, amount: '5.00', method: 'card' } : { paymentId, checkId: check.checkId, amount: '4.00', tipAmount: '1.00', method: 'voucher' });
		const sent = [];
		await Promise.all(
			ids.flatMap((paymentId, i) =>
				[0, 1, 2, 3].map(async (k) => {
					const body = k % 2 ? bodyB(paymentId, i) : bodyA(paymentId);
					const answer = await pay(body, { timeoutMs: 180_000 }).catch((e) => ({ status: 0, error: e.message }));
					sent.push({ paymentId, body, answer });
				}),
			),
		);
		const items = ids.map((paymentId) => ({ paymentId, answers: sent.filter((s) => s.paymentId === paymentId).map((s) => s.answer), expect: 'applied' }));
		const result = await settleAndJudge({ payments: items });
		const bad = [];
		for (const paymentId of ids) {
			const mine = sent.filter((s) => s.paymentId === paymentId);
			const winners = new Set(mine.filter((s) => s.answer.status === 202).map((s) => JSON.stringify(s.body)));
			const losers = mine.filter((s) => s.answer.status !== 202);
			const row = result.snap.payments.find((r) => r.paymentId === paymentId);
			const line = result.snap.state.checks.flatMap((c) => c.payments).filter((p) => p.reference === paymentReference(paymentId, 1));
			const problems = [];
			if (winners.size !== 1) problems.push(`${winners.size} bodies answered 202`);
			else {
				const won = JSON.parse([...winners][0]);
				if (row.amount !== won.amount || row.method !== won.method) problems.push(`ledger ${row.amount} ${row.method}, winner ${won.amount} ${won.method}`);
				if (line.length !== 1 || line[0].amount !== won.amount) problems.push(`line ${JSON.stringify(line)}, winner ${won.amount}`);
				for (const l of losers) {
					const j = l.answer.json || {};
					if (l.answer.status !== 409 || j.error !== 'PAYMENT_ID_REUSED' || JSON.stringify(l.body) === [...winners][0] || !(j.fields || []).length) problems.push(`loser answered ${l.answer.status} ${JSON.stringify(j).slice(0, 160)}`);
				}
			}
			if (problems.length) bad.push({ paymentId, problems });
		}
		// a later repeat with another body changes nothing and sends nothing
		const before = (await liteState()).payments.length;
		const later = await pay({ paymentId: ids[0], checkId: check.checkId, amount: '9.99', method: 'card' });
		expect(later.status).toBe(409);
		expect(later.json).toMatchObject({ error: 'PAYMENT_ID_REUSED', firstPayment: { status: 'applied' } });
		items[0].answers.push(later);
		expect((await liteState()).payments.length).toBe(before);
		record('contention: conflicting first sends (8 ids × 2 + 2 requests, a later repeat)', result.counts, { requests: sent.length + 1, causes: result.causes, conflicts: countBy(sent.map((s) => `${s.answer.status} ${(s.answer.json && (s.answer.json.error || s.answer.json.status)) || ''}`)) });
		expect(bad).toEqual([]);
		expect(result.problems).toEqual([]);
		expect(result.counts).toMatchObject({ payments: 8, applied: 8, ...expectedZeroes(result.counts) });
	});

	test('conflicting repeats of an order: first sends with two bodies at once → one order reaches the register, the other gets 409 ORDER_ID_REUSED (6 ids × 4 requests)', async () => {
		const ids = Array.from({ length: 6 }, (_, i) => pid(`oc${i}`));
		const sent = [];
		await Promise.all(
			ids.flatMap((orderId) =>
				[0, 1, 2, 3].map(async (k) => {
					const body = { orderId, mode: 'to-go', items: [{ sku: k % 2 ? 'FRIES' : 'COLA', quantity: 1 }], customer: { firstName: 'Rel' } };
					const answer = await order(body, { timeoutMs: 180_000 }).catch((e) => ({ status: 0, error: e.message }));
					sent.push({ orderId, body, answer });
				}),
			),
		);
		const result = await settleAndJudge({ orders: ids.map((orderId) => ({ orderId, answers: sent.filter((s) => s.orderId === orderId).map((s) => s.answer), expect: 'accepted' })) });
		const bad = [];
		for (const orderId of ids) {
			const mine = sent.filter((s) => s.orderId === orderId);
			const winners = new Set(mine.filter((s) => s.answer.status === 202).map((s) => s.body.items[0].sku));
			const losers = mine.filter((s) => s.answer.status !== 202);
			const onRegister = result.snap.state.orders.filter((o) => o.reference === orderReference(orderId, 1));
			if (winners.size !== 1 || losers.some((l) => l.answer.status !== 409 || l.answer.json.error !== 'ORDER_ID_REUSED' || winners.has(l.body.items[0].sku)) || onRegister.length !== 1) {
				bad.push({ orderId, winners: [...winners], losers: losers.map((l) => `${l.answer.status} ${l.answer.json && l.answer.json.error}`), onRegister: onRegister.length });
			}
		}
		record('contention: conflicting first sends of orders (6 ids × 4 requests)', result.counts, { requests: sent.length });
		expect(bad).toEqual([]);
		expect(result.problems).toEqual([]);
		expect(result.counts).toMatchObject({ orders: 6, ordersAccepted: 6, ...expectedZeroes(result.counts) });
	});

	test('30 lookups of one table at once: each answered 200 with the open check, by the trigger itself (no execution)', async () => {
		const check = await fundCheck(13, '42.00');
		const before = await countExecutions(WF.tables);
		const answers = await Promise.all(Array.from({ length: 30 }, () => getTable(13, { timeoutMs: 60_000 }).catch((e) => ({ status: 0, error: e.message }))));
		const wrong = answers.filter((a) => a.status !== 200 || !(a.json.openChecks || []).some((c) => c.checkId === check.checkId && c.currentAmount === '42.00'));
		record('contention: 30 lookups of one table at once', {}, { requests: answers.length, statuses: countBy(answers.map((a) => a.status)) });
		expect(wrong.map((a) => `${a.status} ${a.error || a.text}`.slice(0, 200))).toEqual([]);
		expect(await countExecutions(WF.tables)).toBe(before);
	});
});

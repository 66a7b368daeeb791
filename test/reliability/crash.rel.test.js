'use strict';
// n8n killed with SIGKILL in the middle of a burst, and started again on the same data. Qodeup
// sends again every payment and order that got no answer (same id, same body), as its contract
// says. Nothing is aged or edited: the fleet sweeper finds what the killed n8n left claimed
// (after claimedGraceSeconds) and has the restaurant's Recovery send it under the same
// reference, and settles what was sent without an outcome from the check (after
// settleAfterSeconds). Then every payment is applied exactly once or refused with its true
// cause, no order is lost or sent twice, and the ledger never says failed or refused for a
// payment whose reference is on the check.
// In the same run, Lightspeed cannot read one check for longer than giveUpSeconds (through the
// crash): its payments fail as LIGHTSPEED_UNAVAILABLE, each with one email.
const fs = require('node:fs');
const path = require('node:path');
const { pay, order } = require('../e2e/helpers/qodeup');
const { sandbox } = require('../e2e/helpers/sandbox');
const mail = require('../e2e/helpers/mail');
const { stackInfo } = require('../e2e/helpers/stack');
const { httpJson, httpOk } = require('../e2e/helpers/http');
const { waitFor, sleep } = require('../e2e/helpers/wait');
const { pid, fundCheck, pool, waitSettled, snapshot, judgePayments, judgeOrders, record, zeroes, expectedZeroes, countBy } = require('./support/tally');

const control = () => JSON.parse(fs.readFileSync(path.join(stackInfo().runDir, 'control.json'), 'utf8')).url;
const fleet = () => JSON.parse(fs.readFileSync(path.join(stackInfo().runDir, 'fleet.json'), 'utf8')).fleet;
/** An answer Qodeup can act on; anything else (no answer, a 5xx from a dying n8n) is sent again. */
const answered = (a) => a && [202, 404, 409].includes(a.status) && a.json && (a.json.status || a.json.error);
const cents = (s) => Math.round(Number(s) * 100);

describe('n8n killed during a burst', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
	});
	afterAll(() => sandbox.clearFaults());

	test('SIGKILL during 48 payments on 8 checks (one with room for 3 of its 6) and 8 orders, restart on the same data, Qodeup resends what got no answer: each applied exactly once or refused with its true cause; Lightspeed unreachable for one check past the give-up time: failed LIGHTSPEED_UNAVAILABLE, one email each', async () => {
		const { giveUpSeconds } = fleet();
		// the check Lightspeed cannot read (every read of it answers 500, through the whole test)
		const unreachable = await fundCheck(9, '100.00');
		await sandbox.setFaults({ http500: 1_000_000, pathFilter: `^/o/op/1/order/accounts/${unreachable.checkId.replace('.', '\\.')}$` });
		const downItems = Array.from({ length: 4 }, (_, i) => ({ paymentId: pid(`gu${i}`), body: { checkId: unreachable.checkId, amount: '2.00', method: 'card' }, expect: 'failed:LIGHTSPEED_UNAVAILABLE' }));
		const downStarted = Date.now();
		const downAnswers = await Promise.all(downItems.map((p) => pay({ paymentId: p.paymentId, ...p.body }, { timeoutMs: 180_000 }).catch((e) => ({ status: 0, error: e.message }))));
		downItems.forEach((p, i) => {
			p.answers = [downAnswers[i]];
		});

		// 8 checks: seven with plenty of room, the eighth with room for 3 of its 6 payments
		const checks = [];
		for (let t = 1; t <= 7; t++) checks.push(await fundCheck(t, '1000.00'));
		const tight = await fundCheck(8, '15.00');
		checks.push(tight);
		const items = Array.from({ length: 48 }, (_, i) => {
			const check = checks[i % 8];
			if (check === tight) return { paymentId: pid(`kt${i}`), body: { checkId: check.checkId, amount: '5.00', method: 'card' }, tight: true };
			return { paymentId: pid(`k${i}`), body: { checkId: check.checkId, amount: `${2 + (i % 5)}.${String(i % 100).padStart(2, '0')}`, tipAmount: i % 2 ? '0.50' : '0.00', method: 'card' }, expect: 'applied' };
		});
		const orders = Array.from({ length: 8 }, (_, i) => {
			const orderId = pid(`ko${i}`);
			return { orderId, body: i % 2 ? { orderId, mode: 'to-go', items: [{ sku: 'FRIES', quantity: 1 }], customer: { firstName: 'Crash' } } : { orderId, mode: 'eat-in', checkId: checks[i % 7].checkId, items: [{ sku: 'WATER', quantity: 1 }], customer: { firstName: 'Crash' } } };
		});
		const stream = [...items.map((item) => ({ kind: 'payment', item })), ...orders.map((item) => ({ kind: 'order', item }))];
		stream.sort((a, b) => (a.item.paymentId || a.item.orderId).localeCompare(b.item.paymentId || b.item.orderId)); // orders among the payments
		const send = (s) => (s.kind === 'payment' ? pay({ paymentId: s.item.paymentId, ...s.item.body }, { timeoutMs: 120_000 }) : order(s.item.body, { timeoutMs: 120_000 }));

		// the burst: 12 in flight; n8n is killed once a few have been answered and the rest are
		// claimed, sent or waiting — the register is slow (1.5 s) so outcomes are still on their way
		await sandbox.config({ posDelayMs: 1500 });
		let answeredBeforeKill = 0;
		const sending = pool(stream, 12, async (s) => {
			const a = await send(s).catch((e) => ({ status: 0, error: e.message }));
			if (answered(a)) answeredBeforeKill += 1;
			return a;
		});
		await waitFor(() => answeredBeforeKill >= 6, { timeoutMs: 120_000, intervalMs: 100, what: 'the first answers of the burst' });
		const killed = await httpOk('POST', `${control()}/kill`, {});
		expect(killed.killed).toBeGreaterThan(0);
		const firstAnswers = await sending;
		await sandbox.config({ posDelayMs: 100 });
		const restarted = await httpOk('POST', `${control()}/restart`, {}, { timeoutMs: 300_000 });
		expect(restarted.pid).toBeGreaterThan(0);
		// production webhooks are registered again shortly after n8n is ready
		await waitFor(async () => {
			const probe = await pay({ paymentId: pid('probe'), tableNumber: 14, amount: '1.00', method: 'card' }, { timeoutMs: 60_000 }).catch(() => undefined);
			return probe && probe.status === 404 && probe.json && probe.json.status === 'refused';
		}, { timeoutMs: 120_000, intervalMs: 1000, what: 'the payments webhook after the restart' });

		// Qodeup's side: what got no usable answer is sent again, same id, same body
		const noAnswer = stream.filter((s, i) => !answered(firstAnswers[i]));
		const resent = await pool(noAnswer, 8, (s) => send(s));
		stream.forEach((s, i) => {
			s.item.answers = [firstAnswers[i]];
		});
		noAnswer.forEach((s, i) => s.item.answers.push(resent[i]));

		// the tight check: 3 of its 6 fit; every refusal must be a true one (a 409 with the true
		// remaining 0.00, or 404 once it is paid and closed)
		const tightIds = new Set(items.filter((p) => p.tight).map((p) => p.paymentId));
		for (const p of items) if (p.tight) p.expect = ['applied', 'refused:AMOUNT_EXCEEDS_REMAINING', 'refused:ACCOUNT_ALREADY_CLOSED'];
		const paymentsToJudge = items.map((p) => ({ paymentId: p.paymentId, answers: p.answers, expect: p.expect }));
		const ordersToJudge = orders.map((o) => ({ orderId: o.orderId, answers: o.answers, expect: ['accepted', 'accepted:NO_OUTCOME'] }));
		const downToJudge = downItems.map((p) => ({ paymentId: p.paymentId, answers: p.answers, expect: p.expect }));
		await waitSettled({
			paymentIds: [...items, ...downItems].map((p) => p.paymentId),
			orderIds: orders.map((o) => o.orderId),
			timeoutMs: Math.max(240_000, (giveUpSeconds + 120) * 1000 - (Date.now() - downStarted)),
		});
		const snap = await snapshot();
		const p = judgePayments(paymentsToJudge, snap);
		const o = judgeOrders(ordersToJudge, snap);
		const d = judgePayments(downToJudge, snap);
		const result = { counts: { ...p.counts, ...o.counts }, problems: [...p.problems, ...o.problems, ...d.problems], byId: p.byId, causes: p.causes };
		const tightCheck = snap.state.checks.find((c) => c.checkId === tight.checkId);
		const tightOutcomes = countBy([...tightIds].map((id) => result.byId[id].outcome));
		const stages = countBy(stream.map((s, i) => (answered(firstAnswers[i]) ? `answered ${firstAnswers[i].status}` : `no answer (${firstAnswers[i].status || firstAnswers[i].error || '?'})`.slice(0, 60))));
		record('crash: SIGKILL during 48 payments + 8 orders, restart, resend', result.counts, {
			causes: result.causes,
			orderCauses: countBy(Object.values(o.byId).map((x) => x.cause)),
			firstAnswers: stages,
			resent: noAnswer.length,
			restartMs: restarted.readyMs,
			tight: { ...tightOutcomes, paid: tightCheck.paidAmount },
			problems: result.problems.slice(0, 20),
		});
		record('crash: one check unreachable past the give-up time (through the crash)', d.counts, { causes: d.causes });
		const down = d.causes['failed:LIGHTSPEED_UNAVAILABLE'] || 0;

		expect(result.problems.slice(0, 20)).toEqual([]);
		expect(zeroes(result.counts)).toEqual(expectedZeroes(result.counts));
		expect(zeroes(d.counts)).toEqual(expectedZeroes(d.counts));
		expect(result.counts.wrongCause + d.counts.wrongCause).toBe(0);
		// the burst really was cut: some answers before the kill, some only after the restart
		expect(noAnswer.length).toBeGreaterThan(0);
		// exactly what fits on the tight check (3 × 5.00 on 15.00), the rest refused
		expect({ applied: tightOutcomes.applied || 0, refused: tightOutcomes.refused || 0, paid: tightCheck.paidAmount }).toEqual({ applied: 3, refused: 3, paid: '15.00' });
		expect(cents(tightCheck.paidAmount)).toBeLessThanOrEqual(cents(tightCheck.currentAmount));
		expect(down).toBe(downItems.length);
		expect((await httpJson('GET', `${stackInfo().n8n.url}/healthz`)).status).toBe(200);
	}, 900_000);
});

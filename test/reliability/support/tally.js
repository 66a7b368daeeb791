'use strict';
// Reliability bookkeeping. A test sends payments (and orders), waits until each one is settled
// by the product itself (real clock, the fleet sweeper's short waits), then judges every one
// from three independent sources — what the register holds (the sandbox's checks and the
// payments/orders it accepted), what the ledgers say (n8n Data tables) and what mail was caught:
//
// payments
//   applied            exactly one payment line on a check (any attempt), ledger `applied`
//   failed             no line, ledger `failed` with a cause, a failure email (more than one:
//                      duplicateMails)
//   refused            no line, ledger `refused`, Qodeup answered 404/409 with that cause
//   appliedTwice       more than one payment line for one payment id                  must be 0
//   lost               anything else: never settled, no row, applied without a line,
//                      failed and never emailed, Qodeup told "refused" but the ledger
//                      says otherwise…                                                must be 0
//   falselyRefused     the ledger (or an answer) says refused/failed although the reference
//                      is on a check, or a refusal the test knows to be untrue          must be 0
//   onCheckNotApplied  a line on a check while the ledger does not say `applied`        must be 0
//   wrongCause         settled, but not as the test designed it (other outcome or cause)
//   duplicateMails     more than one failure email about one payment or order             must be 0
//   untrueRemaining    (contention) a 409 whose `remaining` is not what is really left     must be 0
// orders
//   accepted           exactly one order the register accepted (any attempt), ledger accepted/closed
//   failed             none accepted, ledger `failed` with a cause, a failure email
//   noOutcome          accepted by the register, but its outcome never reached n8n: the ledger
//                      says failed NO_OUTCOME and the restaurant is emailed to look (by design:
//                      Lightspeed's checks do not name the order); counted apart
//   acceptedButEmailedFailed  accepted in the end, yet the restaurant got a "not taken" email and
//                      never the "taken after all" one
//   sentTwice          more than one order accepted by the register for one order id  must be 0
//   lost               anything else                                                   must be 0
//
// Each test appends its counts to .run/reliability/tally.jsonl; globalTeardown sums them.
const fs = require('node:fs');
const path = require('node:path');
const { stackInfo } = require('../../e2e/helpers/stack');
const n8n = require('../../e2e/helpers/n8n');
const mail = require('../../e2e/helpers/mail');
const { sandbox } = require('../../e2e/helpers/sandbox');
const { httpOk } = require('../../e2e/helpers/http');
const { waitFor, sleep } = require('../../e2e/helpers/wait');
const { TABLES, paymentReference, orderReference } = require('../../e2e/scenarios/support/flows');

const PAYMENT_DONE = new Set(['applied', 'failed', 'refused']);
const ORDER_DONE = new Set(['accepted', 'failed', 'closed']);
/** A failure's email is settled once it is sent (or there is nobody to send it to). */
const MAIL_DONE = new Set(['sent', 'noRecipients', 'resolvedSent']);

let seq = 0;
/** An id no earlier run used, plain ([A-Za-z0-9_], ≤ 36): its payment reference is Q<tag>-<id>-<attempt>. */
function pid(tag) {
	seq += 1;
	return `r${tag}_${Date.now().toString(36)}${seq}`;
}

const integrationId = () => stackInfo().qodeup.integrationId;
const ledgerRows = async (ledger) => (await n8n.dataTableRows(TABLES[ledger])).filter((r) => r.integrationId === integrationId());
/** Sandbox state without the request log: checks with their payment lines, accepted payments and orders. */
const liteState = () => httpOk('GET', `${stackInfo().sandbox.url}/_admin/state?lite=1`, undefined, { timeoutMs: 60_000 });

/** Opens a check with one open item of `amount` on `tableNumber` (several checks per table are fine). */
function fundCheck(tableNumber, amount) {
	return sandbox.openCheck({ tableNumber, lines: [{ name: 'Reliability item', unitAmount: amount, quantity: 1 }] });
}

/** Runs `fn` over `items` with at most `limit` in flight, optionally paced to `perSecond` starts. */
async function pool(items, limit, fn, { perSecond } = {}) {
	const results = new Array(items.length);
	let next = 0;
	const started = Date.now();
	async function worker() {
		while (next < items.length) {
			const i = next++;
			if (perSecond) {
				const due = started + (i * 1000) / perSecond;
				if (due > Date.now()) await sleep(due - Date.now());
			}
			try {
				results[i] = await fn(items[i], i);
			} catch (err) {
				results[i] = { status: 0, error: err.message };
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

/** A short, loggable form of an answer. */
const brief = (a) => (a ? { status: a.status, ...(a.json ? { body: a.json } : { error: a.error || String(a.text || '').slice(0, 120) }) } : undefined);

/**
 * Waits until the product has settled every payment and order of the lists (terminal ledger
 * status; a failure's email sent) — by itself: the tests never touch a ledger row.
 */
async function waitSettled({ paymentIds = [], orderIds = [], timeoutMs = 180_000 } = {}) {
	const pset = new Set(paymentIds);
	const oset = new Set(orderIds);
	let open = [];
	try {
		await waitFor(
			async () => {
				open = [];
				if (pset.size) {
					const rows = new Map((await ledgerRows('payments')).filter((r) => pset.has(r.paymentId)).map((r) => [r.paymentId, r]));
					for (const id of pset) {
						const r = rows.get(id);
						if (!r || !PAYMENT_DONE.has(r.status) || (r.status === 'failed' && !MAIL_DONE.has(r.emailStatus)) || r.emailStatus === 'resolved') open.push(`${id}:${r ? `${r.status}/${r.emailStatus}` : 'no row'}`);
					}
				}
				if (oset.size) {
					const rows = new Map((await ledgerRows('orders')).filter((r) => oset.has(r.orderId)).map((r) => [r.orderId, r]));
					for (const id of oset) {
						const r = rows.get(id);
						if (!r || !ORDER_DONE.has(r.status) || (r.status === 'failed' && !MAIL_DONE.has(r.emailStatus))) open.push(`${id}:${r ? `${r.status}/${r.emailStatus}` : 'no row'}`);
					}
				}
				return open.length === 0;
			},
			{ timeoutMs, intervalMs: 5000, what: "every payment and order to be settled" },
		);
	} catch {
		// classified anyway: what did not settle counts as lost
	}
	await sleep(3000); // a late duplicate (a second line, a second email) has a chance to show
	return open;
}

/** Everything the judgement needs, read once: ledgers, the register, the mailbox. */
async function snapshot() {
	const [payments, orders, state, mails] = await Promise.all([ledgerRows('payments'), ledgerRows('orders'), liteState(), mail.messages()]);
	return { payments, orders, state, mails };
}

function group(list, keyOf) {
	const map = new Map();
	for (const x of list) {
		const k = keyOf(x);
		if (k === undefined || k === null) continue;
		if (!map.has(k)) map.set(k, []);
		map.get(k).push(x);
	}
	return map;
}

/** Failure emails per id (`resolved`: the "… after all" emails that take one back, instead). */
function mailCounts(mails, label, { resolved = false } = {}) {
	const re = new RegExp(`Qodeup ${label} ID: ([A-Za-z0-9_.:-]+)`, 'g');
	const counts = new Map();
	for (const m of mails) {
		if (/after all/i.test(m.subject || '') !== resolved) continue;
		const ids = new Set([...(m.text || '').matchAll(re)].map((x) => x[1]));
		for (const id of ids) counts.set(id, (counts.get(id) || 0) + 1);
	}
	return counts;
}

const EMPTY_PAYMENT_COUNTS = () => ({
	payments: 0, submissions: 0, applied: 0, failed: 0, refused: 0,
	appliedTwice: 0, lost: 0, falselyRefused: 0, onCheckNotApplied: 0, wrongCause: 0, duplicateMails: 0,
});

/**
 * Judges payments. `items`: [{paymentId, answers: [answer…] (every answer Qodeup got for it),
 * expect?: 'applied' | 'failed:<CODE>' | 'refused:<CODE>' | [one of those…] | (row, lines) => bool}].
 * → {counts, problems, byId, causes}
 */
function judgePayments(items, snap) {
	const rowsById = group(snap.payments, (r) => r.paymentId);
	// every reference a judged payment may have been sent under (attempts 1-8) → its id
	const idOfReference = new Map();
	for (const item of items) for (let attempt = 1; attempt <= 8; attempt++) idOfReference.set(paymentReference(item.paymentId, attempt), item.paymentId);
	const lines = new Map();
	for (const c of snap.state.checks) {
		for (const p of c.payments || []) {
			const id = idOfReference.get(p.reference);
			if (!id) continue;
			if (!lines.has(id)) lines.set(id, []);
			lines.get(id).push({ reference: p.reference, amount: p.amount, checkId: c.checkId });
		}
	}
	const mails = mailCounts(snap.mails, 'payment');
	const counts = EMPTY_PAYMENT_COUNTS();
	const causes = {};
	const problems = [];
	const byId = {};
	for (const item of items) {
		counts.payments += 1;
		const answers = item.answers || [];
		counts.submissions += answers.length;
		const ls = lines.get(item.paymentId) || [];
		const rs = rowsById.get(item.paymentId) || [];
		const row = rs[0];
		const nMail = mails.get(item.paymentId) || 0;
		const said = answers.filter((a) => a && a.json && a.json.status);
		const answeredRefused = said.filter((a) => a.json.status === 'refused' || a.json.status === 'failed');
		const flag = (kind, why) => {
			counts[kind] += 1;
			problems.push({ paymentId: item.paymentId, kind, why });
		};
		let outcome;
		let why = '';
		if (rs.length > 1) why = `${rs.length} ledger rows`;
		if (ls.length > 1) {
			outcome = 'appliedTwice';
			why = `${ls.length} payment lines: ${ls.map((l) => `${l.reference}@${l.checkId}`).join(', ')}`;
		} else if (ls.length === 1) {
			if (row && row.status === 'applied' && rs.length === 1) outcome = 'applied';
			else {
				outcome = 'lost';
				why = `on check ${ls[0].checkId} but the ledger says ${row ? row.status : 'nothing'}${why ? `; ${why}` : ''}`;
				flag('onCheckNotApplied', why);
			}
			if ((row && (row.status === 'refused' || row.status === 'failed')) || answeredRefused.length) {
				flag('falselyRefused', `reference ${ls[0].reference} is on check ${ls[0].checkId}; ledger ${row && row.status} ${row && row.errorCode}; answers ${answeredRefused.map((a) => `${a.status} ${a.json.status} ${a.json.error}`).join(', ')}`);
			}
		} else if (!row || rs.length > 1) {
			outcome = 'lost';
			why = why || `no ledger row; answers ${JSON.stringify(answers.map(brief)).slice(0, 200)}`;
		} else if (row.status === 'applied') {
			outcome = 'lost';
			why = 'ledger applied, no payment line on any check';
		} else if (row.status === 'failed') {
			if (!row.errorCode) {
				outcome = 'lost';
				why = 'failed without a cause';
			} else if (nMail >= 1) outcome = 'failed'; // more than one: counted as duplicateMails
			else {
				outcome = 'lost';
				why = `failed ${row.errorCode} and the restaurant was never emailed (emailStatus ${row.emailStatus})`;
			}
		} else if (row.status === 'refused') {
			const last = said[said.length - 1];
			if (!row.errorCode) {
				outcome = 'lost';
				why = 'refused without a cause';
			} else if (last && last.json.status !== 'pending' && !(last.json.status === 'refused' && last.json.error === row.errorCode)) {
				// (answered "pending" and refused later, e.g. by recovery: Qodeup learns it from the
				// status call and the callback)
				outcome = 'lost';
				why = `refused ${row.errorCode} but Qodeup was last told ${last.status} ${last.json.status} ${last.json.error || ''}`;
			} else outcome = 'refused';
		} else {
			outcome = 'lost';
			why = `never settled: ledger ${row.status}/${row.errorCode}/email ${row.emailStatus}; answers ${JSON.stringify(answers.map(brief)).slice(0, 200)}`;
		}
		if (nMail > 1) flag('duplicateMails', `${nMail} failure emails for one ${row && row.status} payment (${row && row.errorCode})`);
		counts[outcome] += 1;
		if (outcome === 'lost' || outcome === 'appliedTwice') problems.push({ paymentId: item.paymentId, kind: outcome, why });
		const cause = outcome === 'applied' ? 'applied' : `${outcome}:${(row && row.errorCode) || '?'}`;
		causes[cause] = (causes[cause] || 0) + 1;
		if (item.expect !== undefined && outcome !== 'lost' && outcome !== 'appliedTwice') {
			const ok = typeof item.expect === 'function' ? item.expect(row, ls) : [].concat(item.expect).includes(cause);
			if (!ok) {
				counts.wrongCause += 1;
				problems.push({ paymentId: item.paymentId, kind: 'wrongCause', why: `expected ${[].concat(item.expect).join(' | ')}, got ${cause}: ${row && row.errorText}` });
				// a refusal (or a failure) the test knows to be untrue is a false refusal
				if ((outcome === 'refused' || outcome === 'failed') && [].concat(item.expect).includes('applied')) {
					flag('falselyRefused', `expected applied, got ${cause}: ${row && row.errorText}`);
				}
			}
		}
		byId[item.paymentId] = { outcome, cause, lines: ls.length, ledger: row && row.status, mails: nMail };
	}
	return { counts, problems, byId, causes };
}

/** Judges orders: `items` [{orderId, answers, expect?: 'accepted' | 'failed:<CODE>' | […]}]. */
function judgeOrders(items, snap) {
	const rowsById = group(snap.orders, (r) => r.orderId);
	const mails = mailCounts(snap.mails, 'order');
	const takenBack = mailCounts(snap.mails, 'order', { resolved: true });
	const counts = { orders: 0, orderSubmissions: 0, ordersAccepted: 0, ordersFailed: 0, ordersNoOutcome: 0, ordersSentTwice: 0, ordersLost: 0, ordersWrongCause: 0, ordersAcceptedButEmailedFailed: 0, ordersDuplicateMails: 0 };
	const problems = [];
	const byId = {};
	for (const item of items) {
		counts.orders += 1;
		counts.orderSubmissions += (item.answers || []).length;
		const refs = new Set(Array.from({ length: 9 }, (_, i) => orderReference(item.orderId, i + 1)));
		const sent = snap.state.orders.filter((o) => refs.has(o.reference));
		const accepted = sent.filter((o) => o.status === 'accepted');
		const rs = rowsById.get(item.orderId) || [];
		const row = rs[0];
		const nMail = mails.get(item.orderId) || 0;
		let outcome;
		let why = '';
		if (accepted.length > 1) {
			outcome = 'ordersSentTwice';
			why = `${accepted.length} orders accepted by the register: ${accepted.map((o) => o.reference).join(', ')}`;
		} else if (!row || rs.length > 1) {
			outcome = 'ordersLost';
			why = `${rs.length} ledger rows`;
		} else if (accepted.length === 1) {
			if (row.status === 'accepted' || row.status === 'closed') outcome = 'ordersAccepted';
			else if (row.status === 'failed' && row.errorCode === 'NO_OUTCOME' && nMail >= 1) {
				// the register took it but its outcome never reached n8n (notification lost, n8n down)
				// and Lightspeed's checks do not name orders: failed NO_OUTCOME, the restaurant is told
				// to look on the register, no resend link (docs/templates.md) — by design, counted apart
				outcome = 'ordersNoOutcome';
			} else {
				outcome = 'ordersLost';
				why = `accepted by the register (${accepted[0].reference}) but the ledger says ${row.status}/${row.errorCode}`;
			}
		} else if (row.status === 'failed' && row.errorCode && nMail >= 1) outcome = 'ordersFailed';
		else {
			outcome = 'ordersLost';
			why = `ledger ${row.status}/${row.errorCode}/email ${row.emailStatus}; register ${sent.map((o) => `${o.reference}:${o.status}`).join(', ') || 'nothing'}; mails ${nMail}`;
		}
		counts[outcome] += 1;
		if (outcome === 'ordersLost' || outcome === 'ordersSentTwice') problems.push({ orderId: item.orderId, kind: outcome, why });
		if (nMail > 1) {
			counts.ordersDuplicateMails += 1;
			problems.push({ orderId: item.orderId, kind: 'ordersDuplicateMails', why: `${nMail} failure emails for one ${row && row.status} order (${row && row.errorCode})` });
		}
		// accepted in the end, but the restaurant was emailed that it was not taken (the outcome came
		// after the settle time) and never told otherwise
		if (outcome === 'ordersAccepted' && nMail > 0 && !takenBack.get(item.orderId)) counts.ordersAcceptedButEmailedFailed += 1;
		const cause = outcome === 'ordersAccepted' ? 'accepted' : outcome === 'ordersNoOutcome' ? 'accepted:NO_OUTCOME' : `failed:${(row && row.errorCode) || '?'}`;
		if (item.expect !== undefined && (outcome === 'ordersAccepted' || outcome === 'ordersFailed' || outcome === 'ordersNoOutcome') && ![].concat(item.expect).includes(cause)) {
			counts.ordersWrongCause += 1;
			problems.push({ orderId: item.orderId, kind: 'ordersWrongCause', why: `expected ${[].concat(item.expect).join(' | ')}, got ${cause}` });
		}
		byId[item.orderId] = { outcome, cause, sent: sent.length, ledger: row && row.status };
	}
	return { counts, problems, byId };
}

/** Settles, snapshots and judges in one go. */
async function settleAndJudge({ payments = [], orders = [], timeoutMs } = {}) {
	const open = await waitSettled({ paymentIds: payments.map((p) => p.paymentId), orderIds: orders.map((o) => o.orderId), timeoutMs });
	const snap = await snapshot();
	const p = judgePayments(payments, snap);
	const o = judgeOrders(orders, snap);
	return { counts: { ...p.counts, ...(orders.length ? o.counts : {}) }, problems: [...p.problems, ...o.problems], byId: p.byId, orderById: o.byId, causes: p.causes, open, snap };
}

/** Appends a test's counts to the suite tally (.run/reliability/tally.jsonl). */
function record(test, counts, extra = {}) {
	const file = path.join(path.dirname(process.env.QODEUP_E2E_STACK_FILE || path.join(stackInfo().runDir, 'stack.json')), 'tally.jsonl');
	fs.appendFileSync(file, `${JSON.stringify({ test, at: new Date().toISOString(), ...counts, ...extra })}\n`);
}

/** The counts that must be 0 in every test. */
const MUST_BE_ZERO = ['appliedTwice', 'lost', 'falselyRefused', 'onCheckNotApplied', 'untrueRemaining', 'duplicateMails', 'ordersSentTwice', 'ordersLost', 'ordersDuplicateMails'];
function zeroes(counts) {
	return Object.fromEntries(MUST_BE_ZERO.filter((k) => k in counts).map((k) => [k, counts[k]]));
}
const expectedZeroes = (counts) => Object.fromEntries(Object.keys(zeroes(counts)).map((k) => [k, 0]));

function countBy(list) {
	const out = {};
	for (const x of list) out[x] = (out[x] || 0) + 1;
	return out;
}

module.exports = { pid, ledgerRows, liteState, fundCheck, pool, brief, waitSettled, snapshot, judgePayments, judgeOrders, settleAndJudge, record, zeroes, expectedZeroes, countBy, MUST_BE_ZERO };

'use strict';
// Reliability bookkeeping: send payments, wait until each one is settled, and classify every
// payment from what the sandbox (the POS) holds, what the ledger says and what mail was caught:
//   applied        — exactly one payment line on a check, ledger `applied`
//   failedEmailed  — no payment line, ledger `failed`, exactly one failure mail about it
//   refused        — answered 404/409 with a reason, no line, ledger `refused` (or no row)
//   appliedTwice   — more than one payment line for one payment id (any attempt)
//   lost           — anything else (never settled, ledger and POS disagree, failed without mail…)
// Each test appends its counts to .run/reliability/tally.jsonl; globalTeardown sums them.
const fs = require('node:fs');
const path = require('node:path');
const { stackInfo } = require('../../e2e/helpers/stack');
const n8n = require('../../e2e/helpers/n8n');
const mail = require('../../e2e/helpers/mail');
const { sandbox } = require('../../e2e/helpers/sandbox');
const { httpOk } = require('../../e2e/helpers/http');
const { waitFor, sleep } = require('../../e2e/helpers/wait');

const LEDGER = 'qodeupLskPaymentLedger';
const TERMINAL = new Set(['applied', 'failed', 'refused']);

let seq = 0;
/** A payment id no earlier test used: [A-Za-z0-9_], ≤ 40 chars, so the reference is QD-<id>-<n>. */
function pid(tag) {
	seq += 1;
	return `r${tag}_${Date.now().toString(36)}_${seq}`;
}

/** Every ledger row (paged: n8n answers at most 250 per page). */
const allLedgerRows = () => n8n.dataTableRows(LEDGER);

/** Sandbox state without the request log (checks with their payment lines). */
const liteState = () => httpOk('GET', `${stackInfo().sandbox.url}/_admin/state?lite=1`);

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

/**
 * Waits until every payment is settled in the ledger (terminal status; failed ones with an
 * emailStatus other than pending/''), then classifies each (see top). `payments`:
 * [{paymentId, answer: {status, json}}]. → {counts, problems, byId}
 */
async function settle(payments, { timeoutMs = 120_000, requireEmailSent = true } = {}) {
	const ids = new Set(payments.map((p) => p.paymentId));
	const needsRow = payments.filter((p) => p.answer && p.answer.status === 202);
	let rows = [];
	try {
		await waitFor(
			async () => {
				rows = await allLedgerRows();
				const byId = new Map(rows.filter((r) => ids.has(r.paymentId)).map((r) => [r.paymentId, r]));
				const open = needsRow.filter((p) => {
					const r = byId.get(p.paymentId);
					if (!r || !TERMINAL.has(r.status)) return true;
					return r.status === 'failed' && requireEmailSent && r.emailStatus !== 'sent' && r.emailStatus !== 'noRecipients';
				});
				return open.length === 0;
			},
			{ timeoutMs, intervalMs: 1000, what: `${needsRow.length} payments to settle` },
		);
	} catch (err) {
		// classify anyway: what did not settle is counted as lost
	}
	await sleep(1500); // late duplicates (a second line, a second mail) have a chance to show
	rows = await allLedgerRows();
	const state = await liteState();
	const mails = await mail.messages();
	return classify(payments, rows, state, mails);
}

function classify(payments, rows, state, mails) {
	const rowsById = new Map();
	for (const r of rows) {
		if (!rowsById.has(r.paymentId)) rowsById.set(r.paymentId, []);
		rowsById.get(r.paymentId).push(r);
	}
	const lines = new Map();
	for (const c of state.checks) {
		for (const p of c.payments || []) {
			const m = /^QD-(.+)-(\d+)$/.exec(p.reference || '');
			if (!m) continue;
			if (!lines.has(m[1])) lines.set(m[1], []);
			lines.get(m[1]).push({ ...p, checkId: c.checkId });
		}
	}
	const mailCount = new Map();
	for (const m of mails) {
		const id = (/Qodeup payment ID: ([A-Za-z0-9_]+)/.exec(m.text || '') || [])[1];
		if (id) mailCount.set(id, (mailCount.get(id) || 0) + 1);
	}
	const counts = { payments: 0, submissions: 0, applied: 0, failedEmailed: 0, refused: 0, appliedTwice: 0, lost: 0, duplicateMails: 0 };
	const problems = [];
	const byId = {};
	const seen = new Set();
	for (const p of payments) {
		counts.submissions += 1;
		if (seen.has(p.paymentId)) continue;
		seen.add(p.paymentId);
		counts.payments += 1;
		const ls = lines.get(p.paymentId) || [];
		const rs = rowsById.get(p.paymentId) || [];
		const row = rs[0];
		const nMail = mailCount.get(p.paymentId) || 0;
		const a = p.answer || {};
		let outcome;
		let why = '';
		if (ls.length > 1) {
			outcome = 'appliedTwice';
			why = `${ls.length} payment lines: ${ls.map((l) => `${l.reference}@${l.checkId}`).join(', ')}`;
		} else if ((a.status === 404 || a.status === 409) && a.json && a.json.status === 'refused' && a.json.error) {
			if (ls.length === 0 && (!row || row.status === 'refused')) outcome = 'refused';
			else {
				outcome = 'lost';
				why = `answered ${a.status} ${a.json.error} but lines=${ls.length}, ledger ${row && row.status}`;
			}
		} else if (row && row.status === 'applied' && ls.length === 1) {
			outcome = 'applied';
		} else if (row && row.status === 'failed' && ls.length === 0 && nMail >= 1) {
			outcome = 'failedEmailed';
		} else {
			outcome = 'lost';
			why = `answer ${a.status} ${a.json ? JSON.stringify(a.json).slice(0, 160) : (a.error || a.text || '').slice(0, 160)}; ledger ${row ? `${row.status}/${row.errorCode}/email ${row.emailStatus}` : 'no row'}; lines ${ls.length}; mails ${nMail}`;
		}
		if (nMail > 1) {
			counts.duplicateMails += 1;
			problems.push({ paymentId: p.paymentId, outcome: 'duplicateMail', why: `${nMail} failure mails` });
		}
		if (outcome === 'failedEmailed' || outcome === 'applied') {
			if (rs.length > 1 && rs.some((r) => r.status !== row.status)) {
				problems.push({ paymentId: p.paymentId, outcome: 'ledgerRowsDisagree', why: rs.map((r) => r.status).join('/') });
			}
		}
		counts[outcome] += 1;
		byId[p.paymentId] = { outcome, lines: ls.length, ledger: row && row.status, mails: nMail, answer: a.status };
		if (outcome === 'lost' || outcome === 'appliedTwice') problems.push({ paymentId: p.paymentId, outcome, why });
	}
	return { counts, problems, byId };
}

/** Appends this test's counts to the suite tally. */
function record(testName, counts, extra = {}) {
	const file = path.join(path.dirname(process.env.QODEUP_E2E_STACK_FILE || path.join(stackInfo().runDir, 'stack.json')), 'tally.jsonl');
	fs.appendFileSync(file, `${JSON.stringify({ test: testName, ...counts, ...extra })}\n`);
}

module.exports = { pid, allLedgerRows, liteState, fundCheck, pool, settle, classify, record, LEDGER };

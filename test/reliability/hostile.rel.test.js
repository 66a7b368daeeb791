'use strict';
// Hostile input. A generated corpus (malformed JSON, wrong types, huge bodies, deep nesting,
// HTML/script in every string field, unicode edge cases, path tricks in ids) against every
// Qodeup endpoint — correctly signed, so it reaches validation, and unsigned; bad signatures
// (another secret, a stale or future timestamp, a body swapped after signing, a signature for
// another path); hostile bodies to both Lightspeed triggers (Order & Pay, Real-Time
// Notifications) with and without their credentials, and a forged FAILURE for a payment that is
// on the check; tampered, forged and replayed retry links, and "Retry now" pressed ten times at
// once. Every answer < 500 with nothing leaked, nothing reaches the register that should not,
// n8n keeps serving, and the real payments of this file land exactly once.
const fs = require('node:fs');
const path = require('node:path');
const { qodeup, qodeupPath, pay, getTable, signQodeup } = require('../e2e/helpers/qodeup');
const { sandbox } = require('../e2e/helpers/sandbox');
const mail = require('../e2e/helpers/mail');
const { stackInfo } = require('../e2e/helpers/stack');
const { httpJson } = require('../e2e/helpers/http');
const { waitFor, sleep } = require('../e2e/helpers/wait');
const { retryLinkOf, openLink, pressRetry, paymentReference } = require('../e2e/scenarios/support/flows');
const { pid, fundCheck, pool, liteState, ledgerRows, settleAndJudge, record, zeroes, expectedZeroes, countBy } = require('./support/tally');

// ---------- the corpus ----------
const HTML = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
const UNICODE = {
	loneSurrogateRaw: '"\\ud800"', // JSON escape of a lone high surrogate
	rtl: '\u202eevil\u202c',
	zeroWidth: 'p\u200b1\u200d\ufeff',
	nul: 'a\u0000b',
	emoji: '💳🍔',
	combining: 'e\u0301\u0301\u0301',
};
const PATH_TRICKS = ['../', '..%2f..%2fetc%2fpasswd', '%2e%2e', '%2e%2e%2f', '..\\..\\', '%00', '%c0%ae%c0%ae', 'x'.repeat(3000), '1;DROP TABLE', '%3Cscript%3E', '1%20OR%201=1', '-1', '1e3', '3.5', '0x10', '９'];

function paymentVariants() {
	const base = { paymentId: 'hostile_base', tableNumber: 14, amount: '1.00', tipAmount: '0.00', method: 'card' };
	const v = [];
	for (const raw of ['{', '{"paymentId":', '{"a":1}}', 'null', '[]', '"str"', '123', 'true', '\ufeff{"paymentId":"x"}', '{"paymentId":"x",}', "{'paymentId':'x'}", '', ' ', 'NaN']) v.push({ raw });
	const wrong = [null, 12, -1, 1.5, true, [], {}, ['1.00'], { $gt: '' }, '', ' ', '1e2', 'NaN', 'Infinity', '0.001', '-5.00', '1,00', '99999999999999999999.00'];
	for (const field of Object.keys(base)) for (const w of wrong) v.push({ body: { ...base, paymentId: pid('hx'), [field]: w } });
	for (const field of Object.keys(base)) {
		const b = { ...base, paymentId: pid('hm') };
		delete b[field];
		v.push({ body: b });
	}
	for (const field of ['paymentId', 'amount', 'tipAmount', 'method', 'checkId']) v.push({ body: { ...base, paymentId: field === 'paymentId' ? HTML : pid('hh'), [field]: HTML } });
	for (const [name, s] of Object.entries(UNICODE)) {
		for (const field of ['paymentId', 'method', 'checkId', 'amount']) {
			if (name === 'loneSurrogateRaw') v.push({ raw: JSON.stringify({ ...base, paymentId: pid('hu') }).replace(/"card"/, field === 'method' ? s : '"card"').replace(/"1\.00"/, field === 'amount' ? s : '"1.00"') });
			else v.push({ body: { ...base, paymentId: field === 'paymentId' ? s : pid('hu'), [field]: s } });
		}
	}
	for (const t of PATH_TRICKS) v.push({ body: { ...base, paymentId: t, checkId: t } });
	v.push({ body: { ...base, paymentId: pid('hb'), pad: 'x'.repeat(70_000) } }); // over the 64 KiB limit
	v.push({ raw: JSON.stringify({ ...base, paymentId: pid('hb'), pad: 'y'.repeat(1_000_000) }) }); // 1 MB
	v.push({ body: { ...base, paymentId: pid('hb'), method: 'z'.repeat(60_000) } });
	v.push({ raw: `${'['.repeat(5000)}${']'.repeat(5000)}` });
	v.push({ raw: `{"paymentId":"deep","x":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}` });
	v.push({ raw: `${'['.repeat(200_000)}` }); // unterminated, 200 kB
	v.push({ raw: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"paymentId":"${pid('hp')}","tableNumber":14,"amount":"1.00","method":"card"}` });
	return v;
}

function orderVariants() {
	const base = { orderId: 'o', mode: 'eat-in', tableNumber: 14, items: [{ sku: 'COLA', quantity: 1 }], customer: { firstName: 'Ana' }, note: '' };
	const v = [{ raw: '{' }, { raw: '[]' }, { body: { ...base, items: 'x' } }, { body: { ...base, items: [{ sku: HTML, quantity: -1 }] } }];
	v.push({ body: { ...base, orderId: HTML, note: HTML, customer: { firstName: HTML, lastName: UNICODE.rtl, email: HTML, phone: UNICODE.nul }, tableNumber: 99 } });
	v.push({ body: { ...base, orderId: '../'.repeat(30), items: Array.from({ length: 2000 }, () => ({ sku: 'COLA', quantity: 1e9 })) } });
	v.push({ body: { ...base, mode: 'to-go', items: [{ sku: 'COLA', quantity: 1, modifiers: [{ modifierId: HTML }] }], payment: { amount: 'abc', method: HTML } } });
	v.push({ body: { ...base, mode: 'teleport' } }, { body: { ...base, customer: { firstName: 'x'.repeat(5000) } } }, { body: { ...base, customer: { firstName: 'Ed', phone: '333 1234567' } } });
	v.push({ raw: `{"orderId":"x","items":${'['.repeat(4000)}${']'.repeat(4000)}}` });
	return v;
}

// ---------- checks on each answer ----------
const LEAKS = [/\bstack\b/i, /at \//, /\/node_modules\//, /sbx-(at|rt)\./, /Error: .*\n\s+at /];
function leaksIn(text, secrets) {
	const found = [];
	for (const s of secrets) if (s && text.includes(s)) found.push(`secret ${s.slice(0, 6)}…`);
	for (const re of LEAKS) if (re.test(text)) found.push(String(re));
	return found;
}

/** A request whose signature is wrong in one way; `rel` below qodeup/<id>/. → answer */
async function badlySigned(kind, body) {
	const info = stackInfo();
	const raw = JSON.stringify(body);
	const now = Math.floor(Date.now() / 1000);
	const sig = (secret, ts, method, p, b) => signQodeup(secret, String(ts), method, p, b);
	const target = qodeupPath('payments');
	const variants = {
		'another secret': { ts: now, signature: sig('not-the-secret', now, 'POST', target, raw) },
		'timestamp 301 s old': { ts: now - 301, signature: sig(info.qodeup.signingSecret, now - 301, 'POST', target, raw) },
		'timestamp 301 s ahead': { ts: now + 301, signature: sig(info.qodeup.signingSecret, now + 301, 'POST', target, raw) },
		'body changed after signing': { ts: now, signature: sig(info.qodeup.signingSecret, now, 'POST', target, raw.replace(/"amount":"[^"]+"/, '"amount":"0.01"')) },
		'signed for another path': { ts: now, signature: sig(info.qodeup.signingSecret, now, 'POST', qodeupPath('orders'), raw) },
		'signed as GET': { ts: now, signature: sig(info.qodeup.signingSecret, now, 'GET', target, raw) },
		'uppercase hex': { ts: now, signature: sig(info.qodeup.signingSecret, now, 'POST', target, raw).toUpperCase() },
		'no timestamp': { ts: undefined, signature: sig(info.qodeup.signingSecret, now, 'POST', target, raw) },
		'two signatures': { ts: now, signature: `v1=${'0'.repeat(64)}, ${sig(info.qodeup.signingSecret, now, 'POST', target, raw)}` },
	};
	const v = variants[kind];
	const headers = { 'content-type': 'application/json', 'x-qodeup-signature': v.signature };
	if (v.ts !== undefined) headers['x-qodeup-timestamp'] = String(v.ts);
	return httpJson('POST', `${info.n8n.webhookBase}/${target}`, raw, { headers, timeoutMs: 60_000 });
}
const BAD_SIGNATURES = ['another secret', 'timestamp 301 s old', 'timestamp 301 s ahead', 'body changed after signing', 'signed for another path', 'signed as GET', 'uppercase hex', 'no timestamp', 'two signatures'];

describe('hostile input', () => {
	let secrets;
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
		const info = stackInfo();
		const state = await sandbox.state();
		const endpointPasswords = (state.webhookEndpoints || []).map((e) => e.password).filter(Boolean);
		secrets = [info.qodeup.signingSecret, info.lightspeed.rtnPassword, ...endpointPasswords];
	});
	afterEach(() => sandbox.clearFaults());

	test('a generated corpus against every Qodeup endpoint, signed and unsigned, and bad signatures: 4xx or handled, nothing leaks, nothing recorded or sent that should not be', async () => {
		const check = await fundCheck(2, '200.00');
		const before = (await liteState()).payments.length;
		const requests = [];
		for (const v of paymentVariants()) requests.push({ method: 'POST', rel: 'payments', ...v });
		for (const v of orderVariants()) requests.push({ method: 'POST', rel: 'orders', ...v });
		for (const t of PATH_TRICKS.concat(['abc', '0', '99', HTML, UNICODE.rtl, UNICODE.zeroWidth, UNICODE.nul, '%ud800'])) {
			const enc = /%/.test(t) ? t : encodeURIComponent(t);
			requests.push({ method: 'GET', rel: `tables/${enc}` }, { method: 'GET', rel: `payments/${enc}` }, { method: 'GET', rel: `orders/${enc}` });
		}
		requests.push({ method: 'DELETE', rel: 'payments' }, { method: 'PUT', rel: 'tables' }, { method: 'PATCH', rel: 'payments/x' }, { method: 'DELETE', rel: 'orders/x' });
		const odd = [
			{ 'Content-Type': 'text/plain' },
			{ 'Content-Type': 'application/x-www-form-urlencoded' },
			{ 'Content-Type': 'application/json; charset=utf-16' },
			{ 'X-Qodeup-Signature': `v1=${'0'.repeat(64)}` },
			{ 'X-Qodeup-Signature': 'v2=abc' },
			{ 'X-Qodeup-Timestamp': '99999999999' },
			{ 'X-Qodeup-Timestamp': '-1' },
			{ 'X-Qodeup-Timestamp': HTML },
			{ 'X-Qodeup-Big': 'b'.repeat(6000) },
		];
		for (const h of odd) requests.push({ method: 'POST', rel: 'payments', body: { paymentId: pid('hd'), tableNumber: 14, amount: '1.00', method: 'card' }, headers: h });
		const all = [];
		for (const r of requests) for (const sign of [true, false]) all.push({ ...r, sign });
		const answers = await pool(all, 8, async (r) => {
			const body = r.raw !== undefined ? r.raw : r.body;
			const a = await qodeup(r.method, r.rel, body, { sign: r.sign, headers: r.headers, timeoutMs: 60_000, contract: false });
			return { status: a.status, text: a.text, type: a.headers.get('content-type') };
		});
		const bad = [];
		all.forEach((r, i) => {
			const a = answers[i];
			const label = `${r.sign ? 'signed' : 'unsigned'} ${r.method} ${r.rel.slice(0, 60)} ${JSON.stringify(r.raw !== undefined ? r.raw : r.body || '').slice(0, 80)} ${JSON.stringify(r.headers || {}).slice(0, 60)}`;
			if (!a || !a.status) bad.push(`${label} → no answer (${a && a.error})`);
			else if (a.status >= 500) bad.push(`${label} → ${a.status} ${String(a.text).slice(0, 200)}`);
			else if (!r.sign && a.status < 400) bad.push(`${label} → unsigned but ${a.status}`);
			else if (r.sign && a.status < 300 && r.method === 'POST') bad.push(`${label} → a hostile body accepted: ${a.status} ${String(a.text).slice(0, 200)}`);
			else {
				const leaks = leaksIn(a.text || '', secrets);
				if (leaks.length) bad.push(`${label} → leaks ${leaks.join(', ')}: ${String(a.text).slice(0, 200)}`);
				if (/<script>/i.test(a.text || '') && !/json/.test(a.type || '')) bad.push(`${label} → reflects markup as ${a.type}`);
			}
		});
		// bad signatures on a payment that would land (a funded check): 401, no row, nothing sent
		const badSig = [];
		for (const kind of BAD_SIGNATURES) {
			const paymentId = pid('bs');
			const a = await badlySigned(kind, { paymentId, checkId: check.checkId, amount: '5.00', method: 'card' });
			badSig.push({ kind, paymentId, status: a.status, text: a.text });
			if (a.status !== 401) bad.push(`bad signature (${kind}) → ${a.status} ${String(a.text).slice(0, 160)}`);
			if (leaksIn(a.text || '', secrets).length) bad.push(`bad signature (${kind}) → leaks`);
		}
		fs.writeFileSync(
			path.join(stackInfo().runDir, 'hostile-answers.json'),
			JSON.stringify(all.map((r, i) => ({ sign: r.sign, method: r.method, rel: r.rel.slice(0, 120), body: String(r.raw !== undefined ? r.raw : JSON.stringify(r.body || '')).slice(0, 200), headers: r.headers, status: answers[i] && answers[i].status, answer: String((answers[i] && answers[i].text) || '').slice(0, 300) })), null, 1),
		);
		await sleep(2000);
		const ids = new Set(badSig.map((b) => b.paymentId));
		const recorded = (await ledgerRows('payments')).filter((r) => ids.has(r.paymentId));
		const state = await liteState();
		record('hostile: Qodeup corpus and bad signatures', {}, { requests: all.length + badSig.length, statuses: countBy(answers.map((a) => a && a.status)), badSignatures: countBy(badSig.map((b) => b.status)) });
		expect(bad).toEqual([]);
		expect(recorded).toEqual([]);
		// nothing of it reached the register: the corpus pays table 14 (no check) or nothing valid,
		// the badly signed payments were refused before the ledger
		expect(state.payments.length).toBe(before);
		expect(state.checks.find((c) => c.checkId === check.checkId).payments).toEqual([]);

		// n8n keeps serving: health, a table lookup, a real payment that lands once
		expect((await httpJson('GET', `${stackInfo().n8n.url}/healthz`)).status).toBe(200);
		expect((await getTable(3)).status).toBe(200);
		const id = pid('hok');
		const ok = await pay({ paymentId: id, checkId: check.checkId, amount: '9.00', method: 'card' });
		expect(ok.status).toBe(202);
		const result = await settleAndJudge({ payments: [{ paymentId: id, answers: [ok], expect: 'applied' }] });
		record('hostile: a valid payment after the corpus', result.counts, { causes: result.causes });
		expect(result.problems).toEqual([]);
		expect(result.counts).toMatchObject({ applied: 1, ...expectedZeroes(result.counts) });
	});

	test('the Lightspeed triggers: hostile bodies with and without their credentials are answered (< 500) and change nothing; a forged FAILURE for a payment on the check changes nothing', async () => {
		const check = await fundCheck(4, '50.00');
		const id = pid('hf');
		const ok = await pay({ paymentId: id, checkId: check.checkId, amount: '7.00', method: 'card' });
		expect(ok.status).toBe(202);
		await settleAndJudge({ payments: [{ paymentId: id, answers: [ok] }] });
		const state = await sandbox.state();
		const ep = (state.webhookEndpoints || []).find((e) => e.endpointId === 'qodeup-demo-bistro') || (state.webhookEndpoints || [])[0];
		expect(ep).toBeDefined();
		const opAuth = `Basic ${Buffer.from(`${ep.username}:${ep.password}`).toString('base64')}`;
		const rtn = state.config;
		const rtnAuth = `Basic ${Buffer.from(`${rtn.rtnUsername}:${stackInfo().lightspeed.rtnPassword}`).toString('base64')}`;
		const LOCATION = 45454565682155;
		const bodies = [
			'{', '[]', 'null', '"x"', `${'['.repeat(5000)}${']'.repeat(5000)}`,
			JSON.stringify({ type: 'PAYMENT', status: 'SUCCESS', thirdPartyReference: HTML, businessLocationId: LOCATION, ikentooAccountIdentifier: '../../x' }),
			JSON.stringify({ type: 'PAYMENT', status: 'FAILURE', thirdPartyReference: 'QD-nonexistent_id-1', businessLocationId: LOCATION, errors: { account: { type: HTML } }, reason: HTML }),
			JSON.stringify({ type: 'PAYMENT', status: 'SUCCESS', thirdPartyReference: 'x'.repeat(70_000) }),
			JSON.stringify({ type: 'ORDER', status: UNICODE.nul, thirdPartyReference: UNICODE.rtl, businessLocationId: 'abc' }),
			JSON.stringify({ __proto__: { admin: true }, type: 'PAYMENT' }),
			JSON.stringify({ notificationType: 'UPDATE', account: { id: HTML, paymentLines: 'x', businessLocationId: LOCATION }, businessLocationId: LOCATION }),
			// a FAILURE for the payment that is on the check: the register is the truth, it stays applied
			JSON.stringify({ type: 'PAYMENT', status: 'FAILURE', reason: 'forged', thirdPartyReference: paymentReference(id, 1), businessLocationId: LOCATION, ikentooAccountIdentifier: check.checkId, errors: { account: { type: 'STAFF_NOT_FOUND' } } }),
		];
		const bad = [];
		const statuses = [];
		for (const [url, auth] of [[ep.url, opAuth], [rtn.rtnUrl, rtnAuth]]) {
			for (const body of bodies) {
				for (const withAuth of [false, true]) {
					const a = await httpJson('POST', url, body, { headers: { 'content-type': 'application/json', ...(withAuth ? { authorization: auth } : {}) } }).catch((e) => ({ status: 0, text: e.message }));
					statuses.push(a.status);
					const label = `${url.slice(-30)} ${withAuth ? 'auth' : 'no auth'} ${body.slice(0, 60)}`;
					if (!a.status || a.status >= 500) bad.push(`${label} → ${a.status} ${String(a.text).slice(0, 200)}`);
					else if (!withAuth && a.status < 400) bad.push(`${label} → ${a.status} without auth`);
					const leaks = leaksIn(a.text || '', secrets);
					if (leaks.length) bad.push(`${label} → leaks ${leaks.join(', ')}`);
				}
			}
		}
		await sleep(6000); // two sweeps: no email may come of it
		const result = await settleAndJudge({ payments: [{ paymentId: id, answers: [ok], expect: 'applied' }] });
		record('hostile: Lightspeed trigger corpus and a forged FAILURE', result.counts, { requests: statuses.length, statuses: countBy(statuses), causes: result.causes });
		expect(bad).toEqual([]);
		expect(result.problems).toEqual([]);
		expect(result.counts).toMatchObject({ applied: 1, ...expectedZeroes(result.counts) });
		expect((await mail.messages()).filter((m) => /nonexistent_id|forged/.test(m.text || '') || (m.text || '').includes(id))).toEqual([]);
		expect((await httpJson('GET', `${stackInfo().n8n.url}/healthz`)).status).toBe(200);
	});

	test('retry links: tampered, truncated, forged or pointed at the other kind are "not valid"; "Retry now" pressed ten times at once sends once; a replay sends nothing', async () => {
		const check = await fundCheck(6, '20.00');
		await sandbox.setFaults({ paymentFailure: { type: 'PAYMENT_METHOD_NOT_FOUND', count: 1 } });
		const id = pid('rl');
		const a = await pay({ paymentId: id, checkId: check.checkId, amount: '5.00', method: 'card' });
		expect(a.status).toBe(202);
		const msg = await waitFor(async () => (await mail.messages()).find((m) => (m.text || '').includes(`Qodeup payment ID: ${id}`)), { timeoutMs: 60_000, what: 'the failure email' });
		await sandbox.clearFaults();
		const link = retryLinkOf(msg);
		const token = new URL(link).searchParams.get('t');
		const before = (await liteState()).payments.length;
		const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
		const base = link.replace(/\?t=.*$/, '');
		const hostile = [
			`${base}?t=${flip(token, token.length - 3)}`,
			`${base}?t=${flip(token, 2)}`,
			`${base}?t=${token.slice(0, -4)}`,
			`${base}?t=${encodeURIComponent(`${token}.x`)}`,
			`${base}?t=`,
			base,
			`${base}?t=${encodeURIComponent(HTML)}`,
			`${base}?t=${'A'.repeat(5000)}`,
			`${base}?t=${token}&t=${flip(token, 0)}`,
			`${base.replace(/\/payment$/, '/order')}?t=${token}`, // a payment's token on the order page
		];
		const bad = [];
		for (const l of hostile) {
			for (const page of [await openLink(l), await pressRetry(l)]) {
				if (page.status >= 500 || page.status === 0) bad.push(`${l.slice(-60)} → ${page.status}`);
				else if (page.title !== 'This link is not valid') bad.push(`${l.slice(-60)} → ${page.status} "${page.title}"`);
				if (leaksIn(page.html || '', secrets).length) bad.push(`${l.slice(-60)} → leaks`);
				if (/<script>alert/i.test(page.html || '')) bad.push(`${l.slice(-60)} → reflects the script`);
			}
		}
		await sleep(1000);
		expect(bad).toEqual([]);
		expect((await liteState()).payments.length).toBe(before);

		// the genuine link, "Retry now" pressed ten times at once: one is handled, sent once
		const presses = await Promise.all(Array.from({ length: 10 }, () => pressRetry(link)));
		const titles = countBy(presses.map((p) => p.title));
		const result = await settleAndJudge({ payments: [{ paymentId: id, answers: [a], expect: 'applied' }] });
		const sent = (await liteState()).payments.filter((p) => p.reference.startsWith(paymentReference(id, 1).slice(0, -1))).map((p) => p.reference);
		const replay = await pressRetry(link);
		await sleep(1500);
		const sentAfter = (await liteState()).payments.filter((p) => p.reference.startsWith(paymentReference(id, 1).slice(0, -1))).map((p) => p.reference);
		record('hostile: retry links (10 hostile variants × GET/POST, 10 presses at once, a replay)', result.counts, { requests: hostile.length * 2 + 11, presses: titles, causes: result.causes });
		expect(result.problems).toEqual([]);
		expect(result.counts).toMatchObject({ applied: 1, ...expectedZeroes(result.counts) });
		expect(sent.sort()).toEqual([paymentReference(id, 1), paymentReference(id, 2)]);
		expect(presses.every((p) => p.status === 200)).toBe(true);
		expect(titles['This link was already used'] || 0).toBe(9);
		expect(replay.title).toBe('This link was already used');
		expect(sentAfter).toEqual(sent);
	});
});

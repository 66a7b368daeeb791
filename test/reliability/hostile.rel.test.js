'use strict';
// Hostile input: a generated corpus (malformed JSON, wrong types, huge bodies, deep nesting,
// HTML/script in every string field, unicode edge cases, path tricks in ids) against every
// Qodeup endpoint — correctly signed, so it reaches validation, and unsigned — and against the
// Lightspeed trigger (with and without its Basic auth). Every answer must be a 4xx or a handled
// answer (< 500), carry no secret, token or stack trace, and n8n must keep serving. Then
// tampered, expired and replayed retry links are refused without anything reaching Lightspeed.
const fs = require('node:fs');
const path = require('node:path');
const { qodeup, pay, getTable } = require('../e2e/helpers/qodeup');
const { sandbox } = require('../e2e/helpers/sandbox');
const mail = require('../e2e/helpers/mail');
const { stackInfo } = require('../e2e/helpers/stack');
const { httpJson } = require('../e2e/helpers/http');
const { waitFor, sleep } = require('../e2e/helpers/wait');
const { WF, triggerUrl, signedRetryLink, click, retryLinkOf, payRequests, lastSeq } = require('../e2e/scenarios/support/flows');
const { pid, fundCheck, pool, settle, record } = require('./support/tally');

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
	// malformed / not-an-object bodies (raw strings)
	for (const raw of ['{', '{"paymentId":', '{"a":1}}', 'null', '[]', '"str"', '123', 'true', '\ufeff{"paymentId":"x"}', '{"paymentId":"x",}', "{'paymentId':'x'}", '', ' ', 'NaN']) v.push({ raw });
	// wrong types per field
	const wrong = [null, 12, -1, 1.5, true, [], {}, ['1.00'], { $gt: '' }, '', ' ', '1e2', 'NaN', 'Infinity', '0.001', '-5.00', '1,00', '99999999999999999999.00'];
	for (const field of Object.keys(base)) for (const w of wrong) v.push({ body: { ...base, paymentId: pid('hx'), [field]: w } });
	// missing fields
	for (const field of Object.keys(base)) {
		const b = { ...base, paymentId: pid('hm') };
		delete b[field];
		v.push({ body: b });
	}
	// HTML/script in every string field
	for (const field of ['paymentId', 'amount', 'tipAmount', 'method', 'checkId']) v.push({ body: { ...base, paymentId: pid('hh'), [field]: field === 'paymentId' ? `${HTML}` : HTML } });
	// unicode edge cases in every string field
	for (const [name, s] of Object.entries(UNICODE)) {
		for (const field of ['paymentId', 'method', 'checkId', 'amount']) {
			if (name === 'loneSurrogateRaw') v.push({ raw: JSON.stringify({ ...base, paymentId: pid('hu') }).replace(/"card"/, field === 'method' ? s : '"card"').replace(/"1\.00"/, field === 'amount' ? s : '"1.00"') });
			else v.push({ body: { ...base, paymentId: field === 'paymentId' ? s : pid('hu'), [field]: s } });
		}
	}
	// path tricks as ids
	for (const t of PATH_TRICKS) v.push({ body: { ...base, paymentId: t, checkId: t } });
	// huge: a 70 kB body (over the 64 KiB limit), a 1 MB body, a 60 kB string in one field
	v.push({ body: { ...base, paymentId: pid('hb'), pad: 'x'.repeat(70_000) } });
	v.push({ raw: JSON.stringify({ ...base, paymentId: pid('hb'), pad: 'y'.repeat(1_000_000) }) });
	v.push({ body: { ...base, paymentId: pid('hb'), method: 'z'.repeat(60_000) } });
	// deep nesting
	v.push({ raw: `${'['.repeat(5000)}${']'.repeat(5000)}` });
	v.push({ raw: `{"paymentId":"deep","x":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}` });
	v.push({ raw: `${'['.repeat(200_000)}` }); // unterminated, 200 kB
	// prototype pollution keys
	v.push({ raw: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"paymentId":"${pid('hp')}","tableNumber":14,"amount":"1.00","method":"card"}` });
	return v;
}

function orderVariants() {
	const base = { orderId: 'o', mode: 'eat-in', tableNumber: 14, items: [{ sku: 'COLA', quantity: 1 }], customer: { firstName: 'Ana' }, note: '' };
	const v = [{ raw: '{' }, { raw: '[]' }, { body: { ...base, items: 'x' } }, { body: { ...base, items: [{ sku: HTML, quantity: -1 }] } }];
	v.push({ body: { ...base, orderId: HTML, note: HTML, customer: { firstName: HTML, lastName: UNICODE.rtl, email: HTML, phone: UNICODE.nul }, tableNumber: 99 } });
	v.push({ body: { ...base, orderId: '../'.repeat(30), items: Array.from({ length: 2000 }, () => ({ sku: 'COLA', quantity: 1e9 })) } });
	v.push({ body: { ...base, mode: 'to-go', items: [{ sku: 'COLA', quantity: 1, modifiers: [{ modifierId: HTML }] }], payment: { amount: 'abc', method: HTML } } });
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

describe('hostile input', () => {
	let secrets;
	beforeAll(async () => {
		await sandbox.reset();
		const info = stackInfo();
		const state = await sandbox.state();
		const endpointPasswords = (state.webhookEndpoints || []).map((e) => e.password).filter(Boolean);
		secrets = [info.qodeup.signingSecret, info.qodeup.retryLinkSecret, ...endpointPasswords];
	});
	afterEach(() => sandbox.clearFaults());

	test('a generated corpus against every Qodeup endpoint (signed and unsigned): 4xx or handled, nothing leaks, nothing lands', async () => {
		const seq = await lastSeq();
		const requests = [];
		for (const v of paymentVariants()) requests.push({ method: 'POST', rel: 'payments', ...v });
		for (const v of orderVariants()) requests.push({ method: 'POST', rel: 'orders', ...v });
		for (const t of PATH_TRICKS.concat(['abc', '0', '99', HTML, UNICODE.rtl, UNICODE.zeroWidth, UNICODE.nul, '%ud800'])) {
			const enc = /%/.test(t) ? t : encodeURIComponent(t);
			requests.push({ method: 'GET', rel: `tables/${enc}` }, { method: 'GET', rel: `payments/${enc}` });
		}
		// wrong methods and a GET with a body
		requests.push({ method: 'DELETE', rel: 'payments' }, { method: 'PUT', rel: 'tables' }, { method: 'PATCH', rel: 'payments/x' });
		// headers: odd content types, a huge header, a far-future timestamp, a wrong signature format
		const odd = [
			{ 'Content-Type': 'text/plain' },
			{ 'Content-Type': 'application/x-www-form-urlencoded' },
			{ 'Content-Type': 'application/json; charset=utf-16' },
			{ 'X-Qodeup-Signature': 'v1=' + '0'.repeat(64) },
			{ 'X-Qodeup-Signature': 'v2=abc' },
			{ 'X-Qodeup-Timestamp': '99999999999' },
			{ 'X-Qodeup-Timestamp': '-1' },
			{ 'X-Qodeup-Timestamp': HTML },
			{ 'X-Qodeup-Big': 'b'.repeat(6000) },
		];
		for (const h of odd) requests.push({ method: 'POST', rel: 'payments', body: { paymentId: pid('hd'), tableNumber: 14, amount: '1.00', method: 'card' }, headers: h });

		const all = [];
		for (const r of requests) for (const sign of [true, false]) all.push({ ...r, sign });
		const answers = await pool(all, 4, async (r) => {
			const body = r.raw !== undefined ? r.raw : r.body;
			const a = await qodeup(r.method, r.rel, body, { sign: r.sign, headers: r.headers, timeoutMs: 60_000 });
			return { status: a.status, text: a.text, type: a.headers.get('content-type') };
		});
		const bad = [];
		all.forEach((r, i) => {
			const a = answers[i];
			const label = `${r.sign ? 'signed' : 'unsigned'} ${r.method} ${r.rel.slice(0, 60)} ${JSON.stringify(r.raw !== undefined ? r.raw : r.body || '').slice(0, 80)} ${JSON.stringify(r.headers || {}).slice(0, 60)}`;
			if (!a || !a.status) bad.push(`${label} → no answer (${a && a.error})`);
			else if (a.status >= 500) bad.push(`${label} → ${a.status} ${String(a.text).slice(0, 200)}`);
			else if (!r.sign && a.status < 400 && !(r.method === 'GET' && a.status === 404)) bad.push(`${label} → unsigned but ${a.status}`);
			else {
				const leaks = leaksIn(a.text || '', secrets);
				if (leaks.length) bad.push(`${label} → leaks ${leaks.join(', ')}: ${String(a.text).slice(0, 200)}`);
				if (/<script>/i.test(a.text || '') && !/json/.test(a.type || '')) bad.push(`${label} → reflects markup as ${a.type}`);
			}
		});
		fs.writeFileSync(
			path.join(stackInfo().runDir, 'hostile-answers.json'),
			JSON.stringify(all.map((r, i) => ({ sign: r.sign, method: r.method, rel: r.rel.slice(0, 120), body: String(r.raw !== undefined ? r.raw : JSON.stringify(r.body || '')).slice(0, 200), headers: r.headers, status: answers[i] && answers[i].status, answer: String((answers[i] && answers[i].text) || '').slice(0, 300) })), null, 1),
		);
		record('hostile: Qodeup corpus', { submissions: all.length }, { requests: all.length, statuses: countBy(answers.map((a) => a && a.status)) });
		expect(bad).toEqual([]);

		// nothing of it reached Lightspeed's pay (table 14 has no check; bad input never gets that far)
		expect((await payRequests({ afterSeq: seq })).filter((p) => p.status === 200)).toEqual([]);
		// n8n keeps serving: health, a table lookup, a real payment that lands once
		const health = await httpJson('GET', `${stackInfo().n8n.url}/healthz`);
		expect(health.status).toBe(200);
		expect((await getTable(3)).status).toBe(200);
		const check = await fundCheck(4, '9.00');
		const id = pid('hok');
		const ok = await pay({ paymentId: id, checkId: check.checkId, amount: '9.00', method: 'card' });
		expect(ok.status).toBe(202);
		const result = await settle([{ paymentId: id, answer: ok }]);
		record('hostile: valid payment after the corpus', result.counts);
		expect(result.counts).toMatchObject({ applied: 1, lost: 0, appliedTwice: 0 });
	});

	test('the Lightspeed trigger: hostile bodies with and without its Basic auth → answered, nothing changes, nothing leaks', async () => {
		const url = triggerUrl(WF.outcome, 'lightspeedKSeriesTrigger', 'lightspeed');
		const state = await sandbox.state();
		const ep = (state.webhookEndpoints || []).find((e) => e.url && e.url.includes('/lightspeed'));
		expect(ep).toBeDefined();
		const auth = `Basic ${Buffer.from(`${ep.username}:${ep.password}`).toString('base64')}`;
		const bodies = [
			'{', '[]', 'null', '"x"', `${'['.repeat(5000)}${']'.repeat(5000)}`,
			JSON.stringify({ type: 'PAYMENT', status: 'SUCCESS', thirdPartyReference: HTML, businessLocationId: 45454565682155, ikentooAccountIdentifier: '../../x' }),
			JSON.stringify({ type: 'PAYMENT', status: 'FAILURE', thirdPartyReference: 'QD-nonexistent_id-1', businessLocationId: 45454565682155, errors: { account: { type: HTML } }, reason: HTML }),
			JSON.stringify({ type: 'PAYMENT', status: 'SUCCESS', thirdPartyReference: 'x'.repeat(70_000) }),
			JSON.stringify({ type: 'ORDER', status: UNICODE.nul, thirdPartyReference: UNICODE.rtl, businessLocationId: 'abc' }),
			JSON.stringify({ __proto__: { admin: true }, type: 'PAYMENT' }),
		];
		const bad = [];
		for (const body of bodies) {
			for (const withAuth of [false, true]) {
				const a = await httpJson('POST', url, body, { headers: { 'content-type': 'application/json', ...(withAuth ? { authorization: auth } : {}) } }).catch((e) => ({ status: 0, text: e.message }));
				const label = `${withAuth ? 'auth' : 'no auth'} ${body.slice(0, 60)}`;
				if (!a.status || a.status >= 500) bad.push(`${label} → ${a.status} ${String(a.text).slice(0, 200)}`);
				else if (!withAuth && a.status < 400) bad.push(`${label} → ${a.status} without auth`);
				const leaks = leaksIn(a.text || '', secrets);
				if (leaks.length) bad.push(`${label} → leaks ${leaks.join(', ')}`);
			}
		}
		record('hostile: Lightspeed trigger corpus', { submissions: bodies.length * 2 });
		expect(bad).toEqual([]);
		await sleep(2000);
		expect((await mail.messages()).filter((m) => /nonexistent_id/.test(m.text || ''))).toEqual([]);
		expect((await httpJson('GET', `${stackInfo().n8n.url}/healthz`)).status).toBe(200);
	});

	test('retry links: tampered, expired, forged for another payment and replayed are refused; nothing reaches Lightspeed', async () => {
		const check = await fundCheck(6, '20.00');
		await sandbox.setFaults({ paymentFailure: { type: 'PAYMENT_METHOD_NOT_FOUND', count: 1 } });
		const id = pid('rl');
		const a = await pay({ paymentId: id, checkId: check.checkId, amount: '5.00', method: 'card' });
		expect(a.status).toBe(202);
		const msg = await waitFor(async () => (await mail.messages()).find((m) => (m.text || '').includes(`Qodeup payment ID: ${id}`)), { timeoutMs: 60_000, what: 'failure mail' });
		await sandbox.clearFaults();
		const link = retryLinkOf(msg);
		const token = new URL(link).searchParams.get('t');
		const seq = await lastSeq();
		const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
		const base = link.replace(/\?t=.*$/, '');
		const hostile = [
			`${base}?t=${flip(token, token.length - 3)}`, // MAC changed
			`${base}?t=${flip(token, 5)}`, // payload changed
			`${base}?t=${encodeURIComponent(token + '.x')}`,
			`${base}?t=`,
			base,
			`${base}?t=${encodeURIComponent(HTML)}`,
			`${base}?t=${'A'.repeat(5000)}`,
			signedRetryLink(id, 1, Math.floor(Date.now() / 1000) - 10).replace(/t=[^.]+\./, (m) => m), // expired (correct MAC)
			`${base}?t=${encodeURIComponent(Buffer.from(JSON.stringify({ p: id, a: 1, e: 9999999999 })).toString('base64url'))}.${'x'.repeat(43)}`, // forged MAC
		];
		const bad = [];
		for (const l of hostile) {
			const page = await click(l);
			if (page.status >= 500 || page.status === 0) bad.push(`${l.slice(-60)} → ${page.status}`);
			if (!/not valid|expired|invalid|no longer|cannot/i.test(`${page.title} ${page.html}`)) bad.push(`${l.slice(-60)} → title "${page.title}"`);
			if (leaksIn(page.html || '', secrets).length) bad.push(`${l.slice(-60)} → leaks`);
			if (/<script>alert/i.test(page.html || '')) bad.push(`${l.slice(-60)} → reflects the script`);
		}
		expect(bad).toEqual([]);
		expect(await payRequests({ afterSeq: seq })).toEqual([]);

		// the genuine link works once; the replay is refused and sends nothing
		const first = await click(link);
		expect(first.title).toMatch(/sent to the register again|on the check/i);
		const result = await settle([{ paymentId: id, answer: a }], { timeoutMs: 60_000 });
		const seq2 = await lastSeq();
		const replay = await click(link);
		expect(replay.title).toMatch(/already|no longer|not valid/i);
		expect(await payRequests({ afterSeq: seq2 })).toEqual([]);
		record('hostile: retry links', result.counts);
		expect(result.counts).toMatchObject({ applied: 1, lost: 0, appliedTwice: 0 });
	});
});

function countBy(list) {
	const out = {};
	for (const x of list) out[x] = (out[x] || 0) + 1;
	return out;
}

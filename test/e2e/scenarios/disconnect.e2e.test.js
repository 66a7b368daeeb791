'use strict';
// The restaurant's Lightspeed connection is lost (refresh token revoked: Lightspeed answers
// invalid_grant, as after a password change or a removed app). It is named as such everywhere —
// the lookup's 503, the payment's failure, Diagnose — Lightspeed's token endpoint is not hammered,
// the restaurant gets ONE "Reconnect Lightspeed" email, and after the real Connect (authorization
// code flow against the sandbox) one "connected again" email whose links retry what failed.
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { pay, getTables: tables } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const mail = require('../helpers/mail');
const { httpJson } = require('../helpers/http');
const { ROOT, stackInfo } = require('../helpers/stack');
const { waitFor, sleep } = require('../helpers/wait');
const { expectAnswer } = require('./support/contract');
const { uid, openCheck, paymentRow, waitForPayment, restaurantRow, mailsAbout, mailsFor, pressRetry, openLink, paymentLines, paymentReference } = require('./support/flows');

const CREDENTIAL_ID = 'LskSandboxOAuth01'; // the demo set's Lightspeed credential
const tokenCalls = async (afterSeq) => (await sandbox.state()).requests.filter((r) => r.seq > afterSeq && r.path.endsWith('/protocol/openid-connect/token'));
const lastSeq = async () => (await sandbox.state()).requests.reduce((m, r) => Math.max(m, r.seq || 0), 0);
const diagnose = () => httpJson('GET', `${stackInfo().n8n.webhookBase}/qodeup-ops/demo-bistro/demo-ops-token/diagnose`, undefined, { timeoutMs: 60_000 });

/** Presses Connect like the editor (scripts/fleet/connect.mjs, an ES module: run by node, not jest). */
async function connect() {
	const args = JSON.stringify({ n8nUrl: stackInfo().n8n.url, cookie: stackInfo().n8n.cookie, credentialId: CREDENTIAL_ID });
	const script = `import(${JSON.stringify(path.join(ROOT, 'scripts/fleet/connect.mjs'))}).then((m) => m.connectCredential(${args})).then((r) => console.log(JSON.stringify(r)))`;
	const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 60_000 });
	return JSON.parse(stdout.trim().split('\n').pop());
}

describe('a lost Lightspeed connection', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
	});
	// the scenarios after this one need a connected restaurant, whatever happened here
	afterAll(async () => {
		if ((await tables()).status === 503) await connect();
	});

	test('is named, asked about once, emailed once; after Connect the waiting payments are retried from one email', async () => {
		const check = await openCheck(2, [{ sku: 'BURGER', quantity: 2 }]); // 29.00
		expect((await tables()).status).toBe(200);

		await sandbox.request('POST', '/_admin/tokens/revoke', { clientId: 'sandbox-client' });
		const seq = await lastSeq();

		// the lookup: 503 that says so, not "Lightspeed unavailable"
		const lookup = await tables();
		expectAnswer('GET', 'tables', lookup, 503);
		expect(lookup.json).toMatchObject({ error: 'LIGHTSPEED_DISCONNECTED' });
		expect(lookup.json.message).toMatch(/reconnect/i);

		// payments: failed with that code, nothing sent
		const ids = [uid('lost'), uid('lost')];
		for (const id of ids) {
			const r = await pay({ paymentId: id, checkId: check.checkId, amount: '5.00', method: 'card' });
			expectAnswer('POST', 'payments', r, 202);
			expect(r.json).toMatchObject({ status: 'failed', error: 'LIGHTSPEED_DISCONNECTED' });
		}
		expect(await paymentLines(ids[0])).toEqual([]);

		// Diagnose says the connection is lost, and how to fix it
		const diagnosis = await diagnose();
		expect(diagnosis.status).toBe(200);
		const connection = diagnosis.json.checks.find((c) => c.name === 'connection');
		expect(connection).toMatchObject({ ok: false, status: 'problem' });
		expect(connection.fix).toMatch(/Connect/);

		// the restaurant row says lost; ONE reconnect email, no per-payment failure email
		await waitFor(async () => (await restaurantRow()).connection === 'lost', { what: 'the restaurant row to say the connection is lost' });
		const reconnect = await waitFor(async () => (await mailsAbout('Reconnect Lightspeed'))[0] || (await mail.messages()).find((m) => /Reconnect Lightspeed/.test(m.subject)), {
			timeoutMs: 30_000,
			what: 'the reconnect email',
		});
		expect(reconnect.subject).toBe('[Demo Bistro] Reconnect Lightspeed: 2 payments waiting');
		expect(reconnect.text).toMatch(/press Connect/);
		expect(reconnect.text).toContain(`/home/credentials/${CREDENTIAL_ID}`);
		await sleep(8000); // a few sweeps
		expect((await mail.messages()).filter((m) => /Reconnect Lightspeed/.test(m.subject))).toHaveLength(1);
		for (const id of ids) expect(await mailsFor(id)).toHaveLength(0);
		expect(await paymentRow(ids[0])).toMatchObject({ status: 'failed', errorCode: 'LIGHTSPEED_DISCONNECTED', emailStatus: 'outage' });

		// the token endpoint was asked at most once per request, and not at all by the sweeps since
		const asked = await tokenCalls(seq);
		expect(asked.length).toBeGreaterThanOrEqual(1);
		expect(asked.length).toBeLessThanOrEqual(4); // lookup, two payments, Diagnose
		const settled = asked.length;
		await sleep(6000);
		expect(await tokenCalls(seq)).toHaveLength(settled);

		// the operator presses Connect (the real authorization-code flow)
		expect(await connect()).toMatchObject({ connected: true });
		expect((await tables()).status).toBe(200);
		await waitFor(async () => (await restaurantRow()).connection === 'ok', { what: 'the restaurant row to say connected' });
		const again = await waitFor(async () => (await mail.messages()).find((m) => /connected again/.test(m.subject) && m.text.includes(ids[0])), {
			timeoutMs: 30_000,
			what: 'the connected-again email',
		});
		expect(again.subject).toBe('[Demo Bistro] Lightspeed is connected again: 2 to retry');
		const links = mail.extractLinks(again).filter((l) => l.includes('/webhook/qodeup-retry/demo-bistro/payment?t='));
		expect(links).toHaveLength(2);
		for (const id of ids) expect(again.text).toContain(id);

		// a link shows first; "Retry now" applies the payment once
		expect((await openLink(links[0])).title).toMatch(/^Retry Payment /);
		await pressRetry(links[0]);
		const retried = await waitFor(
			async () => {
				const rows = await Promise.all(ids.map((id) => paymentRow(id)));
				return rows.find((row) => row.status === 'applied');
			},
			{ what: 'one of the waiting payments applied' },
		);
		expect(retried).toMatchObject({ attempt: 2, reference: paymentReference(retried.paymentId, 2) });
		expect(await paymentLines(retried.paymentId)).toHaveLength(1);
		const other = ids.find((id) => id !== retried.paymentId);
		expect(await paymentRow(other)).toMatchObject({ status: 'failed' });
		await pressRetry(links[1]);
		await waitForPayment(other, { status: 'applied' });
	});
});

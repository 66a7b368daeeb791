'use strict';
// Smoke test of the e2e harness with the REAL package: n8n loaded it from its npm-installed
// tarball, the imported credentials decrypt and reach the sandbox, the mail catcher receives what
// a core Send Email node sends (and can refuse it), and every template is live.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, stackInfo } = require('./helpers/stack');
const n8n = require('./helpers/n8n');
const mail = require('./helpers/mail');
const { sandbox } = require('./helpers/sandbox');
const { qodeup } = require('./helpers/qodeup');

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('e2e harness', () => {
	test('n8n loaded every node and credential of the package installed from its tarball', async () => {
		const nodes = await n8n.nodeTypeNames();
		for (const name of ['lightspeedKSeries', 'lightspeedKSeriesTrigger', 'qodeupTrigger', 'qodeupRespond', 'qodeup']) {
			expect(nodes).toContain(`${PKG.name}.${name}`);
		}
		// nothing of ours loaded under the CUSTOM. prefix (that would mean a non-npm install)
		expect(nodes.filter((n) => n.startsWith('CUSTOM.'))).toEqual([]);
		const creds = await n8n.credentialTypeNames();
		expect(creds).toEqual(expect.arrayContaining(['lightspeedKSeriesOAuth2Api', 'qodeupApi']));
		const installed = path.join(stackInfo().runDir, 'home', '.n8n', 'nodes', 'node_modules', PKG.name, 'package.json');
		expect(JSON.parse(fs.readFileSync(installed, 'utf8')).version).toBe(PKG.version);
	});

	test('the imported Lightspeed credential decrypts: a workflow calls the sandbox with its token', async () => {
		const r = await n8n.webhook('GET', `harness/lightspeed-businesses?base=${encodeURIComponent(stackInfo().sandbox.url)}`);
		expect(r.status).toBe(200);
		expect(r.text).toContain('454335871');
		const [exec] = await n8n.waitForExecutions('HarnessLskCred001', 1);
		expect(exec.status).toBe('success');
	});

	test('a core Send Email node delivers to the mail catcher (SMTP credential imported)', async () => {
		const subject = `Harness mail ${Date.now()}`;
		const r = await n8n.webhook('POST', 'harness/mail', {
			to: 'merchant@example.test',
			subject,
			text: 'Payment QD-p1-1 was refused.',
			link: 'http://127.0.0.1:5688/webhook/qodeup-retry/demo-bistro?t=abc&x=1',
		});
		expect(r.status).toBe(200);
		const msg = await mail.waitForMail({ to: 'merchant@example.test', subject });
		expect(msg.from.address).toBe('n8n@qodeup.test');
		expect(msg.text).toContain('Payment QD-p1-1 was refused.');
		expect(msg.html).toContain('<p>Payment QD-p1-1 was refused.</p>');
		expect(mail.extractLinks(msg)).toContain('http://127.0.0.1:5688/webhook/qodeup-retry/demo-bistro?t=abc&x=1');
	});

	test('the SMTP fault switch makes Send Email fail, and switching it back up delivers again', async () => {
		const before = (await mail.messages()).length;
		await mail.setSmtpDown(true);
		try {
			const down = await n8n.webhook('POST', 'harness/mail', { to: 'merchant@example.test', subject: 'while down', text: 'x', link: 'http://x' });
			expect(down.status).toBe(500);
		} finally {
			await mail.setSmtpDown(false);
		}
		expect((await mail.messages()).length).toBe(before);
		const up = await n8n.webhook('POST', 'harness/mail', { to: 'merchant@example.test', subject: 'back up', text: 'y', link: 'http://y' });
		expect(up.status).toBe(200);
		await mail.waitForMail({ subject: 'back up' });
	});

	test('every imported workflow with a trigger is published and live; the templates\u2019 data tables exist', async () => {
		const info = stackInfo();
		for (const w of info.workflows.filter((x) => x.published)) {
			const s = await n8n.publicationStatus(w.id);
			expect({ id: w.id, status: s.status }).toEqual({ id: w.id, status: 'published' });
		}
		for (const name of info.tables) expect(await n8n.dataTable(name)).toBeTruthy();
	});

	test('the Qodeup trigger refuses unsigned or wrongly signed requests and accepts the harness signature', async () => {
		const opts = { integrationId: 'harness-e2e' };
		const unsigned = await qodeup('GET', 'tables', undefined, { ...opts, sign: false });
		expect(unsigned.status).toBe(401);
		expect(unsigned.json).toMatchObject({ error: 'UNAUTHORIZED' });
		const wrongSecret = await qodeup('GET', 'tables', undefined, { ...opts, secret: 'not-the-secret' });
		expect(wrongSecret.status).toBe(401);
		const stale = await qodeup('GET', 'tables', undefined, { ...opts, timestamp: Math.floor(Date.now() / 1000) - 3600 });
		expect(stale.status).toBe(401);
		// the harness's ping fixture answers {ok, resource, integrationId}: not a product answer, so
		// not checked against the Qodeup contract
		const signed = await qodeup('GET', 'tables', undefined, { ...opts, contract: false });
		expect({ status: signed.status, body: signed.json }).toEqual({
			status: 200,
			body: { ok: true, resource: 'tables', integrationId: 'harness-e2e' },
		});
		// the refusals started no execution; the signed call started exactly one
		const runs = await n8n.waitForExecutions('HarnessQodeupPing1', 1);
		expect(runs.map((e) => e.status)).toEqual(['success']);
	});

	test('the Lightspeed K-Series node reads the sandbox through the imported credential (custom API base URL)', async () => {
		const r = await n8n.webhook('GET', 'harness/lightspeed-node-businesses');
		expect(r.status).toBe(200);
		expect(r.text).toContain('454335871');
	});

	test('the sandbox admin API is reachable from the helpers', async () => {
		const state = await sandbox.state();
		expect(Array.isArray(state.checks)).toBe(true);
	});
});

#!/usr/bin/env node
// Test/demo run of the merchant command against a real n8n 2.41.1 (package installed from its
// packed tarball), the Lightspeed sandbox and a mail catcher — every step through the command, as
// an operator types it, plus Connect played as the editor does it (connect.mjs). Prints each
// command's output and a list of checks; exits 1 when a check fails. Meant to become an e2e test.
//
//   node scripts/fleet/e2e-run.mjs [--source head|tree|dist] [--keep]
//     --source  how the package is built (default head: `git archive HEAD`, see testStack.mjs)
//     --keep    leave the stack running at the end (Ctrl-C stops it)
//
// Ports: n8n 5950 (task broker 5951), sandbox 7350, SMTP 2950, mailbox 2951. Run dir: .run/fleet.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectCredential } from './connect.mjs';
import { N8nApi } from './n8nApi.mjs';
import { nodeHash } from './upgrade.mjs';
import { FLEET_TEST_PORTS, startFleetStack } from './testStack.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const require = createRequire(import.meta.url);
const { qodeupRequest } = require('../lib/qodeup-client.cjs');

const args = process.argv.slice(2);
const source = args.includes('--source') ? args[args.indexOf('--source') + 1] : 'head';
const keep = args.includes('--keep');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const checks = [];
function check(ok, what, detail = '') {
	checks.push({ ok: Boolean(ok), what, detail });
	console.log(`${ok ? '  [ok]  ' : '  [FAIL]'} ${what}${!ok && detail ? ` — ${detail}` : ''}`);
	return Boolean(ok);
}

let stack;
let apiKey = '';

/** Runs `npm run merchant -- …` the way an operator does (node scripts/fleet/merchant.mjs …). */
function merchant(argv, { env = {}, show = true } = {}) {
	return new Promise((resolve) => {
		const full = [path.join(HERE, 'merchant.mjs'), ...argv, '--n8n-url', stack.n8nUrl];
		if (!env.N8N_API_KEY) full.push('--api-key-file', stack.apiKeyFile);
		console.log(`\n$ npm run merchant -- ${argv.join(' ')}${env.N8N_API_KEY ? '   (key from N8N_API_KEY)' : ''}`);
		const child = spawn(process.execPath, full, { cwd: ROOT, env: { ...process.env, N8N_API_KEY: '', ...env } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (code) => {
			if (show) {
				process.stdout.write(stdout.replace(/^/gm, '    '));
				if (stderr) process.stdout.write(stderr.replace(/^/gm, '    stderr: '));
				console.log(`    (exit ${code})`);
			}
			if (apiKey && (stdout.includes(apiKey) || stderr.includes(apiKey))) check(false, 'the API key never appears in the output', argv.join(' '));
			resolve({ code, stdout, stderr });
		});
	});
}

function writeFiles(dir, sandboxUrl, mailUrl) {
	const custom = (client, secret) => ({
		environment: 'custom',
		clientId: client,
		clientSecret: secret,
		authUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/auth`,
		tokenUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/token`,
		apiBaseUrl: sandboxUrl,
		includeStaffScope: true,
	});
	const files = {
		fleet: path.join(dir, 'fleet.yaml'),
		demo: path.join(dir, 'demo-bistro.yaml'),
		lisbon: path.join(dir, 'lisbon.json'),
		london: path.join(dir, 'london.json'),
		bad: path.join(dir, 'bad.yaml'),
	};
	fs.writeFileSync(files.fleet, [
		'name: Qodeup fleet test',
		'senderEmail: payments@fleet.test',
		'operatorEmails: operator@fleet.test',
		'smtpCredential: SMTP (fleet mail catcher)',
		'sweepSeconds: 5',
		'settleAfterSeconds: 8',
		'',
	].join('\n'));
	fs.writeFileSync(files.demo, [
		'integrationId: demo-bistro',
		'name: Demo Bistro',
		'lightspeed:',
		...Object.entries(custom('sandbox-client', 'sandbox-secret')).map(([k, v]) => `  ${k}: ${v}`),
		'businessLocationId: 45454565682155',
		'cardPaymentMethod: QDCARD',
		'voucherPaymentMethod: QDVOUCHER',
		'notificationEmails: manager@demo-bistro.test, owner@demo-bistro.test',
		'qodeup:',
		`  callbackUrl: ${mailUrl}/callbacks/qodeup/demo-bistro`,
		'',
	].join('\n'));
	fs.writeFileSync(files.lisbon, JSON.stringify({
		integrationId: 'lisbon-alfama',
		name: 'Tasca Lisboa',
		lightspeed: custom('sandbox-client-lisbon', 'sandbox-secret-lisbon'),
		businessLocationId: '45454565682157',
		cardPaymentMethod: 'TLCARD',
		voucherPaymentMethod: 'TLVOUCHER',
		notificationEmails: 'gerente@tasca.test',
		qodeup: { callbackUrl: `${mailUrl}/callbacks/qodeup/lisbon-alfama` },
		timezone: 'Europe/Lisbon',
		currency: 'EUR',
	}, null, 2));
	fs.writeFileSync(files.london, JSON.stringify({
		integrationId: 'london-soho',
		name: 'Soho Kitchen',
		lightspeed: custom('sandbox-client-london', 'sandbox-secret-london'),
		businessLocationId: 45454565682158,
		cardPaymentMethod: 'LNCARD',
		notificationEmails: 'manager@soho.test',
	}, null, 2));
	fs.writeFileSync(files.bad, [
		'integrationId: "bad id!"',
		'name: ""',
		'lightspeed: { environment: staging, clientId: x }',
		'businessLocationId: abc',
		'notificationEmails: "not-an-email, ok@fine.test"',
		'retentionDays: -3',
		'timezone: Mars/Olympus',
		'currency: euro',
		'cardPaymentMetod: QDCARD',
		'',
	].join('\n'));
	return files;
}

const secretOf = (stdout) => /│ {2}([0-9a-f]{64}) {2}│/.exec(stdout)?.[1];

async function main() {
	const runDir = path.join(ROOT, '.run', 'fleet');
	console.log(`starting n8n, the sandbox and the mail catcher (ports ${JSON.stringify(FLEET_TEST_PORTS)}; run dir ${path.relative(ROOT, runDir)})`);
	stack = await startFleetStack({ runDir, source, log: (l) => console.log(`  ${l}`) });
	apiKey = stack.apiKey;
	const api = new N8nApi({ baseUrl: stack.n8nUrl, apiKey });
	const files = writeFiles(runDir, stack.sandboxUrl, stack.mailUrl);
	const webhookBase = `${stack.n8nUrl}/webhook`;
	const count = async () => (await api.listWorkflows()).filter((w) => !w.isArchived).length;

	console.log('\n=== a bad merchant file changes nothing');
	const before = await count();
	const bad = await merchant(['add', files.bad, '--fleet', files.fleet]);
	check(bad.code === 2, 'add with a bad file exits 2', `exit ${bad.code}`);
	for (const field of ['integrationId', 'name', 'lightspeed.environment', 'lightspeed.clientSecret', 'businessLocationId', 'cardPaymentMethod', 'notificationEmails', 'retentionDays', 'timezone', 'currency', 'cardPaymentMetod']) {
		check(new RegExp(`^\\s+${field.replace('.', '\\.')}: `, 'm').test(bad.stderr), `the bad file's field ${field} is named`);
	}
	check((await count()) === before && (await api.listDataTables()).length === 0, 'nothing was created in n8n by the bad file');

	console.log('\n=== add Demo Bistro (YAML, key from a file) and Lisbon (JSON, key from N8N_API_KEY)');
	const demo = await merchant(['add', files.demo, '--fleet', files.fleet]);
	check(demo.code === 0, 'add demo-bistro exits 0', demo.stderr);
	const demoSecret = secretOf(demo.stdout);
	check(demoSecret && demo.stdout.split(demoSecret).length === 2, 'the Qodeup signing secret is shown exactly once');
	check(/activate demo-bistro/.test(demo.stdout), 'add names the next step (activate)');
	check(/not published yet/.test(demo.stdout), 'the notifications are reported as waiting for Connect');
	const lisbon = await merchant(['add', files.lisbon, '--fleet', files.fleet], { env: { N8N_API_KEY: apiKey } });
	check(lisbon.code === 0, 'add lisbon-alfama exits 0', lisbon.stderr);
	const lisbonSecret = secretOf(lisbon.stdout);
	const again = await merchant(['add', files.demo, '--fleet', files.fleet]);
	check(again.code === 1 && /already added/.test(again.stderr), 'adding demo-bistro again is refused (already added)');

	console.log('\n=== an add that stops half-way is finished by running it again');
	const half = await merchant(['add', files.london, '--fleet', files.fleet], { env: { MERCHANT_TEST_STOP_AFTER: 'workflow-3' } });
	check(half.code === 1 && /stopped after "workflow-3"/.test(half.stderr), 'the add of london-soho stopped after 3 workflows (test switch)');
	const rerun = await merchant(['add', files.london, '--fleet', files.fleet]);
	check(rerun.code === 0 && /did not finish: finishing it now/.test(rerun.stdout), 'the rerun finishes it', rerun.stderr);
	const londonNames = (await api.listWorkflows()).filter((w) => !w.isArchived && w.name.startsWith('Soho Kitchen — '));
	check(londonNames.length === 7, 'london-soho has exactly seven workflows (none twice)', `${londonNames.length}`);

	console.log('\n=== Connect (as the editor does) and activate');
	const rows = await api.rows((await api.listDataTables({ name: 'qodeupLskRestaurants' })).find((t) => t.name === 'qodeupLskRestaurants').id);
	const credOf = (id) => rows.find((r) => r.integrationId === id).lightspeedCredentialId;
	for (const id of ['demo-bistro', 'lisbon-alfama']) {
		const c = await connectCredential({ n8nUrl: stack.n8nUrl, cookie: stack.rest.cookie, credentialId: credOf(id) });
		check(c.connected, `Connect for ${id}: the credential holds a token`);
		const test = await api.testCredential(credOf(id));
		check(test.status === 'OK', `n8n's credential test for ${id} says OK`, JSON.stringify(test));
	}
	for (const id of ['demo-bistro', 'lisbon-alfama']) {
		const a = await merchant(['activate', id]);
		check(a.code === 0 && /is running/.test(a.stdout), `activate ${id}: all published, Diagnose ok`, a.stderr);
	}
	const notConnected = await merchant(['activate', 'london-soho']);
	check(notConnected.code === 1 && /not connected/.test(notConnected.stderr), 'activate london-soho (not connected) exits 1 saying so');

	console.log('\n=== the restaurants work: Qodeup asks Lisbon for its tables and pays; a payment fails at Demo Bistro');
	const tables = await qodeupRequest({ webhookBase, secret: lisbonSecret, method: 'GET', path: 'qodeup/lisbon-alfama/tables' });
	check(tables.status === 200, 'GET qodeup/lisbon-alfama/tables with the secret add printed → 200', `${tables.status} ${tables.text.slice(0, 200)}`);
	const wrong = await qodeupRequest({ webhookBase, secret: demoSecret, method: 'GET', path: 'qodeup/lisbon-alfama/tables' });
	check(wrong.status === 401, "Demo Bistro's secret is refused by Lisbon (401)", `${wrong.status}`);
	const sandbox = async (method, p, body) => {
		const res = await fetch(`${stack.sandboxUrl}${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
		return res.json();
	};
	const paymentsTable = (await api.listDataTables({ name: 'qodeupLskPaymentLedger' })).find((t) => t.name === 'qodeupLskPaymentLedger').id;
	const settled = async (paymentId) => {
		for (let i = 0; i < 40; i++) {
			const [row] = await api.rows(paymentsTable, { filters: [['paymentId', 'eq', paymentId]] });
			if (row && ['applied', 'failed', 'refused'].includes(row.status)) return row.status;
			await sleep(500);
		}
		return 'not settled';
	};
	await sandbox('POST', '/_admin/checks', { businessLocationId: 45454565682157, tableNumber: 3, lines: [{ name: 'Bacalhau', unitAmount: '18.00', quantity: 1 }] });
	const lisbonPayment = `fleet-${Date.now()}`;
	const paid = await qodeupRequest({ webhookBase, secret: lisbonSecret, method: 'POST', path: 'qodeup/lisbon-alfama/payments', body: { paymentId: lisbonPayment, tableNumber: 3, amount: '18.00', tipAmount: '0', method: 'card' } });
	check(paid.status === 202, 'a payment at Lisbon table 3 is accepted (202)', `${paid.status} ${paid.text.slice(0, 200)}`);
	check((await settled(lisbonPayment)) === 'applied', 'it is applied (Lisbon\'s notifications workflow recorded the outcome)');
	await sandbox('POST', '/_admin/checks', { businessLocationId: 45454565682155, tableNumber: 2, lines: [{ name: 'Soup', unitAmount: '9.00', quantity: 1 }] });
	await sandbox('POST', '/_admin/faults', { paymentFailure: { type: 'PAYMENT_METHOD_NOT_FOUND', count: 1 } });
	const demoPayment = `fleet-fail-${Date.now()}`;
	const failing = await qodeupRequest({ webhookBase, secret: demoSecret, method: 'POST', path: 'qodeup/demo-bistro/payments', body: { paymentId: demoPayment, tableNumber: 2, amount: '9.00', tipAmount: '0', method: 'card' } });
	check(failing.status === 202, 'a payment at Demo Bistro table 2 is accepted (202), and Lightspeed fails it', `${failing.status} ${failing.text.slice(0, 200)}`);
	check((await settled(demoPayment)) === 'failed', 'it is recorded failed (Demo Bistro\'s notifications workflow)');

	console.log('\n=== the fleet sweeper works for restaurants the command added');
	const mails = async () => (await (await fetch(`${stack.mailUrl}/messages`)).json()).filter((m) => JSON.stringify(m.to).includes('manager@demo-bistro.test'));
	let mail;
	for (let i = 0; i < 40 && !mail; i++) {
		mail = (await mails())[0];
		if (!mail) await sleep(1000);
	}
	check(mail, "the failed payment's email reached manager@demo-bistro.test (fleet sweeper, SMTP credential from the fleet file)", mail ? '' : 'no email within 40 s');
	// an outcome Lightspeed never sends (held back): the sweeper runs Demo Bistro's own recovery, which settles it from the check
	await sandbox('POST', '/_admin/faults', { notificationDelayMs: 600000 });
	await sandbox('POST', '/_admin/checks', { businessLocationId: 45454565682155, tableNumber: 4, lines: [{ name: 'Tarte', unitAmount: '6.50', quantity: 1 }] });
	const silent = `fleet-silent-${Date.now()}`;
	const silentRes = await qodeupRequest({ webhookBase, secret: demoSecret, method: 'POST', path: 'qodeup/demo-bistro/payments', body: { paymentId: silent, tableNumber: 4, amount: '6.50', tipAmount: '0', method: 'card' } });
	check(silentRes.status === 202, 'a payment whose outcome Lightspeed holds back is accepted (202)');
	let silentStatus = 'sent';
	for (let i = 0; i < 60 && silentStatus !== 'applied'; i++) {
		await sleep(1000);
		[{ status: silentStatus } = { status: 'none' }] = await api.rows(paymentsTable, { filters: [['paymentId', 'eq', silent]] });
	}
	const demoRecoveryId = JSON.parse(rows.find((r) => r.integrationId === 'demo-bistro').workflows).recovery;
	const recoveryRuns = await api.executions(demoRecoveryId, { limit: 20 });
	check(silentStatus === 'applied' && recoveryRuns.length > 0, `the sweeper ran Demo Bistro's recovery workflow (by the id on its row), which settled the payment as applied`, `status ${silentStatus}, ${recoveryRuns.length} recovery run(s)`);
	await sandbox('DELETE', '/_admin/faults');

	console.log('\n=== list');
	const listed = await merchant(['list']);
	check(listed.code === 0, 'list exits 0', listed.stderr);
	const line = (id) => listed.stdout.split('\n').find((l) => l.trim().startsWith(id)) ?? '';
	check(/7\/7\s+connected/.test(line('demo-bistro')) && /\bok\b/.test(line('demo-bistro').slice(-10)), 'list: demo-bistro 7/7 published, connected, Diagnose ok', line('demo-bistro'));
	check(/applied/.test(line('lisbon-alfama')), 'list: lisbon-alfama shows its last payment (applied)', line('lisbon-alfama'));
	check(/applied\s+1\s/.test(line('demo-bistro')), 'list: demo-bistro shows its last payment (applied by recovery) and 1 failure in 24 h', line('demo-bistro'));
	check(/5\/6/.test(line('london-soho')), 'list: london-soho 5/6 published (notifications wait for Connect)', line('london-soho'));
	check(/Data tables: .* of 200\.0 MiB/.test(listed.stdout), 'list: the Data tables size against the limit');

	console.log('\n=== upgrade --all twice: the second changes nothing');
	const up1 = await merchant(['upgrade', '--all']);
	check(up1.code === 0, 'upgrade --all exits 0', up1.stderr);
	const up2 = await merchant(['upgrade', '--all']);
	check(up2.code === 0 && /Nothing to change/.test(up2.stdout), 'the second upgrade --all changes nothing', up2.stdout.split('\n').slice(-3).join(' '));

	console.log('\n=== a node changed by hand is kept and reported');
	const ids = JSON.parse(rows.find((r) => r.integrationId === 'lisbon-alfama').workflows);
	const lookups = await api.getWorkflow(ids.tables);
	const HAND = 'Qodeup asks for the tables';
	const edited = lookups.nodes.map((n) => (n.name === HAND ? { ...n, parameters: { ...n.parameters, floorplanCacheSeconds: 60 } } : n));
	await api.updateWorkflow(ids.tables, { name: lookups.name, nodes: edited, connections: lookups.connections, settings: lookups.settings });
	const dry = await merchant(['upgrade', 'lisbon-alfama', '--dry-run']);
	check(dry.code === 0 && new RegExp(`"${HAND}" changed by hand`).test(dry.stdout), 'upgrade --dry-run names the hand-changed node');
	const up3 = await merchant(['upgrade', '--all']);
	const afterEdit = await api.getWorkflow(ids.tables);
	check(up3.code === 0 && afterEdit.nodes.find((n) => n.name === HAND).parameters.floorplanCacheSeconds === 60, 'upgrade keeps the hand-changed node as it is');
	check(/Nothing to change/.test(up3.stdout), 'and writes nothing else');

	console.log('\n=== a node still as rendered by an older template is replaced (and the notifications published again)');
	const restaurantsTable = (await api.listDataTables({ name: 'qodeupLskRestaurants' })).find((t) => t.name === 'qodeupLskRestaurants').id;
	const [demoRow] = await api.rows(restaurantsTable, { filters: [['integrationId', 'eq', 'demo-bistro']] });
	const demoIds = JSON.parse(demoRow.workflows);
	const notify = await api.getWorkflow(demoIds.notifications);
	// what an older template would have rendered: another parameter value, remembered as rendered
	const older = notify.nodes.map((n) => (n.name === 'Ledger: order closed' ? { ...n, parameters: { ...n.parameters, options: { dryRun: false } } } : n));
	await api.updateWorkflow(demoIds.notifications, { name: notify.name, nodes: older, connections: notify.connections, settings: notify.settings });
	const demoState = JSON.parse(demoRow.templateState);
	demoState.notifications.nodes['Ledger: order closed'] = nodeHash(older.find((n) => n.name === 'Ledger: order closed'));
	await api.upsertRow(restaurantsTable, [['integrationId', 'eq', 'demo-bistro']], { templateState: JSON.stringify(demoState) });
	// a note added by hand to Lisbon's settings
	const lisbonSettings = await api.getWorkflow(ids.settings);
	const note = { id: '0b7f6b7e-1d5e-4c43-9a0e-5d1f8f0f0a01', name: 'Our note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [0, 600], parameters: { content: 'Call Ana before changing the card method', width: 300, height: 120, color: 3 } };
	await api.updateWorkflow(ids.settings, { name: lisbonSettings.name, nodes: [...lisbonSettings.nodes, note], connections: lisbonSettings.connections, settings: lisbonSettings.settings });
	const up4 = await merchant(['upgrade', '--all']);
	check(up4.code === 0 && /Lightspeed notifications: replaced "Ledger: order closed"; published again/.test(up4.stdout), 'upgrade replaces the node still as rendered and publishes the notifications again', up4.stderr);
	check(/node "Our note" added by hand: kept/.test(up4.stdout), 'a node added by hand is kept and reported');
	const notifyAfter = await api.getWorkflow(demoIds.notifications);
	check(!notifyAfter.nodes.find((n) => n.name === 'Ledger: order closed').parameters.options?.dryRun && notifyAfter.active, 'the notifications workflow holds the new rendering and is published');
	check((await api.getWorkflow(ids.settings)).nodes.some((n) => n.name === 'Our note'), 'the note is still there');
	const up5 = await merchant(['upgrade', '--all']);
	check(up5.code === 0 && /Nothing to change/.test(up5.stdout), 'upgrade --all once more changes nothing');
	console.log('\n=== a restaurant added before the "Qodeup tables" workflow existed gets it from upgrade');
	const lisbonFilter = [['integrationId', 'eq', 'lisbon-alfama']];
	const lisbonIds = JSON.parse((await api.rows(restaurantsTable, { filters: lisbonFilter }))[0].workflows);
	await api.unpublishWorkflow(lisbonIds.tables);
	await api.archiveWorkflow(lisbonIds.tables);
	const { tables: _formerTables, ...withoutTables } = lisbonIds;
	await api.upsertRow(restaurantsTable, lisbonFilter, { workflows: JSON.stringify(withoutTables) });
	const gap = await qodeupRequest({ webhookBase, secret: lisbonSecret, method: 'GET', path: 'qodeup/lisbon-alfama/tables' });
	check(gap.status === 404, 'without it, the table lookups of lisbon-alfama are not answered (404)', `${gap.status}`);
	const up6 = await merchant(['upgrade', 'lisbon-alfama']);
	check(up6.code === 0 && /Qodeup tables: new in templates .* created/.test(up6.stdout) && /Qodeup tables: published/.test(up6.stdout), 'upgrade creates the Qodeup tables workflow and publishes it', up6.stderr || up6.stdout);
	const idsAfter = JSON.parse((await api.rows(restaurantsTable, { filters: lisbonFilter }))[0].workflows);
	check(Boolean(idsAfter.tables) && idsAfter.tables !== lisbonIds.tables, 'its id is recorded on the restaurant row');
	const back = await qodeupRequest({ webhookBase, secret: lisbonSecret, method: 'GET', path: 'qodeup/lisbon-alfama/tables' });
	check(back.status === 200 && Array.isArray(back.json?.tables), 'the table lookups are answered again', `${back.status}`);
	const up7 = await merchant(['upgrade', 'lisbon-alfama']);
	check(up7.code === 0 && /Nothing to change/.test(up7.stdout), 'upgrading it again changes nothing', up7.stdout.split('\n').slice(-3).join(' '));
	const demoDiag = await merchant(['list']);
	check(/demo-bistro.*7\/7\s+connected.*\bok\s*$/m.test(demoDiag.stdout), 'demo-bistro: 7/7, connected, Diagnose ok after the upgrade');

	console.log('\n=== remove lisbon-alfama (connected: its endpoint at Lightspeed goes) and london-soho (with its credentials)');
	const endpoints = async () => (await sandbox('GET', '/_admin/state')).webhookEndpoints.map((e) => e.endpointId);
	check((await endpoints()).includes('qodeup-lisbon-alfama'), 'the sandbox has the endpoint qodeup-lisbon-alfama before');
	const removed = await merchant(['remove', 'lisbon-alfama']);
	check(removed.code === 0 && /ledger kept: 1 payment row/.test(removed.stdout), 'remove lisbon-alfama exits 0 and keeps its ledger row', removed.stderr);
	check(!(await endpoints()).includes('qodeup-lisbon-alfama'), 'its webhook endpoint is gone from Lightspeed (the sandbox)');
	const lisbonLeft = (await api.listWorkflows()).filter((w) => w.name.startsWith('Tasca Lisboa — '));
	check(lisbonLeft.length === 7 && lisbonLeft.every((w) => w.isArchived && !w.active), 'its seven workflows are unpublished and archived');
	const gone = await qodeupRequest({ webhookBase, secret: lisbonSecret, method: 'GET', path: 'qodeup/lisbon-alfama/tables' });
	check(gone.status === 404, 'Qodeup requests for lisbon-alfama are no longer answered (404)', `${gone.status}`);
	const removedLondon = await merchant(['remove', 'london-soho', '--delete-credentials']);
	check(removedLondon.code === 0 && /credential .* deleted/.test(removedLondon.stdout), 'remove london-soho --delete-credentials exits 0', removedLondon.stderr);
	check(!(await api.getCredential(credOf('london-soho'))), "london-soho's Lightspeed credential is deleted");
	const listed2 = await merchant(['list', '--no-diagnose']);
	check(/lisbon-alfama.*removed/.test(listed2.stdout) && /london-soho.*removed/.test(listed2.stdout), 'list shows both as removed');
	const readd = await merchant(['add', files.lisbon, '--fleet', files.fleet]);
	check(readd.code === 1 && /was removed/.test(readd.stderr), 'adding a removed integration id again is refused');
	const demoStill = await qodeupRequest({ webhookBase, secret: demoSecret, method: 'GET', path: 'qodeup/demo-bistro/tables' });
	check(demoStill.status === 200, 'demo-bistro still answers after the removals');

	const failed = checks.filter((c) => !c.ok);
	console.log(`\n${checks.length - failed.length}/${checks.length} checks passed${failed.length ? `; FAILED:\n${failed.map((c) => `  - ${c.what}${c.detail ? ` (${c.detail})` : ''}`).join('\n')}` : ''}`);
	return failed.length ? 1 : 0;
}

let code = 1;
try {
	code = await main();
} catch (err) {
	console.error(`e2e run failed: ${err.stack || err.message}`);
} finally {
	if (keep && stack) {
		console.log(`\nstack kept running: n8n ${stack.n8nUrl} (owner ${'owner@qodeup.test'}), API key in ${stack.apiKeyFile}; Ctrl-C stops it`);
		await new Promise((resolve) => process.once('SIGINT', resolve));
	}
	if (stack) await stack.stop();
	process.exit(code);
}

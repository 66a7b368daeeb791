'use strict';
// Issue 13: an operator runs several restaurants on the e2e n8n with the fleet command only
// (`npm run merchant -- …`, scripts/fleet), next to the demo restaurant the stack imported.
// An API key made as in Settings → n8n API; two merchant files (JSON, YAML); `add` for
// rua-augusta (Lisbon Alfama) and soho-kitchen (London Soho); Connect played as the editor does
// (authorization-code flow at the sandbox, scripts/fleet/connect.mjs); `activate`; Diagnose;
// payments signed with the secret `add` printed, each on its own location's check, under its own
// integrationId and called back to its own URL with its own signature; isolation between restaurants; a merchant's settings edit kept by
// `upgrade --all`; `list`; `remove`. rua-augusta is removed again at the end so the scenarios
// after this one see the demo restaurant alone, working.
const fs = require('node:fs');
const path = require('node:path');
const { pay, getTables, getTable, paymentStatus, signQodeup } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const { stackInfo } = require('../helpers/stack');
const mail = require('../helpers/mail');
const { waitFor } = require('../helpers/wait');
const { expectAnswer } = require('./support/contract');
const { LOCATION, uid, rows, openCheck, clearTable, checkById, paymentLines, payRequests, lastSeq, waitForPayment, editAndPublish } = require('./support/flows');
const fleet = require('./support/fleet');

const { RESTAURANTS } = fleet;
const DEMO = { integrationId: 'demo-bistro', name: 'Demo Bistro', location: LOCATION, client: { clientId: 'sandbox-client' }, cardPaymentMethod: 'QDCARD' };
const SETTLED = (row) => ['applied', 'failed', 'refused'].includes(row.status);
const EDITED_EMAILS = 'gerente@rua-augusta.test, dono@rua-augusta.test';

let dir;
let apiKey;
let keyFile;
let api;
const files = {};
/** What `add` gave the operator, per restaurant key (rua, soho): {secret, credentialId, diagnoseUrl}. */
const added = {};
/** Every command run: {args, code, stdout, stderr}. */
const runs = [];
const upgrades = [];
let listed;
/** Payments that landed, per restaurant key: {paymentId, checkId}. */
const landed = {};

async function merchant(...args) {
	const r = await fleet.merchant(args, keyFile);
	runs.push({ args, ...r });
	return r;
}

/** Exit code and stderr together, so a failing expectation shows why. */
const outcome = (r) => ({ exit: r.code, stderr: r.stderr.trim() });

const restaurantRow = async (integrationId) => (await rows('restaurants', { integrationId }))[0];

/** The restaurants row as the command writes it (the sweeper's connection columns left out). */
const COMMAND_COLUMNS = ['id', 'integrationId', 'name', 'businessLocationId', 'cardPaymentMethod', 'voucherPaymentMethod', 'staffId', 'notificationEmails', 'retentionDays', 'lightspeedCredentialId', 'workflows', 'templateVersion', 'templateState', 'removedAtMs'];
const commandColumns = (row) => row && Object.fromEntries(COMMAND_COLUMNS.map((c) => [c, row[c]]));

async function workflowIds(integrationId) {
	return JSON.parse((await restaurantRow(integrationId)).workflows || '{}');
}

/** The parts of n8n a command may change: workflows, credentials, restaurants rows. */
async function n8nState() {
	const workflows = (await api.workflows()).map(({ id, name, active, isArchived, versionId }) => ({ id, name, active, isArchived, versionId }));
	return {
		workflows: workflows.sort((a, b) => a.id.localeCompare(b.id)),
		credentials: (await api.credentials()).sort((a, b) => a.id.localeCompare(b.id)),
		restaurants: (await rows('restaurants')).map(commandColumns).sort((a, b) => a.id - b.id),
	};
}

const signedAs = (r, secret) => ({ integrationId: r.integrationId, secret });

beforeAll(async () => {
	await sandbox.reset(); // checks and faults only: tokens and webhook endpoints are kept
	dir = fleet.tempDir();
	apiKey = await fleet.createApiKey('fleet e2e (npm run merchant)');
	keyFile = path.join(dir, 'n8n-api-key');
	fs.writeFileSync(keyFile, `${apiKey.key}\n`, { mode: 0o600 });
	api = fleet.publicApi(apiKey.key);
	files.rua = fleet.merchantFile(dir, RESTAURANTS.rua);
	files.soho = fleet.merchantFile(dir, RESTAURANTS.soho);
	files.bad = fleet.badMerchantFile(dir);
});

afterAll(async () => {
	await sandbox.clearFaults().catch(() => {});
	try {
		// the scenarios after this one run with the demo restaurant alone
		if (added.rua && !(await restaurantRow(RESTAURANTS.rua.integrationId))?.removedAtMs) {
			const r = await merchant('remove', RESTAURANTS.rua.integrationId, '--delete-credentials');
			if (r.code !== 0) throw new Error(`cleanup: remove rua-augusta exited ${r.code}: ${r.stderr}`);
		}
	} finally {
		if (apiKey) await fleet.deleteApiKey(apiKey.id).catch(() => {});
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	}
}, 120_000);

describe('the fleet command on the e2e n8n: three restaurants', () => {
	test('a bad merchant file exits 2, names every bad field and changes nothing in n8n', async () => {
		const before = await n8nState();
		const r = await merchant('add', files.bad.file);
		expect(outcome(r)).toMatchObject({ exit: 2 });
		expect(r.stderr).toMatch(/has \d+ problems \(nothing was changed in n8n\)/);
		const named = files.bad.fields.filter((field) => new RegExp(`^\\s+${field.replace('.', '\\.')}: `, 'm').test(r.stderr));
		expect(named).toEqual(files.bad.fields);
		expect(await n8nState()).toEqual(before);
	});

	test('add onboards rua-augusta (JSON file) and soho-kitchen (YAML file): credentials, seven workflows each, the secret shown once; nothing else touched', async () => {
		const before = await n8nState();
		for (const key of ['rua', 'soho']) {
			const r = RESTAURANTS[key];
			const out = await merchant('add', files[key]);
			expect(outcome(out)).toEqual({ exit: 0, stderr: '' });
			const secret = fleet.secretOf(out.stdout);
			expect(secret).toMatch(/^[0-9a-f]{64}$/);
			expect(out.stdout.split(secret)).toHaveLength(2); // shown exactly once
			expect(out.stdout).toContain(`base URL        ${stackInfo().n8n.webhookBase}/qodeup/${r.integrationId}/`);
			expect(out.stdout).toMatch(/Lightspeed notifications: not published yet/);
			expect(out.stdout).toContain(`then: npm run merchant -- activate ${r.integrationId}`);
			added[key] = { secret, credentialId: fleet.credentialIdOf(out.stdout), diagnoseUrl: fleet.diagnoseUrlOf(out.stdout) };
			expect(added[key].diagnoseUrl).toMatch(new RegExp(`/webhook/qodeup-ops/${r.integrationId}/[0-9a-f]+/diagnose$`));

			const row = await restaurantRow(r.integrationId);
			expect(row).toMatchObject({ name: r.name, businessLocationId: String(r.location), cardPaymentMethod: r.cardPaymentMethod, notificationEmails: r.notificationEmails, lightspeedCredentialId: added[key].credentialId });
			expect(row.templateVersion).toBeTruthy();
			const ids = JSON.parse(row.workflows);
			expect(Object.keys(ids).sort()).toEqual(['notifications', 'recovery', 'requests', 'retryOrder', 'retryPayment', 'settings', 'tables']);
			const workflows = await Promise.all(Object.entries(ids).map(async ([role, id]) => [role, await api.workflow(id)]));
			for (const [role, wf] of workflows) {
				expect({ role, name: wf.name.startsWith(`${r.name} — `), active: wf.active }).toEqual({ role, name: true, active: role !== 'notifications' });
			}
		}
		expect(added.rua.secret).not.toBe(added.soho.secret);

		const after = await n8nState();
		// three restaurants now, the demo one among them
		expect(after.restaurants.filter((x) => !x.removedAtMs).map((x) => x.integrationId).sort()).toEqual(['demo-bistro', 'rua-augusta', 'soho-kitchen']);
		// the demo restaurant's and the fleet's workflows, its row and the credentials there before: as they were
		for (const wf of before.workflows) expect(after.workflows.find((w) => w.id === wf.id)).toEqual(wf);
		expect(after.restaurants.find((x) => x.integrationId === 'demo-bistro')).toEqual(before.restaurants.find((x) => x.integrationId === 'demo-bistro'));
		for (const c of before.credentials) expect(after.credentials).toContainEqual(c);
		expect(after.workflows.length - before.workflows.length).toBe(14);
	}, 180_000);

	test('Connect (authorization-code flow at the sandbox) then activate: all published, the endpoint at Lightspeed, Diagnose all ok', async () => {
		for (const key of ['rua', 'soho']) {
			const r = RESTAURANTS[key];
			expect(await fleet.connect(added[key].credentialId)).toMatchObject({ connected: true });
			const out = await merchant('activate', r.integrationId);
			expect(outcome(out)).toEqual({ exit: 0, stderr: '' });
			expect(out.stdout).toContain('Lightspeed notifications: published (endpoint registered at Lightspeed)');
			expect(out.stdout).toContain(`${r.name} is running`);
			const diagnosis = await fleet.diagnose(added[key].diagnoseUrl);
			expect({ ok: diagnosis.ok, failing: diagnosis.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`) }).toEqual({ ok: true, failing: [] });
			const ids = await workflowIds(r.integrationId);
			const inactive = [];
			for (const [role, id] of Object.entries(ids)) if (!(await api.workflow(id)).active) inactive.push(role);
			expect(inactive).toEqual([]);
		}
		const state = await sandbox.state();
		const endpoint = (id) => state.webhookEndpoints.find((e) => e.endpointId === id);
		expect(endpoint('qodeup-rua-augusta')).toMatchObject({ clientId: 'sandbox-client-lisbon', businessLocations: [RESTAURANTS.rua.location] });
		expect(endpoint('qodeup-soho-kitchen')).toMatchObject({ clientId: 'sandbox-client-london', businessLocations: [RESTAURANTS.soho.location] });
		expect(endpoint('qodeup-demo-bistro')).toMatchObject({ clientId: 'sandbox-client', businessLocations: [LOCATION] });
		// the tokens came from the code flow: each client holds its own refresh token now
		expect(state.tokens.byClient['sandbox-client-lisbon'].usableRefreshTokens).toBeGreaterThanOrEqual(1);
		expect(state.tokens.byClient['sandbox-client-london'].usableRefreshTokens).toBeGreaterThanOrEqual(1);
	}, 180_000);

	test('a payment at each of the three restaurants lands on its own location\'s check and in the ledger under its own integrationId', async () => {
		const cases = [
			{ key: 'demo', r: DEMO, secret: stackInfo().qodeup.signingSecret, table: 12 },
			{ key: 'rua', r: RESTAURANTS.rua, secret: added.rua.secret, table: 2 },
			{ key: 'soho', r: RESTAURANTS.soho, secret: added.soho.secret, table: 2 },
		];
		for (const c of cases) {
			await clearTable(c.table, c.r.location);
			c.check = await openCheck(c.table, [{ sku: 'BURGER', quantity: 1 }, { sku: 'COLA', quantity: 1 }], c.r.location); // 17.60
			c.paymentId = uid(`fleet_${c.key}`);
			const answer = await pay({ paymentId: c.paymentId, tableNumber: c.table, amount: '7.60', tipAmount: '1.00', method: 'card' }, signedAs(c.r, c.secret));
			expectAnswer('POST', 'payments', answer, 202);
		}
		const state = async () => sandbox.state();
		for (const c of cases) {
			const row = await waitForPayment(c.paymentId, { status: 'applied' }, { integrationId: c.r.integrationId });
			expect(row).toMatchObject({ integrationId: c.r.integrationId, checkId: c.check.checkId, tableNumber: String(c.table), amount: '7.60', tipAmount: '1.00' });
			expect((await rows('payments', { paymentId: c.paymentId })).map((x) => x.integrationId)).toEqual([c.r.integrationId]);
			const lines = await paymentLines(c.paymentId, c.r.integrationId);
			expect(lines.map((l) => ({ checkId: l.checkId, methodCode: l.methodCode, amount: l.amount }))).toEqual([{ checkId: c.check.checkId, methodCode: c.r.cardPaymentMethod, amount: '7.60' }]);
			const check = await checkById(c.check.checkId);
			expect(check).toMatchObject({ businessLocationId: c.r.location, remaining: '10.00' });
			const sent = (await state()).payments.find((p) => p.reference === row.reference);
			expect(sent).toMatchObject({ businessLocationId: c.r.location, checkId: c.check.checkId, clientId: c.r.client.clientId, endpointId: `qodeup-${c.r.integrationId}`, status: 'applied' });
			const status = await paymentStatus(c.paymentId, signedAs(c.r, c.secret));
			expectAnswer('GET', 'payments/{paymentId}', status, 200);
			expect(status.json).toMatchObject({ paymentId: c.paymentId, status: 'applied', checkId: c.check.checkId });
			landed[c.key] = { paymentId: c.paymentId, checkId: c.check.checkId };
		}
		// and Qodeup hears of each at that restaurant's callback URL, signed with that restaurant's secret
		for (const c of cases) {
			const where = c.key === 'demo' ? 'qodeup' : `qodeup/${c.r.integrationId}`;
			const raw = await waitFor(async () => (await mail.callbacks()).find((x) => x.body.includes(`"${c.paymentId}"`) && JSON.parse(x.body).event === 'payment.applied'), { what: `payment.applied for ${c.paymentId}` });
			const ts = raw.headers['x-qodeup-timestamp'];
			expect({ path: raw.path, signatureOk: raw.headers['x-qodeup-signature'] === signQodeup(c.secret, ts, raw.method, `callbacks/${raw.path}`, raw.body) }).toEqual({ path: where, signatureOk: true });
		}
	}, 120_000);

	test('isolation: restaurant B\'s secret on A\'s URLs → 401, B\'s URL asked for A\'s payment → 404, nothing sent, A\'s rows unchanged', async () => {
		const A = RESTAURANTS.rua;
		const B = RESTAURANTS.soho;
		const aRows = await rows('payments', { integrationId: A.integrationId });
		const seq = await lastSeq();
		const asB = signedAs(A, added.soho.secret);
		expectAnswer('GET', 'tables', await getTables(asB), 401);
		expectAnswer('GET', 'tables/{tableNumber}', await getTable(2, asB), 401);
		expectAnswer('GET', 'payments/{paymentId}', await paymentStatus(landed.rua.paymentId, asB), 401);
		expectAnswer('POST', 'payments', await pay({ paymentId: uid('fleet_b_on_a'), tableNumber: 2, amount: '1.00', method: 'card' }, asB), 401);
		// the demo restaurant's secret is no key to rua-augusta either
		expectAnswer('GET', 'tables', await getTables(signedAs(A, stackInfo().qodeup.signingSecret)), 401);

		const notHers = await paymentStatus(landed.rua.paymentId, signedAs(B, added.soho.secret));
		expectAnswer('GET', 'payments/{paymentId}', notHers, 404);
		expect(notHers.json.error).toBe('PAYMENT_NOT_FOUND');
		// B's table 2 is Soho's, with Soho's check; A's table 2 is Alfama's
		const bTable = await getTable(2, signedAs(B, added.soho.secret));
		expectAnswer('GET', 'tables/{tableNumber}', bTable, 200);
		expect(bTable.json.openChecks.map((c) => c.checkId)).toEqual([landed.soho.checkId]);
		const aTable = await getTable(2, signedAs(A, added.rua.secret));
		expect(aTable.json.openChecks.map((c) => c.checkId)).toEqual([landed.rua.checkId]);

		expect(await payRequests({ afterSeq: seq })).toEqual([]);
		expect(await rows('payments', { integrationId: A.integrationId })).toEqual(aRows);
	});

	test('isolation: the same paymentId at two restaurants is two payments, each applied on its own location\'s check; A\'s row unchanged by B\'s', async () => {
		const A = RESTAURANTS.rua;
		const B = RESTAURANTS.soho;
		await clearTable(3, A.location);
		await clearTable(3, B.location);
		const aCheck = await openCheck(3, [{ sku: 'FRIES', quantity: 2 }], A.location); // 8.40
		const bCheck = await openCheck(3, [{ sku: 'FRIES', quantity: 2 }], B.location);
		const paymentId = uid('fleet_shared');
		const body = { paymentId, tableNumber: 3, amount: '8.40', method: 'card' };

		expectAnswer('POST', 'payments', await pay(body, signedAs(A, added.rua.secret)), 202);
		await waitForPayment(paymentId, { status: 'applied' }, { integrationId: A.integrationId });
		const aRows = await rows('payments', { integrationId: A.integrationId });

		const bAnswer = await pay(body, signedAs(B, added.soho.secret));
		expectAnswer('POST', 'payments', bAnswer, 202);
		// B's own answer, not A's payment
		expect(bAnswer.json).toMatchObject({ paymentId, status: 'pending' });
		const bRow = await waitForPayment(paymentId, SETTLED, { integrationId: B.integrationId, timeoutMs: 60_000 });

		expect(await rows('payments', { integrationId: A.integrationId })).toEqual(aRows);
		expect((await rows('payments', { paymentId })).map((r) => r.integrationId).sort()).toEqual([A.integrationId, B.integrationId]);
		// Lightspeed's answer to B's pay call (a reference already used by A's payment is refused: 400)
		const bPayCalls = (await sandbox.state()).requests.filter((q) => q.path === '/o/op/1/pay' && Number(q.body?.businessLocationId) === B.location && q.body?.thirdPartyPaymentReference === bRow.reference);
		expect({ status: bRow.status, checkId: bRow.checkId, lightspeedAnswers: bPayCalls.map((q) => q.status) }).toEqual({ status: 'applied', checkId: bCheck.checkId, lightspeedAnswers: [200] });
		const checks = await Promise.all([checkById(aCheck.checkId), checkById(bCheck.checkId)]);
		expect(checks.map((c) => ({ checkId: c.checkId, paid: c.paidAmount, status: c.status }))).toEqual([
			{ checkId: aCheck.checkId, paid: '8.40', status: 'closed' },
			{ checkId: bCheck.checkId, paid: '8.40', status: 'closed' },
		]);
	}, 120_000);

	test('a merchant\'s settings edit (notification emails, in the editor, published) survives upgrade --all; a second upgrade --all changes nothing', async () => {
		const r = RESTAURANTS.rua;
		const ids = await workflowIds(r.integrationId);
		await editAndPublish(ids.settings, 'Restaurant settings', { notificationEmails: EDITED_EMAILS });
		// publishing the settings workflow saves its row
		await waitFor(async () => (await restaurantRow(r.integrationId)).notificationEmails === EDITED_EMAILS, { what: 'the settings row to hold the edited emails' });

		const first = await merchant('upgrade', '--all');
		upgrades.push(first);
		for (const heading of [`${r.name} (${r.integrationId})`, `${RESTAURANTS.soho.name} (${RESTAURANTS.soho.integrationId})`, 'Fleet']) {
			const section = fleet.upgradeSection(first.stdout, heading);
			expect({ heading, found: Boolean(section), failed: (section ?? []).filter((l) => /✗/.test(l)) }).toEqual({ heading, found: true, failed: [] });
		}
		expect(first.stderr).not.toMatch(/rua-augusta|soho-kitchen|fleet /i);
		const settings = await api.workflow(ids.settings);
		expect(settings.nodes.find((n) => n.name === 'Restaurant settings').parameters.notificationEmails).toBe(EDITED_EMAILS);
		expect(settings.active).toBe(true);
		expect((await restaurantRow(r.integrationId)).notificationEmails).toBe(EDITED_EMAILS);

		const before = await n8nState();
		const second = await merchant('upgrade', '--all');
		upgrades.push(second);
		expect(second.stdout).toMatch(/^Nothing to change/m);
		expect(second.stdout).not.toMatch(/replaced|published again|recorded/);
		expect(await n8nState()).toEqual(before);

		// the edit is the one in force: a failed payment at rua-augusta is emailed to the new address
		await sandbox.setFaults({ paymentFailure: { type: 'PAYMENT_METHOD_NOT_FOUND', count: 1 } });
		try {
			await clearTable(5, r.location);
			await openCheck(5, [{ sku: 'WATER', quantity: 2 }], r.location);
			const paymentId = uid('fleet_mail');
			expectAnswer('POST', 'payments', await pay({ paymentId, tableNumber: 5, amount: '5.00', method: 'card' }, signedAs(r, added.rua.secret)), 202);
			await waitForPayment(paymentId, { status: 'failed' }, { integrationId: r.integrationId });
			const sent = await mail.waitForMail({ to: 'dono@rua-augusta.test', text: `Qodeup payment ID: ${paymentId}` }, { timeoutMs: 45_000 });
			expect(sent.to.map((a) => a.address).sort()).toEqual(['dono@rua-augusta.test', 'gerente@rua-augusta.test']);
		} finally {
			await sandbox.clearFaults();
		}
	}, 180_000);

	test('list shows the three restaurants with their state (publication, connection, last payment, failures, Diagnose)', async () => {
		listed = await merchant('list');
		expect(outcome(listed)).toEqual({ exit: 0, stderr: '' });
		const payments = await rows('payments');
		const orders = await rows('orders');
		for (const r of [RESTAURANTS.rua, RESTAURANTS.soho]) {
			const own = payments.filter((p) => p.integrationId === r.integrationId).sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
			const failed = [...own, ...orders.filter((o) => o.integrationId === r.integrationId)].filter((x) => x.status === 'failed').length;
			const row = fleet.listRow(listed.stdout, r.integrationId);
			expect(row).toMatchObject({ name: r.name, published: '7/7', lightspeed: 'connected', failed24h: String(failed), diagnose: 'ok' });
			expect(row.lastPayment).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ ${own[0].status}$`));
		}
		const demo = fleet.listRow(listed.stdout, 'demo-bistro');
		expect(demo).toMatchObject({ name: 'Demo Bistro', lightspeed: 'connected' });
		expect(demo.published).toMatch(/^7\/7\b/);
		expect(listed.stdout).toMatch(/^Data tables: .* of 200\.0 MiB/m);
	}, 120_000);

	test('the demo restaurant the stack imported counts like the others: list runs its Diagnose, upgrade --all ends without a problem', () => {
		// the demo set is imported from workflows/ (as `npm start` does), not added by the command
		const demo = fleet.listRow(listed.stdout, 'demo-bistro');
		expect({ list: { published: demo?.published, diagnose: demo?.diagnose }, upgrades: upgrades.map(outcome) }).toEqual({
			list: { published: '7/7 (imported)', diagnose: 'ok' },
			upgrades: [{ exit: 0, stderr: '' }, { exit: 0, stderr: '' }],
		});
	});

	test('remove soho-kitchen: its webhook endpoint leaves Lightspeed, its URLs answer 404, its ledger rows stay', async () => {
		const r = RESTAURANTS.soho;
		const ids = await workflowIds(r.integrationId);
		const ledger = { payments: await rows('payments', { integrationId: r.integrationId }), orders: await rows('orders', { integrationId: r.integrationId }) };
		expect(ledger.payments.length).toBeGreaterThan(0);
		const out = await merchant('remove', r.integrationId);
		expect(outcome(out)).toEqual({ exit: 0, stderr: '' });
		expect(out.stdout).toContain(`ledger kept: ${ledger.payments.length} payment row(s), ${ledger.orders.length} order row(s) of ${r.integrationId}`);

		const endpoints = (await sandbox.state()).webhookEndpoints.map((e) => e.endpointId).sort();
		expect(endpoints).toEqual(['qodeup-demo-bistro', 'qodeup-rua-augusta']);
		const as = { ...signedAs(r, added.soho.secret), contract: false };
		const answers = {
			tables: (await getTables(as)).status,
			table: (await getTable(2, as)).status,
			payment: (await paymentStatus(landed.soho.paymentId, as)).status,
			pay: (await pay({ paymentId: uid('fleet_gone'), tableNumber: 2, amount: '1.00', method: 'card' }, as)).status,
		};
		expect(answers).toEqual({ tables: 404, table: 404, payment: 404, pay: 404 });
		expect({ payments: await rows('payments', { integrationId: r.integrationId }), orders: await rows('orders', { integrationId: r.integrationId }) }).toEqual(ledger);
		expect(Number((await restaurantRow(r.integrationId)).removedAtMs)).toBeGreaterThan(0);
		for (const id of Object.values(ids)) expect(await api.workflow(id)).toMatchObject({ active: false, isArchived: true });

		const after = await merchant('list', '--no-diagnose');
		expect(fleet.listRow(after.stdout, r.integrationId)).toMatchObject({ published: 'removed' });
		expect(fleet.listRow(after.stdout, RESTAURANTS.rua.integrationId)).toMatchObject({ published: '7/7' });
		// rua-augusta is untouched
		expectAnswer('GET', 'tables', await getTables(signedAs(RESTAURANTS.rua, added.rua.secret)), 200);
	}, 120_000);

	test('the demo restaurant still works; the API key and the signing secrets never appear where they should not', async () => {
		await clearTable(11);
		const check = await openCheck(11, [{ sku: 'TIRAMISU', quantity: 1 }]); // 6.80
		const paymentId = uid('fleet_demo_after');
		expectAnswer('POST', 'payments', await pay({ paymentId, tableNumber: 11, amount: '6.80', method: 'card' }), 202);
		expect(await waitForPayment(paymentId, { status: 'applied' })).toMatchObject({ integrationId: 'demo-bistro', checkId: check.checkId });
		expect((await checkById(check.checkId)).status).toBe('closed');
		expectAnswer('GET', 'tables', await getTables(), 200);

		const printed = (needle) => runs.filter((r) => `${r.stdout}${r.stderr}`.includes(needle)).map((r) => r.args.join(' '));
		expect(printed(apiKey.key)).toEqual([]);
		expect(printed(added.rua.secret)).toEqual([`add ${files.rua}`]);
		expect(printed(added.soho.secret)).toEqual([`add ${files.soho}`]);
	}, 60_000);
});

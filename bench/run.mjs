#!/usr/bin/env node
// `npm run bench`: table lookup and payment acceptance, side by side, on ONE real stack
// (n8n 2.41.1 with this package installed from its tarball, the Lightspeed sandbox with a fixed
// injected latency per API call):
//   (a) this package's templates      GET /webhook/qodeup/demo-bistro/tables, POST …/payments
//                                      (workflows/: the demo restaurant's six workflows + the fleet's three)
//   (b) core-nodes fixtures            bench/fixtures/core-*.json (Webhook + Code + HTTP Request + Data table),
//                                      the same Lightspeed calls, ledger lifecycle and answers as (a)
//   (c) the floor                      the same Lightspeed calls made directly (no n8n)
// at concurrency 1, 4, 16, 32, interleaved per level. Prints a table, the ratios and PASS/MISS
// per target, counts Lightspeed calls per request from the sandbox's request log and token
// refreshes after an expiry, writes bench/results/latest.json. See BENCHMARKS.md.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../scripts/lib/stack.mjs';
import { BENCH_PORTS, FIXTURE_API_BASE, LOCATION_ID, CORE_SIGNING_SECRET, INTEGRATION_ID, LEDGER_TABLE } from './lib/constants.mjs';
import { ANCHOR_PATH, VARIANTS, VARIANT_NAMES } from './lib/targets.mjs';
import { processTree } from './lib/procTree.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

const HELP = `npm run bench [-- options]

  --requests N        measured requests per cell (default 300)
  --warmup N          warm-up requests per cell, not recorded (default max(20, 2×C))
  --global-warmup N   warm-up requests per n8n row at C=4 before the matrix (default 100)
  --levels 1,4,16,32  concurrency levels
  --reps R            repeat the whole matrix R times; the table shows the median (default 1)
  --latency MS        injected Lightspeed latency per API call (sandbox fault latencyMs, default 50)
  --pos-delay MS      sandbox POS processing delay for payments (default 200)
  --cell-seconds S    deadline per cell: no request is started after it (default 120)
  --max-minutes M     deadline for the whole matrix; remaining cells are skipped (default 45)
  --only lookup|pay   one flow only
  --no-anchor         leave out the anchor row (m): n8n's minimal Webhook → HTTP Request → Respond
                      flow (no expression, no credential), measured next to the lookups
  --experiments       add row d (the previous round's core-nodes build: floor plans read on every
                      lookup, payments without claim or in-flight count) to both flows, and the
                      what-if row x to the lookups (the template's Lightspeed node between a core
                      Webhook and a core Respond); see BENCHMARKS.md
  --what-if W         (experiments) plain-credential: the installed package's Lightspeed credential
                      with literal Authorization URL, Access Token URL and Scope instead of its
                      three hidden $self expressions (proposal P4; n8n restarted once after the
                      patch); route-alone: add row y to the payments, the template's payment route alone in a workflow
  --n8n-env K=V       extra environment for n8n (repeatable), e.g. N8N_EXPRESSION_ENGINE=legacy;
                      the default run changes nothing but NODE_FUNCTION_ALLOW_BUILTIN=crypto
  --no-build          use the existing dist/ (default: npm run build first, as the harness does)
  --out FILE          results file (default bench/results/latest.json)
  --keep              leave the stack running at the end (Ctrl-C stops it)
  --serve             only start the stack (latency fault set, floor token minted), write
                      .run/bench/serve.json and wait for Ctrl-C: for bench/profile.mjs and by-hand runs
Ports: ${Object.entries(BENCH_PORTS).map(([k, v]) => `${k} ${v}`).join(', ')} (QODEUP_BENCH_<NAME>_PORT overrides).`;

function parseArgs(argv) {
	const o = {
		requests: 300, warmup: null, globalWarmup: 100, levels: [1, 4, 16, 32], reps: 1, latency: 50, posDelay: 200,
		cellSeconds: 120, maxMinutes: 45, only: null, build: true, anchor: true, whatIf: [], experiments: false, n8nEnv: {}, out: path.join(HERE, 'results', 'latest.json'), keep: false,
	};
	const num = (v, name) => {
		const n = Number(v);
		if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: not a number (${v})`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => argv[++i];
		if (a === '--help' || a === '-h') {
			console.log(HELP);
			process.exit(0);
		} else if (a === '--requests') o.requests = num(next(), a);
		else if (a === '--warmup') o.warmup = num(next(), a);
		else if (a === '--global-warmup') o.globalWarmup = num(next(), a);
		else if (a === '--levels') o.levels = next().split(',').map((x) => num(x, a));
		else if (a === '--reps') o.reps = Math.max(1, num(next(), a));
		else if (a === '--latency') o.latency = num(next(), a);
		else if (a === '--pos-delay') o.posDelay = num(next(), a);
		else if (a === '--cell-seconds') o.cellSeconds = num(next(), a);
		else if (a === '--max-minutes') o.maxMinutes = num(next(), a);
		else if (a === '--only') o.only = next();
		else if (a === '--no-build') o.build = false;
		else if (a === '--no-anchor') o.anchor = false;
		else if (a === '--experiments') o.experiments = true;
		else if (a === '--what-if') o.whatIf.push(next());
		else if (a === '--n8n-env') {
			const kv = next() || '';
			const eq = kv.indexOf('=');
			if (eq < 1) throw new Error(`--n8n-env KEY=VALUE (got ${kv})`);
			o.n8nEnv[kv.slice(0, eq)] = kv.slice(eq + 1);
		}
		else if (a === '--out') o.out = path.resolve(next());
		else if (a === '--keep') o.keep = true;
		else if (a === '--serve') o.serve = true;
		else throw new Error(`unknown option ${a} (see --help)`);
	}
	if (o.requests < 1 || o.requests > 5000) throw new Error('--requests must be 1..5000 (the sandbox keeps the last 2000 requests)');
	if (o.levels.some((c) => c < 1 || c > 64)) throw new Error('--levels must be 1..64');
	if (o.only && !['lookup', 'pay'].includes(o.only)) throw new Error('--only lookup|pay');
	for (const w of o.whatIf) if (!['plain-credential', 'route-alone'].includes(w)) throw new Error(`--what-if plain-credential|route-alone (got ${w})`);
	return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (s) => process.stdout.write(`${s}\n`);
const note = (s) => process.stderr.write(`[bench] ${s}\n`);

// --- machine and process measurements ----------------------------------------------------------

function sh(cmd, args) {
	try {
		return execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000 }).trim();
	} catch {
		return null;
	}
}

function machineInfo(runtimeNode) {
	const cpus = os.cpus();
	let n8nVersion = null;
	try {
		const harness = path.join(process.env.QODEUP_N8N_CACHE || path.join(os.homedir(), '.cache', 'qodeup-n8n'), 'harness');
		n8nVersion = JSON.parse(fs.readFileSync(path.join(harness, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	} catch {
		/* unknown */
	}
	return {
		hostname: os.hostname(),
		nproc: Number(sh('nproc', [])) || cpus.length,
		cpuModel: cpus[0]?.model?.trim() || null,
		memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
		kernel: os.release(),
		nodeRunner: process.version,
		nodeN8n: runtimeNode ? sh(runtimeNode, ['--version']) : null,
		n8nVersion,
		packageVersion: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
		gitCommit: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
		gitDirty: Boolean(sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'nodes', 'credentials', 'workflows', 'bench'])),
	};
}

const loadavg = () => os.loadavg().map((x) => +x.toFixed(2));
const CLK_TCK = Number(sh('getconf', ['CLK_TCK'])) || 100;

/** CPU ms (user+sys, including reaped children) of a process tree, and the max RSS seen in it. */
function treeCpu(root) {
	let ticks = 0;
	let rssKiB = 0;
	if (!root) return { ms: 0, rssMiB: 0 };
	for (const pid of processTree(root)) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			rssKiB += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] || 0);
		} catch {
			/* gone */
		}
	}
	return { ms: (ticks * 1000) / CLK_TCK, rssMiB: Math.round(rssKiB / 1024) };
}

/** Whole-machine busy CPU ms (all cores) from /proc/stat. */
function machineCpu() {
	const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const idle = line[3] + (line[4] || 0);
	const total = line.reduce((s, x) => s + x, 0);
	return { busyMs: ((total - idle) * 1000) / CLK_TCK };
}

// --- the sandbox ----------------------------------------------------------------------------

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

/** Kinds of Lightspeed calls, by path. */
function callKind(entry) {
	const p = entry.path;
	if (p.endsWith('/openid-connect/token')) return entry.body?.grant_type === 'refresh_token' ? 'token:refresh' : `token:${entry.body?.grant_type || '?'}`;
	if (/\/floorplans$/.test(p)) return 'floorplans';
	if (p === '/o/op/1/order/table/getCheck') return 'openChecks';
	if (/\/order\/table\/\d+\/getCheck$/.test(p)) return 'tableCheck';
	if (/\/order\/accounts\//.test(p)) return 'check';
	if (p === '/o/op/1/pay') return 'pay';
	return p;
}

/** Requests the sandbox logged after `seq` (API and OAuth, not admin), summarised. */
function requestsSince(store, seq) {
	const entries = store.requests.filter((r) => r.seq > seq);
	const complete = store.requestSeq - seq === entries.length;
	const byKind = {};
	let unauthorized = 0;
	for (const e of entries) {
		const k = callKind(e);
		byKind[k] = (byKind[k] || 0) + 1;
		if (e.status === 401) unauthorized++;
	}
	const apiEntries = entries.filter((e) => !e.path.includes('/openid-connect/'));
	// a call answered 401 (expired token) is repeated after the refresh: counted apart
	const api = apiEntries.filter((e) => e.status !== 401).length;
	return { total: entries.length, api, apiIncluding401: apiEntries.length, byKind, unauthorized, complete };
}

/** Waits until the sandbox has no payment waiting for the POS and no webhook waiting for delivery. */
async function quiesce(store, { timeoutMs = 60_000, settleMs = 1500 } = {}) {
	const t0 = Date.now();
	for (;;) {
		const queued = [...store.payments.values()].filter((p) => p.status === 'queued').length;
		const pending = store.webhooks.filter((w) => w.result === 'pending').length;
		if (!queued && !pending) break;
		if (Date.now() - t0 > timeoutMs) {
			note(`still ${queued} queued payment(s) and ${pending} pending webhook(s) after ${timeoutMs / 1000}s; going on`);
			break;
		}
		await sleep(200);
	}
	await sleep(settleMs);
}

/**
 * Waits until n8n has nothing left to do from the last cell (outcome notifications, recovery,
 * execution saving), so the row measured next does not pay for it in latency or CPU per
 * request. Idle: n8n's process tree under 10 % of one core for two consecutive seconds (the
 * sweeper's short turns stay below that). Returns how long it waited.
 */
async function waitUntilN8nIdle(pid, { timeoutMs = 120_000, idlePct = 10 } = {}) {
	if (!pid) return 0;
	const t0 = Date.now();
	let quiet = 0;
	let last = treeCpu(pid).ms;
	while (quiet < 2) {
		await sleep(1000);
		const now = treeCpu(pid).ms;
		quiet = now - last < idlePct * 10 ? quiet + 1 : 0;
		last = now;
		if (Date.now() - t0 > timeoutMs) {
			note(`n8n still busy after ${timeoutMs / 1000}s; going on`);
			break;
		}
	}
	return Date.now() - t0;
}

let runSeq = 0;
const RUN_ID = Date.now().toString(36);

/** Opens one fresh check per payment (distinct checks), each far above the payment's amount. */
async function openPaymentChecks(sandboxUrl, count, label) {
	const out = [];
	for (let i = 0; i < count; i++) {
		const tableNumber = 1 + (i % 14);
		const check = await admin(sandboxUrl, 'POST', '/_admin/checks', {
			businessLocationId: LOCATION_ID,
			tableNumber,
			lines: [{ sku: 'BURGER', quantity: 1 }],
		});
		runSeq++;
		out.push({ paymentId: `b${RUN_ID}_${label}_${runSeq}`, checkId: check.checkId, tableNumber, amount: '1.00' });
	}
	return out;
}

/**
 * After a payment cell: back to the seeded floor, so the lookups never see the payment checks.
 * `POST /_admin/reset` reseeds the checks without a notification (closing 300 checks would send
 * 300 CLOSED webhooks to n8n and keep it busy into the next cell); tokens and webhook endpoints
 * are kept, the faults are cleared, so the latency is set again.
 */
async function clearPaymentChecks(ctx) {
	await admin(ctx.sandboxUrl, 'POST', '/_admin/reset', {});
	await admin(ctx.sandboxUrl, 'POST', '/_admin/faults', { latencyMs: ctx.opts.latency });
}

// --- exactly-once, counted ------------------------------------------------------------------

/**
 * What Lightspeed booked for a pay cell's payments (warm-up included), read from the sandbox
 * before it is reset: each payment has a fresh check of its own, so a check must carry exactly
 * one payment line of the payment's amount — none is a payment lost or refused, two or more a
 * payment applied twice, more paid than due an overpaid check.
 */
function paymentsOnTheChecks(store, payments) {
	const out = { payments: payments.length, once: 0, none: 0, twiceOrMore: 0, overpaid: 0 };
	for (const p of payments) {
		const check = store.checks.get(p.checkId);
		const lines = check ? check.payments : [];
		if (lines.length === 1) out.once++;
		else if (lines.length === 0) out.none++;
		else out.twiceOrMore++;
		if (check && store.totals(check).remaining < 0) out.overpaid++;
	}
	return out;
}

/**
 * The ledger rows of every payment the run sent, per row (a, b, d): how many rows each payment id
 * has (one) and their statuses (all `applied` once the outcomes are in). Read over n8n's REST
 * API (the Data table's rows, 250 a page), filtered by the run's payment-id prefix.
 */
async function ledgerTally(rest, paymentsSent) {
	const projectId = await rest.personalProjectId();
	const list = await rest.call('GET', `/rest/projects/${projectId}/data-tables?take=500`);
	const table = (list.data || list).find((t) => t.name === LEDGER_TABLE);
	if (!table) return { error: `no Data table ${LEDGER_TABLE}` };
	const rows = [];
	const filter = encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'paymentId', condition: 'like', value: `b${RUN_ID}_%` }] }));
	for (let skip = 0; ; skip += 250) {
		const page = await rest.call('GET', `/rest/projects/${projectId}/data-tables/${table.id}/rows?take=250&skip=${skip}&filter=${filter}`);
		const data = page.data || [];
		rows.push(...data);
		if (data.length < 250) break;
	}
	const byId = new Map();
	for (const r of rows) byId.set(r.paymentId, [...(byId.get(r.paymentId) || []), r]);
	const out = {};
	for (const { variant, paymentId } of paymentsSent) {
		if (variant === 'c') continue;
		const t = (out[variant] ??= { payments: 0, rows: 0, missing: 0, duplicated: 0, statuses: {}, integrationIds: {} });
		const mine = byId.get(paymentId) || [];
		t.payments++;
		t.rows += mine.length;
		if (!mine.length) t.missing++;
		if (mine.length > 1) t.duplicated++;
		for (const r of mine) {
			t.statuses[r.status || '(empty)'] = (t.statuses[r.status || '(empty)'] || 0) + 1;
			t.integrationIds[r.integrationId] = (t.integrationIds[r.integrationId] || 0) + 1;
		}
	}
	return out;
}

// --- the anchor (m) -------------------------------------------------------------------------

/**
 * Creates and publishes the anchor workflow over REST (it needs the floor's bearer token, which
 * exists only once the sandbox runs): core Webhook → HTTP Request (static URL and header) →
 * Respond to Webhook, no expression, no credential — n8n's smallest "webhook → API → answer"
 * flow, measured in the same run to show what n8n itself costs on this machine right now.
 */
async function createAnchor(rest, sandboxUrl, token, n8nUrl) {
	const wf = {
		name: 'Bench (m): minimal anchor, Webhook → HTTP Request → Respond',
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-300000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: 'b0c0de00-0000-4000-8000-000000000003',
				parameters: { httpMethod: 'GET', path: ANCHOR_PATH, responseMode: 'responseNode', options: {} },
			},
			{
				id: 'b0000000-0000-4000-8000-300000000002',
				name: 'Open checks',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					url: `${sandboxUrl}/o/op/1/order/table/getCheck?businessLocationId=${LOCATION_ID}`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
					options: {},
				},
			},
			{
				id: 'b0000000-0000-4000-8000-300000000003',
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.5,
				position: [440, 0],
				parameters: { respondWith: 'allIncomingItems', options: {} },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Open checks', type: 'main', index: 0 }]] },
			'Open checks': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	const created = await rest.call('POST', '/rest/workflows', wf);
	await rest.publish(created.id);
	for (let i = 0; i < 100; i++) {
		const res = await fetch(`${n8nUrl}/webhook/${ANCHOR_PATH}`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
		if (res?.status === 200) return created.id;
		await sleep(300);
	}
	throw new Error('the anchor workflow did not answer 200');
}

// --- one cell -------------------------------------------------------------------------------

/**
 * Runs the worker for one cell. Between warm-up and the measured phase it snapshots the sandbox
 * request log and the CPU counters, so the per-request figures cover the measured phase only.
 */
function runWorker(ctx, cfg) {
	const cfgFile = path.join(ctx.runDir, `cell-${cfg.variant}-${cfg.flow}-c${cfg.concurrency}.json`);
	fs.writeFileSync(cfgFile, JSON.stringify(cfg), { mode: 0o600 });
	return new Promise((resolve, reject) => {
		const child = spawn(ctx.node, [path.join(HERE, 'worker.mjs'), cfgFile], { stdio: ['pipe', 'pipe', 'pipe'] });
		const hardTimeout = setTimeout(() => child.kill('SIGTERM'), (cfg.maxSeconds * 2 + 120) * 1000);
		let buf = '';
		let stderr = '';
		let snap = null;
		let result = null;
		child.stderr.on('data', (d) => (stderr += d));
		child.stdout.on('data', (d) => {
			buf += d;
			let nl;
			while ((nl = buf.indexOf('\n')) >= 0) {
				const line = buf.slice(0, nl);
				buf = buf.slice(nl + 1);
				let ev;
				try {
					ev = JSON.parse(line);
				} catch {
					continue;
				}
				if (ev.event === 'measure-start') {
					snap = {
						seq: ctx.store.requestSeq,
						n8n: treeCpu(ctx.n8nPid),
						runner: process.cpuUsage(),
						machine: machineCpu(),
						at: process.hrtime.bigint(),
					};
					child.stdin.write('go\n');
				} else if (ev.event === 'result') {
					const n8n = treeCpu(ctx.n8nPid);
					const runner = process.cpuUsage(snap.runner);
					const machine = machineCpu();
					const wallMs = Number(process.hrtime.bigint() - snap.at) / 1e6;
					result = {
						...ev,
						calls: requestsSince(ctx.store, snap.seq),
						cpu: {
							n8nMs: Math.round(n8n.ms - snap.n8n.ms),
							n8nRssMiB: n8n.rssMiB,
							sandboxAndRunnerMs: Math.round((runner.user + runner.system) / 1000),
							machineBusyPct: Math.round(((machine.busyMs - snap.machine.busyMs) / wallMs) * 100),
							wallMs: Math.round(wallMs),
						},
					};
				} else if (ev.event === 'error') {
					stderr += ev.message;
				}
			}
		});
		child.on('close', (code) => {
			clearTimeout(hardTimeout);
			fs.rmSync(cfgFile, { force: true });
			if (result) resolve(result);
			else reject(new Error(`worker ${cfg.variant}/${cfg.flow}/C=${cfg.concurrency} failed (exit ${code}): ${stderr.slice(-2000)}`));
		});
		child.on('error', reject);
	});
}

async function runCell(ctx, { variant, flow, concurrency, requests, warmup }) {
	const loadBefore = loadavg();
	let payments;
	if (flow === 'pay') payments = await openPaymentChecks(ctx.sandboxUrl, warmup + requests, `${variant}${concurrency}`);
	const cfg = {
		variant, flow, concurrency, requests, warmup,
		maxSeconds: ctx.opts.cellSeconds,
		waitForGo: true,
		n8nUrl: ctx.n8nUrl,
		sandboxUrl: ctx.sandboxUrl,
		secretA: ctx.secretA,
		secretB: CORE_SIGNING_SECRET,
		floorToken: ctx.floorToken,
		payments,
	};
	const res = await runWorker(ctx, cfg);
	await quiesce(ctx.store);
	if (payments) {
		res.onTheChecks = paymentsOnTheChecks(ctx.store, payments);
		ctx.paymentsSent.push(...payments.map((p) => ({ variant, paymentId: p.paymentId })));
		await clearPaymentChecks(ctx);
	}
	res.idleWaitMs = await waitUntilN8nIdle(ctx.n8nPid);
	res.loadavg = { before: loadBefore, after: loadavg() };
	res.callsPerRequest = res.n ? +(res.calls.api / res.n).toFixed(2) : null;
	res.floorplanCalls = (res.calls.byKind.floorplans || 0);
	res.callsPerRequestCached = res.n ? +((res.calls.api - res.floorplanCalls) / res.n).toFixed(2) : null;
	res.n8nCpuMsPerRequest = variant === 'c' || !res.n ? null : +(res.cpu.n8nMs / res.n).toFixed(1);
	return res;
}

// --- summarising ----------------------------------------------------------------------------

const median = (xs) => {
	const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
	if (!s.length) return null;
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : +((s[m - 1] + s[m]) / 2).toFixed(1);
};

function summarise(cells) {
	const groups = new Map();
	for (const c of cells) {
		const k = `${c.flow}|${c.concurrency}|${c.variant}`;
		if (!groups.has(k)) groups.set(k, []);
		groups.get(k).push(c);
	}
	const rows = [];
	for (const [k, list] of groups) {
		const [flow, concurrency, variant] = k.split('|');
		rows.push({
			flow,
			concurrency: Number(concurrency),
			variant,
			reps: list.length,
			p50: median(list.map((c) => c.p50)),
			p95: median(list.map((c) => c.p95)),
			p99: median(list.map((c) => c.p99)),
			rps: median(list.map((c) => c.rps)),
			n: list.reduce((s, c) => s + c.n, 0),
			bad: list.reduce((s, c) => s + c.bad + c.errors, 0),
			callsPerRequest: median(list.map((c) => c.callsPerRequest)),
			callsPerRequestCached: median(list.map((c) => c.callsPerRequestCached)),
			floorplanCalls: list.reduce((s, c) => s + c.floorplanCalls, 0),
			callKinds: list[0].calls.byKind,
			n8nCpuMsPerRequest: median(list.map((c) => c.n8nCpuMsPerRequest)),
			machineBusyPct: median(list.map((c) => c.cpu.machineBusyPct)),
			load1: median(list.map((c) => c.loadavg.before[0])),
			truncated: list.some((c) => c.truncated),
			onTheChecks: list[0].onTheChecks,
		});
	}
	const order = { lookup: 0, pay: 1 };
	rows.sort((a, b) => order[a.flow] - order[b.flow] || a.concurrency - b.concurrency || a.variant.localeCompare(b.variant));
	return rows;
}

const fmt = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
const ratio = (x, y) => (x && y ? +(x / y).toFixed(2) : null);

function ratiosOf(rows) {
	const get = (flow, c, v) => rows.find((r) => r.flow === flow && r.concurrency === c && r.variant === v);
	const out = [];
	for (const flow of ['lookup', 'pay']) {
		for (const c of [...new Set(rows.filter((r) => r.flow === flow).map((r) => r.concurrency))]) {
			const a = get(flow, c, 'a');
			const b = get(flow, c, 'b');
			const fl = get(flow, c, 'c');
			const m = get(flow, c, 'm');
			if (!a) continue;
			out.push({
				flow,
				concurrency: c,
				aOverC: fl ? { p50: ratio(a.p50, fl.p50), p95: ratio(a.p95, fl.p95), p99: ratio(a.p99, fl.p99), plusMsP50: +(a.p50 - fl.p50).toFixed(1) } : null,
				aOverB: b ? { p50: ratio(a.p50, b.p50), p95: ratio(a.p95, b.p95), p99: ratio(a.p99, b.p99), rps: ratio(a.rps, b.rps), cpu: ratio(a.n8nCpuMsPerRequest, b.n8nCpuMsPerRequest) } : null,
				aOverM: m ? { p50: ratio(a.p50, m.p50), rps: ratio(a.rps, m.rps), cpu: ratio(a.n8nCpuMsPerRequest, m.n8nCpuMsPerRequest) } : null,
			});
		}
	}
	return out;
}

/** Issue 14's targets (and the call counts of the issue before it), from the rows of this run. */
function targetsOf(rows, refresh, exactlyOnce, cells = []) {
	const get = (flow, c, v) => rows.find((r) => r.flow === flow && r.concurrency === c && r.variant === v);
	const t = [];
	const la = get('lookup', 16, 'a');
	const lb = get('lookup', 16, 'b');
	if (la && lb) {
		const x = ratio(la.rps, lb.rps);
		t.push({
			id: 'lookup-c16-throughput',
			target: 'table lookup, C=16: ≥ 1.3× the throughput of core nodes (b)',
			pass: x >= 1.3,
			detail: `${fmt(la.rps)} vs ${fmt(lb.rps)} req/s = ×${fmt(x, 2)}${x < 1.3 ? ` (missed: ${fmt(1.3 * lb.rps - la.rps)} req/s short of 1.3×)` : ''}`,
		});
	}
	const pa = get('pay', 16, 'a');
	const pb = get('pay', 16, 'b');
	if (pa && pb) {
		const x = ratio(pa.rps, pb.rps);
		t.push({
			id: 'pay-c16-throughput',
			target: 'payment, C=16: ≥ 1.0× the throughput of core nodes (b)',
			pass: x >= 1,
			detail: `${fmt(pa.rps)} vs ${fmt(pb.rps)} req/s = ×${fmt(x, 2)}${x < 1 ? ` (missed: ${fmt(pb.rps - pa.rps)} req/s short)` : ''}`,
		});
		// with repetitions, the median must be lower and so must every repetition's own pair
		const repsOf = (v) => cells.filter((c) => c.flow === 'pay' && c.concurrency === 16 && c.variant === v);
		const pairs = repsOf('a').map((ca) => [ca, repsOf('b').find((cb) => cb.rep === ca.rep)]).filter(([, cb]) => cb);
		const repsLower = pairs.filter(([ca, cb]) => ca.p95 < cb.p95).length;
		const perRep = pairs.length > 1 ? `; per repetition ${pairs.map(([ca, cb]) => `${fmt(ca.p95)} vs ${fmt(cb.p95)}`).join(', ')} (lower in ${repsLower} of ${pairs.length})` : '';
		t.push({
			id: 'pay-c16-p95',
			target: 'payment, C=16: lower p95 than core nodes (b)',
			pass: pa.p95 < pb.p95 && repsLower === pairs.length,
			detail: `${fmt(pa.p95)} vs ${fmt(pb.p95)} ms${pa.p95 >= pb.p95 ? ` (missed by ${fmt(pa.p95 - pb.p95)} ms)` : ''}${perRep}`,
		});
		t.push({
			id: 'pay-c16-cpu',
			target: 'payment, C=16: n8n CPU per payment ≤ core nodes (b)',
			pass: pa.n8nCpuMsPerRequest <= pb.n8nCpuMsPerRequest,
			detail: `${fmt(pa.n8nCpuMsPerRequest)} vs ${fmt(pb.n8nCpuMsPerRequest)} ms${pa.n8nCpuMsPerRequest > pb.n8nCpuMsPerRequest ? ` (missed by ${fmt(pa.n8nCpuMsPerRequest - pb.n8nCpuMsPerRequest)} ms)` : ''}`,
		});
	}
	if (exactlyOnce) {
		for (const v of ['a', 'b']) {
			const c = exactlyOnce.onTheChecks?.[v];
			const l = exactlyOnce.ledger?.[v];
			if (!c) continue;
			const ledgerOk = l && !l.missing && !l.duplicated && (l.statuses.applied || 0) === l.payments;
			t.push({
				id: `pay-exactly-once-${v}`,
				target: `payment (${v}): every payment booked once, no check overpaid, one ledger row each, all applied`,
				pass: c.once === c.payments && !c.overpaid && Boolean(ledgerOk),
				detail: `${c.once}/${c.payments} booked once, ${c.none} not booked, ${c.twiceOrMore} twice or more, ${c.overpaid} overpaid; ledger ${l ? `${l.rows} rows for ${l.payments} ids (${l.missing} missing, ${l.duplicated} duplicated), ${JSON.stringify(l.statuses)}` : 'not read'}`,
			});
		}
	}
	const lookups = rows.filter((r) => r.flow === 'lookup' && r.variant === 'a');
	if (lookups.length) {
		const worst = Math.max(...lookups.map((r) => r.callsPerRequestCached));
		const all = Math.max(...lookups.map((r) => r.callsPerRequest));
		const fp = lookups.reduce((s, r) => s + r.floorplanCalls, 0);
		t.push({
			id: 'lookup-calls',
			target: 'table lookup: ≤ 1 Lightspeed call per request when the floor plans are cached',
			pass: worst <= 1,
			detail: `max ${fmt(worst, 2)} calls/request without floor-plan reads; with them max ${fmt(all, 2)} (${fp} floor-plan read(s) in all measured lookups: the node caches them 300 s)`,
		});
	}
	const pays = rows.filter((r) => r.flow === 'pay' && r.variant === 'a');
	if (pays.length) {
		const worst = Math.max(...pays.map((r) => r.callsPerRequest));
		t.push({ id: 'pay-calls', target: 'payment: ≤ 2 Lightspeed calls per request', pass: worst <= 2, detail: `max ${fmt(worst, 2)} calls/request over all levels` });
	}
	if (refresh?.a) {
		t.push({
			id: 'refresh-coalesced',
			target: 'token expired, 16 concurrent lookups: one refresh',
			pass: refresh.a.refreshes === 1 && refresh.a.ok === refresh.a.sent,
			detail: `${refresh.a.refreshes} refresh_token grant(s), ${refresh.a.ok}/${refresh.a.sent} answered 200`,
		});
	}
	return t;
}

function printReport(result) {
	const { rows, ratios, targets, refresh, machine, settings } = result;
	say('');
	say(`Machine: ${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, kernel ${machine.kernel}; n8n ${machine.n8nVersion} on Node ${machine.nodeN8n}; runner/loadgen Node ${machine.nodeRunner}`);
	say(`n8n environment set by the benchmark: ${Object.entries(settings.n8nEnv).filter(([k]) => k !== 'note').map(([k, v]) => `${k}=${v}`).join(' ')} (everything else: n8n defaults, NODE_ENV=production)`);
	say(`Lightspeed latency ${settings.latencyMs} ms per API call; ${settings.requests} measured requests per cell (warm-up ${settings.warmup}); reps ${settings.reps}; load average at start ${result.loadavg.start.join(' ')}, at end ${result.loadavg.end.join(' ')}`);
	say('');
	say('| flow | C | variant | p50 ms | p95 ms | p99 ms | req/s | ok | LS calls/req | n8n CPU ms/req | machine busy | load1 |');
	say('|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const r of rows) {
		say(
			`| ${r.flow} | ${r.concurrency} | ${r.variant} ${VARIANT_NAMES[r.variant]} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.rps)}${r.truncated ? ' (deadline)' : ''} | ${r.n - r.bad}/${r.n} | ${fmt(r.callsPerRequest, 2)} | ${fmt(r.n8nCpuMsPerRequest)} | ${fmt(r.machineBusyPct, 0)}% | ${fmt(r.load1, 2)} |`,
		);
	}
	say('');
	say('| flow | C | a/c p50 | a/c p95 | a − c p50 ms | a/b p50 | a/b p95 | a/b req/s | a/b CPU | a/m req/s | a/m CPU |');
	say('|---|---|---|---|---|---|---|---|---|---|---|');
	for (const x of ratios) {
		say(
			`| ${x.flow} | ${x.concurrency} | ${fmt(x.aOverC?.p50, 2)} | ${fmt(x.aOverC?.p95, 2)} | ${fmt(x.aOverC?.plusMsP50)} | ${fmt(x.aOverB?.p50, 2)} | ${fmt(x.aOverB?.p95, 2)} | ${fmt(x.aOverB?.rps, 2)} | ${fmt(x.aOverB?.cpu, 2)} | ${fmt(x.aOverM?.rps, 2)} | ${fmt(x.aOverM?.cpu, 2)} |`,
		);
	}
	say('');
	if (refresh) {
		for (const v of ['a', 'b']) {
			const r = refresh[v];
			if (!r) continue;
			say(`Token refresh (${v} ${VARIANT_NAMES[v]}): access tokens expired, ${r.sent} concurrent lookups → ${r.refreshes} refresh_token grant(s), ${r.unauthorized} API 401(s), ${r.ok}/${r.sent} answered 200, p50 ${fmt(r.p50)} ms, max ${fmt(r.max)} ms`);
		}
		say('');
	}
	say('Targets:');
	for (const t of targets) say(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${t.detail}`);
	say('');
}

// --- main -----------------------------------------------------------------------------------

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const portEnv = (name, dflt) => Number(process.env[`QODEUP_BENCH_${name}_PORT`] || dflt);
	const ports = {
		n8n: portEnv('N8N', BENCH_PORTS.n8n),
		broker: portEnv('BROKER', BENCH_PORTS.broker),
		sandbox: portEnv('SANDBOX', BENCH_PORTS.sandbox),
		smtp: portEnv('SMTP', BENCH_PORTS.smtp),
		mail: portEnv('MAIL', BENCH_PORTS.mail),
	};
	const runDir = path.join(ROOT, '.run', 'bench');
	fs.mkdirSync(runDir, { recursive: true });

	// (b)'s Code nodes require('crypto'): the task runner allows built-ins only when listed here
	// (n8n hands the variable on to its JS task runner). Nothing else is changed unless --n8n-env
	// says so: n8n runs on its defaults (expression engine, execution saving, concurrency).
	const n8nEnv = { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', ...opts.n8nEnv };

	// The fixtures are committed with the default sandbox port; rewrite them if it differs.
	const fixturesDir = path.join(runDir, 'fixtures');
	fs.rmSync(fixturesDir, { recursive: true, force: true });
	fs.mkdirSync(fixturesDir, { recursive: true });
	const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
	for (const f of fs.readdirSync(path.join(HERE, 'fixtures')).filter((x) => x.endsWith('.json'))) {
		const text = fs.readFileSync(path.join(HERE, 'fixtures', f), 'utf8').split(FIXTURE_API_BASE).join(sandboxUrl);
		fs.writeFileSync(path.join(fixturesDir, f), text);
	}

	// The templates: all of workflows/ as shipped (the demo restaurant's six workflows and the
	// fleet's three), copied so that the run imports one snapshot (the tree may change meanwhile);
	// a hash of what was imported goes into the results.
	const templatesDir = path.join(runDir, 'templates');
	fs.rmSync(templatesDir, { recursive: true, force: true });
	fs.mkdirSync(templatesDir, { recursive: true });
	const templateFiles = fs.readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json')).sort();
	const templatesHash = crypto.createHash('sha256');
	for (const f of templateFiles) {
		const text = fs.readFileSync(path.join(ROOT, 'workflows', f), 'utf8');
		templatesHash.update(`${f}\n${text}`);
		fs.writeFileSync(path.join(templatesDir, f), text);
	}

	const startedAt = new Date();
	const loadStart = loadavg();
	note(`load average ${loadStart.join(' ')} (nproc ${os.cpus().length}); starting the stack (n8n :${ports.n8n}, sandbox :${ports.sandbox})…`);
	const stack = await startStack({
		ports,
		runDir,
		workflowDirs: [templatesDir, fixturesDir],
		posDelayMs: opts.posDelay,
		// tokens that outlive the run: the matrix measures no unplanned refresh (step 4 expires them on purpose)
		tokenTtlSeconds: 86400,
		build: opts.build,
		n8nEnv,
		log: (line) => note(line),
	});
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		note('stopping the stack…');
		await stack.stop();
	};
	process.on('SIGINT', () => stop().finally(() => process.exit(130)));
	process.on('SIGTERM', () => stop().finally(() => process.exit(143)));

	try {
		const { info, sandbox } = stack;
		const store = sandbox.store;
		const ctx = {
			opts,
			runDir,
			store,
			node: info.runtime.node24,
			n8nUrl: info.n8n.url,
			n8nPid: info.pids.n8n,
			sandboxUrl: info.sandbox.url,
			secretA: info.qodeup.signingSecret,
			floorToken: null,
			paymentsSent: [],
		};
		if (opts.whatIf.includes('plain-credential')) {
			// P4 what-if: the three hidden defaults as literals for this sandbox; n8n reads credential types at start
			const file = path.join(runDir, 'home', '.n8n', 'nodes', 'node_modules', 'n8n-nodes-qodeup-lightspeed', 'dist', 'credentials', 'LightspeedKSeriesOAuth2Api.credentials.js');
			let js = fs.readFileSync(file, 'utf8');
			const literal = {
				authUrl: `${info.sandbox.url}/realms/k-series/protocol/openid-connect/auth`,
				accessTokenUrl: `${info.sandbox.url}/realms/k-series/protocol/openid-connect/token`,
				scope: 'orders-api financial-api staff-api offline_access',
			};
			for (const [name, value] of Object.entries(literal)) {
				const re = new RegExp(`(name: '${name}',\\s*type: 'hidden',\\s*default: )\`=\\{\\{[^\`]*\`,`);
				if (!re.test(js)) throw new Error(`--what-if plain-credential: no expression default for ${name} in ${file}`);
				js = js.replace(re, `$1${JSON.stringify(value)},`);
			}
			fs.writeFileSync(file, js);
			note('what-if plain-credential: Lightspeed credential defaults patched to literals; restarting n8n…');
			await stack.n8n.stop();
			await stack.n8n.start();
			ctx.n8nPid = stack.n8n.pid;
			await sleep(5000);
		}
		const machine = machineInfo(ctx.node);
		await admin(ctx.sandboxUrl, 'POST', '/_admin/faults', { latencyMs: opts.latency });
		// Real-Time Notifications (check changes → "Lightspeed: check changed" → Qodeup) are not
		// part of the two measured requests, and the checks the benchmark opens for its payments
		// would each send one: the sandbox sends none during the run (as in the previous round,
		// which did not import the check-updates workflow). The Order & Pay outcomes stay on.
		await admin(ctx.sandboxUrl, 'POST', '/_admin/config', { rtnUrl: null });
		ctx.floorToken = (await admin(ctx.sandboxUrl, 'POST', '/_admin/tokens', { ttlSeconds: 86400 })).access_token;
		const anchorId = opts.anchor ? await createAnchor(stack.rest, ctx.sandboxUrl, ctx.floorToken, ctx.n8nUrl) : null;
		if (anchorId) note(`anchor workflow ${anchorId} published (GET /webhook/${ANCHOR_PATH})`);

		if (opts.serve) {
			const serve = {
				n8nUrl: ctx.n8nUrl, n8nPid: ctx.n8nPid, sandboxUrl: ctx.sandboxUrl, node: ctx.node,
				secretA: ctx.secretA, secretB: CORE_SIGNING_SECRET, floorToken: ctx.floorToken, logs: info.logs,
			};
			fs.writeFileSync(path.join(runDir, 'serve.json'), JSON.stringify(serve, null, 2), { mode: 0o600 });
			note(`--serve: stack up; ${path.relative(process.cwd(), path.join(runDir, 'serve.json'))} written; Ctrl-C (or SIGTERM to ${process.pid}) stops it`);
			await new Promise(() => {});
		}

		const flows = opts.only ? [opts.only] : ['lookup', 'pay'];
		const warmupFor = (c) => (opts.warmup === null ? Math.max(20, 2 * c) : opts.warmup);

		const variantsOf = (flow) => [
			...VARIANTS,
			...(opts.experiments ? ['d'] : []),
			...(flow === 'lookup' && opts.anchor ? ['m'] : []),
			...(flow === 'lookup' && opts.experiments ? ['x'] : []),
			...(flow === 'pay' && opts.whatIf.includes('route-alone') ? ['y'] : []),
		];

		// 1. smoke: one request per variant and flow; stop at once if any is wrong
		for (const flow of flows) {
			for (const variant of variantsOf(flow)) {
				const r = await runCell(ctx, { variant, flow, concurrency: 1, requests: 1, warmup: 0 });
				if (r.bad || r.errors) {
					throw new Error(`smoke ${variant}/${flow} failed: ${JSON.stringify(r.firstErrors)}\n(n8n log: ${info.logs.n8n})`);
				}
				note(`smoke ${variant}/${flow}: ${JSON.stringify(r.statuses)} in ${r.p50} ms, ${r.calls.api} Lightspeed call(s)`);
			}
		}
		// 2. global warm-up of n8n (JIT, caches, SQLite pages), not recorded
		for (const flow of flows) {
			for (const variant of variantsOf(flow).filter((v) => v !== 'c')) {
				if (!opts.globalWarmup) continue;
				const r = await runCell(ctx, { variant, flow, concurrency: 4, requests: opts.globalWarmup, warmup: 0 });
				note(`warm-up ${variant}/${flow}: ${r.rps} req/s, p50 ${r.p50} ms, bad ${r.bad + r.errors}`);
			}
		}

		// 3. the matrix, interleaved per level; the variant order rotates so none is always first
		const cells = [];
		const deadline = Date.now() + opts.maxMinutes * 60_000;
		let rotation = 0;
		outer: for (let rep = 1; rep <= opts.reps; rep++) {
			for (const c of opts.levels) {
				for (const flow of flows) {
					const vs = variantsOf(flow);
					const order = vs.map((_, i) => vs[(i + rotation) % vs.length]);
					rotation++;
					for (const variant of order) {
						if (Date.now() > deadline) {
							note(`--max-minutes ${opts.maxMinutes} reached: the remaining cells are skipped`);
							break outer;
						}
						const r = await runCell(ctx, { variant, flow, concurrency: c, requests: opts.requests, warmup: warmupFor(c) });
						r.rep = rep;
						cells.push(r);
						note(
							`rep ${rep} ${flow.padEnd(6)} C=${String(c).padEnd(2)} ${variant}: p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms, ${r.rps} req/s, ` +
								`bad ${r.bad + r.errors}/${r.n}, ${r.callsPerRequest} LS calls/req ${JSON.stringify(r.calls.byKind)}, ` +
								`n8n CPU ${r.n8nCpuMsPerRequest ?? '–'} ms/req, machine ${r.cpu.machineBusyPct}%, load ${r.loadavg.before[0]}`,
						);
					}
				}
			}
		}

		// 4. token refresh after expiry: 16 lookups at once, right after the access token expired
		const refresh = {};
		if (!opts.only || opts.only === 'lookup') {
			for (const variant of ['a', 'b']) {
				await quiesce(store, { settleMs: 500 });
				await admin(ctx.sandboxUrl, 'POST', '/_admin/tokens/expire');
				const r = await runCell(ctx, { variant, flow: 'lookup', concurrency: 16, requests: 16, warmup: 0 });
				refresh[variant] = {
					sent: r.n,
					ok: r.statuses['200'] || 0,
					refreshes: r.calls.byKind['token:refresh'] || 0,
					unauthorized: r.calls.unauthorized,
					calls: r.calls.byKind,
					p50: r.p50,
					max: r.max,
				};
				note(`refresh ${variant}: ${JSON.stringify(refresh[variant])}`);
			}
		}

		// 5. exactly-once: what Lightspeed booked per cell (counted before each reset) and the
		// ledger rows of every payment sent, once the last outcomes are in
		let exactlyOnce = null;
		if (ctx.paymentsSent.length) {
			await quiesce(store, { settleMs: 5000 });
			const onTheChecks = {};
			for (const c of cells.filter((x) => x.onTheChecks)) {
				const t = (onTheChecks[c.variant] ??= { payments: 0, once: 0, none: 0, twiceOrMore: 0, overpaid: 0 });
				for (const k of Object.keys(t)) t[k] += c.onTheChecks[k];
			}
			exactlyOnce = { onTheChecks, ledger: await ledgerTally(stack.rest, ctx.paymentsSent).catch((err) => ({ error: err.message })) };
			note(`exactly-once: ${JSON.stringify(exactlyOnce)}`);
		}

		const rows = summarise(cells);
		const result = {
			startedAt: startedAt.toISOString(),
			finishedAt: new Date().toISOString(),
			command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
			machine,
			settings: {
				latencyMs: opts.latency,
				posDelayMs: opts.posDelay,
				requests: opts.requests,
				warmup: opts.warmup ?? 'max(20, 2×C)',
				levels: opts.levels,
				reps: opts.reps,
				cellSeconds: opts.cellSeconds,
				whatIf: opts.whatIf,
				rtn: 'off (the sandbox sends no Real-Time Notifications during the run)',
				n8nEnv: { ...n8nEnv, note: 'otherwise n8n defaults (N8N_EXPRESSION_ENGINE=vm, execution data saved); the harness sets NODE_ENV=production' },
				paymentAmount: '1.00 on a fresh 14.50 check per payment',
				templates: templateFiles,
				templatesSha256: templatesHash.digest('hex').slice(0, 16),
			},
			loadavg: { start: loadStart, end: loadavg() },
			rows,
			ratios: ratiosOf(rows),
			refresh,
			exactlyOnce,
			targets: targetsOf(rows, refresh, exactlyOnce, cells),
			cells,
		};
		printReport(result);
		fs.mkdirSync(path.dirname(opts.out), { recursive: true });
		fs.writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
		note(`results written to ${path.relative(process.cwd(), opts.out)}`);
		if (opts.keep) {
			note(`--keep: the stack stays up (n8n ${info.n8n.url}, sandbox ${info.sandbox.url}); Ctrl-C stops it`);
			await new Promise(() => {});
		}
	} finally {
		await stop();
	}
}

main().catch((err) => {
	console.error(`\nnpm run bench failed: ${err.stack || err.message}`);
	process.exit(1);
});

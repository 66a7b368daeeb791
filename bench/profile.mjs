#!/usr/bin/env node
// Where does n8n's CPU go for one benchmark flow? Against a stack started with
// `node bench/run.mjs --serve`, this opens n8n's inspector (SIGUSR1 → 127.0.0.1:9229), records a
// CPU profile of n8n's main thread while the load generator runs one cell, and samples the CPU of
// every n8n thread (/proc/<pid>/task) and of the task runner around it. Prints the top functions
// and packages by self time; writes the .cpuprofile (open it in Chrome DevTools) next to serve.json.
//
// Usage (Node 22+, for the global WebSocket; serve.json names the stack's Node 24):
//   node bench/run.mjs --serve --no-build &          # wait for "stack up"
//   $(jq -r .node .run/bench/serve.json) bench/profile.mjs a lookup --concurrency 4 --requests 200
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCATION_ID } from './lib/constants.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUN_DIR = path.resolve(HERE, '..', '.run', 'bench');
const serve = JSON.parse(fs.readFileSync(path.join(RUN_DIR, 'serve.json'), 'utf8'));

const args = process.argv.slice(2);
const [variant = 'a', flow = 'lookup'] = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const opt = (name, dflt) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : dflt;
};
const concurrency = opt('concurrency', 4);
const requests = opt('requests', 200);
const warmup = opt('warmup', 40);
const intervalUs = opt('interval-us', 500);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- thread CPU from /proc ------------------------------------------------------------------
function threads(pid) {
	const out = new Map();
	for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
			const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			out.set(tid, { name, ticks: Number(f[11]) + Number(f[12]) });
		} catch {
			/* gone */
		}
	}
	return out;
}
function childPids(pid) {
	const out = [];
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
		} catch {
			/* gone */
		}
	}
	return out;
}
function snapshot() {
	const s = { main: threads(serve.n8nPid), children: new Map() };
	for (const c of childPids(serve.n8nPid)) s.children.set(c, threads(c));
	return s;
}
function threadReport(a, b, seconds, n) {
	const groups = new Map();
	const add = (key, ticks) => groups.set(key, (groups.get(key) || 0) + ticks);
	for (const [tid, t] of b.main) {
		const before = a.main.get(tid)?.ticks ?? 0;
		const name = tid === String(serve.n8nPid) ? 'main JS thread' : t.name;
		add(`n8n: ${name}`, t.ticks - before);
	}
	for (const [pid, ths] of b.children) {
		for (const [tid, t] of ths) add(`child ${pid}: ${t.name}`, t.ticks - (a.children.get(pid)?.get(tid)?.ticks ?? 0));
	}
	return [...groups.entries()]
		.filter(([, ticks]) => ticks > 0)
		.sort((x, y) => y[1] - x[1])
		.map(([name, ticks]) => ({ name, cpuPct: Math.round((ticks / seconds)), msPerRequest: +((ticks * 10) / n).toFixed(1) }));
}

// --- CDP --------------------------------------------------------------------------------------
async function connectInspector() {
	process.kill(serve.n8nPid, 'SIGUSR1');
	for (let i = 0; i < 50; i++) {
		const list = await fetch('http://127.0.0.1:9229/json/list').then((r) => r.json()).catch(() => null);
		if (list?.[0]?.webSocketDebuggerUrl) {
			const ws = new WebSocket(list[0].webSocketDebuggerUrl);
			await new Promise((resolve, reject) => {
				ws.onopen = resolve;
				ws.onerror = reject;
			});
			let id = 0;
			const pending = new Map();
			ws.onmessage = (m) => {
				const msg = JSON.parse(m.data);
				if (msg.id && pending.has(msg.id)) {
					const { resolve, reject } = pending.get(msg.id);
					pending.delete(msg.id);
					if (msg.error) reject(new Error(msg.error.message));
					else resolve(msg.result);
				}
			};
			const send = (method, params = {}) =>
				new Promise((resolve, reject) => {
					const mid = ++id;
					pending.set(mid, { resolve, reject });
					ws.send(JSON.stringify({ id: mid, method, params }));
				});
			return { send, close: () => ws.close() };
		}
		await sleep(200);
	}
	throw new Error('n8n inspector did not open on 127.0.0.1:9229 (port taken?)');
}

// --- the load -------------------------------------------------------------------------------
async function openChecks(count) {
	const out = [];
	for (let i = 0; i < count; i++) {
		const res = await fetch(`${serve.sandboxUrl}/_admin/checks`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ businessLocationId: LOCATION_ID, tableNumber: 1 + (i % 14), lines: [{ sku: 'BURGER', quantity: 1 }] }),
		});
		const c = await res.json();
		out.push({ paymentId: `prof${Date.now().toString(36)}_${i}`, checkId: c.checkId, tableNumber: c.tableNumber, amount: '1.00' });
	}
	return out;
}

function runWorker(cfg) {
	const file = path.join(RUN_DIR, `profile-cell-${process.pid}.json`);
	fs.writeFileSync(file, JSON.stringify(cfg), { mode: 0o600 });
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(HERE, 'worker.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('close', (code) => {
			fs.rmSync(file, { force: true });
			const line = out.split('\n').find((l) => l.includes('"event":"result"'));
			if (line) resolve(JSON.parse(line));
			else reject(new Error(`worker exit ${code}: ${out}`));
		});
	});
}

// --- main -------------------------------------------------------------------------------------
function summariseProfile(profile, topN = 30) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map();
	const dt = profile.timeDeltas;
	for (let i = 0; i < profile.samples.length; i++) {
		self.set(profile.samples[i], (self.get(profile.samples[i]) || 0) + (dt[i] || 0));
	}
	const totalUs = [...self.values()].reduce((s, x) => s + x, 0);
	const fn = new Map();
	const pkg = new Map();
	for (const [id, us] of self) {
		const cf = byId.get(id).callFrame;
		const url = cf.url || '';
		const key = `${cf.functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}`;
		fn.set(key, (fn.get(key) || 0) + us);
		let p = '(native/other)';
		if (!url) p = cf.functionName.startsWith('(') ? cf.functionName : '(native)';
		else if (url.startsWith('node:')) p = 'node:internal';
		else {
			const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.split('node_modules/').slice(-2).join('node_modules/'));
			p = m ? m[1] : url;
		}
		pkg.set(p, (pkg.get(p) || 0) + us);
	}
	const top = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN).map(([k, us]) => ({ k, ms: +(us / 1000).toFixed(1), pct: +((us / totalUs) * 100).toFixed(1) }));
	return { totalMs: +(totalUs / 1000).toFixed(0), functions: top(fn), packages: top(pkg) };
}

const payments = flow === 'pay' ? await openChecks(warmup + requests) : undefined;
const base = {
	variant, flow, concurrency, maxSeconds: 300, waitForGo: false,
	n8nUrl: serve.n8nUrl, sandboxUrl: serve.sandboxUrl, secretA: serve.secretA, secretB: serve.secretB, floorToken: serve.floorToken,
};
if (warmup) await runWorker({ ...base, requests: warmup, warmup: 0, payments });
const cdp = await connectInspector();
await cdp.send('Profiler.enable');
if (args.includes('--counts')) {
	// exact call counts (precise coverage) of the functions that cost CPU per request: how many
	// isolates, expressions, credential decryptions and webhook description evaluations one request makes
	await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
	await cdp.send('Profiler.takePreciseCoverage'); // resets the counters
	const res = await runWorker({ ...base, requests, warmup: 0, payments: payments?.slice(warmup) });
	const { result } = await cdp.send('Profiler.takePreciseCoverage');
	await cdp.send('Profiler.stopPreciseCoverage');
	cdp.close();
	// synchronous functions only: V8 counts every resumption of an async function as a call
	const WATCH = [
		['IsolatedVmBridge', /isolated-vm-bridge\.js$/, null, 'expression isolates created (IsolatedVmBridge)'],
		['renderExpression', /n8n-workflow\/dist\/cjs\/expression\.js$/, null, 'expressions evaluated (Expression.renderExpression)'],
		['getCredentialsProperties', /n8n\/dist\/credentials-helper\.js$/, null, 'credential resolutions (CredentialsHelper.getCredentialsProperties)'],
		['resolveCredentialExpressions', /n8n\/dist\/credentials-helper\.js$/, null, '  of which outside an execution: own isolate (resolveCredentialExpressions)'],
		['getNodeWebhooks', /webhook\.service\.js$/, null, 'webhook description sets evaluated (WebhookService.getNodeWebhooks)'],
		['evaluateDescriptionProperty', /webhook\.service\.js$/, null, '  webhook description properties evaluated'],
		['getNodeParameters', /n8n-workflow\/dist\/cjs\/node-helpers\.js$/, null, 'NodeHelpers.getNodeParameters'],
		['deepCopy', /n8n-workflow\/dist\/cjs\/utils\.js$/, null, 'deepCopy'],
	];
	console.log(`${variant}/${flow} C=${concurrency}: ${res.n} requests, bad ${res.bad + res.errors} — calls per request:`);
	for (const [name, urlRe, , label] of WATCH) {
		let count = 0;
		for (const script of result) {
			if (!urlRe.test(script.url)) continue;
			for (const f of script.functions) if (f.functionName === name) count += f.ranges[0].count;
		}
		console.log(`  ${(count / res.n).toFixed(2).padStart(8)}  ${label}`);
	}
	process.exit(0);
}
await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
await cdp.send('Profiler.start');
const before = snapshot();
const t0 = Date.now();
const res = await runWorker({ ...base, requests, warmup: 0, payments: payments?.slice(warmup) });
const seconds = (Date.now() - t0) / 1000;
const after = snapshot();
const { profile } = await cdp.send('Profiler.stop');
cdp.close();
const file = path.join(RUN_DIR, `profile-${variant}-${flow}-c${concurrency}.cpuprofile`);
fs.writeFileSync(file, JSON.stringify(profile));
const summary = summariseProfile(profile);
console.log(`${variant}/${flow} C=${concurrency}: ${res.n} requests, ${res.rps} req/s, p50 ${res.p50} ms, bad ${res.bad + res.errors}`);
console.log(`\nCPU by thread (ms per request; % of one core):`);
for (const t of threadReport(before, after, seconds, res.n)) console.log(`  ${String(t.msPerRequest).padStart(7)} ms  ${String(t.cpuPct).padStart(4)}%  ${t.name}`);
console.log(`\nmain JS thread, self time by package (profile total ${summary.totalMs} ms incl. idle):`);
for (const p of summary.packages) console.log(`  ${String(p.pct).padStart(5)}%  ${String(p.ms).padStart(8)} ms  ${p.k}`);
console.log(`\nmain JS thread, top functions by self time:`);
for (const f of summary.functions) console.log(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(8)} ms  ${f.k}`);
console.log(`\nprofile: ${path.relative(process.cwd(), file)}`);

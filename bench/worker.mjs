#!/usr/bin/env node
// One benchmark cell in its own process (so the load generator never shares an event loop with
// the sandbox or the runner): warm-up, then waits for "go" on stdin (the runner takes its
// snapshots: sandbox request log, CPU), then the measured phase. Prints JSON lines on stdout:
//   {"event":"measure-start"}   then   {"event":"result", ...}
// Usage: node bench/worker.mjs <config.json>
import fs from 'node:fs';
import readline from 'node:readline';
import { closedLoop, createClient, assertLoopback } from './lib/loadgen.mjs';
import { makeRequest } from './lib/targets.mjs';

const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (cfg.n8nUrl) assertLoopback(cfg.n8nUrl);
if (cfg.sandboxUrl) assertLoopback(cfg.sandboxUrl);

const client = createClient(cfg.concurrency);
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const lines = readline.createInterface({ input: process.stdin });
const waitGo = () =>
	cfg.waitForGo
		? new Promise((resolve, reject) => {
				lines.once('line', (l) => (l.trim() === 'go' ? resolve() : reject(new Error(`expected "go", got ${l}`))));
				lines.once('close', () => reject(new Error('stdin closed before "go"')));
			})
		: Promise.resolve();

try {
	let warm = null;
	if (cfg.warmup > 0) {
		const one = makeRequest({ ...cfg, client, payments: cfg.payments });
		warm = await closedLoop({ concurrency: cfg.concurrency, requests: cfg.warmup, maxSeconds: cfg.maxSeconds, one });
	}
	emit({ event: 'measure-start' });
	await waitGo();
	// the measured requests use the payments after the warm-up's
	const payments = cfg.payments ? cfg.payments.slice(cfg.warmup) : undefined;
	const one = makeRequest({ ...cfg, client, payments });
	const res = await closedLoop({ concurrency: cfg.concurrency, requests: cfg.requests, maxSeconds: cfg.maxSeconds, one });
	emit({
		event: 'result',
		variant: cfg.variant,
		flow: cfg.flow,
		concurrency: cfg.concurrency,
		warmup: warm ? { n: warm.n, bad: warm.bad, errors: warm.errors, statuses: warm.statuses, firstErrors: warm.firstErrors } : null,
		...res,
	});
} catch (err) {
	emit({ event: 'error', message: err.stack || err.message });
	process.exitCode = 1;
} finally {
	client.close();
	lines.close();
}

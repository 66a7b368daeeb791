#!/usr/bin/env node
// Prints the Markdown tables of BENCHMARKS.md from a results file, so the figures there are
// copied by a program, never by hand: `node bench/report.mjs [bench/results/latest.json]`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] || path.join(here, 'results', 'latest.json');
const run = JSON.parse(fs.readFileSync(file, 'utf8'));

const ROW_NAMES = { a: 'a templates', b: 'b core nodes', c: 'c floor', d: 'd core nodes, previous round', m: 'm anchor', x: 'x what-if' };
const fmt = (v) => (v === undefined || v === null || Number.isNaN(v) ? '' : String(Math.round(v * 10) / 10));

const lines = [];
lines.push(`Run: \`${run.command}\`, ${run.startedAt} → ${run.finishedAt}; commit ${run.machine.gitCommit}${run.machine.gitDirty ? ' (dirty)' : ''}; ` +
	`n8n ${run.machine.n8nVersion}, ${run.machine.nproc} cores, load average at start ${run.loadavg.start.join(' / ')}, at end ${run.loadavg.end.join(' / ')}.`);
lines.push('');
lines.push('| flow | C | row | n | p50 ms | p95 ms | p99 ms | req/s | LS calls/req | n8n CPU ms/req | machine busy % | load (1 min) |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of run.rows) {
	lines.push(`| ${r.flow} | ${r.concurrency} | ${ROW_NAMES[r.variant] || r.variant} | ${r.n}${r.bad ? ` (${r.bad} bad)` : ''} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.rps)} | ${fmt(r.callsPerRequest)} | ${fmt(r.n8nCpuMsPerRequest)} | ${fmt(r.machineBusyPct)} | ${fmt(r.load1)} |`);
}
lines.push('');
lines.push('| flow | C | a/c p50 | a − c p50 ms | a/b p50 | a/b p95 | a/b req/s | a/b CPU per request |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const q of run.ratios) {
	lines.push(`| ${q.flow} | ${q.concurrency} | ${fmt(q.aOverC?.p50)} | ${fmt(q.aOverC?.plusMsP50)} | ${fmt(q.aOverB?.p50)} | ${fmt(q.aOverB?.p95)} | ${fmt(q.aOverB?.rps)} | ${q.aOverB?.cpu === undefined ? '' : fmt(q.aOverB.cpu)} |`);
}
const reps = Math.max(...run.cells.map((c) => c.rep || 1));
if (reps > 1) {
	lines.push('');
	lines.push(`Each repetition apart (the tables above show the median of ${reps}):`);
	lines.push('');
	lines.push('| flow | C | row | rep | p50 ms | p95 ms | req/s | n8n CPU ms/req |');
	lines.push('|---|---|---|---|---|---|---|---|');
	for (const c of run.cells.filter((x) => x.variant === 'a' || x.variant === 'b')) {
		lines.push(`| ${c.flow} | ${c.concurrency} | ${ROW_NAMES[c.variant]} | ${c.rep} | ${fmt(c.p50)} | ${fmt(c.p95)} | ${fmt(c.rps)} | ${fmt(c.n8nCpuMsPerRequest)} |`);
	}
}
lines.push('');
lines.push('| target | result | by how much |');
lines.push('|---|---|---|');
for (const t of run.targets) lines.push(`| ${t.target} | ${t.pass ? 'PASS' : 'MISS'} | ${t.detail} |`);
lines.push('');
lines.push(`Token refresh after expiry, 16 concurrent lookups: \`${JSON.stringify(run.refresh)}\``);
if (run.exactlyOnce) {
	lines.push('');
	lines.push('| row | payments in the cells (warm-up included) | booked once | not booked | booked twice or more | checks overpaid | ledger rows (every payment of the run) | ids without a row | ids with 2+ rows | row statuses |');
	lines.push('|---|---|---|---|---|---|---|---|---|---|');
	for (const [v, c] of Object.entries(run.exactlyOnce.onTheChecks || {})) {
		const l = run.exactlyOnce.ledger?.[v];
		lines.push(`| ${ROW_NAMES[v] || v} | ${c.payments} | ${c.once} | ${c.none} | ${c.twiceOrMore} | ${c.overpaid} | ${l ? l.rows : '–'} | ${l ? l.missing : '–'} | ${l ? l.duplicated : '–'} | ${l ? Object.entries(l.statuses).map(([k, n]) => `${k} ${n}`).join(', ') : '–'} |`);
	}
}
process.stdout.write(lines.join('\n') + '\n');

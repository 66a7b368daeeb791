// Stops the stack and sums the per-test tallies (support/tally.js) into
// .run/reliability/tally.json, and prints them: payments and orders per outcome, and the counts
// that must be 0 (applied twice, lost, falsely refused, on the check but not applied…).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUMMED = [
	'payments', 'submissions', 'applied', 'failed', 'refused', 'appliedTwice', 'lost', 'falselyRefused', 'onCheckNotApplied', 'wrongCause', 'untrueRemaining', 'duplicateMails',
	'orders', 'orderSubmissions', 'ordersAccepted', 'ordersFailed', 'ordersNoOutcome', 'ordersSentTwice', 'ordersLost', 'ordersWrongCause', 'ordersDuplicateMails', 'ordersAcceptedButEmailedFailed', 'requests',
];

export default async function globalTeardown() {
	// .run/reliability, or .run/queue for npm run test:queue
	const runDir = process.env.QODEUP_E2E_STACK_FILE ? path.dirname(process.env.QODEUP_E2E_STACK_FILE) : path.join(ROOT, '.run', 'reliability');
	const file = path.join(runDir, 'tally.jsonl');
	if (fs.existsSync(file)) {
		const rows = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
		const total = Object.fromEntries(SUMMED.map((k) => [k, 0]));
		const causes = {};
		for (const r of rows) {
			for (const k of SUMMED) total[k] += Number(r[k]) || 0;
			for (const [c, n] of Object.entries(r.causes || {})) causes[c] = (causes[c] || 0) + n;
		}
		const started = globalThis.__QODEUP_REL_STARTED__;
		const out = {
			at: new Date().toISOString(),
			wallSeconds: started ? Math.round((Date.now() - started) / 1000) : null,
			stackSeconds: globalThis.__QODEUP_REL_STACK_SECONDS__ ?? null,
			total,
			causes,
			tests: rows,
		};
		fs.writeFileSync(path.join(runDir, 'tally.json'), JSON.stringify(out, null, 2));
		process.stderr.write(`[reliability] tally: ${JSON.stringify(total)}\n[reliability] causes: ${JSON.stringify(causes)}\n[reliability] ${path.relative(ROOT, path.join(runDir, 'tally.json'))}, wall ${out.wallSeconds} s\n`);
	}
	const stack = globalThis.__QODEUP_E2E_STACK__;
	if (!stack) return;
	globalThis.__QODEUP_E2E_STACK__ = undefined;
	await stack.stop();
}

// Stops the stack and sums the per-test payment tallies (support/tally.js) into
// .run/reliability/tally.json (and prints them): payments, applied twice, lost.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalTeardown() {
	const runDir = path.join(ROOT, '.run', 'reliability');
	const file = path.join(runDir, 'tally.jsonl');
	if (fs.existsSync(file)) {
		const rows = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
		const total = { payments: 0, submissions: 0, applied: 0, failedEmailed: 0, refused: 0, appliedTwice: 0, lost: 0 };
		for (const r of rows) for (const k of Object.keys(total)) total[k] += r[k] || 0;
		const out = { at: new Date().toISOString(), wallSeconds: globalThis.__QODEUP_REL_STARTED__ ? Math.round((Date.now() - globalThis.__QODEUP_REL_STARTED__) / 1000) : null, total, tests: rows };
		fs.writeFileSync(path.join(runDir, 'tally.json'), JSON.stringify(out, null, 2));
		process.stderr.write(`[reliability] tally: ${JSON.stringify(total)} (${path.relative(ROOT, path.join(runDir, 'tally.json'))})\n`);
	}
	const stack = globalThis.__QODEUP_E2E_STACK__;
	if (!stack) return;
	globalThis.__QODEUP_E2E_STACK__ = undefined;
	await stack.stop();
}

#!/usr/bin/env node
// Writes the workflow templates to workflows/*.json (one file per workflow).
//   node scripts/templates/build.mjs          write the files
//   node scripts/templates/build.mjs --check  exit 1 when a committed file differs from what is generated
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import checkUpdates from './wf/checkUpdates.mjs';
import failNotice from './wf/failNotice.mjs';
import ledgerSetup from './wf/ledgerSetup.mjs';
import orders from './wf/orders.mjs';
import outcome from './wf/outcome.mjs';
import payStatus from './wf/payStatus.mjs';
import payments from './wf/payments.mjs';
import retry from './wf/retry.mjs';
import settings from './wf/settings.mjs';
import sweeper from './wf/sweeper.mjs';
import { table, tables } from './wf/tables.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT_DIR = path.join(ROOT, 'workflows');

/** file name → builder, in the order an operator reads them (docs/templates.md). */
export const TEMPLATES = [
	['merchant-settings.json', settings],
	['ledger-setup.json', ledgerSetup],
	['table-lookup-all.json', tables],
	['table-lookup-one.json', table],
	['payment-application.json', payments],
	['payment-status.json', payStatus],
	['payment-outcome.json', outcome],
	['payment-failure-notice.json', failNotice],
	['retry-handler.json', retry],
	['sweeper.json', sweeper],
	['orders.json', orders],
	['check-updates.json', checkUpdates],
];

export function render() {
	return TEMPLATES.map(([file, build]) => [file, `${JSON.stringify(build().toJSON(), null, '\t')}\n`]);
}

function main() {
	const check = process.argv.includes('--check');
	const rendered = render();
	const stale = [];
	if (!check) fs.mkdirSync(OUT_DIR, { recursive: true });
	for (const [file, text] of rendered) {
		const target = path.join(OUT_DIR, file);
		const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
		if (current === text) continue;
		if (check) stale.push(file);
		else fs.writeFileSync(target, text);
	}
	const known = new Set(rendered.map(([f]) => f));
	const extra = fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR).filter((f) => f.endsWith('.json') && !known.has(f)) : [];
	if (check) {
		if (stale.length || extra.length) {
			console.error(`workflows/ is not what scripts/templates generates: ${[...stale, ...extra.map((f) => `${f} (not generated)`)].join(', ')}`);
			console.error('run: node scripts/templates/build.mjs');
			process.exit(1);
		}
		console.log(`workflows/: ${rendered.length} templates up to date`);
	} else {
		console.log(`wrote ${rendered.length} templates to workflows/${extra.length ? ` (not generated, left alone: ${extra.join(', ')})` : ''}`);
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

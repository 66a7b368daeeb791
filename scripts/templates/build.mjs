#!/usr/bin/env node
// Writes the demo restaurant's workflows and the fleet's into workflows/ (one file per workflow),
// as an operator imports them with `n8n import:workflow` (fixed ids, credentials by fixed ids,
// Data tables by name). The fleet command renders the same modules for real restaurants.
//   node scripts/templates/build.mjs          write the files
//   node scripts/templates/build.mjs --check  exit 1 when a committed file differs from what is generated
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './lib.mjs';
import { RESTAURANT_ROLES, fleetWorkflows, restaurantWorkflows } from './render.mjs';

export const OUT_DIR = path.join(ROOT, 'workflows');

/** The demo restaurant (the sandbox's Demo Bistro, location Centre). */
export const DEMO_MERCHANT = Object.freeze({
	integrationId: 'demo-bistro',
	name: 'Demo Bistro',
	businessLocationId: '45454565682155',
	cardPaymentMethod: 'QDCARD',
	voucherPaymentMethod: 'QDVOUCHER',
	notificationEmails: 'manager@demo-bistro.test, owner@demo-bistro.test',
	staffId: '',
	timezone: 'Europe/Paris',
	currency: 'EUR',
	// the operator's Diagnose address; a restaurant added by the fleet command gets a random one
	opsToken: 'demo-ops-token',
});

/** Fixed ids and credential ids, so the CLI import links everything (docs/contracts.md). */
export const DEMO_IDS = Object.freeze({
	settings: 'QdDemoSettings0001',
	requests: 'QdDemoRequests0001',
	tables: 'QdDemoTables00001',
	notifications: 'QdDemoNotify00001',
	retryPayment: 'QdDemoRetryPay001',
	retryOrder: 'QdDemoRetryOrd001',
	recovery: 'QdDemoRecovery001',
	setup: 'QdFleetTables0001',
	sweeper: 'QdFleetSweeper001',
	retention: 'QdFleetRetain0001',
});

export const DEMO_CREDENTIALS = Object.freeze({
	lightspeed: { id: 'LskSandboxOAuth01', name: 'Lightspeed K-Series (Demo Bistro)' },
	qodeup: { id: 'QodeupApiCred0001', name: 'Qodeup (demo-bistro)' },
	smtp: { id: 'SmtpCatcher000001', name: 'SMTP (local mail catcher)' },
});

export const DEMO_FLEET = Object.freeze({ senderEmail: 'payments@demo-bistro.test', operatorEmails: 'operator@demo-bistro.test', name: 'Qodeup demo' });

export function demoContext() {
	const byName = { mode: 'name' };
	return {
		merchant: DEMO_MERCHANT,
		ids: DEMO_IDS,
		workflowIds: Object.fromEntries(RESTAURANT_ROLES.map((role) => [role, DEMO_IDS[role]])),
		credentials: DEMO_CREDENTIALS,
		tables: { payments: byName, orders: byName, restaurants: byName, dailyTotals: byName },
		fleet: DEMO_FLEET,
	};
}

const FILES = {
	settings: 'restaurant-settings.json',
	requests: 'restaurant-qodeup-requests.json',
	tables: 'restaurant-qodeup-tables.json',
	notifications: 'restaurant-lightspeed-notifications.json',
	retryPayment: 'restaurant-retry-payment.json',
	retryOrder: 'restaurant-retry-order.json',
	recovery: 'restaurant-recovery.json',
	setup: 'fleet-data-tables.json',
	sweeper: 'fleet-sweeper.json',
	retention: 'fleet-retention.json',
};

export function render() {
	const context = demoContext();
	return [...restaurantWorkflows(context), ...fleetWorkflows(context)].map((w) => [FILES[w.role], `${JSON.stringify(w.toJSON(), null, '\t')}\n`]);
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
		for (const f of extra) fs.rmSync(path.join(OUT_DIR, f));
		console.log(`wrote ${rendered.length} templates to workflows/${extra.length ? ` (removed: ${extra.join(', ')})` : ''}`);
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

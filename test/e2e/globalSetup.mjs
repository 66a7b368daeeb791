// Starts the stack once for the whole e2e run. Ports: QODEUP_E2E_*_PORT or E2E_PORTS
// (n8n 5688, broker 5689, sandbox 7080, smtp 2535, mailbox 2536).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopStackOnSignals } from './helpers/stopOnSignal.mjs';
import { E2E_PORTS, startStack } from '../../scripts/lib/stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const E2E_FLEET = Object.freeze({
	sweepSeconds: 3,
	claimedGraceSeconds: 30,
	settleAfterSeconds: 15,
	orderSettleAfterSeconds: 15,
	giveUpSeconds: 60,
});

function port(name, dflt) {
	const v = process.env[`QODEUP_E2E_${name}_PORT`];
	return v ? Number(v) : dflt;
}

export default async function globalSetup() {
	const started = Date.now();
	const log = (line) => process.stderr.write(`[e2e stack] ${line}\n`);
	stopStackOnSignals(log);
	const stack = await startStack({
		ports: {
			n8n: port('N8N', E2E_PORTS.n8n),
			broker: port('BROKER', E2E_PORTS.broker),
			sandbox: port('SANDBOX', E2E_PORTS.sandbox),
			smtp: port('SMTP', E2E_PORTS.smtp),
			mail: port('MAIL', E2E_PORTS.mail),
		},
		runDir: path.join(ROOT, '.run', 'e2e'),
		workflowDirs: [path.join(ROOT, 'workflows'), path.join(ROOT, 'test', 'e2e', 'fixtures')],
		posDelayMs: 200,
		// the sweeper's waits, short for tests (production: scripts/templates/render.mjs DEFAULT_FLEET);
		// claimed rows still wait longer than any live request takes on a loaded 2-core machine
		fleet: E2E_FLEET,
		// registers give up on a payment after 120 s × 0.1 = 12 s
		sandboxConfig: { taskTtlScale: 0.1 },
		// npm test builds before the e2e step and says so; a lone `npm run test:e2e` builds itself
		build: process.env.QODEUP_E2E_SKIP_BUILD !== '1',
		logLevel: process.env.QODEUP_N8N_LOG_LEVEL || 'info',
		publishVia: process.env.QODEUP_PUBLISH_VIA || 'rest',
		log,
	});
	log(`stack up in ${Math.round((Date.now() - started) / 1000)} s; n8n log: ${stack.info.logs.n8n}`);
	globalThis.__QODEUP_E2E_STACK__ = stack;
}

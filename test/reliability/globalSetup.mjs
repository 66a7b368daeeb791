// Starts the normal single-process stack (SQLite) for the reliability suite on its own ports
// (RELIABILITY_PORTS) and run dir .run/reliability, with the demo restaurant's seven workflows and
// the fleet's three rendered with short sweeper waits (REL_FLEET) and the registers giving up on
// a task after 120 s × 0.1 = 12 s — the real clock, no ledger row is ever edited by a test.
// A small control server (control.json) lets the crash test SIGKILL n8n and start it again on
// the same data.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopStackOnSignals } from '../e2e/helpers/stopOnSignal.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RELIABILITY_PORTS = Object.freeze({ n8n: 5820, broker: 5821, sandbox: 7320, smtp: 2720, mail: 2721 });

/**
 * The sweeper's waits for the suite (production: scripts/templates/render.mjs DEFAULT_FLEET).
 * A claimed row waits 30 s — longer than a live request takes here even under load, so recovery
 * only sends what a killed n8n left —, a sent row without outcome is settled from the check after
 * 15 s (the register's task lasts 12 s), and a payment Lightspeed never answers fails after 60 s.
 */
export const REL_FLEET = Object.freeze({
	sweepSeconds: 3,
	claimedGraceSeconds: 30,
	settleAfterSeconds: 15,
	orderSettleAfterSeconds: 15,
	giveUpSeconds: 60,
});
export const REL_SANDBOX = Object.freeze({ taskTtlScale: 0.1, webhookRetryBaseMs: 100 });

export default async function globalSetup() {
	const started = Date.now();
	const runDir = path.join(ROOT, '.run', 'reliability');
	process.env.QODEUP_E2E_STACK_FILE = path.join(runDir, 'stack.json');
	const log = (line) => process.stderr.write(`[reliability stack] ${line}\n`);
	stopStackOnSignals(log);
	const stack = await startStack({
		ports: RELIABILITY_PORTS,
		runDir,
		workflowDirs: [path.join(ROOT, 'workflows')],
		fleet: REL_FLEET,
		posDelayMs: 100,
		sandboxConfig: REL_SANDBOX,
		build: process.env.QODEUP_E2E_SKIP_BUILD !== '1',
		logLevel: process.env.QODEUP_N8N_LOG_LEVEL || 'warn',
		publishVia: process.env.QODEUP_PUBLISH_VIA || 'rest',
		log,
	});
	fs.rmSync(path.join(runDir, 'tally.jsonl'), { force: true });
	fs.writeFileSync(path.join(runDir, 'fleet.json'), JSON.stringify({ fleet: REL_FLEET, sandbox: REL_SANDBOX }));
	// Control server for the crash test (tests run in their own context and cannot reach the stack
	// object): POST /kill sends SIGKILL to n8n's process group (its recorded pid), POST /restart
	// starts it again on the same user folder and database, GET / tells the current pid.
	const control = http.createServer(async (req, res) => {
		const reply = (status, body) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		try {
			if (req.method === 'POST' && req.url === '/kill') {
				const pid = stack.n8n.pid;
				if (!pid) return reply(409, { error: 'n8n is not running' });
				process.kill(-pid, 'SIGKILL');
				await stack.n8n.service.exited;
				return reply(200, { killed: pid, at: Date.now() });
			}
			if (req.method === 'POST' && req.url === '/restart') {
				await stack.n8n.stop();
				const t = Date.now();
				await stack.n8n.start();
				return reply(200, { pid: stack.n8n.pid, readyMs: Date.now() - t });
			}
			return reply(200, { pid: stack.n8n.pid || null });
		} catch (err) {
			return reply(500, { error: err.message });
		}
	});
	await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));
	control.unref();
	fs.writeFileSync(path.join(runDir, 'control.json'), JSON.stringify({ url: `http://127.0.0.1:${control.address().port}` }));
	const stop = stack.stop;
	stack.stop = async () => {
		control.close();
		await stop();
	};
	log(`stack up in ${Math.round((Date.now() - started) / 1000)} s; n8n log: ${stack.info.logs.n8n}`);
	globalThis.__QODEUP_E2E_STACK__ = stack;
	globalThis.__QODEUP_REL_STARTED__ = started;
	globalThis.__QODEUP_REL_STACK_SECONDS__ = Math.round((Date.now() - started) / 1000);
}

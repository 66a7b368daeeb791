// Starts the normal single-process stack (SQLite) for the reliability suite on its own ports
// (RELIABILITY_PORTS; n8n 5820, sandbox 7320, smtp 2720, mailbox 2721) and run dir
// .run/reliability. The sandbox's POS is fast (posDelayMs 100) to keep the suite short.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopStackOnSignals } from '../e2e/helpers/stopOnSignal.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RELIABILITY_PORTS = Object.freeze({ n8n: 5820, broker: 5821, sandbox: 7320, smtp: 2720, mail: 2721 });

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
		posDelayMs: 100,
		sandboxConfig: { webhookRetryBaseMs: 100 },
		// as n8n's Docker image runs it: without this n8n answers its own errors (unparseable JSON,
		// unknown webhook, a URL it cannot decode) with a stack trace and node_modules paths
		n8nEnv: process.env.QODEUP_REL_NODE_ENV === '' ? {} : { NODE_ENV: process.env.QODEUP_REL_NODE_ENV || 'production' },
		build: process.env.QODEUP_E2E_SKIP_BUILD !== '1',
		logLevel: process.env.QODEUP_N8N_LOG_LEVEL || 'warn',
		publishVia: process.env.QODEUP_PUBLISH_VIA || 'rest', // the editor's Publish: seconds instead of minutes on a loaded machine
		log,
	});
	fs.rmSync(path.join(runDir, 'tally.jsonl'), { force: true });
	// Control server for the faults tests (tests run in their own context and cannot reach the stack
	// object): POST /kill sends SIGKILL to n8n's process group (its recorded pid), POST /restart
	// starts it again with the same environment, GET / tells the current pid.
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
				return reply(200, { killed: pid });
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
}

// `npm run test:queue`: the stack in queue mode (PostgreSQL + Redis, n8n main + worker + webhook
// process; scripts/queue/infra.mjs) on its own ports (QUEUE_PORTS) and run dir .run/queue, with
// the same template set and short sweeper waits as the reliability suite (REL_FLEET), for the
// test files named in jest.queue.config.js. Qodeup's requests and Lightspeed's notifications go
// to the webhook process (stack.json n8n.webhookBase); REST stays on the main process.
// Published over REST, as the editor's Publish button does: the restaurant's settings row is
// saved by that activation (the CLI route does not fire it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopStackOnSignals } from '../../e2e/helpers/stopOnSignal.mjs';
import { startStack } from '../../../scripts/lib/stack.mjs';
import { QUEUE_PORTS } from '../../../scripts/queue/infra.mjs';
import { REL_FLEET, REL_SANDBOX } from '../globalSetup.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export default async function globalSetup() {
	const started = Date.now();
	const runDir = path.join(ROOT, '.run', 'queue');
	process.env.QODEUP_E2E_STACK_FILE = path.join(runDir, 'stack.json');
	const log = (line) => process.stderr.write(`[queue stack] ${line}\n`);
	stopStackOnSignals(log);
	const stack = await startStack({
		mode: 'queue',
		ports: QUEUE_PORTS,
		runDir,
		workflowDirs: [path.join(ROOT, 'workflows')],
		fleet: REL_FLEET,
		posDelayMs: 100,
		sandboxConfig: REL_SANDBOX,
		build: process.env.QODEUP_E2E_SKIP_BUILD !== '1',
		logLevel: process.env.QODEUP_N8N_LOG_LEVEL || 'info',
		publishVia: process.env.QODEUP_PUBLISH_VIA || 'rest',
		log,
	});
	fs.rmSync(path.join(runDir, 'tally.jsonl'), { force: true });
	fs.writeFileSync(path.join(runDir, 'fleet.json'), JSON.stringify({ fleet: REL_FLEET, sandbox: REL_SANDBOX }));
	log(`queue-mode stack up in ${Math.round((Date.now() - started) / 1000)} s; main ${stack.info.n8n.url}, webhooks ${stack.info.n8n.webhookBase}`);
	globalThis.__QODEUP_E2E_STACK__ = stack;
	globalThis.__QODEUP_REL_STARTED__ = started;
	globalThis.__QODEUP_REL_STACK_SECONDS__ = Math.round((Date.now() - started) / 1000);
}

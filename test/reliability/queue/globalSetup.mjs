// `npm run test:queue`: the stack in queue mode (PostgreSQL + Redis, n8n main + worker + webhook
// process; scripts/queue/infra.mjs) for the e2e scenario files named in jest.queue.config.js.
// Its stack.json (.run/queue/stack.json) is what test/e2e/helpers/stack.js reads when
// QODEUP_E2E_STACK_FILE points at it (set by the npm script and here). Production webhooks go to
// the webhook process: stack.json's n8n.webhookBase names its port; REST stays on the main process.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopStackOnSignals } from '../../e2e/helpers/stopOnSignal.mjs';
import { startStack } from '../../../scripts/lib/stack.mjs';
import { QUEUE_PORTS } from '../../../scripts/queue/infra.mjs';

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
		workflowDirs: [path.join(ROOT, 'workflows'), path.join(ROOT, 'test', 'e2e', 'fixtures')],
		posDelayMs: 200,
		build: process.env.QODEUP_E2E_SKIP_BUILD !== '1',
		logLevel: process.env.QODEUP_N8N_LOG_LEVEL || 'info',
		publishVia: process.env.QODEUP_PUBLISH_VIA || 'cli',
		log,
	});
	log(`queue-mode stack up in ${Math.round((Date.now() - started) / 1000)} s; main ${stack.info.n8n.url}, webhooks ${stack.info.n8n.webhookBase}`);
	globalThis.__QODEUP_E2E_STACK__ = stack;
}

import { tail } from '../../scripts/lib/proc.mjs';

export default async function globalTeardown() {
	const stack = globalThis.__QODEUP_E2E_STACK__;
	if (!stack) return;
	globalThis.__QODEUP_E2E_STACK__ = undefined;
	if (process.env.QODEUP_E2E_SHOW_N8N_LOG === '1') {
		process.stderr.write(`--- last 50 lines of ${stack.info.logs.n8n} ---\n${tail(stack.info.logs.n8n, 50)}\n`);
	}
	await stack.stop();
}

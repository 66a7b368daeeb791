// A timeout or Ctrl-C during a jest run must not leave n8n (its own process group), the sandbox,
// the mail catcher or PostgreSQL behind. Installed by each global setup before it starts a stack;
// the started stack is found where the setups keep it (globalThis.__QODEUP_E2E_STACK__).
import { stopAllStarted } from '../../../scripts/lib/proc.mjs';

export function stopStackOnSignals(log) {
	const onSignal = async (signal) => {
		log(`${signal}: stopping the stack`);
		const stack = globalThis.__QODEUP_E2E_STACK__;
		await (stack ? stack.stop() : stopAllStarted());
		process.exit(signal === 'SIGINT' ? 130 : 143);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, onSignal);
}

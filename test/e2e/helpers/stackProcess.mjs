// A second stack for one scenario, in its own process (jest runs CommonJS and cannot import the
// ES-module stack): `node stackProcess.mjs '<startStack options as JSON>'` prints one line
// `READY <stack.json>` once the stack is up and stops it on SIGTERM/SIGINT (or when its parent's
// stdin closes). See test/e2e/helpers/childStack.js.
import { stopAllStarted } from '../../../scripts/lib/proc.mjs';
import { startStack } from '../../../scripts/lib/stack.mjs';
import { E2E_FLEET } from '../globalSetup.mjs';

const options = JSON.parse(process.argv[2] || '{}');
let stack;
const stop = async (code) => {
	await (stack ? stack.stop() : stopAllStarted());
	process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.resume();
try {
	stack = await startStack({ ...options, fleet: { ...E2E_FLEET, ...(options.fleet ?? {}) }, log: (line) => process.stderr.write(`${line}\n`) });
	process.stdout.write(`READY ${JSON.stringify(stack.info)}\n`);
} catch (error) {
	process.stderr.write(`stack failed: ${error.stack || error.message}\n`);
	await stop(1);
}

#!/usr/bin/env node
// `npm start`: the local demo. Installs the pinned n8n once (cache outside the clone), then starts
// the Lightspeed sandbox, the mail catcher and n8n with this package installed from its packed
// tarball, imports credentials + templates, publishes them, and prints where everything is.
// Ctrl-C stops everything it started.
// On a bare clone it first checks the prerequisites and installs node_modules (npm ci) when it
// is missing or does not match package-lock.json (scripts/lib/bootstrap.mjs, Node built-ins only);
// everything else is imported after that.
import path from 'node:path';
import { bootstrap } from './lib/bootstrap.mjs';

const prepared = await bootstrap('start');
if (!/^node_modules matches/.test(prepared)) console.log(`[bootstrap] ${prepared}`);
const { DEFAULT_PORTS, startStack } = await import('./lib/stack.mjs');
const { ROOT } = await import('./lib/runtime.mjs');
const { stopAllStarted, tail } = await import('./lib/proc.mjs');

const HELP = `npm start — run the local demo stack

Ports (environment variables, defaults):
  QODEUP_N8N_PORT=${DEFAULT_PORTS.n8n}  QODEUP_BROKER_PORT=${DEFAULT_PORTS.broker}  QODEUP_SANDBOX_PORT=${DEFAULT_PORTS.sandbox}
  QODEUP_SMTP_PORT=${DEFAULT_PORTS.smtp}  QODEUP_MAIL_PORT=${DEFAULT_PORTS.mail}
Other:
  QODEUP_POS_DELAY_MS=1500   how long the sandbox "POS" takes to process a payment
  QODEUP_N8N_LOG_LEVEL=info  n8n log level
  QODEUP_PUBLISH_VIA=rest    publish the templates after start as the editor's Publish does (default; the
                             Restaurant settings are saved on publish), or \`cli\`: n8n publish:workflow
  QODEUP_N8N_CACHE=~/.cache/qodeup-n8n   where Node 24 and n8n are installed (outside the clone)
Logs and state: .run/start/ (a fresh n8n user folder each start)
Make a payment fail (the failure email and its retry):
  on the floor page switch on a fault under "Failure switches" (Payment API off, Qodeup card method
  removed, Payment staff deactivated, POS (iPad) offline, Lightspeed answers 500), pay with the printed
  command, read the email in the mailbox, switch the fault off, open the email's link, press "Retry now".`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
	console.log(HELP);
	process.exit(0);
}

const envPort = (name, dflt) => {
	const v = process.env[name];
	if (v === undefined || v === '') return dflt;
	const n = Number(v);
	if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name}=${v} is not a port`);
	return n;
};
const ports = {
	n8n: envPort('QODEUP_N8N_PORT', DEFAULT_PORTS.n8n),
	broker: envPort('QODEUP_BROKER_PORT', DEFAULT_PORTS.broker),
	sandbox: envPort('QODEUP_SANDBOX_PORT', DEFAULT_PORTS.sandbox),
	smtp: envPort('QODEUP_SMTP_PORT', DEFAULT_PORTS.smtp),
	mail: envPort('QODEUP_MAIL_PORT', DEFAULT_PORTS.mail),
};

const started = Date.now();
let stack;
let stopping = false;
async function shutdown(code, why) {
	if (stopping) return;
	stopping = true;
	if (why) console.log(`\n${why}`);
	console.log('Stopping n8n, the sandbox and the mail catcher…');
	try {
		// during start-up there is no stack yet: stop the commands and services it has started so far
		await (stack ? stack.stop() : stopAllStarted(3000));
	} finally {
		console.log('Stopped.');
		process.exit(code);
	}
}
process.on('SIGINT', () => (stopping ? process.exit(130) : shutdown(0, 'Ctrl-C received.')));
process.on('SIGTERM', () => shutdown(0, 'SIGTERM received.'));
process.on('SIGHUP', () => shutdown(0, 'SIGHUP received.'));

try {
	console.log('Starting the Qodeup × Lightspeed local stack (first run installs n8n into the cache: a few minutes)…');
	stack = await startStack({
		ports,
		runDir: path.join(ROOT, '.run', 'start'),
		posDelayMs: Number(process.env.QODEUP_POS_DELAY_MS || 1500),
		logLevel: process.env.QODEUP_N8N_LOG_LEVEL || 'info',
		publishVia: process.env.QODEUP_PUBLISH_VIA || 'rest',
		log: (line) => console.log(`  ${line}`),
	});
} catch (err) {
	if (stopping) await new Promise(() => {}); // interrupted by Ctrl-C: shutdown() reports and exits
	console.error(`\nnpm start failed: ${err.message}`);
	process.exit(1);
}
if (stopping) await new Promise(() => {}); // Ctrl-C arrived during start-up: shutdown() exits

const { info } = stack;
const rel = (p) => path.relative(process.cwd(), p) || '.';
const published = info.workflows.filter((w) => w.published).length;
const payBody = JSON.stringify({ paymentId: 'demo-1', tableNumber: 3, amount: '5.00', method: 'card' });
console.log(`
Qodeup × Lightspeed local stack is up (${Math.round((Date.now() - started) / 1000)} s).

  n8n editor      ${info.n8n.url}/
                  login ${info.n8n.owner.email} / ${info.n8n.owner.password}
  Sandbox floor   ${info.sandbox.floor}        (the demo restaurant's POS: open checks, payments)
  Mailbox         ${info.mail.url}/        (every mail n8n sends; SMTP 127.0.0.1:${info.mail.smtpPort})
  Qodeup API      ${info.qodeup.baseUrl}   (integration id ${info.qodeup.integrationId})

  Templates: ${info.workflows.length} imported, ${published} published${info.workflows.length ? '' : ' — workflows/ has no templates yet'}.

Pay table 3 with a correctly signed Qodeup request (copy-paste):

  node scripts/qodeup-request.mjs POST payments '${payBody}'

  (GET tables/3 shows the table's open check; add --curl to print the same request as curl.)

See a failure and its retry: on the floor page switch on "Payment API off", pay again with another
paymentId, read the email in the mailbox (within ~15 s), switch the fault off, open the email's
link and press "Retry now". Other switches: card method removed, staff deactivated, POS offline,
Lightspeed answers 500.

Logs: ${rel(info.logs.n8n)}, ${rel(info.logs.stack)}.  Ctrl-C stops everything.`);

stack.n8n.service.exited.then(({ code, signal }) => {
	if (stopping) return;
	console.error(`\nn8n exited unexpectedly (${code ?? signal}). Last lines of ${info.logs.n8n}:\n${tail(info.logs.n8n, 50)}`);
	shutdown(1);
});

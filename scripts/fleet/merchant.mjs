#!/usr/bin/env node
// npm run merchant -- <command>: onboard, activate, upgrade, list and remove restaurants on a
// running n8n, through its public REST API. Argument parsing and dispatch only; the work is in
// restaurant.mjs (add, activate, remove), upgradeCommand.mjs, list.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { list } from './list.mjs';
import { formatErrors, loadFile, validateFleet } from './merchantFile.mjs';
import { N8nApi } from './n8nApi.mjs';
import { Output } from './output.mjs';
import { activate, add, remove } from './restaurant.mjs';
import { upgrade } from './upgradeCommand.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const GLOBAL_HELP = `Global options (any command):
  --n8n-url <url>          n8n's address (default: $N8N_URL, else http://127.0.0.1:5678)
  --api-key-file <path>    file holding the n8n API key (default: $N8N_API_KEY); create the key
                           in n8n under Settings → n8n API. The key is never printed.
  --webhook-url <url>      n8n's public webhook address, if it differs from --n8n-url
                           (default: $N8N_WEBHOOK_URL, else the n8n URL)
  --fleet <file>           fleet settings (JSON or YAML): name, senderEmail, operatorEmails,
                           smtpCredential, sweepSeconds, claimedGraceSeconds, settleAfterSeconds,
                           orderSettleAfterSeconds, giveUpSeconds, retryLinkHours, retentionDays,
                           limitBytes, warnPercent, paymentRowBytes, orderRowBytes, webhookBaseUrl
  --help                   help for the command`;

export const HELP = {
	main: `Usage: npm run merchant -- <command> [options]

Restaurants of the Qodeup × Lightspeed integration on one n8n, one command per step:
  add <merchant file>         onboard a restaurant (creates its credentials and seven workflows)
  activate <integrationId>    after Connect: publish what is not published, check the settings, Diagnose
  upgrade <integrationId>     re-render a restaurant's workflows from the current templates
  upgrade --all [--dry-run]   … every restaurant's and the fleet's
  list                        one line per restaurant: publication, connection, payments, Diagnose
  remove <integrationId>      unpublish and archive its workflows (ledger rows are kept)

${GLOBAL_HELP}

"npm run merchant -- <command> --help" explains a command.`,
	add: `Usage: npm run merchant -- add <merchant file> [global options]

Onboards one restaurant. The file (JSON or YAML) is checked first; a bad file changes nothing.
  integrationId         1-40 letters, digits or dashes; unique in this n8n (Qodeup uses it in URLs)
  name                  the restaurant's name (emails, retry pages, workflow names)
  lightspeed            environment: production | trial | custom, clientId, clientSecret,
                        apiBaseUrl + authUrl + tokenUrl (custom only), includeStaffScope?, rtnPassword?
  businessLocationId    the Lightspeed business location id
  cardPaymentMethod     the Lightspeed payment method code for card payments
  voucherPaymentMethod  … for vouchers (optional)
  staffId               the staff account payments are booked by (optional)
  notificationEmails    comma-separated addresses for failure emails (at least one)
  qodeup                {callbackUrl?}: where the integration tells Qodeup what changed
  retentionDays         days settled rows are kept (optional; 0 = the fleet's setting)
  timezone, currency    optional: the settings check reads them from Lightspeed
  smtpCredential        id or name of an SMTP credential in n8n (or in the --fleet file)

Then: the Data tables and the fleet workflows (if missing), the restaurant's Lightspeed and
Qodeup credentials, its seven workflows, published as far as possible before Connect, Diagnose,
and what to give Qodeup — the signing secret is shown once. Running it again after a failure
finishes the job (with a new signing secret).

Example file (YAML):
  integrationId: pizza-roma-centre
  name: Pizza Roma Centre
  lightspeed: { environment: production, clientId: "…", clientSecret: "…" }
  businessLocationId: 45454565682155
  cardPaymentMethod: QDCARD
  notificationEmails: manager@pizzaroma.example
  smtpCredential: SMTP (Mailgun)

${GLOBAL_HELP}`,
	activate: `Usage: npm run merchant -- activate <integrationId> [global options]

After Connect (the Lightspeed credential's button in n8n): publishes whatever of the restaurant is
not running — the Lightspeed notifications register their webhook at Lightspeed now — publishes
the settings workflow again so it checks the settings against Lightspeed, and runs Diagnose.

${GLOBAL_HELP}`,
	upgrade: `Usage: npm run merchant -- upgrade (<integrationId> | --all) [--dry-run] [global options]

Renders the restaurant's workflows (or every restaurant's, and the fleet's, with --all) from the
templates of this package, keeping each restaurant's settings, credentials and Diagnose address.
A node still as it was rendered last time is replaced by the new rendering; a node changed or
added by hand is kept as it is and named in the report. Published workflows that change are
published again. Running it twice changes nothing.
  --dry-run   print the plan only

${GLOBAL_HELP}`,
	list: `Usage: npm run merchant -- list [--no-diagnose] [global options]

One line per restaurant: integration id, name, published workflows, Lightspeed connection, last
payment (time and status), failed payments and orders in the last 24 hours, Diagnose (ok or the
failing checks); then the Data tables' total size against the limit.
  --no-diagnose   skip Diagnose (faster)

${GLOBAL_HELP}`,
	remove: `Usage: npm run merchant -- remove <integrationId> [--delete-credentials] [global options]

Unpublishes the restaurant's workflows (the Lightspeed notifications remove their webhook
endpoint at Lightspeed), archives them and marks its restaurants row removed. Every ledger row
is kept. The integration id cannot be added again.
  --delete-credentials   also delete its Lightspeed and Qodeup credentials

${GLOBAL_HELP}`,
};

const COMMAND_FLAGS = { add: [], activate: [], upgrade: ['--all', '--dry-run'], list: ['--no-diagnose'], remove: ['--delete-credentials'] };
const VALUE_OPTIONS = ['--n8n-url', '--api-key-file', '--webhook-url', '--fleet'];

export class UsageError extends Error {}

/** argv → {command, positional, flags:Set, options:{}}; throws UsageError naming a bad option. */
export function parseArgs(argv) {
	const positional = [];
	const flags = new Set();
	const options = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') continue;
		if (arg === '-h' || arg === '--help') {
			flags.add('--help');
			continue;
		}
		if (arg.startsWith('--')) {
			const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
			if (VALUE_OPTIONS.includes(name)) {
				const value = inline ?? argv[++i];
				if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
				options[name] = value;
			} else flags.add(name);
			continue;
		}
		positional.push(arg);
	}
	const [command, ...rest] = positional;
	if (command && !(command in COMMAND_FLAGS) && command !== 'help') throw new UsageError(`unknown command "${command}" (add, activate, upgrade, list, remove)`);
	const allowed = new Set(['--help', ...(COMMAND_FLAGS[command] ?? [])]);
	for (const flag of flags) if (!allowed.has(flag)) throw new UsageError(`unknown option ${flag}${command ? ` for ${command}` : ''}`);
	return { command, positional: rest, flags, options };
}

function readApiKey(options, env) {
	if (options['--api-key-file']) {
		try {
			const key = fs.readFileSync(options['--api-key-file'], 'utf8').trim();
			if (!key) throw new UsageError(`the API key file ${options['--api-key-file']} is empty`);
			return key;
		} catch (err) {
			if (err instanceof UsageError) throw err;
			throw new UsageError(`cannot read the API key file ${options['--api-key-file']}: ${err.code === 'ENOENT' ? 'no such file' : err.code ?? err.message}`);
		}
	}
	if (env.N8N_API_KEY) return env.N8N_API_KEY.trim();
	throw new UsageError('no n8n API key: set N8N_API_KEY or pass --api-key-file <path> (create one in n8n: Settings → n8n API)');
}

function url(value, what) {
	try {
		const u = new URL(value);
		if (!/^https?:$/.test(u.protocol)) throw new Error('not http(s)');
		return value.replace(/\/+$/, '');
	} catch {
		throw new UsageError(`${what} "${value}" is not an http(s) URL`);
	}
}

/** Everything a command needs: the API client, the output and the addresses. */
export function makeContext({ options, env = process.env, out = new Output(), fetchImpl } = {}) {
	// an empty variable counts as not set
	const n8nUrl = url(options['--n8n-url'] || env.N8N_URL || 'http://127.0.0.1:5678', '--n8n-url');
	const webhookUrl = url(options['--webhook-url'] || env.N8N_WEBHOOK_URL || n8nUrl, '--webhook-url');
	let fleetFile;
	if (options['--fleet']) {
		const { fleet, errors } = validateFleet(loadFile(options['--fleet'], 'fleet settings file'));
		if (errors.length) throw new UsageError(`the fleet settings file ${options['--fleet']} has ${errors.length} problem(s):\n${formatErrors(errors)}`);
		fleetFile = fleet;
	}
	const api = new N8nApi({ baseUrl: n8nUrl, apiKey: readApiKey(options, env), ...(fetchImpl ? { fetch: fetchImpl } : {}) });
	const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
	return { api, out, n8nUrl, editorUrl: n8nUrl, webhookUrl, webhookBase: `${webhookUrl}/webhook`, fleetFile, version, stopAfter: env.MERCHANT_TEST_STOP_AFTER };
}

export async function main(argv = process.argv.slice(2), { env = process.env, out = new Output() } = {}) {
	let parsed;
	try {
		parsed = parseArgs(argv);
		const { command, positional, flags } = parsed;
		if (!command || command === 'help') {
			out.line(HELP[positional[0]] ?? HELP.main);
			return command ? 0 : flags.has('--help') ? 0 : 2;
		}
		if (flags.has('--help')) {
			out.line(HELP[command]);
			return 0;
		}
		const need = (what) => {
			if (!positional[0]) throw new UsageError(`${command} needs ${what} (npm run merchant -- ${command} --help)`);
			if (positional.length > 1) throw new UsageError(`${command} takes a single argument (${what}), got: ${positional.join(' ')}`);
			return positional[0];
		};
		if (command === 'add') {
			const file = need('a merchant file');
			const ctx = makeContext({ options: parsed.options, env, out });
			await add(ctx, file);
		} else if (command === 'activate') {
			const id = need('an integration id');
			await activate(makeContext({ options: parsed.options, env, out }), id);
		} else if (command === 'upgrade') {
			const all = flags.has('--all');
			if (all && positional.length) throw new UsageError('upgrade takes an integration id or --all, not both');
			const integrationId = all ? undefined : need('an integration id (or --all)');
			await upgrade(makeContext({ options: parsed.options, env, out }), { integrationId, all, dryRun: flags.has('--dry-run') });
		} else if (command === 'list') {
			if (positional.length) throw new UsageError(`list takes no arguments, got: ${positional.join(' ')}`);
			await list(makeContext({ options: parsed.options, env, out }), { diagnose: !flags.has('--no-diagnose') });
		} else if (command === 'remove') {
			const id = need('an integration id');
			await remove(makeContext({ options: parsed.options, env, out }), id, { deleteCredentials: flags.has('--delete-credentials') });
		}
		return 0;
	} catch (err) {
		const usage = err instanceof UsageError;
		const message = String(err?.message ?? err);
		// the first line is the reason; details (a bad file's fields) follow it, on stderr too
		out.error(message);
		if (env.MERCHANT_DEBUG && err?.stack) out.stderr.write(`${err.stack}\n`);
		return usage ? 2 : (err?.exitCode ?? 1);
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	// `npm run merchant -- list | head`: the reader went away, nothing more to say
	process.stdout.on('error', (err) => {
		if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	});
	main().then((code) => {
		process.exitCode = code;
	});
}

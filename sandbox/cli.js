#!/usr/bin/env node
'use strict';
// npm run sandbox -- --port 7070 --pos-delay-ms 1500 --token-ttl 1800
// Starts the Lightspeed K-Series sandbox on 127.0.0.1 and prints where everything is.

const { startSandbox, REALM } = require('./index');
const { OAUTH_CLIENTS } = require('./seed');

const FLAGS = {
	'--port': ['port', 'int'],
	'--host': ['host', 'string'],
	'--pos-delay-ms': ['posDelayMs', 'int'],
	'--token-ttl': ['accessTokenTtlSeconds', 'int'],
	'--task-ttl-scale': ['taskTtlScale', 'number'],
	'--rtn-url': ['rtnUrl', 'string'],
	'--rtn-username': ['rtnUsername', 'string'],
	'--rtn-password': ['rtnPassword', 'string'],
	'--webhook-retries': ['webhookRetries', 'int'],
};

function usage() {
	return `Usage: node sandbox/cli.js [options]\n${Object.keys(FLAGS).map((f) => `  ${f} <value>`).join('\n')}\n  --help`;
}

function parse(argv) {
	const opts = {};
	for (let i = 0; i < argv.length; i++) {
		let [flag, value] = argv[i].split('=', 2);
		if (flag === '--help' || flag === '-h') return null;
		const spec = FLAGS[flag];
		if (!spec) throw new Error(`unknown option ${flag}\n${usage()}`);
		if (value === undefined) value = argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		const [key, type] = spec;
		if (type === 'string') opts[key] = value;
		else {
			const n = Number(value);
			if (!Number.isFinite(n) || (type === 'int' && !Number.isInteger(n))) throw new Error(`${flag} must be ${type === 'int' ? 'an integer' : 'a number'}`);
			opts[key] = n;
		}
	}
	return opts;
}

async function main() {
	let opts;
	try {
		opts = parse(process.argv.slice(2));
	} catch (e) {
		console.error(e.message);
		process.exit(2);
	}
	if (!opts) {
		console.log(usage());
		return;
	}
	const sb = await startSandbox(opts);
	console.log(`Lightspeed K-Series sandbox on ${sb.url}`);
	console.log(`  floor page     ${sb.url}/floor`);
	console.log(`  admin state    ${sb.url}/_admin/state`);
	console.log(`  OAuth          ${sb.url}${REALM}/auth  |  ${sb.url}${REALM}/token`);
	for (const c of OAUTH_CLIENTS) console.log(`  client         ${c.clientId} / ${c.clientSecret}  (business ${c.businessId})`);
	console.log(`  POS delay ${sb.config.posDelayMs} ms, access tokens ${sb.config.accessTokenTtlSeconds} s`);
	// One machine-readable line for scripts that start the CLI.
	console.log(`SANDBOX_URL=${sb.url}`);
	const stop = () => sb.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	console.error(e.stack || e.message);
	process.exit(1);
});

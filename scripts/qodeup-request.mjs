#!/usr/bin/env node
// Sends a correctly signed Qodeup request to the running local stack (npm start) and prints the
// answer. Usage:
//   node scripts/qodeup-request.mjs POST payments '{"paymentId":"demo-1","tableNumber":3,"amount":"5.00","method":"card"}'
//   node scripts/qodeup-request.mjs GET tables/3
//   node scripts/qodeup-request.mjs GET payments/demo-1
//   node scripts/qodeup-request.mjs --curl POST payments '{…}'     (prints an equivalent curl; valid 300 s)
// The path is relative to qodeup/<integrationId>/. The base URL, integration id and signing
// secret come from the stack file (.run/start/stack.json, or --stack FILE / $QODEUP_STACK_FILE),
// or from $QODEUP_WEBHOOK_BASE, $QODEUP_INTEGRATION_ID and $QODEUP_SIGNING_SECRET.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { qodeupHeaders, qodeupRequest } = require('./lib/qodeup-client.cjs');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function usage(msg) {
	if (msg) console.error(msg);
	console.error("usage: node scripts/qodeup-request.mjs [--curl] [--stack FILE] METHOD PATH ['JSON body']\n  e.g. POST payments '{\"paymentId\":\"demo-1\",\"tableNumber\":3,\"amount\":\"5.00\",\"method\":\"card\"}'");
	process.exit(2);
}

const args = process.argv.slice(2);
let curl = false;
let stackFile = process.env.QODEUP_STACK_FILE || path.join(ROOT, '.run', 'start', 'stack.json');
while (args[0]?.startsWith('--')) {
	const a = args.shift();
	if (a === '--curl') curl = true;
	else if (a === '--stack') stackFile = args.shift();
	else if (a === '--help' || a === '-h') usage();
	else usage(`unknown option ${a}`);
}
const [method, rel, body] = args;
if (!method || !rel) usage();

let stack = {};
if (fs.existsSync(stackFile)) stack = JSON.parse(fs.readFileSync(stackFile, 'utf8'));
const webhookBase = process.env.QODEUP_WEBHOOK_BASE || stack.n8n?.webhookBase;
const integrationId = process.env.QODEUP_INTEGRATION_ID || stack.qodeup?.integrationId || 'demo-bistro';
const secret = process.env.QODEUP_SIGNING_SECRET || stack.qodeup?.signingSecret;
if (!webhookBase || !secret) {
	usage(`no running stack found (${stackFile}); start it with \`npm start\`, or set QODEUP_WEBHOOK_BASE and QODEUP_SIGNING_SECRET`);
}
if (body !== undefined) {
	try {
		JSON.parse(body);
	} catch (err) {
		usage(`the body is not valid JSON: ${err.message}`);
	}
}

const urlPath = `qodeup/${integrationId}/${rel.replace(/^\/+/, '')}`;
if (curl) {
	const h = qodeupHeaders({ secret, method, path: urlPath, rawBody: body ?? '' });
	const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
	const parts = ['curl', '-sS', '-i', '-X', method.toUpperCase(), ...Object.entries(h).flatMap(([k, v]) => ['-H', q(`${k}: ${v}`)])];
	if (body !== undefined) parts.push('--data-binary', q(body));
	parts.push(q(`${webhookBase}/${urlPath}`));
	console.log(parts.join(' '));
	process.exit(0);
}

const res = await qodeupRequest({ webhookBase, secret, method, path: urlPath, body });
console.log(`${method.toUpperCase()} ${webhookBase}/${urlPath}`);
console.log(`HTTP ${res.status}`);
console.log(res.json !== undefined ? JSON.stringify(res.json, null, 2) : res.text);
process.exit(res.status < 400 ? 0 : 1);

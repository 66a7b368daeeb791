'use strict';
// Helpers for the fleet scenario (fleet.e2e.test.js): the operator's n8n API key, merchant files,
// `npm run merchant -- …` and Connect (scripts/fleet/connect.mjs) run as child node processes
// (they are ES modules, jest here is CommonJS), n8n's public API with that key, and reading the
// command's output (the secret shown once, the Diagnose address, a `list` line).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const YAML = require('yaml');
const { ROOT, stackInfo } = require('../../helpers/stack');
const n8n = require('../../helpers/n8n');
const { httpJson } = require('../../helpers/http');

const MERCHANT = path.join(ROOT, 'scripts', 'fleet', 'merchant.mjs');
const CONNECT = pathToFileURL(path.join(ROOT, 'scripts', 'fleet', 'connect.mjs')).href;

/** The two restaurants the scenario adds (sandbox businesses: docs/contracts.md, "The sandbox"). */
const RESTAURANTS = Object.freeze({
	rua: {
		integrationId: 'rua-augusta',
		name: 'Rua Augusta',
		location: 45454565682157, // Lisbon Alfama
		posId: 70003,
		client: { clientId: 'sandbox-client-lisbon', clientSecret: 'sandbox-secret-lisbon' },
		cardPaymentMethod: 'TLCARD',
		voucherPaymentMethod: 'TLVOUCHER',
		notificationEmails: 'gerente@rua-augusta.test',
		format: 'json',
	},
	soho: {
		integrationId: 'soho-kitchen',
		name: 'Soho Kitchen',
		location: 45454565682158, // London Soho
		posId: 70004,
		client: { clientId: 'sandbox-client-london', clientSecret: 'sandbox-secret-london' },
		cardPaymentMethod: 'LNCARD',
		voucherPaymentMethod: 'LNVOUCHER',
		notificationEmails: 'manager@soho-kitchen.test',
		timezone: 'Europe/London',
		currency: 'GBP',
		format: 'yaml',
	},
});

/** Runs `node <argv>` from the repository root; never rejects: {code, stdout, stderr}. */
function runNode(argv, { env = {}, timeoutMs = 150_000 } = {}) {
	// the command reads N8N_URL, N8N_API_KEY and N8N_WEBHOOK_URL: only what the arguments say counts here
	const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['N8N_URL', 'N8N_API_KEY', 'N8N_WEBHOOK_URL'].includes(k)));
	return new Promise((resolve) => {
		const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			stderr += `\n(killed after ${timeoutMs} ms)`;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

// ---------- the operator's API key (Settings → n8n API, as the editor creates it) ----------

async function createApiKey(label) {
	const scopes = await n8n.rest('GET', '/rest/api-keys/scopes');
	const created = await n8n.rest('POST', '/rest/api-keys', { label, expiresAt: null, scopes });
	if (!created?.rawApiKey) throw new Error('POST /rest/api-keys answered without rawApiKey');
	return { id: created.id, key: created.rawApiKey };
}

const deleteApiKey = (id) => n8n.rest('DELETE', `/rest/api-keys/${encodeURIComponent(id)}`);

// ---------- merchant files ----------

/** A merchant file as an operator writes it for one of RESTAURANTS (JSON or YAML by its format). */
function merchantFile(dir, r) {
	const sandboxUrl = stackInfo().sandbox.url;
	const content = {
		integrationId: r.integrationId,
		name: r.name,
		lightspeed: {
			environment: 'custom',
			clientId: r.client.clientId,
			clientSecret: r.client.clientSecret,
			authUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/auth`,
			tokenUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/token`,
			apiBaseUrl: sandboxUrl,
			includeStaffScope: true,
		},
		businessLocationId: r.location,
		cardPaymentMethod: r.cardPaymentMethod,
		voucherPaymentMethod: r.voucherPaymentMethod,
		notificationEmails: r.notificationEmails,
		qodeup: { callbackUrl: `${stackInfo().mail.url}/callbacks/qodeup/${r.integrationId}` },
		...(r.timezone ? { timezone: r.timezone } : {}),
		...(r.currency ? { currency: r.currency } : {}),
		smtpCredential: stackInfo().credentials.smtp.name,
	};
	const file = path.join(dir, `${r.integrationId}.${r.format}`);
	fs.writeFileSync(file, r.format === 'json' ? `${JSON.stringify(content, null, 2)}\n` : YAML.stringify(content));
	return file;
}

/** A merchant file with nine mistakes; → {file, fields: the fields the command must name}. */
function badMerchantFile(dir) {
	const file = path.join(dir, 'bad.yaml');
	fs.writeFileSync(file, [
		'integrationId: "rua augusta!"',
		'name: ""',
		'lightspeed: { environment: staging, clientId: sandbox-client-lisbon }',
		'businessLocationId: alfama',
		'notificationEmails: "gerente at rua-augusta"',
		'retentionDays: -3',
		'cardPaymentMetod: TLCARD',
		'',
	].join('\n'));
	return {
		file,
		fields: ['integrationId', 'name', 'lightspeed.environment', 'lightspeed.clientSecret', 'businessLocationId', 'cardPaymentMethod', 'notificationEmails', 'retentionDays', 'cardPaymentMetod', 'smtpCredential'],
	};
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qodeup-fleet-e2e-'));

// ---------- the command and Connect ----------

/** `npm run merchant -- <args>` against the e2e n8n, the key from a file (as an operator runs it). */
function merchant(args, keyFile, opts = {}) {
	return runNode([MERCHANT, ...args, '--n8n-url', stackInfo().n8n.url, '--api-key-file', keyFile], opts);
}

/** Presses Connect on a Lightspeed credential as the editor does (authorization-code flow at the sandbox). */
async function connect(credentialId) {
	const cookie = await n8n.login();
	const code = `import { connectCredential } from ${JSON.stringify(CONNECT)};
const r = await connectCredential({ n8nUrl: process.env.FLEET_N8N, cookie: process.env.FLEET_COOKIE, credentialId: process.env.FLEET_CREDENTIAL });
process.stdout.write(JSON.stringify(r));`;
	const r = await runNode(['--input-type=module', '-e', code], {
		env: { FLEET_N8N: stackInfo().n8n.url, FLEET_COOKIE: cookie, FLEET_CREDENTIAL: credentialId },
		timeoutMs: 60_000,
	});
	if (r.code !== 0) throw new Error(`Connect for ${credentialId} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(0, 6).join(' | ')}`);
	return JSON.parse(r.stdout);
}

// ---------- n8n's public API (the operator's key) ----------

function publicApi(key) {
	const base = `${stackInfo().n8n.url}/api/v1`;
	const call = async (method, p, body) => {
		const r = await httpJson(method, `${base}${p}`, body, { headers: { 'x-n8n-api-key': key } });
		if (r.status < 200 || r.status >= 300) throw new Error(`public API ${method} ${p} → ${r.status} ${r.text.slice(0, 300)}`);
		return r.json;
	};
	return {
		call,
		workflow: (id) => call('GET', `/workflows/${encodeURIComponent(id)}`),
		/** Every workflow (archived ones included): [{id, name, active, isArchived, versionId, updatedAt}]. */
		async workflows() {
			const out = [];
			let cursor;
			do {
				const page = await call('GET', `/workflows?limit=250&excludePinnedData=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
				out.push(...page.data.map(({ id, name, active, isArchived, versionId, updatedAt }) => ({ id, name, active, isArchived: Boolean(isArchived), versionId, updatedAt })));
				cursor = page.nextCursor;
			} while (cursor);
			return out;
		},
		async credentials() {
			const page = await call('GET', '/credentials?limit=250');
			return page.data.map(({ id, name, type }) => ({ id, name, type }));
		},
	};
}

// ---------- reading the command's output ----------

/** The signing secret `add` shows once, in its frame. */
const secretOf = (stdout) => /│ {2}([0-9a-f]{64}) +│/.exec(stdout)?.[1];

/** The Diagnose address `add` prints (`Diagnose (<url>)`). */
const diagnoseUrlOf = (stdout) => /^Diagnose \((https?:\/\/\S+\/diagnose)\)$/m.exec(stdout)?.[1];

/** The Lightspeed credential id `add` prints in the Connect address. */
const credentialIdOf = (stdout) => /\/home\/credentials\/(qL[0-9a-f]{14})\b/.exec(stdout)?.[1];

/** The `list` table's row of one restaurant: {id, name, published, lightspeed, lastPayment, failed24h, diagnose}. */
function listRow(stdout, integrationId) {
	const line = stdout.split('\n').find((l) => l.split(/\s{2,}/)[0] === integrationId);
	if (!line) return undefined;
	const [id, name, published, lightspeed, lastPayment, failed24h, diagnose] = line.split(/\s{2,}/);
	return { id, name, published, lightspeed, lastPayment, failed24h, diagnose, line };
}

/** The lines of one `upgrade` section (from its heading to the next blank line). */
function upgradeSection(stdout, heading) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === heading);
	if (start < 0) return undefined;
	const end = lines.findIndex((l, i) => i > start && l.trim() === '');
	return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** GET the restaurant's Diagnose (its recovery workflow) → the diagnosis JSON. */
async function diagnose(url) {
	const r = await httpJson('GET', url, undefined, { timeoutMs: 60_000 });
	if (r.status !== 200) throw new Error(`Diagnose ${url} → ${r.status} ${r.text.slice(0, 300)}`);
	return r.json;
}

module.exports = {
	RESTAURANTS,
	createApiKey,
	deleteApiKey,
	merchantFile,
	badMerchantFile,
	tempDir,
	merchant,
	connect,
	publicApi,
	secretOf,
	diagnoseUrlOf,
	credentialIdOf,
	listRow,
	upgradeSection,
	diagnose,
};

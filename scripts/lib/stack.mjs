// The whole local stack: the Lightspeed sandbox, the mail catcher and a real n8n with this
// package installed from its packed tarball, credentials pointing at the sandbox, the templates
// imported and published, the owner set up and the ledger data table in place.
//
// Used by `npm start` (scripts/start.mjs) and by the e2e suite's globalSetup (test/e2e).
// `mode` is 'regular' (one n8n process, SQLite) or 'queue' (PostgreSQL + Redis from Debian, main +
// worker + webhook process sharing the database and the user folder; scripts/queue/infra.mjs).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startMailCatcher } from './mailcatcher.mjs';
import { N8nInstance, N8nRest, OWNER, PACKAGE_NAME } from './n8n.mjs';
import { assertPortsFree, logLine, tail, waitFor } from './proc.mjs';
import { ROOT, ensureRuntime } from './runtime.mjs';
import { startN8nRole, startQueueInfra } from '../queue/infra.mjs';
import { DEMO_CREDENTIALS, demoContext } from '../templates/build.mjs';
import { fleetWorkflows, restaurantWorkflows } from '../templates/render.mjs';

export const DEFAULT_PORTS = Object.freeze({ n8n: 5678, broker: 5679, sandbox: 7070, smtp: 2525, mail: 2526 });
export const E2E_PORTS = Object.freeze({ n8n: 5688, broker: 5689, sandbox: 7080, smtp: 2535, mail: 2536 });

/** Credential ids the demo templates reference (scripts/templates/build.mjs). */
export const CREDENTIALS = Object.freeze({
	lightspeed: { ...DEMO_CREDENTIALS.lightspeed, type: 'lightspeedKSeriesOAuth2Api' },
	qodeup: { ...DEMO_CREDENTIALS.qodeup, type: 'qodeupApi' },
	smtp: { ...DEMO_CREDENTIALS.smtp, type: 'smtp' },
});

export const INTEGRATION_ID = 'demo-bistro';
export const SANDBOX_CLIENT = Object.freeze({ clientId: 'sandbox-client', clientSecret: 'sandbox-secret' });

const TRIGGER_EXCLUDED = new Set(['n8n-nodes-base.manualTrigger']);

/** A workflow is published when it has a trigger node other than the Manual Trigger. */
export function hasTrigger(workflow) {
	return (workflow.nodes || []).some(
		(n) => !n.disabled && !TRIGGER_EXCLUDED.has(n.type) && (/Trigger$/.test(n.type) || n.type === 'n8n-nodes-base.webhook'),
	);
}

/** Reads every *.json workflow in the given folders. Each must carry a fixed top-level `id`. */
export function readWorkflows(dirs) {
	const out = [];
	for (const dir of dirs) {
		if (!fs.existsSync(dir)) continue;
		for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
			const file = path.join(dir, f);
			const wf = JSON.parse(fs.readFileSync(file, 'utf8'));
			if (!wf.id || typeof wf.id !== 'string') throw new Error(`${file}: a workflow needs a fixed top-level "id"`);
			if (!Array.isArray(wf.nodes)) throw new Error(`${file}: not a workflow (no "nodes")`);
			out.push({ file, id: wf.id, name: wf.name, json: wf, publish: hasTrigger(wf) });
		}
	}
	const seen = new Map();
	for (const w of out) {
		if (seen.has(w.id)) throw new Error(`workflow id ${w.id} is used by both ${seen.get(w.id)} and ${w.file}`);
		seen.set(w.id, w.file);
	}
	return out;
}

/**
 * Data tables the templates create: every Data table node with resource `table`, operation
 * `create`, a literal table name and literal columns. The stack makes sure they exist even
 * before the "Ledger setup" workflow has run.
 */
export function tablesFromWorkflows(workflows) {
	const tables = new Map();
	for (const w of workflows) {
		for (const n of w.json.nodes) {
			const p = n.parameters || {};
			if (n.type !== 'n8n-nodes-base.dataTable' || p.resource !== 'table' || p.operation !== 'create') continue;
			if (typeof p.tableName !== 'string' || p.tableName.startsWith('=')) continue;
			const columns = (p.columns?.column || []).map((c) => ({ name: c.name, type: c.type || 'string' }));
			const prev = tables.get(p.tableName);
			tables.set(p.tableName, { columns, createdOnStart: (prev?.createdOnStart ?? false) || w.publish });
		}
	}
	return [...tables].map(([name, t]) => ({ name, ...t }));
}

/** The enabled Lightspeed trigger in Real-Time Notifications mode, if a workflow has one. */
function rtnTrigger(workflows) {
	for (const w of workflows) {
		const node = (w.json.nodes || []).find(
			(n) => !n.disabled && n.type === `${PACKAGE_NAME}.lightspeedKSeriesTrigger` && n.parameters?.source === 'rtn',
		);
		if (node) return { webhookId: node.webhookId, username: node.parameters.rtnUsername || 'lightspeed' };
	}
	return undefined;
}

function credentialsFile({ sandboxUrl, tokens, rtnPassword, signingSecret, smtpPort, callbackUrl }) {
	return [
		{
			...CREDENTIALS.lightspeed,
			data: {
				clientId: SANDBOX_CLIENT.clientId,
				clientSecret: SANDBOX_CLIENT.clientSecret,
				environment: 'custom',
				customAuthUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/auth`,
				customTokenUrl: `${sandboxUrl}/realms/k-series/protocol/openid-connect/token`,
				apiBaseUrl: sandboxUrl,
				includeStaffScope: true,
				rtnPassword,
				oauthTokenData: tokens,
			},
		},
		{
			...CREDENTIALS.qodeup,
			data: { signingSecret, callbackUrl },
		},
		{
			...CREDENTIALS.smtp,
			data: { user: '', password: '', host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true },
		},
	];
}

async function sandboxCall(url, method, urlPath, body) {
	const res = await fetch(`${url}${urlPath}`, {
		method,
		headers: body !== undefined ? { 'content-type': 'application/json' } : {},
		body: body !== undefined ? JSON.stringify(body) : undefined,
		signal: AbortSignal.timeout(10_000),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`sandbox ${method} ${urlPath} → ${res.status} ${text.slice(0, 300)}`);
	return text ? JSON.parse(text) : undefined;
}

/**
 * Starts everything. Returns { info, n8n, rest, mail, sandbox, stop() }. On failure, whatever was
 * started is stopped again and the error names the log to read.
 *
 * @param {object} o
 * @param {object} [o.ports]            {n8n, broker, sandbox, smtp, mail}
 * @param {string} [o.runDir]           logs, n8n user folder, credentials file, stack.json
 * @param {string[]} [o.workflowDirs]   folders of workflow JSON to import (default: workflows/)
 * @param {object} [o.fleet]            fleet settings for the demo set (e.g. shorter sweeper waits for
 *                                      tests): the set is rendered again with them (scripts/templates)
 *                                      and imported instead of workflows/
 * @param {number} [o.posDelayMs]       sandbox POS processing delay
 * @param {number} [o.tokenTtlSeconds]  lifetime of the minted access token (and sandbox default)
 * @param {object} [o.sandboxConfig]    extra POST /_admin/config body for the sandbox
 * @param {boolean} [o.build]           run `npm run build` before packing (default true)
 * @param {string} [o.logLevel]         n8n log level
 * @param {'cli'|'rest'} [o.publishVia] 'rest' (default): after start, as the editor's Publish button
 *                                      does — the activation events the templates listen to fire
 *                                      (Restaurant settings saves its row), data tables first;
 *                                      'cli': `n8n publish:workflow` before start (≈4 s each; no
 *                                      activation event, so the settings row is not saved)
 * @param {(line: string) => void} [o.log]  progress output
 * @param {'regular'|'queue'} [o.mode]  queue: PostgreSQL + Redis, main + worker + webhook (scripts/queue)
 * @param {object} [o.n8nEnv]           extra environment for every n8n process (e.g. NODE_ENV)
 */
export async function startStack({
	ports = DEFAULT_PORTS,
	runDir = path.join(ROOT, '.run', 'start'),
	workflowDirs = [path.join(ROOT, 'workflows')],
	fleet,
	posDelayMs = 200,
	tokenTtlSeconds,
	sandboxConfig = {},
	build = true,
	logLevel = 'info',
	mode = 'regular',
	publishVia = 'rest',
	sandboxModule = path.join(ROOT, 'sandbox'),
	n8nEnv = {},
	log = () => {},
} = {}) {
	if (mode !== 'regular' && mode !== 'queue') throw new Error(`stack mode "${mode}" is unknown ("regular" or "queue")`);
	// queue mode: ports also name webhook, webhookBroker, workerHealth, workerBroker, postgres, redis
	const t0 = Date.now();
	const step = (msg) => {
		const line = `${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s  ${msg}`;
		logLine(runLog, line);
		log(line);
	};
	fs.mkdirSync(runDir, { recursive: true });
	const runLog = path.join(runDir, 'stack.log');

	const stopped = [];
	const stop = async () => {
		while (stopped.length) {
			const fn = stopped.pop();
			try {
				await fn();
			} catch (err) {
				logLine(runLog, `stop error: ${err.message}`);
			}
		}
		fs.rmSync(path.join(runDir, 'stack.json'), { force: true });
	};

	let n8n;
	try {
		// checked before touching the run dir: a stack still running there keeps its files
		await assertPortsFree(ports);
		// a fresh user folder per run: no state (or half-applied publication) from an earlier run
		fs.rmSync(path.join(runDir, 'home'), { recursive: true, force: true });
		for (const f of fs.readdirSync(runDir)) if (f.endsWith('.log')) fs.rmSync(path.join(runDir, f), { force: true });
		if (fleet) {
			const rendered = path.join(runDir, 'templates');
			writeDemoSet(rendered, fleet);
			workflowDirs = workflowDirs.map((dir) => (path.resolve(dir) === path.join(ROOT, 'workflows') ? rendered : dir));
		}
		const workflows = readWorkflows(workflowDirs);
		step(`runDir ${runDir}; ${workflows.length} workflow(s) from ${workflowDirs.map((d) => path.relative(ROOT, d)).join(', ')}`);

		step('ensuring Node 24 and n8n in the cache');
		const runtime = await ensureRuntime();

		step(`starting the Lightspeed sandbox on :${ports.sandbox}`);
		if (!fs.existsSync(sandboxModule)) throw new Error(`the sandbox (${sandboxModule}) is not there`);
		const { startSandbox } = createRequire(import.meta.url)(sandboxModule);
		const sandbox = await startSandbox({ port: ports.sandbox, posDelayMs });
		stopped.push(() => sandbox.close());
		const sandboxUrl = sandbox.url.replace(/\/$/, '');
		const config = { ...sandboxConfig };
		if (tokenTtlSeconds) config.accessTokenTtlSeconds = tokenTtlSeconds;
		if (Object.keys(config).length) await sandboxCall(sandboxUrl, 'POST', '/_admin/config', config);
		const tokens = await sandboxCall(sandboxUrl, 'POST', '/_admin/tokens', tokenTtlSeconds ? { ttlSeconds: tokenTtlSeconds } : {});

		step(`starting the mail catcher (SMTP :${ports.smtp}, mailbox :${ports.mail})`);
		const mail = await startMailCatcher({ smtpPort: ports.smtp, httpPort: ports.mail });
		stopped.push(() => mail.close());

		let queue;
		if (mode === 'queue') {
			step(`queue mode: PostgreSQL :${ports.postgres}, Redis :${ports.redis}`);
			queue = await startQueueInfra({ runDir, ports, log: step });
			stopped.push(() => queue.stop());
		}

		const encryptionKey = crypto.randomBytes(24).toString('hex');
		n8n = new N8nInstance({ runtime, runDir, port: ports.n8n, brokerPort: ports.broker, encryptionKey, logLevel, extraEnv: { ...queue?.env, ...n8nEnv } });

		step(`installing ${PACKAGE_NAME} from its packed tarball into the n8n user folder${build ? ' (build first)' : ''}`);
		await n8n.installPackage({ build });

		const qodeup = {
			integrationId: INTEGRATION_ID,
			signingSecret: crypto.randomBytes(32).toString('hex'),
			callbackUrl: `${mail.url}/callbacks/qodeup`,
		};
		// Basic-auth password of the Real-Time Notifications trigger (what Lightspeed support would enter)
		const rtnPassword = crypto.randomBytes(16).toString('hex');
		const credFile = path.join(runDir, 'credentials.json');
		fs.writeFileSync(
			credFile,
			JSON.stringify(credentialsFile({ sandboxUrl, tokens, rtnPassword, ...qodeup, smtpPort: mail.smtpPort }), null, 2),
			{ mode: 0o600 },
		);
		step('importing credentials');
		await n8n.importCredentials(credFile);
		fs.rmSync(credFile, { force: true }); // secrets live in n8n's database now, encrypted

		if (workflows.length) {
			const importDir = path.join(runDir, 'import');
			fs.rmSync(importDir, { recursive: true, force: true });
			fs.mkdirSync(importDir, { recursive: true });
			for (const w of workflows) fs.copyFileSync(w.file, path.join(importDir, `${w.id}.json`));
			step(`importing ${workflows.length} workflow(s)`);
			await n8n.importWorkflows(importDir);
			if (publishVia === 'cli') {
				const toPublish = workflows.filter((w) => w.publish).map((w) => w.id);
				step(`publishing ${toPublish.length} workflow(s) with a trigger (CLI, n8n stopped)`);
				await n8n.publish(toPublish);
			}
		}

		step(`starting n8n on :${ports.n8n} (log: ${n8n.logFile})`);
		await n8n.start();
		stopped.push(() => n8n.stop());
		let webhookUrl = n8n.url;
		const roles = {};
		if (mode === 'queue') {
			step(`starting the n8n worker (health :${ports.workerHealth}) and webhook process (:${ports.webhook})`);
			for (const [role, port, brokerPort] of [['worker', ports.workerHealth, ports.workerBroker], ['webhook', ports.webhook, ports.webhookBroker]]) {
				roles[role] = await startN8nRole(n8n, role, { port, brokerPort });
				stopped.push(() => roles[role].stop());
			}
			webhookUrl = roles.webhook.url;
		}

		const rest = new N8nRest(n8n.url);
		await rest.setupOwner(OWNER);
		const tables = tablesFromWorkflows(workflows);
		if (publishVia === 'rest') {
			// the workflow that creates the data tables first, and the tables in place, before any
			// workflow that writes to them on publish (Restaurant settings saves its row then)
			const createsTables = (w) => w.json.nodes.some((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters?.resource === 'table');
			const toPublish = workflows.filter((w) => w.publish);
			step(`owner set up; publishing ${toPublish.length} workflow(s) with a trigger (REST, like the editor's Publish)`);
			await publishInPasses(rest, toPublish.filter(createsTables));
			for (const t of tables) step(`data table ${t.name}: ${await ensureTable(rest, t)}`);
			await publishInPasses(rest, toPublish.filter((w) => !createsTables(w)));
		}
		step('waiting for published workflows to be live');
		await waitForPublished(rest, workflows.filter((w) => w.publish));

		// Play Lightspeed support: send the sandbox's Real-Time Notifications to the published RTN trigger.
		const rtn = rtnTrigger(workflows.filter((w) => w.publish));
		if (rtn) {
			const rtnUrl = `${webhookUrl}/webhook/${rtn.webhookId}/lightspeed`;
			await sandboxCall(sandboxUrl, 'POST', '/_admin/config', { rtnUrl, rtnUsername: rtn.username, rtnPassword });
			step(`sandbox Real-Time Notifications → ${rtnUrl}`);
		}

		if (publishVia !== 'rest') for (const t of tables) step(`data table ${t.name}: ${await ensureTable(rest, t)}`);

		const info = {
			startedAt: new Date().toISOString(),
			runDir,
			logs: { stack: runLog, n8n: n8n.logFile, n8nCli: n8n.cliLog, ...Object.fromEntries(Object.entries(roles).map(([r, x]) => [`n8n-${r}`, x.logFile])) },
			mode,
			pids: { n8n: n8n.pid, harness: process.pid, ...Object.fromEntries(Object.entries(roles).map(([r, x]) => [r, x.pid])) },
			runtime: { node24: runtime.node24.node, harness: runtime.harness.dir },
			ports: { ...ports, smtp: mail.smtpPort, mail: mail.httpPort },
			n8n: { url: n8n.url, webhookBase: `${webhookUrl}/webhook`, owner: OWNER, cookie: rest.cookie },
			sandbox: { url: sandboxUrl, floor: `${sandboxUrl}/floor`, client: SANDBOX_CLIENT },
			lightspeed: { rtnPassword },
			mail: { url: mail.url, smtpPort: mail.smtpPort, callbacks: `${mail.url}/callbacks` },
			qodeup: { ...qodeup, baseUrl: `${webhookUrl}/webhook/qodeup/${INTEGRATION_ID}` },
			credentials: CREDENTIALS,
			workflows: workflows.map((w) => ({ id: w.id, name: w.name, published: w.publish, file: path.relative(ROOT, w.file) })),
			tables: tables.map((t) => t.name),
		};
		fs.writeFileSync(path.join(runDir, 'stack.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
		step('stack ready');
		return { info, n8n, rest, mail, sandbox, stop };
	} catch (err) {
		logLine(runLog, `FAILED: ${err.stack || err.message}`);
		await stop();
		const hint = n8n && fs.existsSync(n8n.logFile) && !err.message.includes('last 50 lines')
			? `\n--- last 50 lines of ${n8n.logFile} ---\n${tail(n8n.logFile, 50)}`
			: '';
		err.message = `${err.message}\n(stack log: ${runLog})${hint}`;
		throw err;
	}
}

/** The demo restaurant's set and the fleet's, rendered with other fleet settings, into `dir`. */
function writeDemoSet(dir, fleet) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const context = { ...demoContext(), fleet: { ...demoContext().fleet, ...fleet } };
	for (const w of [...restaurantWorkflows(context), ...fleetWorkflows(context)]) {
		fs.writeFileSync(path.join(dir, `${w.role}.json`), `${JSON.stringify(w.toJSON(), null, '\t')}\n`);
	}
}

/** Publishes over REST; a workflow calling a sub-workflow can only be published after it, so passes. */
async function publishInPasses(rest, workflows) {
	let pending = workflows;
	for (let pass = 0; pending.length; pass++) {
		const later = [];
		for (const w of pending) {
			try {
				await rest.publish(w.id);
			} catch (err) {
				if (pass < 4 && /sub-workflows? first|is not published/i.test(err.message)) later.push(w);
				else throw err;
			}
		}
		if (later.length === pending.length) throw new Error(`could not publish ${later.map((w) => w.id).join(', ')}: they reference unpublished sub-workflows`);
		pending = later;
	}
}

/** Waits until each published workflow's triggers are activated; fails with n8n's own reasons. */
async function waitForPublished(rest, workflows, timeoutMs = 90_000) {
	const pending = new Set(workflows.map((w) => w.id));
	const names = new Map(workflows.map((w) => [w.id, w.name]));
	await waitFor(
		async () => {
			for (const id of [...pending]) {
				const s = await rest.publicationStatus(id);
				if (s.status === 'published') pending.delete(id);
				else if (s.status === 'failed' || s.status === 'partial') {
					const why = (s.triggers || []).filter((t) => t.status === 'failed').map((t) => t.errorMessage).join('; ');
					throw Object.assign(new Error(`workflow ${id} (${names.get(id)}) did not publish (${s.status}): ${why}`), { fatal: true });
				}
			}
			return pending.size === 0;
		},
		{ timeoutMs, intervalMs: 500, what: () => `publication of ${[...pending].join(', ')}` },
	);
}

/** Makes sure a data table exists: the templates' "Ledger setup" may create it first; else REST. */
async function ensureTable(rest, { name, columns, createdOnStart }) {
	const projectId = await rest.personalProjectId();
	const exists = async () => {
		const list = await rest.call('GET', `/rest/projects/${projectId}/data-tables?take=500`);
		return (list.data || list).some((t) => t.name === name);
	};
	// a published workflow creates it (n8n Trigger on start/publish): give it a moment, not a race
	for (let i = 0; i < (createdOnStart ? 20 : 1); i++) {
		if (await exists()) return 'present';
		await new Promise((r) => setTimeout(r, 500));
	}
	const r = await rest.ensureDataTable(name, columns);
	return r.created ? 'created over REST' : 'present';
}

// One real n8n instance (SQLite, 127.0.0.1) with its own N8N_USER_FOLDER under a run dir.
// Every CLI call gets the full environment, so nothing ever touches $HOME/.n8n.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './runtime.mjs';
import { logLine, run, spawnService, stopGroup, tail, waitFor } from './proc.mjs';

export const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;

/** The instance owner created by `POST /rest/owner/setup` (local demo/test instance only). */
export const OWNER = Object.freeze({
	email: 'owner@qodeup.test',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'QodeupDemo1!',
});

// Variables from the caller's environment that would change how n8n runs if inherited.
const INHERITED_DROP = /^(N8N_|DB_|WEBHOOK_URL$|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|NODE_ENV$|NODE_OPTIONS$|JEST_WORKER_ID$|npm_)/;

/**
 * Environment for an n8n process. `extra` is merged last (queue mode adds DB_/QUEUE_ settings).
 */
export function n8nEnv({ runtime, userFolder, port, brokerPort, encryptionKey, logLevel = 'info', extra = {} }) {
	const base = {};
	for (const [k, v] of Object.entries(process.env)) if (!INHERITED_DROP.test(k)) base[k] = v;
	const url = `http://127.0.0.1:${port}/`;
	return {
		...base,
		// n8n starts its JS task runner as a plain `node` from PATH: it must be Node 24.
		PATH: `${runtime.node24.bin}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		N8N_WEBHOOK_URL: url,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		// as n8n's Docker image: without it n8n's own error answers (404, 422) carry stack traces
		NODE_ENV: 'production',
		...extra,
	};
}

export class N8nInstance {
	/**
	 * @param {object} o
	 * @param {object} o.runtime   from ensureRuntime()
	 * @param {string} o.runDir    per-run folder (logs, user folder, packed tarball)
	 * @param {number} o.port      editor/REST/webhooks
	 * @param {number} o.brokerPort task broker
	 * @param {string} o.encryptionKey fixed for the run, so imported credentials decrypt
	 */
	constructor({ runtime, runDir, port, brokerPort, encryptionKey, logLevel = 'info', name = 'n8n', extraEnv = {} }) {
		this.runtime = runtime;
		this.runDir = runDir;
		this.port = port;
		this.name = name;
		this.url = `http://127.0.0.1:${port}`;
		this.userFolder = path.join(runDir, 'home');
		this.logFile = path.join(runDir, `${name}.log`);
		this.cliLog = path.join(runDir, `${name}-cli.log`);
		this.env = n8nEnv({ runtime, userFolder: this.userFolder, port, brokerPort, encryptionKey, logLevel, extra: extraEnv });
		this.service = null;
	}

	/** Runs `n8n <args>` with this instance's environment (n8n must be stopped for imports/publish). */
	cli(args, { timeoutMs = 300_000 } = {}) {
		return run(this.runtime.node24.node, [this.runtime.harness.n8nBin, ...args], {
			env: this.env,
			cwd: this.runDir,
			timeoutMs,
			logFile: this.cliLog,
			label: `n8n ${args.join(' ')}`,
		});
	}

	/**
	 * Installs this package the way npm installs a community package: build, `npm pack`, then
	 * `npm install <tgz>` in $N8N_USER_FOLDER/.n8n/nodes. Checks every file named in the manifest's
	 * `n8n` section made it into the installed package.
	 */
	async installPackage({ build = true } = {}) {
		const log = path.join(this.runDir, 'package-install.log');
		if (build) await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 600_000, logFile: log });
		const packDir = path.join(this.runDir, 'pack');
		fs.rmSync(packDir, { recursive: true, force: true });
		fs.mkdirSync(packDir, { recursive: true });
		const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, timeoutMs: 120_000, logFile: log });
		const jsonStart = packed.stdout.indexOf('[');
		const tgz = path.join(packDir, JSON.parse(packed.stdout.slice(jsonStart))[0].filename);
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		fs.mkdirSync(nodesDir, { recursive: true });
		// no "name": several run dirs under the clone would otherwise collide in jest's module map
		fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ private: true, dependencies: {} }, null, 2));
		// --legacy-peer-deps: n8n provides n8n-workflow at run time; without it npm still resolves the
		// peer's whole tree from the registry (≈15 s) only to omit it.
		await run('npm', ['install', '--omit=peer', '--legacy-peer-deps', '--no-audit', '--no-fund', tgz], {
			cwd: nodesDir,
			env: { ...process.env, PATH: `${this.runtime.node24.bin}:${process.env.PATH}` },
			timeoutMs: 300_000,
			logFile: log,
		});
		const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
		const listed = [...(manifest.n8n?.nodes || []), ...(manifest.n8n?.credentials || [])];
		const missing = listed.filter((f) => !fs.existsSync(path.join(installed, f)));
		if (missing.length) {
			throw new Error(`the installed package lacks files its package.json "n8n" section names: ${missing.join(', ')} (log: ${log})`);
		}
		return { tgz, installed };
	}

	importCredentials(file) {
		return this.cli(['import:credentials', `--input=${file}`]);
	}

	importWorkflows(dir) {
		return this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	async publish(ids) {
		for (const id of ids) await this.cli(['publish:workflow', `--id=${id}`]);
	}

	/** Starts `n8n start` in its own session; resolves when /healthz/readiness answers 200. */
	async start({ readyTimeoutMs = 180_000 } = {}) {
		if (this.service) throw new Error('n8n already started');
		logLine(this.logFile, `starting n8n on ${this.url}`);
		this.service = spawnService(this.runtime.node24.node, [this.runtime.harness.n8nBin, 'start'], {
			cwd: this.runDir,
			env: this.env,
			logFile: this.logFile,
		});
		fs.writeFileSync(path.join(this.runDir, `${this.name}.pid`), String(this.service.pid));
		let exited = null;
		this.service.exited.then((e) => (exited = e));
		try {
			await waitFor(
				async () => {
					if (exited) throw Object.assign(new Error(`n8n exited early (${exited.code ?? exited.signal})`), { fatal: true });
					const res = await fetch(`${this.url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
					return res?.status === 200;
				},
				{ timeoutMs: readyTimeoutMs, intervalMs: 300, what: `n8n readiness on ${this.url}` },
			);
		} catch (err) {
			await this.stop();
			throw new Error(`${err.message}\n--- last 50 lines of ${this.logFile} ---\n${tail(this.logFile, 50)}`);
		}
		return this;
	}

	async stop() {
		if (!this.service) return;
		const { pid, exited } = this.service;
		this.service = null;
		await stopGroup(pid, { exited, graceMs: 20_000 });
		fs.rmSync(path.join(this.runDir, `${this.name}.pid`), { force: true });
	}

	get pid() {
		return this.service?.pid;
	}
}

/** Minimal REST client with a cookie jar (the `n8n-auth` session cookie). */
export class N8nRest {
	constructor(baseUrl, { cookie = '' } = {}) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = cookie;
	}

	async request(method, urlPath, body, { timeoutMs = 30_000, headers = {} } = {}) {
		const res = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: this.cookie } : {}),
				...headers,
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(timeoutMs),
		});
		const setCookie = res.headers.getSetCookie?.() || [];
		for (const c of setCookie) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = `n8n-auth=${m[1]}`;
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, json, text, headers: res.headers };
	}

	/** REST calls return `{data: …}`; this unwraps and throws on non-2xx. */
	async call(method, urlPath, body, opts) {
		const r = await this.request(method, urlPath, body, opts);
		if (r.status < 200 || r.status >= 300) {
			const err = new Error(`${method} ${urlPath} → ${r.status} ${r.text.slice(0, 500)}`);
			err.status = r.status;
			err.response = r;
			throw err;
		}
		return r.json && typeof r.json === 'object' && 'data' in r.json ? r.json.data : r.json;
	}

	/** First start: creates the owner and keeps the session cookie. Falls back to login if set up already. */
	async setupOwner(owner = OWNER) {
		const r = await this.request('POST', '/rest/owner/setup', owner);
		if (r.status === 200) return r.json?.data;
		return this.login(owner);
	}

	async login(owner = OWNER) {
		return this.call('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	async personalProjectId() {
		return (await this.call('GET', '/rest/projects/personal')).id;
	}

	/** Creates a data table in the owner's personal project; an existing one (409) is fine. */
	async ensureDataTable(name, columns) {
		const projectId = await this.personalProjectId();
		const r = await this.request('POST', `/rest/projects/${projectId}/data-tables`, { name, columns });
		if (r.status === 200 || r.status === 201) return { created: true, table: r.json?.data };
		if (r.status === 409) return { created: false };
		throw new Error(`creating data table ${name} → ${r.status} ${r.text.slice(0, 300)}`);
	}

	/** Publishes the workflow's current version, as the editor's Publish button does. */
	async publish(workflowId) {
		const wf = await this.call('GET', `/rest/workflows/${encodeURIComponent(workflowId)}`);
		try {
			await this.call('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/activate`, { versionId: wf.versionId });
		} catch (err) {
			throw new Error(`publishing workflow ${workflowId} (${wf.name}) failed: ${err.response?.json?.message || err.message}`);
		}
	}

	publicationStatus(workflowId) {
		return this.call('GET', `/rest/workflows/${encodeURIComponent(workflowId)}/publication-status`);
	}
}

// Test/demo helper (not used by the merchant command): a real n8n 2.41.1 with this package
// installed as npm installs a community package, the Lightspeed sandbox and a mail catcher,
// an owner, a public-API key and an SMTP credential — what an operator has before running
// `npm run merchant -- add`. Used by scripts/fleet/e2e-run.mjs; the lead can build an e2e test on it.
//
//   const stack = await startFleetStack({ runDir, ports, source: 'head' });
//   stack.n8nUrl, stack.apiKey, stack.apiKeyFile, stack.rest (owner session), stack.sandboxUrl, stack.smtp
//   await stack.stop();
//
// The package is built from the committed tree (`git archive HEAD`) in a temporary folder, so
// uncommitted work of others in the shared tree is not packed; `source: 'tree'` packs the
// working tree as scripts/lib/n8n.mjs does (build in place), `source: 'dist'` packs the
// working tree's existing dist/ without building.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startMailCatcher } from '../lib/mailcatcher.mjs';
import { N8nInstance, N8nRest, OWNER, PACKAGE_NAME } from '../lib/n8n.mjs';
import { assertPortsFree, logLine, run } from '../lib/proc.mjs';
import { ROOT, ensureRuntime } from '../lib/runtime.mjs';

export const FLEET_TEST_PORTS = Object.freeze({ n8n: 5950, broker: 5951, sandbox: 7350, smtp: 2950, mail: 2951 });

/** Builds and packs the package; returns the .tgz path. */
async function packPackage({ runDir, source, log }) {
	const logFile = path.join(runDir, 'package-install.log');
	const packDir = path.join(runDir, 'pack');
	fs.rmSync(packDir, { recursive: true, force: true });
	fs.mkdirSync(packDir, { recursive: true });
	let cwd = ROOT;
	if (source === 'head') {
		const src = path.join(runDir, 'src');
		fs.rmSync(src, { recursive: true, force: true });
		fs.mkdirSync(src, { recursive: true });
		const head = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })).stdout.trim();
		log(`building the package from commit ${head} (git archive) in ${path.relative(ROOT, src)}`);
		await run('bash', ['-c', `git archive HEAD | tar -x -C ${JSON.stringify(src)}`], { cwd: ROOT, logFile });
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
		await run('npm', ['run', 'build'], { cwd: src, timeoutMs: 600_000, logFile });
		cwd = src;
	} else if (source === 'tree') {
		log('building the package from the working tree');
		await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 600_000, logFile });
	} else if (source !== 'dist') throw new Error(`unknown package source ${source} (head, tree or dist)`);
	const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd, timeoutMs: 120_000, logFile });
	return path.join(packDir, JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0].filename);
}

async function installInto(n8n, tgz, runtime) {
	const nodesDir = path.join(n8n.userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ private: true, dependencies: {} }, null, 2));
	await run('npm', ['install', '--omit=peer', '--legacy-peer-deps', '--no-audit', '--no-fund', tgz], {
		cwd: nodesDir,
		env: { ...process.env, PATH: `${runtime.node24.bin}:${process.env.PATH}` },
		timeoutMs: 300_000,
		logFile: path.join(n8n.runDir, 'package-install.log'),
	});
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	if (!fs.existsSync(path.join(installed, 'package.json'))) throw new Error(`${PACKAGE_NAME} did not install into ${nodesDir}`);
}

/** A public-API key with every scope the owner may grant, created with the owner's session. */
export async function createApiKey(rest, label = 'merchant command') {
	const scopes = await rest.call('GET', '/rest/api-keys/scopes');
	const created = await rest.call('POST', '/rest/api-keys', { label, expiresAt: null, scopes });
	if (!created?.rawApiKey) throw new Error('POST /rest/api-keys answered without rawApiKey');
	return created.rawApiKey;
}

/**
 * @param {object} o
 * @param {string} [o.runDir]   default .run/fleet
 * @param {object} [o.ports]    FLEET_TEST_PORTS
 * @param {'head'|'tree'|'dist'} [o.source]
 * @param {(line: string) => void} [o.log]
 */
export async function startFleetStack({ runDir = path.join(ROOT, '.run', 'fleet'), ports = FLEET_TEST_PORTS, source = 'head', posDelayMs = 200, log = () => {} } = {}) {
	fs.mkdirSync(runDir, { recursive: true });
	const stackLog = path.join(runDir, 'stack.log');
	const step = (line) => {
		logLine(stackLog, line);
		log(line);
	};
	const stops = [];
	const stop = async () => {
		while (stops.length) {
			try {
				await stops.pop()();
			} catch (err) {
				logLine(stackLog, `stop error: ${err.message}`);
			}
		}
	};
	try {
		await assertPortsFree(ports);
		fs.rmSync(path.join(runDir, 'home'), { recursive: true, force: true });
		for (const f of fs.readdirSync(runDir)) if (f.endsWith('.log') && f !== 'stack.log') fs.rmSync(path.join(runDir, f), { force: true });
		const runtime = await ensureRuntime();

		step(`Lightspeed sandbox on :${ports.sandbox}`);
		const { startSandbox } = createRequire(import.meta.url)(path.join(ROOT, 'sandbox'));
		const sandbox = await startSandbox({ port: ports.sandbox, posDelayMs });
		stops.push(() => sandbox.close());
		const sandboxUrl = sandbox.url.replace(/\/$/, '');

		step(`mail catcher (SMTP :${ports.smtp}, HTTP :${ports.mail})`);
		const mail = await startMailCatcher({ smtpPort: ports.smtp, httpPort: ports.mail });
		stops.push(() => mail.close());

		const n8n = new N8nInstance({ runtime, runDir, port: ports.n8n, brokerPort: ports.broker, encryptionKey: crypto.randomBytes(24).toString('hex'), name: 'n8n' });
		const tgz = await packPackage({ runDir, source, log: step });
		step(`installing ${path.basename(tgz)} into the n8n user folder`);
		await installInto(n8n, tgz, runtime);

		step(`starting n8n on ${n8n.url} (log ${path.relative(ROOT, n8n.logFile)})`);
		await n8n.start();
		stops.push(() => n8n.stop());

		const rest = new N8nRest(n8n.url);
		await rest.setupOwner(OWNER);
		const apiKey = await createApiKey(rest);
		const apiKeyFile = path.join(runDir, 'api-key');
		fs.writeFileSync(apiKeyFile, `${apiKey}\n`, { mode: 0o600 });
		stops.push(() => fs.rmSync(apiKeyFile, { force: true }));

		// the SMTP credential an operator has already (the restaurants' failure emails go through it)
		const smtpRes = await fetch(`${n8n.url}/api/v1/credentials`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': apiKey },
			body: JSON.stringify({
				name: 'SMTP (fleet mail catcher)',
				type: 'smtp',
				data: { user: '', password: '', host: '127.0.0.1', port: mail.smtpPort, secure: false, disableStartTls: true },
			}),
		});
		if (!smtpRes.ok) throw new Error(`creating the SMTP credential → ${smtpRes.status} ${await smtpRes.text()}`);
		const smtp = await smtpRes.json();
		step(`owner, API key (${path.relative(ROOT, apiKeyFile)}) and SMTP credential ${smtp.id} ready`);

		const info = { runDir, n8nUrl: n8n.url, apiKeyFile, sandboxUrl, mailUrl: mail.url, smtp: { id: smtp.id, name: smtp.name }, pid: n8n.pid, logs: { n8n: n8n.logFile, stack: stackLog } };
		fs.writeFileSync(path.join(runDir, 'fleet-stack.json'), JSON.stringify(info, null, 2));
		stops.push(() => fs.rmSync(path.join(runDir, 'fleet-stack.json'), { force: true }));
		return { ...info, apiKey, rest, n8n, sandbox, mail, stop };
	} catch (err) {
		await stop();
		throw err;
	}
}

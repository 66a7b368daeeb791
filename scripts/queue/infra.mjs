// Queue-mode infrastructure for the stack (scripts/lib/stack.mjs, `mode: 'queue'`):
// PostgreSQL 15 and Redis from Debian packages (installed with apt-get when missing), each in a
// private data folder under the run dir on its own port, plus the extra n8n processes (worker,
// webhook) that share the main process's environment. Everything started here is stopped by
// its recorded pid or by pg_ctl on its own data folder — never by name.
//
// Recipe and pitfalls: /work/shared/docs/n8n-runtime.md §5 (every process must get
// DB_TYPE=postgresdb; each its own N8N_PORT and N8N_RUNNERS_BROKER_PORT; the webhook process
// serves production webhooks, so N8N_WEBHOOK_URL points at it).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { logLine, run, spawnService, stopGroup, tail, waitFor } from '../lib/proc.mjs';

export const QUEUE_PORTS = Object.freeze({
	n8n: 5810,
	broker: 5811,
	webhook: 5812,
	webhookBroker: 5813,
	workerHealth: 5814,
	workerBroker: 5815,
	sandbox: 7310,
	smtp: 2710,
	mail: 2711,
	postgres: 55810,
	redis: 56810,
});

function which(cmd) {
	try {
		return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
	} catch {
		return null;
	}
}

function pgBinDir() {
	try {
		return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
	} catch {
		return null;
	}
}

/** PostgreSQL server binaries + redis-server; apt-get installs what is missing (root only). */
async function ensurePackages(log, logFile) {
	const haveRedis = which('redis-server');
	const bin = pgBinDir();
	const havePg = bin && fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'));
	if (haveRedis && havePg) return { pgBin: bin, redis: haveRedis };
	log(`installing ${[!haveRedis && 'redis-server', !havePg && 'postgresql'].filter(Boolean).join(' + ')} from Debian (apt-get)`);
	if (process.getuid?.() !== 0) throw new Error('queue mode needs redis-server and postgresql: run `apt-get install -y --no-install-recommends redis-server postgresql` as root');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let r = await run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql'], { env, timeoutMs: 600_000, logFile, allowFail: true });
	if (r.code !== 0) {
		await run('apt-get', ['update'], { env, timeoutMs: 600_000, logFile, allowFail: true });
		r = await run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql'], { env, timeoutMs: 600_000, logFile });
	}
	const pgBin = pgBinDir();
	const redis = which('redis-server');
	if (!pgBin || !redis) throw new Error(`after apt-get: pg_config ${pgBin}, redis-server ${redis} (log: ${logFile})`);
	return { pgBin, redis };
}

/** Runs a command as the postgres user (initdb/pg_ctl refuse root). */
function asPostgres(cmd, { logFile, timeoutMs = 120_000 } = {}) {
	if (process.getuid?.() === 0) return run('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { logFile, timeoutMs });
	return run('sh', ['-c', cmd], { logFile, timeoutMs });
}

/**
 * Starts PostgreSQL (fresh cluster in <runDir>/pg) and Redis (no persistence). Returns
 * { env (for every n8n process), stop(), pgPort, redisPort }.
 */
export async function startQueueInfra({ runDir, ports, log = () => {} }) {
	const logFile = path.join(runDir, 'queue-infra.log');
	const stops = [];
	const stop = async () => {
		while (stops.length) {
			try {
				await stops.pop()();
			} catch (err) {
				logLine(logFile, `stop error: ${err.message}`);
			}
		}
	};
	try {
		const { pgBin, redis } = await ensurePackages(log, logFile);
		const pgDir = path.join(runDir, 'pg');
		if (fs.existsSync(path.join(pgDir, 'data', 'postmaster.pid'))) {
			// a crashed earlier run of this folder: stop that cluster (its own data dir, not by name)
			await asPostgres(`${pgBin}/pg_ctl -D ${pgDir}/data -m immediate -w stop`, { logFile }).catch(() => {});
		}
		fs.rmSync(pgDir, { recursive: true, force: true });
		fs.mkdirSync(path.join(pgDir, 'data'), { recursive: true });
		fs.mkdirSync(path.join(pgDir, 'sock'), { recursive: true });
		fs.writeFileSync(path.join(pgDir, 'pg.log'), '');
		if (process.getuid?.() === 0) {
			// postgres must be able to reach the folder
			execFileSync('chown', ['-R', 'postgres', pgDir]);
			for (let d = pgDir; d !== path.dirname(d); d = path.dirname(d)) {
				const mode = fs.statSync(d).mode;
				if (!(mode & 0o001)) fs.chmodSync(d, mode | 0o001);
			}
		}
		log(`PostgreSQL: initdb + start on 127.0.0.1:${ports.postgres}`);
		await asPostgres(`${pgBin}/initdb -D ${pgDir}/data -A trust -U postgres`, { logFile });
		await asPostgres(
			`${pgBin}/pg_ctl -D ${pgDir}/data -l ${pgDir}/pg.log -o "-p ${ports.postgres} -k ${pgDir}/sock -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" -w start`,
			{ logFile },
		);
		stops.push(() => asPostgres(`${pgBin}/pg_ctl -D ${pgDir}/data -m fast -w stop`, { logFile }));
		await run('psql', ['-h', '127.0.0.1', '-p', String(ports.postgres), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', "create user n8n with password 'n8n';", '-c', 'create database n8n owner n8n;'], { logFile });

		log(`Redis on 127.0.0.1:${ports.redis}`);
		const redisLog = path.join(runDir, 'redis.log');
		const svc = spawnService(redis, ['--port', String(ports.redis), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', runDir], { cwd: runDir, logFile: redisLog });
		stops.push(() => stopGroup(svc.pid, { exited: svc.exited, graceMs: 5000 }));
		await waitFor(() => /Ready to accept connections/.test(tail(redisLog, 50)), { timeoutMs: 20_000, what: `redis on :${ports.redis} (log ${redisLog})` });

		const env = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(ports.postgres),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(ports.redis),
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// production webhooks (and the URL the Lightspeed trigger registers) go to the webhook process
			N8N_WEBHOOK_URL: `http://127.0.0.1:${ports.webhook}/`,
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		return { env, stop, pgPort: ports.postgres, redisPort: ports.redis, logFile, redisPid: svc.pid };
	} catch (err) {
		await stop();
		throw new Error(`${err.message} (queue infra log: ${logFile})`);
	}
}

/**
 * Starts `n8n worker` or `n8n webhook` with the main instance's environment and its own ports.
 * Readiness: worker → its health check port /healthz; webhook → /healthz/readiness.
 */
export async function startN8nRole(main, role, { port, brokerPort, concurrency = 10 }) {
	const logFile = path.join(main.runDir, `n8n-${role}.log`);
	const env = { ...main.env, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort) };
	const args = [main.runtime.harness.n8nBin, role];
	if (role === 'worker') {
		env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
		env.QUEUE_HEALTH_CHECK_PORT = String(port);
		args.push(`--concurrency=${concurrency}`);
	}
	logLine(logFile, `starting n8n ${role} (port ${port})`);
	const svc = spawnService(main.runtime.node24.node, args, { cwd: main.runDir, env, logFile });
	fs.writeFileSync(path.join(main.runDir, `n8n-${role}.pid`), String(svc.pid));
	let exited = null;
	svc.exited.then((e) => (exited = e));
	const url = `http://127.0.0.1:${port}`;
	const probe = role === 'worker' ? '/healthz' : '/healthz/readiness';
	const stop = async () => {
		await stopGroup(svc.pid, { exited: svc.exited, graceMs: 20_000 });
		fs.rmSync(path.join(main.runDir, `n8n-${role}.pid`), { force: true });
	};
	try {
		await waitFor(
			async () => {
				if (exited) throw Object.assign(new Error(`n8n ${role} exited early (${exited.code ?? exited.signal})`), { fatal: true });
				const res = await fetch(`${url}${probe}`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
				return res?.status === 200;
			},
			{ timeoutMs: 180_000, intervalMs: 300, what: `n8n ${role} readiness on ${url}${probe}` },
		);
	} catch (err) {
		await stop();
		throw new Error(`${err.message}\n--- last 40 lines of ${logFile} ---\n${tail(logFile, 40)}`);
	}
	return { role, url, pid: svc.pid, logFile, stop };
}

// Closed-loop load generation: C workers, each sends its next request as soon as the previous
// one is answered. Bounded by a request count AND a deadline; every latency is kept, so the
// percentiles are exact (nearest rank over the whole sample), and a log-spaced histogram is
// reported next to them. Only 127.0.0.1 is ever targeted (see assertLoopback).
import http from 'node:http';

/** Throws unless the URL points at 127.0.0.1 (the benchmark never loads anything else). */
export function assertLoopback(url) {
	const u = new URL(url);
	if (u.hostname !== '127.0.0.1') throw new Error(`the load generator only targets 127.0.0.1, not ${u.hostname} (${url})`);
	if (u.protocol !== 'http:') throw new Error(`plain http on 127.0.0.1 only (${url})`);
	return u;
}

/** A keep-alive HTTP/1.1 client with at most `maxSockets` connections per host. */
export function createClient(maxSockets) {
	const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, keepAliveMsecs: 10_000 });
	/**
	 * → { status, headers, body (string) }. `body` may be a string or Buffer (sent as is).
	 * Rejects on transport errors and after `timeoutMs`.
	 */
	function request(url, { method = 'GET', headers = {}, body, timeoutMs = 60_000 } = {}) {
		const u = assertLoopback(url);
		return new Promise((resolve, reject) => {
			const h = { ...headers };
			if (body !== undefined) h['content-length'] = Buffer.byteLength(body);
			const req = http.request(
				{ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h, agent },
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
					res.on('error', reject);
				},
			);
			req.on('error', reject);
			req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
			if (body !== undefined) req.write(body);
			req.end();
		});
	}
	return { request, close: () => agent.destroy() };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
	if (!sorted.length) return null;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Log-spaced histogram (10 buckets per decade, from 1 ms): [{leMs, count}] for non-empty buckets. */
export function histogram(sorted) {
	const counts = new Map();
	for (const v of sorted) {
		const k = v <= 1 ? 0 : Math.ceil(Math.log10(v) * 10);
		counts.set(k, (counts.get(k) || 0) + 1);
	}
	return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([k, count]) => ({ leMs: +(10 ** (k / 10)).toFixed(1), count }));
}

const r1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

/**
 * Runs one closed-loop phase.
 * @param {object} o
 * @param {number} o.concurrency   workers (C)
 * @param {number} o.requests      requests to send (N); fewer if the deadline comes first
 * @param {number} o.maxSeconds    deadline: no new request is started after it
 * @param {(i: number, worker: number) => Promise<{ok: boolean, status: number|string, prepMs?: number}>} o.one
 *        sends request i; what it does before the clock starts (signing) is its own business:
 *        it returns `startedAt` (hrtime bigint) when the first byte is about to be sent.
 */
export async function closedLoop({ concurrency, requests, maxSeconds, one }) {
	const latencies = [];
	const statuses = {};
	let bad = 0;
	let errors = 0;
	let issued = 0;
	const firstErrors = [];
	const deadline = process.hrtime.bigint() + BigInt(Math.round(maxSeconds * 1e9));
	let truncated = false;
	const t0 = process.hrtime.bigint();
	async function worker(w) {
		for (;;) {
			if (issued >= requests) return;
			if (process.hrtime.bigint() > deadline) {
				truncated = true;
				return;
			}
			const i = issued++;
			let started;
			try {
				const r = await one(i, w, (t) => (started = t));
				const end = process.hrtime.bigint();
				statuses[r.status] = (statuses[r.status] || 0) + 1;
				if (!r.ok) {
					bad++;
					if (firstErrors.length < 5) firstErrors.push({ i, status: r.status, detail: String(r.detail || '').slice(0, 300) });
				}
				latencies.push(Number(end - (started ?? end)) / 1e6);
			} catch (err) {
				const end = process.hrtime.bigint();
				errors++;
				const key = `error: ${err.code || err.message}`.slice(0, 80);
				statuses[key] = (statuses[key] || 0) + 1;
				if (firstErrors.length < 5) firstErrors.push({ i, error: err.message });
				latencies.push(Number(end - (started ?? end)) / 1e6);
			}
		}
	}
	await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
	const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
	latencies.sort((a, b) => a - b);
	const mean = latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1);
	return {
		n: latencies.length,
		wallS: +wallS.toFixed(3),
		rps: +(latencies.length / wallS).toFixed(1),
		p50: r1(percentile(latencies, 50)),
		p95: r1(percentile(latencies, 95)),
		p99: r1(percentile(latencies, 99)),
		min: r1(latencies[0]),
		max: r1(latencies[latencies.length - 1]),
		mean: r1(mean),
		statuses,
		bad,
		errors,
		truncated,
		firstErrors,
		histogram: histogram(latencies),
	};
}

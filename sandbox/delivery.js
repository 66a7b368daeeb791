'use strict';
// Delivers outgoing notifications (Order & Pay webhooks and Back Office RTN) over HTTP, in
// order per target URL, with Basic auth when configured, retrying a few times with a short
// backoff and recording every attempt in the state. Faults can duplicate, reorder, drop or
// hold back (notificationDelayMs: Order & Pay only, counted from the POS event).

const http = require('http');
const https = require('https');

class Delivery {
	constructor({ store, faults, config, timers }) {
		Object.assign(this, { store, faults, config, timers });
		this.chains = new Map(); // url -> promise of the last queued delivery (keeps order)
		this.inFlight = new Set();
		this.closed = false;
		this.generation = 0; // bumped by reset(): older deliveries stop quietly
		this.agents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };
	}

	// items: [{channel, target:{url, username, password, endpointId}|null, payload, summary}]
	// summary: {type, status, reference, checkId} — what the floor page and tests look at.
	sendBatch(items) {
		let list = items.filter(Boolean);
		if (this.faults.state.outOfOrderWebhooks) list = list.slice().reverse();
		// The delay in force now applies to this event for good: setting it back to 0 later
		// releases new events at once, while these stay held until their time.
		const delay = this.faults.state.notificationDelayMs;
		const heldUntil = delay > 0 ? new Date(Date.now() + delay).toISOString() : null;
		const held = [];
		for (const item of list) {
			const copies = this.faults.state.duplicateWebhooks ? 2 : 1;
			let first = null;
			for (let i = 0; i < copies; i++) {
				const rec = this.store.logWebhook({
					channel: item.channel,
					clientId: item.clientId ?? null,
					endpointId: item.endpointId ?? null,
					url: item.target ? item.target.url : null,
					...item.summary,
					payload: item.payload,
					duplicateOf: first ? first.id : null,
					createdAt: new Date().toISOString(),
					attempts: [],
					result: item.target ? 'pending' : 'undeliverable',
					error: item.target ? null : item.error || 'no target',
				});
				Object.defineProperty(rec, 'generation', { value: this.generation }); // not part of the state view
				first = first || rec;
				if (!item.target) continue;
				if (heldUntil && item.channel === 'orderAndPay') {
					rec.heldUntil = heldUntil;
					held.push([rec, item.target]);
				} else {
					this.enqueue(rec, item.target);
				}
			}
		}
		// One timer per event: its notifications join their URL queues together, in batch order,
		// so held notifications keep their relative order (and the duplicate/reorder faults theirs).
		if (held.length) {
			this.timers.after(delay, () => {
				for (const [rec, target] of held) if (!this.stale(rec)) this.enqueue(rec, target);
			});
		}
		this.store.changed();
	}

	enqueue(rec, target) {
		const prev = this.chains.get(target.url) || Promise.resolve();
		const next = prev.then(() => this.deliver(rec, target));
		this.chains.set(target.url, next);
		next.then(() => {
			if (this.chains.get(target.url) === next) this.chains.delete(target.url);
		});
	}

	stale(rec) {
		return this.closed || rec.generation !== this.generation;
	}

	async deliver(rec, target) {
		const tries = 1 + this.config.webhookRetries;
		for (let i = 0; i < tries; i++) {
			if (i > 0) await this.timers.sleep(this.config.webhookRetryBaseMs * 2 ** (i - 1));
			if (this.stale(rec)) return;
			// RTN counts its own retries in the payload (API doc §8.3 retryCounter).
			const payload = rec.channel === 'rtn' ? { ...rec.payload, retryCounter: i } : rec.payload;
			const attempt = { at: new Date().toISOString() };
			try {
				if (this.faults.state.webhookReceiverDown) throw new Error('connect ECONNREFUSED (fault webhookReceiverDown)');
				attempt.status = await this.post(target, payload);
			} catch (e) {
				attempt.error = e.message;
			}
			rec.attempts.push(attempt);
			if (attempt.status >= 200 && attempt.status < 300) {
				rec.result = 'delivered';
				rec.deliveredAt = attempt.at;
				this.store.changed();
				return;
			}
			this.store.changed();
		}
		if (!this.stale(rec)) {
			// Gave up: recorded for the state and the floor page; the sandbox does not try again.
			rec.result = 'failed';
			rec.error = rec.attempts.length ? rec.attempts[rec.attempts.length - 1].error || `HTTP ${rec.attempts[rec.attempts.length - 1].status}` : 'not attempted';
			this.store.changed();
		}
	}

	post(target, payload) {
		if (this.closed) return Promise.reject(new Error('sandbox closed'));
		return new Promise((resolve, reject) => {
			const url = new URL(target.url);
			const body = JSON.stringify(payload);
			const headers = {
				'Content-Type': 'application/json',
				'Content-Length': Buffer.byteLength(body),
				'User-Agent': 'lightspeed-kseries-sandbox',
			};
			if (target.username !== undefined && target.username !== null) {
				headers.Authorization = 'Basic ' + Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64');
			}
			const mod = url.protocol === 'https:' ? https : http;
			const req = mod.request(url, { method: 'POST', headers, agent: this.agents[url.protocol === 'https:' ? 'https' : 'http'], timeout: this.config.webhookTimeoutMs }, (res) => {
				res.resume();
				res.on('end', () => {
					this.inFlight.delete(req);
					resolve(res.statusCode);
				});
			});
			this.inFlight.add(req);
			// A socket torn down mid-connect by close() may still report (connect ECANCELED) after its
			// request was destroyed; without a listener that would be an uncaught exception in the host.
			req.on('socket', (socket) => socket.on('error', () => {}));
			req.on('timeout', () => req.destroy(new Error(`timeout after ${this.config.webhookTimeoutMs} ms`)));
			req.on('error', (e) => {
				this.inFlight.delete(req);
				reject(e);
			});
			req.end(body);
		});
	}

	reset() {
		this.generation++;
	}

	close() {
		this.closed = true;
		for (const req of this.inFlight) req.destroy(new Error('sandbox closed'));
		this.inFlight.clear();
		// No agent.destroy(): the agents keep no idle sockets (keepAlive off), and destroying one
		// cancels sockets that are still connecting, outside any request's error handling.
	}
}

module.exports = { Delivery };

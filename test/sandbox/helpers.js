'use strict';
// Shared helpers for the sandbox tests: start a sandbox, call it with a token, receive its
// webhooks on a tiny local server, wait for a condition.

const http = require('http');
const { startSandbox } = require('../../sandbox');

const CENTRE = 45454565682155;
const HARBOUR = 45454565682156;
const ALFAMA = 45454565682157; // Lisbon
const SOHO = 45454565682158; // London
const CAMDEN = 45454565682159; // London, no floor plan
const BASIC_CLIENT = 'Basic ' + Buffer.from('sandbox-client:sandbox-secret').toString('base64');

// Generous: CI shares 2 cores with n8n and the browser; a slow pass must not read as a failure.
async function waitFor(fn, { timeout = 15000, interval = 10, what = 'condition' } = {}) {
	const end = Date.now() + timeout;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, interval));
	}
}

async function call(base, method, path, { body, headers = {}, token, form } = {}) {
	const h = { ...headers };
	if (token) h.Authorization = `Bearer ${token}`;
	let payload;
	if (form) {
		payload = new URLSearchParams(form).toString();
		h['Content-Type'] = 'application/x-www-form-urlencoded';
	} else if (body !== undefined) {
		payload = typeof body === 'string' ? body : JSON.stringify(body);
		h['Content-Type'] = h['Content-Type'] || 'application/json';
	}
	const res = await fetch(base + path, { method, headers: h, body: payload, redirect: 'manual' });
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, body: json };
}

// Sends n identical POSTs that truly overlap: all connections are open and their headers
// sent before any body is written, then every body is finished in the same tick.
async function simultaneousPosts(base, path, token, body, n) {
	const payload = JSON.stringify(body);
	const agent = new http.Agent({ keepAlive: false, maxSockets: n });
	const reqs = [];
	const results = [];
	for (let i = 0; i < n; i++) {
		const req = http.request(`${base}${path}`, {
			method: 'POST', agent,
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
		});
		results.push(new Promise((resolve, reject) => {
			req.on('response', (res) => {
				let text = '';
				res.on('data', (c) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
			});
			req.on('error', reject);
		}));
		req.flushHeaders();
		reqs.push(req);
	}
	await Promise.all(reqs.map((r) => new Promise((resolve) => (r.socket && r.socket.readyState === 'open' ? resolve() : r.on('socket', (s) => s.once('connect', resolve))))));
	await new Promise((r) => setTimeout(r, 30)); // let the server read every request's headers
	for (const r of reqs) r.end(payload);
	const out = await Promise.all(results);
	agent.destroy();
	return out;
}

// A started sandbox plus a minted token and short-hands for API and admin calls.
async function start(options = {}) {
	const sb = await startSandbox({ port: 0, posDelayMs: 5, webhookRetryBaseMs: 10, ...options });
	const minted = await call(sb.url, 'POST', '/_admin/tokens');
	const t = {
		sb,
		url: sb.url,
		token: minted.body.access_token,
		api: (method, path, opts = {}) => call(sb.url, method, path, { token: t.token, ...opts }),
		admin: (method, path, body) => call(sb.url, method, `/_admin${path}`, { body }),
		state: async () => (await call(sb.url, 'GET', '/_admin/state')).body,
		close: () => sb.close(),
	};
	return t;
}

// Receives webhooks: records method, headers and parsed JSON body of every request.
async function receiver({ status = 200 } = {}) {
	const r = { requests: [], status };
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				body = raw;
			}
			r.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
			res.writeHead(typeof r.status === 'function' ? r.status(r.requests.length) : r.status);
			res.end();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	r.url = `http://127.0.0.1:${server.address().port}`;
	r.bodies = (pred = () => true) => r.requests.map((q) => q.body).filter(pred);
	r.waitFor = (pred, what, timeout) => waitFor(() => r.bodies(pred).length > 0 && r.bodies(pred), { what, timeout });
	r.waitForCount = (n, pred = () => true, what = `${n} webhooks`) => waitFor(() => r.bodies(pred).length >= n && r.bodies(pred), { what });
	r.close = () => new Promise((resolve) => {
		server.closeAllConnections();
		server.close(() => resolve());
	});
	return r;
}

// Registers a webhook endpoint pointing at a receiver.
async function registerEndpoint(t, recv, extra = {}) {
	const body = { endpointId: 'QODEUP-TEST', url: `${recv.url}/lightspeed`, provideAccount: true, expandTransactions: true, expandPayments: true, ...extra };
	const res = await t.api('PUT', '/o/wh/1/webhook', { body });
	if (res.status !== 200) throw new Error(`could not create endpoint: ${res.status} ${res.text}`);
	return body.endpointId;
}

function payBody(extra = {}) {
	return {
		businessLocationId: CENTRE,
		iKaccountIdentifier: 'A70001.1',
		thirdPartyPaymentReference: `QD-p${Math.random().toString(36).slice(2, 10)}-1`,
		endpointId: 'QODEUP-TEST',
		paymentAmount: '10.00',
		tipAmount: '0.00',
		paymentMethod: 'QDCARD',
		taskTtlInMs: 60000,
		...extra,
	};
}

module.exports = { start, call, simultaneousPosts, receiver, waitFor, registerEndpoint, payBody, CENTRE, HARBOUR, ALFAMA, SOHO, CAMDEN, BASIC_CLIENT };

'use strict';
// startSandbox(): the local Lightspeed K-Series emulator on 127.0.0.1. Wires the state,
// OAuth, POS simulation, webhook delivery, faults and admin API into one HTTP server.
//
//   const { startSandbox } = require('./sandbox');
//   const sb = await startSandbox({ port: 0, posDelayMs: 200 });
//   sb.url; sb.state.checks; await sb.close();
// sb.state is what GET /_admin/state answers (computed on each read); sb.store is the live state.

const http = require('http');
const { Store } = require('./store');
const { Faults } = require('./faults');
const { Timers } = require('./timers');
const { OAuth, REALM, fingerprint } = require('./oauth');
const { Delivery } = require('./delivery');
const { Pos } = require('./pos');
const { createAdmin } = require('./admin');
const { defaults, checkPatch } = require('./config');
const { Router, Reply, HttpError, send, springBody, readRaw, parseBody } = require('./http');
const seed = require('./seed');

const ROUTES = ['data', 'checks', 'pay', 'orders', 'finance', 'staff', 'misc', 'webhooks'];
const SECRET_FIELDS = new Set(['code', 'refresh_token', 'client_secret', 'password']);

// Authorization headers and OAuth secrets appear in the request log only as fingerprints.
function redactHeaders(headers) {
	const out = { ...headers };
	if (out.authorization) {
		const [scheme, ...rest] = out.authorization.split(' ');
		out.authorization = `${scheme} ${fingerprint(rest.join(' '))}`;
	}
	return out;
}

function redactBody(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
	const out = { ...body };
	for (const k of Object.keys(out)) if (SECRET_FIELDS.has(k) && typeof out[k] === 'string') out[k] = fingerprint(out[k]);
	return out;
}

function apiRouter(oauth) {
	const router = new Router();
	router.add('GET', `${REALM}/auth`, (ctx) => oauth.authorize(ctx), { auth: false });
	router.add('POST', `${REALM}/token`, (ctx) => oauth.token(ctx), { auth: false });
	for (const name of ROUTES) require(`./routes/${name}`)(router);
	return router;
}

async function startSandbox(options = {}) {
	const { port = 7070, host = '127.0.0.1', faults: initialFaults, ...rest } = options;
	const config = { ...defaults(), ...checkPatch(rest) };
	const store = new Store();
	const faults = new Faults();
	if (initialFaults) faults.set(initialFaults);
	// a fault used up by a call (http500: 2 → 1) is a change the floor page shows
	faults.on('change', () => store.changed());
	const timers = new Timers();
	const oauth = new OAuth(config);
	const delivery = new Delivery({ store, faults, config, timers });
	const pos = new Pos({ store, faults, config, timers, delivery });
	const router = apiRouter(oauth);
	const sb = { store, faults, config, oauth, pos, delivery, timers, startedAt: Date.now() };
	const admin = createAdmin(sb);
	Object.defineProperty(sb, 'state', { enumerable: true, get: () => admin.state({}) });

	async function handleApi(ctx) {
		const { req, res } = ctx;
		const raw = await readRaw(req);
		ctx.body = parseBody(raw, req.headers['content-type']);
		const entry = {
			at: new Date().toISOString(),
			method: req.method,
			path: ctx.path,
			query: ctx.query,
			headers: redactHeaders(req.headers),
			body: redactBody(ctx.body && ctx.body.__unparsable !== undefined ? ctx.body.__unparsable : ctx.body),
		};
		const started = Date.now();
		try {
			const latency = faults.latencyFor(ctx.path);
			if (latency) await timers.sleep(latency);
			const injected = faults.takeHttpFault(ctx.path);
			if (injected && injected.status === 429) {
				throw new HttpError(429, springBody(429, 'Too many requests', ctx.path), { 'Retry-After': String(injected.retryAfterSeconds) });
			}
			if (injected) throw new HttpError(500, springBody(500, 'Internal server error (injected fault)', ctx.path));
			const m = router.match(req.method, ctx.path);
			if (!m.route) {
				throw m.pathMatched
					? new HttpError(405, springBody(405, `Request method '${req.method}' is not supported`, ctx.path))
					: new HttpError(404, springBody(404, `No static resource ${ctx.path.slice(1)}.`, ctx.path));
			}
			// The token decides which businesses (and whose webhook endpoints) the call may touch.
			if (m.route.options.auth !== false) ctx.auth = oauth.verify(req.headers.authorization);
			ctx.params = m.params;
			const out = await m.route.handler(ctx);
			if (out instanceof Reply) send(res, out.status, out.body, out.headers);
			else send(res, 200, out);
		} catch (e) {
			if (e instanceof HttpError) send(res, e.status, e.body, e.headers);
			else {
				console.error('[sandbox] unexpected error', e);
				send(res, 500, springBody(500, e.message, ctx.path));
			}
		}
		entry.status = res.statusCode;
		entry.durationMs = Date.now() - started;
		store.logRequest(entry);
	}

	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://sandbox.local');
		const ctx = {
			req, res, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers,
			store, faults, oauth, pos, config, baseUrl: sb.url, startedAt: sb.startedAt,
		};
		const isAdmin = ctx.path === '/floor' || ctx.path === '/favicon.ico' || ctx.path.startsWith('/_admin/');
		const work = isAdmin
			? readRaw(req).then((raw) => {
				ctx.body = parseBody(raw, req.headers['content-type'] || 'application/json');
				return admin.handle(ctx);
			})
			: handleApi(ctx);
		work.catch((e) => {
			if (e instanceof HttpError) return send(res, e.status, e.body, e.headers);
			console.error('[sandbox] unexpected error', e);
			send(res, 500, { error: e.message });
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		// Clients (n8n, fetch) reuse idle sockets; a server that drops them after Node's default 5 s
		// races a reuse under load and the caller sees ECONNRESET. Keep them well past client idle times.
		server.keepAliveTimeout = 65_000;
		server.headersTimeout = 66_000;
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	sb.port = server.address().port;
	sb.url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${sb.port}`;
	sb.server = server;

	let closing = null;
	sb.close = () => {
		if (!closing) {
			closing = new Promise((resolve) => {
				timers.clearAll();
				delivery.close();
				admin.close();
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
		return closing;
	};
	return sb;
}

module.exports = { startSandbox, seed, REALM };

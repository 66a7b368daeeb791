'use strict';
// Admin API for tests and people (127.0.0.1 only, no auth): read the whole state, drive the
// "iPad" (open checks, add lines, take a payment, close), switch faults, mint and revoke
// tokens, change config, reset. Also serves the floor page and its server-sent events.

const fs = require('fs');
const path = require('path');
const { Router, Reply, reply, send } = require('./http');
const { adminCheck, table } = require('./render');
const { formatCents, toCents, MoneyError } = require('./money');
const { LineError } = require('./store');
const { FaultError } = require('./faults');
const { checkPatch, ConfigError } = require('./config');
const { renderEndpoint } = require('./routes/webhooks');
const { CENTRE } = require('./seed');

const FLOOR_HTML = path.join(__dirname, 'floor.html');
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

class AdminError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

const money = (c) => (c === undefined || c === null ? null : formatCents(c));

function renderPayment(p) {
	return {
		reference: p.reference,
		businessLocationId: p.businessLocationId,
		checkId: p.checkId || p.accountIdentifier,
		clientId: p.clientId,
		endpointId: p.endpointId,
		amount: money(p.amountCents),
		tipAmount: money(p.tipCents),
		paymentMethod: p.paymentMethod,
		staffId: p.staffId,
		deviceId: p.deviceId,
		taskTtlInMs: p.taskTtlInMs,
		status: p.status,
		errorType: p.errorType || null,
		reason: p.reason || null,
		receivedAt: p.receivedAt,
		processedAt: p.processedAt || null,
	};
}

function renderOrder(o) {
	return {
		reference: o.reference,
		kind: o.kind,
		businessLocationId: o.businessLocationId,
		clientId: o.clientId,
		endpointId: o.endpointId,
		tableNumber: o.tableNumber,
		accountIdentifier: o.accountIdentifier,
		items: o.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
		payment: o.payment ? { paymentMethod: o.payment.paymentMethod ?? null, paymentAmount: money(o.payment.paymentAmountCents), tipAmount: money(o.payment.tipAmountCents ?? 0) } : null,
		collectionCode: o.collectionCode,
		status: o.status,
		reason: o.reason || null,
		checkId: o.checkId || null,
		receivedAt: o.receivedAt,
		processedAt: o.processedAt || null,
	};
}

function createAdmin(sb) {
	const { store, faults, oauth, pos, delivery, config, timers } = sb;
	const router = new Router();
	const sseClients = new Set();

	function state(query) {
		const lite = query.lite === '1' || query.lite === 'true';
		return {
			version: store.version,
			url: sb.url,
			startedAt: new Date(sb.startedAt).toISOString(),
			business: businessView(store.business),
			businesses: [...store.businesses.values()].map(businessView),
			locations: [...store.locations.values()].map((l) => ({
				id: l.id, name: l.name, businessId: l.businessId, country: l.country, timezone: l.timezone,
				currencyCode: store.businesses.get(l.businessId).currencyCode,
				posId: l.posId, defaultApiStaffId: l.defaultApiStaffId,
				floorplans: l.floorplans.map((f) => ({ id: f.id, name: f.name, tables: f.tables.map((t) => tableView(l.id, t)) })),
			})),
			checks: [...store.checks.values()].map((c) => adminCheck(store, c)),
			payments: [...store.payments.values()].map(renderPayment),
			orders: [...store.orders.values()].map(renderOrder),
			webhookEndpoints: [...store.webhookEndpoints.values()].map((e) => ({ ...renderEndpoint(e), clientId: e.clientId, businessLocations: [...e.businessLocations.keys()] })),
			requests: lite ? [] : store.requests,
			webhooks: lite ? store.webhooks.slice(-50).map(({ payload, ...rest }) => rest) : store.webhooks,
			messages: store.messages,
			faults: faults.toJSON(),
			config,
			tokens: oauth.counts(),
			clients: oauth.clientList(),
		};
	}

	function businessView(b) {
		return {
			id: b.id, name: b.name, currencyCode: b.currencyCode, cardMethodCode: b.cardMethodCode,
			locationIds: b.locations.map((l) => l.id),
			paymentMethods: b.paymentMethods.map((m) => ({ code: m.code, name: m.name })),
			staff: b.staff.map((s) => ({ staffId: s.staffId, username: s.username, active: s.active })),
		};
	}

	// A table as the API shows it (an inactiveTables fault switches it off).
	function tableView(businessLocationId, t) {
		return table(t, t.active && !faults.tableInactive(businessLocationId, t.number));
	}

	function checkOrThrow(id) {
		const c = store.checks.get(id);
		if (!c) throw new AdminError(404, `no check ${id}`);
		return c;
	}

	function openCheckOrThrow(id) {
		const c = checkOrThrow(id);
		if (c.closedAt) throw new AdminError(409, `check ${id} is closed`);
		return c;
	}

	function checkClientId(clientId) {
		if (clientId !== undefined && !oauth.hasClient(clientId)) {
			throw new AdminError(400, `unknown clientId ${JSON.stringify(clientId)}; known: ${oauth.clientList().map((c) => c.clientId).join(', ')}`);
		}
	}

	const body = (ctx) => (ctx.body && typeof ctx.body === 'object' && !ctx.body.__unparsable ? ctx.body : {});

	router.add('GET', '/floor', () => reply(200, fs.readFileSync(FLOOR_HTML), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }));

	router.add('GET', '/favicon.ico', () => reply(204, null));
	router.add('GET', '/_admin/state', (ctx) => state(ctx.query));

	router.add('POST', '/_admin/reset', (ctx) => {
		const b = body(ctx);
		pos.reset();
		delivery.reset();
		store.reset({ clearWebhookEndpoints: b.clearWebhookEndpoints === true });
		faults.clear();
		// Tokens survive by default: a running n8n keeps its credential across test resets.
		if (b.clearTokens === true) oauth.reset();
		return { status: 'reset' };
	});

	router.add('GET', '/_admin/config', () => config);
	router.add('POST', '/_admin/config', (ctx) => {
		Object.assign(config, checkPatch(body(ctx)));
		store.changed();
		return config;
	});

	router.add('GET', '/_admin/faults', () => faults.toJSON());
	router.add('POST', '/_admin/faults', (ctx) => {
		faults.set(body(ctx));
		store.changed();
		return faults.toJSON();
	});
	router.add('DELETE', '/_admin/faults', () => {
		faults.clear();
		store.changed();
		return faults.toJSON();
	});

	// Open a check on a table, as a waiter would on the iPad (a second one on the same table
	// is allowed). Lines: [{sku, quantity}] or open items [{name, unitAmount, quantity}].
	router.add('POST', '/_admin/checks', (ctx) => {
		const b = body(ctx);
		const bl = b.businessLocationId === undefined ? CENTRE : Number(b.businessLocationId);
		if (!store.location(bl)) throw new AdminError(400, `unknown businessLocationId ${b.businessLocationId}`);
		const tableNumber = b.tableNumber === undefined || b.tableNumber === null ? null : Number(b.tableNumber);
		const found = tableNumber === null ? null : store.table(bl, tableNumber);
		if (tableNumber !== null && !found) throw new AdminError(400, `no table ${b.tableNumber} at ${bl}`);
		// The iPad does not open checks on a table switched off in Back Office.
		if (found && !pos.tableActive(bl, found.table)) throw new AdminError(400, `table ${tableNumber} at ${bl} is not active`);
		if (b.staffId !== undefined && !store.staffMember(b.staffId, bl)) throw new AdminError(400, `unknown staffId ${b.staffId}`);
		const staffId = b.staffId ?? store.businessOf(bl).checkStaffId;
		const check = store.openCheck({ businessLocationId: bl, tableNumber, clientCount: b.clientCount, staffId, lines: b.lines || [] });
		pos.announce(check, 'opened');
		return reply(201, adminCheck(store, check));
	});

	router.add('GET', '/_admin/checks/{checkId}', (ctx) => adminCheck(store, checkOrThrow(ctx.params.checkId)));

	router.add('POST', '/_admin/checks/{checkId}/lines', (ctx) => {
		const check = openCheckOrThrow(ctx.params.checkId);
		const lines = body(ctx).lines;
		if (!Array.isArray(lines) || !lines.length) throw new AdminError(400, 'lines must be a non-empty array');
		store.addLines(check, lines);
		pos.announce(check, 'updated');
		return adminCheck(store, check);
	});

	// A payment taken on the iPad itself (cash, the restaurant's own card terminal).
	router.add('POST', '/_admin/checks/{checkId}/payments', (ctx) => {
		const check = openCheckOrThrow(ctx.params.checkId);
		const b = body(ctx);
		const amountCents = toCents(b.amount);
		const remaining = store.totals(check).remaining;
		if (amountCents <= 0 || amountCents > remaining) throw new AdminError(400, `amount must be > 0 and <= remaining ${formatCents(remaining)}`);
		const method = store.paymentMethod(b.methodCode || 'CASH', check.businessLocationId);
		if (!method) throw new AdminError(400, `unknown payment method ${b.methodCode}`);
		store.addPaymentLine(check, {
			reference: b.reference || null, methodCode: method.code, methodName: method.name,
			amountCents, tipCents: b.tipAmount === undefined ? 0 : toCents(b.tipAmount), staffId: check.staffId, source: 'pos',
		});
		const closed = store.totals(check).remaining === 0;
		if (closed) store.close(check);
		pos.announce(check, closed ? 'closed' : 'updated');
		return adminCheck(store, check);
	});

	router.add('POST', '/_admin/checks/{checkId}/close', (ctx) => {
		const check = openCheckOrThrow(ctx.params.checkId);
		store.close(check);
		pos.announce(check, 'closed');
		return adminCheck(store, check);
	});

	router.add('POST', '/_admin/tokens', (ctx) => {
		const b = body(ctx);
		if (b.ttlSeconds !== undefined && !(Number.isInteger(b.ttlSeconds) && b.ttlSeconds > 0)) throw new AdminError(400, 'ttlSeconds must be an integer > 0');
		checkClientId(b.clientId);
		return oauth.mint({ ttlSeconds: b.ttlSeconds, scope: b.scope, clientId: b.clientId });
	});
	// Without clientId every token is revoked; with one, only that client's (a merchant who
	// disconnected the app). Either way a new login through …/auth works again.
	router.add('POST', '/_admin/tokens/revoke', (ctx) => {
		const { clientId } = body(ctx);
		checkClientId(clientId);
		oauth.revoke(clientId);
		store.changed();
		return { status: 'revoked', ...(clientId === undefined ? {} : { clientId }), ...oauth.counts() };
	});
	router.add('POST', '/_admin/tokens/expire', () => {
		oauth.expireAll();
		store.changed();
		return { status: 'expired', ...oauth.counts() };
	});

	// Server-sent events: one "change" event (debounced) whenever the state changes.
	router.add('GET', '/_admin/events', (ctx) => {
		ctx.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
		ctx.res.write(`event: change\ndata: ${JSON.stringify({ version: store.version })}\n\n`);
		sseClients.add(ctx.res);
		ctx.req.on('close', () => sseClients.delete(ctx.res));
		return null; // streaming: already answered
	});

	let pushTimer = null;
	store.on('change', () => {
		if (pushTimer || !sseClients.size) return;
		pushTimer = timers.after(50, () => {
			pushTimer = null;
			for (const res of sseClients) res.write(`event: change\ndata: ${JSON.stringify({ version: store.version })}\n\n`);
		});
	});
	const keepAlive = () => timers.after(15000, () => {
		for (const res of sseClients) res.write(': keep-alive\n\n');
		keepAlive();
	});
	keepAlive();

	async function handle(ctx) {
		const { req, res } = ctx;
		if (!LOOPBACK.has(req.socket.remoteAddress)) return send(res, 403, { error: 'the admin API answers on 127.0.0.1 only' });
		const m = router.match(req.method, ctx.path);
		if (!m.route) return send(res, m.pathMatched ? 405 : 404, { error: `${m.pathMatched ? 'method not allowed' : 'no admin route'}: ${req.method} ${ctx.path}` });
		ctx.params = m.params;
		try {
			const out = await m.route.handler(ctx);
			if (out === null && res.headersSent) return;
			if (out instanceof Reply) return send(res, out.status, out.body, out.headers);
			return send(res, 200, out);
		} catch (e) {
			if (e instanceof AdminError) return send(res, e.status, { error: e.message });
			if (e instanceof FaultError || e instanceof ConfigError || e instanceof MoneyError || e instanceof LineError) return send(res, 400, { error: e.message });
			throw e;
		}
	}

	function close() {
		for (const res of sseClients) res.end();
		sseClients.clear();
	}

	return { handle, close, state };
}

module.exports = { createAdmin };

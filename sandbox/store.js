'use strict';
// The sandbox's whole mutable state: the seeded businesses, checks with their lines and
// payment lines (integer cents), submitted payments and orders, used references, webhook
// endpoints and the logs the admin API shows. Emits 'change' so the floor page can follow.

const { EventEmitter } = require('events');
const crypto = require('crypto');
const { seed, CENTRE } = require('./seed');
const { toCents } = require('./money');

const MAX_LOG = 2000;

class LineError extends Error {}

class UnknownSkuError extends LineError {
	constructor(sku) {
		super(`Item not found for SKU ${sku}`);
		this.sku = sku;
	}
}

class Store extends EventEmitter {
	constructor() {
		super();
		// "<clientId> <endpointId>" -> endpoint (survives reset unless asked). Endpoint ids are
		// per OAuth client: two clients may use the same id, neither sees the other's.
		this.webhookEndpoints = new Map();
		this.version = 0;
		this.reset({ clearWebhookEndpoints: true });
	}

	reset({ clearWebhookEndpoints = false } = {}) {
		const s = seed();
		// Businesses in seed order (Qodeup Demo Bistro first); every location knows its businessId.
		this.businesses = new Map(s.businesses.map((b) => [b.id, b]));
		this.business = s.businesses[0]; // the original demo business (GET /_admin/state `business`)
		this.locations = new Map();
		for (const b of s.businesses) for (const l of b.locations) this.locations.set(l.id, Object.assign(l, { businessId: b.id }));
		this.skus = new Map(s.skus.map((k) => [k.sku, { ...k, priceCents: toCents(k.price) }]));
		this.discounts = new Map(s.discounts.map((d) => [d.code, { ...d, amountCents: d.amount === undefined ? undefined : toCents(d.amount) }]));
		this.checks = new Map(); // accountIdentifier -> check
		// businessLocationId -> last check number; the seeded checks start again at 1, but a check
		// opened after a reset never takes the id of one from before it (Lightspeed never reuses one)
		const before = this.checkCounters || new Map();
		this.checkCounters = new Map();
		this.idCounter = 0;
		this.payments = new Map(); // thirdPartyPaymentReference -> submitted payment
		this.orders = new Map(); // thirdPartyReference -> submitted order
		this.requests = [];
		this.webhooks = [];
		this.messages = [];
		this.requestSeq = 0;
		this.webhookSeq = 0;
		if (clearWebhookEndpoints) this.webhookEndpoints.clear();
		const now = Date.now();
		for (const c of s.openChecks) {
			this.openCheck({
				businessLocationId: CENTRE,
				tableNumber: c.tableNumber,
				clientCount: c.clientCount,
				staffId: s.checkStaffId,
				lines: c.lines,
				openedAt: now - c.minutesAgo * 60000,
			});
		}
		for (const [location, last] of before) if (last > (this.checkCounters.get(location) || 0)) this.checkCounters.set(location, last);
		this.changed();
	}

	changed() {
		this.version++;
		this.emit('change', this.version);
	}

	// Numeric ids in the int64 ranges Lightspeed uses, still below 2^53.
	nextId(base) {
		this.idCounter++;
		return base + this.idCounter;
	}

	location(id) {
		return this.locations.get(Number(id));
	}

	table(businessLocationId, number) {
		const loc = this.location(businessLocationId);
		if (!loc) return undefined;
		for (const fp of loc.floorplans) {
			const t = fp.tables.find((x) => x.number === Number(number));
			if (t) return { table: t, floorplan: fp };
		}
		return undefined;
	}

	endpoint(clientId, endpointId) {
		return this.webhookEndpoints.get(`${clientId} ${endpointId}`);
	}

	putEndpoint(ep) {
		this.webhookEndpoints.set(`${ep.clientId} ${ep.endpointId}`, ep);
	}

	deleteEndpoint(clientId, endpointId) {
		this.webhookEndpoints.delete(`${clientId} ${endpointId}`);
	}

	// Ties a check to a webhook endpoint of a client: later changes to the check (also on the
	// iPad) send CHECK_WAS_UPDATED / CLOSED there.
	subscribe(check, clientId, endpointId) {
		check.subscribers.set(`${clientId} ${endpointId}`, { clientId, endpointId });
	}

	businessOf(businessLocationId) {
		const loc = this.location(businessLocationId);
		return loc ? this.businesses.get(loc.businessId) : undefined;
	}

	// Staff and payment methods belong to a business: looked up through one of its locations.
	staffMember(staffId, businessLocationId) {
		const b = this.businessOf(businessLocationId);
		return b ? b.staff.find((s) => s.staffId === Number(staffId)) : undefined;
	}

	paymentMethod(code, businessLocationId) {
		const b = this.businessOf(businessLocationId);
		return b ? b.paymentMethods.find((m) => m.code === code) : undefined;
	}

	// Resolves order/admin lines into priced lines; throws UnknownSkuError for a bad SKU.
	// A line may also be an open item: {name, unitAmount, quantity}.
	priceLines(lines) {
		return (lines || []).map((l) => {
			const quantity = Number(l.quantity ?? 1);
			if (!Number.isInteger(quantity) || quantity < 1) throw new LineError(`invalid quantity ${l.quantity}`);
			const known = l.sku !== undefined ? this.skus.get(l.sku) : undefined;
			let sku = l.sku;
			let name;
			let unitCents;
			const taxRateBp = known ? known.taxRateBp : 1000;
			if (l.unitAmount !== undefined) {
				// An open item typed on the iPad: any name and price (admin API only).
				unitCents = toCents(l.unitAmount);
				name = l.name || (known && known.name) || 'Open item';
				sku = sku || 'OPEN';
			} else {
				if (!known) throw new UnknownSkuError(sku);
				unitCents = l.customItemPrice !== undefined ? toCents(l.customItemPrice) : known.priceCents;
				name = l.customItemName || l.name || known.name;
			}
			return { sku, name, quantity, unitCents, amountCents: unitCents * quantity, taxRateBp, modifiers: [] };
		});
	}

	openCheck({ businessLocationId, tableNumber = null, kind, clientCount, staffId, lines = [], openedAt, name, orderReference }) {
		const loc = this.location(businessLocationId);
		if (!loc) throw new Error(`unknown business location ${businessLocationId}`);
		const priced = this.priceLines(lines); // before any state change: unknown SKU leaves no trace
		const n = (this.checkCounters.get(loc.id) || 0) + 1;
		this.checkCounters.set(loc.id, n);
		const staff = this.staffMember(staffId, loc.id) || this.staffMember(loc.defaultApiStaffId, loc.id);
		const at = openedAt ?? Date.now();
		const found = tableNumber === null ? undefined : this.table(loc.id, tableNumber);
		const check = {
			accountIdentifier: `A${loc.posId}.${n}`,
			numericId: this.nextId(304087979500000),
			uuid: crypto.randomUUID(),
			businessLocationId: loc.id,
			tableNumber: tableNumber === null ? null : Number(tableNumber),
			kind: kind || (tableNumber === null ? 'local' : 'table'),
			name: name || (found ? `${found.floorplan.name}, Table ${tableNumber}` : `Order ${n}`),
			clientCount: clientCount ?? (found ? found.table.defaultClientCount : 1),
			staffId: staff.staffId,
			staffName: staff.username,
			posId: loc.posId,
			openedAt: at,
			updatedAt: at,
			closedAt: null,
			serviceChargeCents: 0,
			lines: [],
			payments: [],
			orderReference: orderReference || null,
			// Webhook endpoints ({clientId, endpointId}) that an API order or payment tied to this
			// check: later changes (also those made on the iPad) send CHECK_WAS_UPDATED / CLOSED to them.
			subscribers: new Map(),
			lastReference: orderReference || null,
		};
		this.appendLines(check, priced, at);
		this.checks.set(check.accountIdentifier, check);
		return check;
	}

	appendLines(check, priced, at = Date.now()) {
		for (const p of priced) {
			check.lines.push({ id: this.nextId(1122107450700000), uuid: crypto.randomUUID(), at, ...p });
		}
		check.updatedAt = at;
	}

	addLines(check, lines) {
		this.appendLines(check, this.priceLines(lines));
	}

	addPaymentLine(check, { reference = null, methodCode, methodName, amountCents, tipCents = 0, staffId, deviceId, source }) {
		const line = {
			id: this.nextId(5000000000000000),
			reference, methodCode, methodName, amountCents, tipCents,
			staffId, deviceId: deviceId ?? check.posId, source, at: Date.now(),
		};
		check.payments.push(line);
		check.updatedAt = line.at;
		return line;
	}

	close(check) {
		check.closedAt = Date.now();
		check.updatedAt = check.closedAt;
	}

	totals(check) {
		const current = check.lines.reduce((s, l) => s + l.amountCents, 0) + check.serviceChargeCents;
		// paidAmount counts paymentAmount only: tips are recorded on the line but not here.
		const paid = check.payments.reduce((s, p) => s + p.amountCents, 0);
		return { current, paid, remaining: current - paid };
	}

	findCheck(businessLocationId, accountIdentifier) {
		const c = this.checks.get(accountIdentifier);
		return c && c.businessLocationId === Number(businessLocationId) ? c : undefined;
	}

	findCheckByNumericId(businessLocationId, numericId) {
		for (const c of this.checks.values()) {
			if (c.numericId === Number(numericId) && c.businessLocationId === Number(businessLocationId)) return c;
		}
		return undefined;
	}

	// Open dine-in checks of a location, oldest first (to-go orders are not "on the floor").
	openChecks(businessLocationId) {
		return [...this.checks.values()]
			.filter((c) => c.businessLocationId === Number(businessLocationId) && !c.closedAt && c.kind !== 'toGo')
			.sort((a, b) => a.openedAt - b.openedAt || a.numericId - b.numericId);
	}

	openChecksOnTable(businessLocationId, tableNumber) {
		return this.openChecks(businessLocationId).filter((c) => c.tableNumber === Number(tableNumber));
	}

	logRequest(entry) {
		entry.seq = ++this.requestSeq;
		this.requests.push(entry);
		if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
		return entry;
	}

	logWebhook(entry) {
		entry.id = ++this.webhookSeq;
		this.webhooks.push(entry);
		if (this.webhooks.length > MAX_LOG) this.webhooks.splice(0, this.webhooks.length - MAX_LOG);
		return entry;
	}
}

module.exports = { Store, UnknownSkuError, LineError };

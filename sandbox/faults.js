'use strict';
// Faults switchable at run time (POST /_admin/faults merges, DELETE clears). Each one imitates
// a way the real Lightspeed or the network misbehaves; docs/contracts.md lists them.

const { EventEmitter } = require('events');

const PAYMENT_ERROR_TYPES = [
	'ACCOUNT_NOT_FOUND', 'ACCOUNT_ALREADY_CLOSED', 'INVALID_TASK', 'ITEM_NOT_ADDED', 'ITEM_NOT_FOUND',
	'MISSING_STAFF', 'NATIVE_PAYMENT_NOT_SUPPORTED', 'OVERPAID', 'PAYMENT_ID_NOT_FOUND',
	'PAYMENT_METHOD_NOT_FOUND', 'STAFF_NOT_FOUND', 'UPDATE_FAILED', 'UNKNOWN',
];

// Paths of the emulated Lightspeed API (the OAuth realm is left alone unless pathFilter says so).
const API_PATH = /^\/(o|f|staff)\//;

class FaultError extends Error {}

function empty() {
	return {
		paymentFailure: null, // {type, remaining: number|null}
		paymentApiDisabled: [],
		posOffline: false, // true (every iPad) or [businessLocationId] (those locations' iPads)
		removedPaymentMethods: [],
		inactiveStaff: [],
		inactiveTables: [], // [{businessLocationId, tableNumber}]
		inactiveDiscounts: [], // discount codes switched off in Back Office
		http500: 0,
		http429: null, // {count, retryAfterSeconds}
		latencyMs: 0,
		duplicateWebhooks: false,
		outOfOrderWebhooks: false,
		webhookReceiverDown: false,
		notificationDelayMs: 0, // Order & Pay notifications (PAYMENT, ORDER) held back this long
		pathFilter: null,
	};
}

const isInt = (v, min = 0) => Number.isInteger(v) && v >= min;
const ids = (k, v) => {
	if (!Array.isArray(v) || !v.every((x) => /^\d+$/.test(String(x)))) throw new FaultError(`${k} must be an array of ids`);
	return v.map(Number);
};
const bool = (k, v) => {
	if (typeof v !== 'boolean') throw new FaultError(`${k} must be true or false`);
	return v;
};

const PARSERS = {
	paymentFailure(v) {
		if (v === null || v === false) return null;
		const spec = typeof v === 'string' ? { type: v } : v;
		if (!spec || !PAYMENT_ERROR_TYPES.includes(spec.type)) {
			throw new FaultError(`paymentFailure must be one of ${PAYMENT_ERROR_TYPES.join(', ')} (or {type, count})`);
		}
		if (spec.count !== undefined && !isInt(spec.count, 1)) throw new FaultError('paymentFailure.count must be an integer >= 1');
		return { type: spec.type, remaining: spec.count ?? null };
	},
	paymentApiDisabled: (v) => ids('paymentApiDisabled', v),
	posOffline(v) {
		if (Array.isArray(v)) return ids('posOffline', v);
		if (typeof v !== 'boolean') throw new FaultError('posOffline must be true, false or an array of location ids');
		return v;
	},
	removedPaymentMethods(v) {
		if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new FaultError('removedPaymentMethods must be an array of codes');
		return v;
	},
	inactiveStaff: (v) => ids('inactiveStaff', v),
	inactiveTables(v) {
		const ok = Array.isArray(v) && v.every((x) => x && /^\d+$/.test(String(x.businessLocationId)) && /^\d+$/.test(String(x.tableNumber)));
		if (!ok) throw new FaultError('inactiveTables must be an array of {businessLocationId, tableNumber}');
		return v.map((x) => ({ businessLocationId: Number(x.businessLocationId), tableNumber: Number(x.tableNumber) }));
	},
	inactiveDiscounts(v) {
		if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new FaultError('inactiveDiscounts must be an array of codes');
		return v;
	},
	http500(v) {
		if (!isInt(v)) throw new FaultError('http500 must be an integer >= 0');
		return v;
	},
	http429(v) {
		if (v === null) return null;
		if (!v || !isInt(v.count) || (v.retryAfterSeconds !== undefined && !isInt(v.retryAfterSeconds))) {
			throw new FaultError('http429 must be {count, retryAfterSeconds}');
		}
		return { count: v.count, retryAfterSeconds: v.retryAfterSeconds ?? 1 };
	},
	latencyMs(v) {
		if (!isInt(v)) throw new FaultError('latencyMs must be an integer >= 0');
		return v;
	},
	duplicateWebhooks: (v) => bool('duplicateWebhooks', v),
	outOfOrderWebhooks: (v) => bool('outOfOrderWebhooks', v),
	webhookReceiverDown: (v) => bool('webhookReceiverDown', v),
	notificationDelayMs(v) {
		if (!isInt(v)) throw new FaultError('notificationDelayMs must be an integer >= 0');
		return v;
	},
	pathFilter(v) {
		if (v === null || v === '') return null;
		try {
			new RegExp(v);
		} catch (e) {
			throw new FaultError(`pathFilter is not a valid regular expression: ${e.message}`);
		}
		return v;
	},
};

class Faults extends EventEmitter {
	constructor() {
		super();
		this.state = empty();
	}

	// Merges a patch; the whole patch is checked before anything changes.
	set(patch) {
		if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new FaultError('faults must be a JSON object');
		const parsed = {};
		for (const [k, v] of Object.entries(patch)) {
			if (!PARSERS[k]) throw new FaultError(`unknown fault "${k}"; known: ${Object.keys(PARSERS).join(', ')}`);
			parsed[k] = PARSERS[k](v);
		}
		Object.assign(this.state, parsed);
		this.lastChange = Date.now();
		this.emit('change');
	}

	clear() {
		this.state = empty();
		this.lastChange = Date.now();
		this.emit('change');
	}

	toJSON() {
		return { ...this.state };
	}

	matches(path) {
		if (this.state.pathFilter) return new RegExp(this.state.pathFilter).test(path);
		return API_PATH.test(path);
	}

	// Consumes one injected 429 or 500 for this call, if any; 429 is served first.
	takeHttpFault(path) {
		if (!this.matches(path)) return null;
		const s = this.state;
		if (s.http429 && s.http429.count > 0) {
			s.http429.count--;
			const retryAfterSeconds = s.http429.retryAfterSeconds;
			if (s.http429.count === 0) s.http429 = null;
			this.emit('change');
			return { status: 429, retryAfterSeconds };
		}
		if (s.http500 > 0) {
			s.http500--;
			this.emit('change');
			return { status: 500 };
		}
		return null;
	}

	latencyFor(path) {
		return this.state.latencyMs > 0 && this.matches(path) ? this.state.latencyMs : 0;
	}

	// The typed failure to force on the next payment, if one is set (and counts it down).
	takePaymentFailure() {
		const f = this.state.paymentFailure;
		if (!f) return null;
		if (f.remaining !== null && --f.remaining <= 0) this.state.paymentFailure = null;
		return f.type;
	}

	paymentApiEnabled(businessLocationId) {
		return !this.state.paymentApiDisabled.includes(Number(businessLocationId));
	}

	posOfflineAt(businessLocationId) {
		const v = this.state.posOffline;
		return Array.isArray(v) ? v.includes(Number(businessLocationId)) : v;
	}

	tableInactive(businessLocationId, tableNumber) {
		return this.state.inactiveTables.some((x) => x.businessLocationId === Number(businessLocationId) && x.tableNumber === Number(tableNumber));
	}

	discountInactive(code) {
		return this.state.inactiveDiscounts.includes(code);
	}

	methodRemoved(code) {
		return this.state.removedPaymentMethods.includes(code);
	}

	staffInactive(staffId) {
		return this.state.inactiveStaff.includes(Number(staffId));
	}
}

module.exports = { Faults, FaultError, PAYMENT_ERROR_TYPES };

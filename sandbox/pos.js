'use strict';
// The POS simulation: payments and orders accepted by the API become tasks that an iPad
// picks up after posDelayMs (or never, when the POS is offline or the task names another
// device: then it times out after taskTtlInMs × taskTtlScale). Applying a task changes the
// check and sends the notifications Lightspeed would send.

const notify = require('./notifications');
const { UnknownSkuError } = require('./store');
const { applyDiscounts, DiscountError } = require('./discounts');

const DEFAULT_TTL_MS = 60000; // the documented minimum, used when the caller sends none

const REASONS = {
	ACCOUNT_NOT_FOUND: 'Account not found',
	ACCOUNT_ALREADY_CLOSED: 'Account is already closed',
	OVERPAID: 'the payment amount is greater than the amount due',
	PAYMENT_METHOD_NOT_FOUND: 'Payment method not found',
	STAFF_NOT_FOUND: 'Staff not found',
	MISSING_STAFF: 'No staff configured for the payment',
	NATIVE_PAYMENT_NOT_SUPPORTED: 'Native payment not supported for this payment method',
	INVALID_TASK: 'Invalid task',
	ITEM_NOT_ADDED: 'Item not added',
	ITEM_NOT_FOUND: 'Item not found',
	PAYMENT_ID_NOT_FOUND: 'Payment id not found',
	UPDATE_FAILED: 'Update failed',
	UNKNOWN: 'Unknown error',
};

class Pos {
	constructor({ store, faults, config, timers, delivery }) {
		Object.assign(this, { store, faults, config, timers, delivery });
		this.tasks = new Set();
		// An offline POS that comes back picks up what is still waiting.
		faults.on('change', () => {
			for (const task of this.tasks) {
				if (task.waiting && !task.wrongDevice && !this.faults.posOfflineAt(task.record.businessLocationId)) this.pickUpLater(task);
			}
		});
	}

	reset() {
		for (const task of this.tasks) this.stop(task);
		this.tasks.clear();
	}

	submit(task) {
		task.waiting = false;
		this.tasks.add(task);
		task.ttlTimer = this.timers.after((task.ttlMs ?? DEFAULT_TTL_MS) * this.config.taskTtlScale, () => this.expire(task));
		this.pickUpLater(task);
	}

	pickUpLater(task) {
		task.waiting = false;
		this.timers.cancel(task.runTimer);
		task.runTimer = this.timers.after(this.config.posDelayMs, () => this.pickUp(task));
	}

	pickUp(task) {
		if (!this.tasks.has(task)) return;
		if (this.faults.posOfflineAt(task.record.businessLocationId) || task.wrongDevice) {
			task.waiting = true; // stays in the queue until the POS is back or the task expires
			return;
		}
		this.stop(task);
		task.kind === 'payment' ? this.applyPayment(task.record) : this.applyOrder(task.record);
	}

	expire(task) {
		if (!this.tasks.has(task)) return;
		this.stop(task);
		if (task.kind === 'payment') {
			this.finishPayment(task.record, null, { reason: 'Not processed before validity ended', timeout: true }, 'timedOut');
		} else {
			this.failOrder(task.record, 'Order not delivered to the POS before validity ended', 'timedOut');
		}
	}

	stop(task) {
		this.tasks.delete(task);
		this.timers.cancel(task.runTimer);
		this.timers.cancel(task.ttlTimer);
	}

	// ---- payments ----------------------------------------------------------------------

	submitPayment(record) {
		const loc = this.store.location(record.businessLocationId);
		this.submit({
			kind: 'payment',
			record,
			ttlMs: record.taskTtlInMs,
			// A payment addressed to a device that is not this location's iPad is never taken.
			wrongDevice: record.deviceId != null && record.deviceId !== loc.posId,
		});
	}

	findPaymentCheck(p) {
		if (p.accountIdentifier) return this.store.findCheck(p.businessLocationId, p.accountIdentifier);
		if (p.accountId != null) return this.store.findCheckByNumericId(p.businessLocationId, p.accountId);
		return undefined;
	}

	paymentRefusal(p, check) {
		const forced = this.faults.takePaymentFailure();
		if (forced) return forced;
		if (!check) return 'ACCOUNT_NOT_FOUND';
		if (check.closedAt) return 'ACCOUNT_ALREADY_CLOSED';
		if (p.paymentMethod) {
			if (!this.store.paymentMethod(p.paymentMethod, p.businessLocationId) || this.faults.methodRemoved(p.paymentMethod)) return 'PAYMENT_METHOD_NOT_FOUND';
		}
		const loc = this.store.location(p.businessLocationId);
		const staffId = p.staffId ?? loc.defaultApiStaffId;
		const staff = this.store.staffMember(staffId, loc.id);
		if (!staff || !staff.active || this.faults.staffInactive(staffId)) return 'STAFF_NOT_FOUND';
		if (p.amountCents > this.store.totals(check).remaining) return 'OVERPAID';
		return null;
	}

	applyPayment(p) {
		const check = this.findPaymentCheck(p);
		const refusal = this.paymentRefusal(p, check);
		if (refusal) {
			this.finishPayment(p, check, { reason: REASONS[refusal], accountType: refusal }, 'failed');
			return;
		}
		const method = p.paymentMethod ? this.store.paymentMethod(p.paymentMethod, p.businessLocationId) : { code: 'APM', name: 'API Payment' };
		const loc = this.store.location(p.businessLocationId);
		this.store.addPaymentLine(check, {
			reference: p.reference,
			methodCode: method.code,
			methodName: method.name,
			amountCents: p.amountCents,
			tipCents: p.tipCents,
			staffId: p.staffId ?? loc.defaultApiStaffId,
			deviceId: p.deviceId,
			source: 'api',
		});
		this.store.subscribe(check, p.clientId, p.endpointId);
		check.lastReference = p.reference;
		const closedNow = this.store.totals(check).remaining === 0;
		if (closedNow) this.store.close(check);
		this.finishPayment(p, check, null, 'applied', closedNow);
	}

	finishPayment(p, check, failure, status, closedNow = false) {
		p.status = status;
		p.processedAt = new Date().toISOString();
		if (failure) {
			p.errorType = failure.accountType || 'TIMEOUT';
			p.reason = failure.reason;
		}
		if (check) p.checkId = check.accountIdentifier;
		const batch = [notify.payment(this.store, p, check, failure)];
		if (!failure) batch.push(...this.checkNotifications(check, p.reference, closedNow ? 'closed' : 'updated'));
		this.delivery.sendBatch(batch);
		this.store.changed();
	}

	// ---- orders ------------------------------------------------------------------------

	submitOrder(record) {
		this.submit({ kind: 'order', record, ttlMs: record.maxTimeToAttemptOrderDeliverToPos });
	}

	applyOrder(o) {
		const loc = this.store.location(o.businessLocationId);
		if (o.staffId != null) {
			const staff = this.store.staffMember(o.staffId, loc.id);
			if (!staff || !staff.active || this.faults.staffInactive(o.staffId)) return this.failOrder(o, `Staff not found: ${o.staffId}`);
		}
		let priced;
		try {
			priced = applyDiscounts(this.store, this.faults, o.items, this.store.priceLines(o.items));
		} catch (e) {
			if (e instanceof UnknownSkuError || e instanceof DiscountError) return this.failOrder(o, e.message);
			throw e;
		}
		let method = null;
		if (o.payment) {
			const code = o.payment.paymentMethod;
			method = code ? this.store.paymentMethod(code, loc.id) : { code: 'APM', name: 'API Payment' };
			if (!method || this.faults.methodRemoved(code)) return this.failOrder(o, `Payment method not found: ${code}`);
		}
		let check;
		let existing = false;
		if (o.accountIdentifier) {
			check = this.store.findCheck(loc.id, o.accountIdentifier);
			if (!check) return this.failOrder(o, 'Account not found');
			if (check.closedAt) return this.failOrder(o, 'Account is already closed');
			existing = true;
		} else if (o.kind === 'local' && o.tableNumber != null) {
			const found = this.store.table(loc.id, o.tableNumber);
			if (!found) return this.failOrder(o, `Table ${o.tableNumber} not found`);
			// Switched off in Back Office (seeded active:false, or fault inactiveTables).
			if (!this.tableActive(loc.id, found.table)) return this.failOrder(o, `Table ${o.tableNumber} is not active`);
		}
		// Payment with the order: paymentAmount includes the tip here (unlike /pay).
		let paidCents = 0;
		let tipCents = 0;
		if (o.payment) {
			tipCents = o.payment.tipAmountCents || 0;
			paidCents = o.payment.paymentAmountCents - tipCents;
			const due = (existing ? this.store.totals(check).remaining : 0) + priced.reduce((s, l) => s + l.amountCents, 0);
			if (paidCents < 0 || paidCents > due) return this.failOrder(o, 'the payment amount is greater than the amount due');
		}
		if (existing) {
			this.store.appendLines(check, priced);
			check.lastReference = o.reference;
		} else {
			check = this.store.openCheck({
				businessLocationId: loc.id,
				tableNumber: o.kind === 'local' && o.tableNumber != null ? Number(o.tableNumber) : null,
				kind: o.kind === 'toGo' ? 'toGo' : undefined,
				clientCount: o.clientCount,
				staffId: o.staffId ?? loc.defaultApiStaffId,
				lines: [],
				orderReference: o.reference,
				name: o.kind === 'toGo' ? `To go ${o.collectionCode}` : undefined,
			});
			this.store.appendLines(check, priced, check.openedAt);
		}
		this.store.subscribe(check, o.clientId, o.endpointId);
		if (o.payment && paidCents > 0) {
			this.store.addPaymentLine(check, {
				reference: o.reference, methodCode: method.code, methodName: method.name,
				amountCents: paidCents, tipCents, staffId: check.staffId, source: 'order',
			});
		}
		const closedNow = o.payment && this.store.totals(check).remaining === 0;
		if (closedNow) this.store.close(check);
		o.status = 'accepted';
		o.checkId = check.accountIdentifier;
		o.processedAt = new Date().toISOString();
		const batch = [notify.order(this.store, { clientId: o.clientId, endpointId: o.endpointId, reference: o.reference, businessLocationId: loc.id, status: 'SUCCESS', check })];
		if (existing) batch.push(...this.checkNotifications(check, o.reference, closedNow ? 'closed' : 'updated'));
		else {
			batch.push(notify.rtn(this.store, this.config, 'OPEN', check));
			if (closedNow) batch.push(...this.checkNotifications(check, o.reference, 'closed', { rtnUpdate: false }));
		}
		this.delivery.sendBatch(batch);
		this.store.changed();
	}

	tableActive(businessLocationId, table) {
		return table.active && !this.faults.tableInactive(businessLocationId, table.number);
	}

	failOrder(o, reason, status = 'failed') {
		o.status = status;
		o.reason = reason;
		o.processedAt = new Date().toISOString();
		this.delivery.sendBatch([notify.order(this.store, { clientId: o.clientId, endpointId: o.endpointId, reference: o.reference, businessLocationId: o.businessLocationId, status: 'FAILURE', reason })]);
		this.store.changed();
	}

	// ---- check changes -----------------------------------------------------------------

	// What a change to a check sends: CHECK_WAS_UPDATED (and CLOSED) to every endpoint an API
	// order or payment tied to it, RTN UPDATE (and CLOSE) to the RTN URL.
	checkNotifications(check, reference, what, { rtnUpdate = true } = {}) {
		const out = [];
		for (const { clientId, endpointId } of check.subscribers.values()) {
			const base = { clientId, endpointId, reference: reference || check.lastReference, businessLocationId: check.businessLocationId, check };
			out.push(notify.order(this.store, { ...base, status: 'CHECK_WAS_UPDATED' }));
			if (what === 'closed') out.push(notify.order(this.store, { ...base, status: 'CLOSED' }));
		}
		if (rtnUpdate) out.push(notify.rtn(this.store, this.config, 'UPDATE', check));
		if (what === 'closed') out.push(notify.rtn(this.store, this.config, 'CLOSE', check));
		return out;
	}

	// Changes made on the iPad (admin API): opened, updated (lines or a POS payment), closed.
	announce(check, what) {
		if (what === 'opened') this.delivery.sendBatch([notify.rtn(this.store, this.config, 'OPEN', check)]);
		else this.delivery.sendBatch(this.checkNotifications(check, null, what));
		this.store.changed();
	}
}

module.exports = { Pos, DEFAULT_TTL_MS };

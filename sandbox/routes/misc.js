'use strict';
// Online-order readiness and messages to the POS.

const { requireJsonBody } = require('../http');
const { validate } = require('../validate');
const { locationOrThrow } = require('./common');

const PRINT_MSG = { objectName: 'printMessage', fields: { message: { type: 'string', required: true }, alsoToPrinter: { type: 'boolean' } } };

module.exports = function register(router) {
	// READY only when the API is enabled and the POS is open, accepting and online.
	router.add('GET', '/o/op/1/onlineOrderReadiness', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.query.businessLocationId);
		const enabled = ctx.faults.paymentApiEnabled(loc.id);
		const availableDevices = !ctx.faults.posOfflineAt(loc.id);
		return {
			status: enabled && availableDevices ? 'READY' : 'NOT_READY',
			lastUpdatedAt: new Date(ctx.faults.lastChange || ctx.startedAt).toISOString(),
			onlineOrderingApiConfiguration: { enabled, orderProfileId: loc.orderProfileId, staffId: loc.defaultApiStaffId },
			posStatus: { salesPeriod: 'OPENED', acceptingOnlineOrders: true, availableDevices },
		};
	});

	// Shown on the floor page (the "iPad") as a notification.
	router.add('POST', '/o/op/1/printMsg', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.query.businessLocationId);
		const b = validate(ctx, requireJsonBody(ctx), PRINT_MSG);
		ctx.store.messages.push({ businessLocationId: loc.id, message: b.message, alsoToPrinter: !!b.alsoToPrinter, at: new Date().toISOString() });
		ctx.store.changed();
		return { status: 'ok' };
	});
};

'use strict';
// POST /o/op/1/pay — queue a payment for the POS. 200 {"status":"ok"} only means accepted
// for delivery; the outcome arrives as a PAYMENT webhook (see pos.js).

const { springError, requireJsonBody } = require('../http');
const { validate } = require('../validate');
const { locationOrThrow } = require('./common');

const PAYMENT = {
	objectName: 'standalonePayment',
	fields: {
		iKaccountId: { type: 'long' },
		iKaccountIdentifier: { type: 'string' },
		thirdPartyPaymentReference: { type: 'string', required: true, minLength: 1, maxLength: 50 },
		endpointId: { type: 'string', required: true },
		businessLocationId: { type: 'long', required: true },
		taskTtlInMs: { type: 'int', minimum: 60000 },
		staffId: { type: 'long' },
		deviceId: { type: 'long' },
		paymentMethod: { type: 'string' },
		paymentAmount: { type: 'money', required: true, positive: true },
		tipAmount: { type: 'money' },
		targetPrinterProfileId: { type: 'long' },
	},
};

module.exports = function register(router) {
	router.add('POST', '/o/op/1/pay', (ctx) => {
		const b = validate(ctx, requireJsonBody(ctx), PAYMENT);
		const loc = locationOrThrow(ctx, b.businessLocationId);
		if (!ctx.faults.paymentApiEnabled(loc.id)) {
			throw springError(403, `Payment API is not enabled for business location ${loc.id}`, ctx.path);
		}
		const ref = b.thirdPartyPaymentReference;
		// Check-and-claim happens synchronously in one turn of the event loop, so two
		// concurrent requests with the same reference cannot both pass.
		if (ctx.store.payments.has(ref)) throw springError(400, `reference has already been used ${ref}`, ctx.path);
		const record = {
			reference: ref,
			businessLocationId: loc.id,
			accountIdentifier: b.iKaccountIdentifier ?? null,
			accountId: b.iKaccountId ?? null,
			clientId: ctx.auth.clientId, // whose webhook endpoint endpointId names
			endpointId: b.endpointId,
			amountCents: b.paymentAmountCents,
			tipCents: b.tipAmountCents ?? 0,
			paymentMethod: b.paymentMethod ?? null,
			staffId: b.staffId ?? null,
			deviceId: b.deviceId ?? null,
			taskTtlInMs: b.taskTtlInMs ?? null,
			status: 'queued',
			receivedAt: new Date().toISOString(),
		};
		ctx.store.payments.set(ref, record);
		ctx.pos.submitPayment(record);
		ctx.store.changed();
		return { status: 'ok' };
	});
};

'use strict';
// Eat-in (/o/op/1/order/local) and to-go (/o/op/1/order/toGo) orders: validated like
// Lightspeed's Spring endpoints, reused reference → 409 {status:"fail",msg}, otherwise
// queued for the POS (ORDER webhook with the outcome, see pos.js).

const crypto = require('crypto');
const { requireJsonBody, HttpError } = require('../http');
const { validate } = require('../validate');
const { locationOrThrow } = require('./common');

const CUSTOMER = {
	firstName: { type: 'string', required: true, minLength: 1, maxLength: 128 },
	lastName: { type: 'string' },
	thirdPartyReference: { type: 'string' },
	email: { type: 'string' },
	contactNumberAsE164: { type: 'string' },
	notes: { type: 'string' },
	salutation: { type: 'string' },
	sendEmailReceipts: { type: 'boolean' },
	emailNotification: { type: 'string', enum: ['ENABLE', 'DISABLE', 'DONT_CHANGE'] },
};

const SUB_ITEM = {
	quantity: { type: 'int', required: true },
	sku: { type: 'string', required: true, maxLength: 25 },
	customItemName: { type: 'string' },
	customItemPrice: { type: 'money' },
};

function item(extra) {
	return {
		quantity: { type: 'int', required: true, minimum: 1 },
		sku: { type: 'string', required: true, maxLength: 25 },
		customItemName: { type: 'string' },
		customItemPrice: { type: 'money' },
		discountAmountOverride: { type: 'money' },
		discountPercentOverride: { type: 'money' },
		modifiers: { type: 'array' },
		discountCode: { type: 'string' },
		subItems: { type: 'array', items: SUB_ITEM },
		...extra,
	};
}

function orderFields(extra, itemExtra) {
	return {
		businessLocationId: { type: 'long', required: true },
		thirdPartyReference: { type: 'string', required: true, minLength: 1, maxLength: 48 },
		endpointId: { type: 'string', required: true },
		customerInfo: { type: 'object', required: true, fields: CUSTOMER },
		orderNote: { type: 'string' },
		maxTimeToAttemptOrderDeliverToPos: { type: 'int', minimum: 60000 },
		staffId: { type: 'long' },
		accountProfileCode: { type: 'string' },
		scheduledTimeForOrderAsIso8601: { type: 'string' },
		payment: {
			type: 'object',
			fields: { paymentMethod: { type: 'string' }, paymentAmount: { type: 'money', required: true, positive: true }, tipAmount: { type: 'money' } },
		},
		collectionCode: { type: 'string', maxLength: 8 },
		orderCollectionTimeAsIso8601: { type: 'string' },
		items: { type: 'array', items: item(itemExtra) },
		targetPrinterProfileId: { type: 'long' },
		...extra,
	};
}

const LOCAL = {
	objectName: 'localOrder',
	fields: orderFields(
		{ accountId: { type: 'string' }, accountIdentifier: { type: 'string' }, tableNumber: { type: 'string' }, clientCount: { type: 'int' } },
		{ course: { type: 'int', minimum: 0 } },
	),
};

const TO_GO = {
	objectName: 'toGoOrder',
	fields: orderFields({ deliveryAddress: { type: 'object' } }, {}),
};

function accept(ctx, kind, schema) {
	const b = validate(ctx, requireJsonBody(ctx), schema);
	const loc = locationOrThrow(ctx, b.businessLocationId);
	const ref = b.thirdPartyReference;
	// Synchronous check-and-claim: atomic under concurrent requests.
	if (ctx.store.orders.has(ref)) throw new HttpError(409, { status: 'fail', msg: `reference has already been used ${ref}` });
	const record = {
		reference: ref,
		kind,
		businessLocationId: loc.id,
		clientId: ctx.auth.clientId, // whose webhook endpoint endpointId names
		endpointId: b.endpointId,
		tableNumber: b.tableNumber ?? null,
		accountIdentifier: b.accountIdentifier ?? null,
		clientCount: b.clientCount,
		staffId: b.staffId ?? null,
		customerInfo: b.customerInfo,
		items: b.items || [],
		payment: b.payment || null,
		orderNote: b.orderNote ?? null,
		collectionCode: b.collectionCode || (kind === 'toGo' ? crypto.randomBytes(3).toString('hex').toUpperCase() : null),
		maxTimeToAttemptOrderDeliverToPos: b.maxTimeToAttemptOrderDeliverToPos ?? null,
		status: 'queued',
		receivedAt: new Date().toISOString(),
	};
	ctx.store.orders.set(ref, record);
	ctx.pos.submitOrder(record);
	ctx.store.changed();
	return { status: 'ok' };
}

module.exports = function register(router) {
	router.add('POST', '/o/op/1/order/local', (ctx) => accept(ctx, 'local', LOCAL));
	router.add('POST', '/o/op/1/order/toGo', (ctx) => accept(ctx, 'toGo', TO_GO));
};

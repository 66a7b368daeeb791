'use strict';
// Open checks: all of a location, the oldest on a table, one by account identifier.

const { springError, intParam } = require('../http');
const { snapshot } = require('../render');
const { locationOrThrow } = require('./common');

const ACCOUNT_IDENTIFIER = /^A\d+\.\d+$/;

module.exports = function register(router) {
	router.add('GET', '/o/op/1/order/table/getCheck', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.query.businessLocationId);
		return ctx.store.openChecks(loc.id).map((c) => snapshot(ctx.store, c));
	});

	// Several checks on one table: Lightspeed returns only the oldest.
	router.add('GET', '/o/op/1/order/table/{tableNumber}/getCheck', (ctx) => {
		const n = intParam(ctx, ctx.params.tableNumber, 'tableNumber');
		const loc = locationOrThrow(ctx, ctx.query.businessLocationId);
		const [oldest] = ctx.store.openChecksOnTable(loc.id, n);
		if (!oldest) throw springError(404, `account not found for BL ${loc.id}`, ctx.path);
		return snapshot(ctx.store, oldest);
	});

	// Also answers for closed checks (re-reading a check after it was paid).
	router.add('GET', '/o/op/1/order/accounts/{accountIdentifier}', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.query.businessLocationId);
		const id = ctx.params.accountIdentifier;
		if (!ACCOUNT_IDENTIFIER.test(id)) throw springError(400, 'Invalid account identifier', ctx.path);
		const check = ctx.store.findCheck(loc.id, id);
		if (!check) throw springError(404, `account not found for BL ${loc.id}`, ctx.path);
		return snapshot(ctx.store, check);
	});
};

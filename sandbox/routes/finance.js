'use strict';
// Financial API: businesses with currency and timezone, payment methods of a location.

const { springError } = require('../http');
const { locationOrThrow, visibleBusinesses } = require('./common');

module.exports = function register(router) {
	router.add('GET', '/f/data/businesses', (ctx) => {
		const page = ctx.query.page === undefined ? 0 : Number(ctx.query.page);
		const size = ctx.query.size === undefined ? 1000 : Number(ctx.query.size);
		if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1) {
			throw springError(400, 'page must be >= 0 and size >= 1', ctx.path);
		}
		// Paged by business: page 0 of the default size holds every business the token sees.
		const list = visibleBusinesses(ctx).slice(page * size, (page + 1) * size).map((b) => ({
			businessName: b.name,
			businessId: b.id,
			currencyCode: b.currencyCode,
			businessLocations: b.locations.map((l) => ({ blName: l.name, blID: l.id, country: l.country, timezone: l.timezone })),
		}));
		return { _embedded: { businessList: list }, _links: { self: { href: `${ctx.baseUrl}/f/data/businesses?page=${page}&size=${size}` } } };
	});

	// The methods of the location's business. A method removed in Back Office (fault
	// removedPaymentMethods) is gone from this list.
	router.add('GET', '/f/finance/{businessLocationId}/paymentMethods', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.params.businessLocationId, { source: 'path' });
		const list = ctx.store.businessOf(loc.id).paymentMethods
			.filter((m) => !ctx.faults.methodRemoved(m.code))
			.map((m) => ({ name: m.name, code: m.code, accountingReference: m.accountingReference, pmId: m.pmId }));
		return { _embedded: { paymentMethodList: list }, _links: { self: { href: `${ctx.baseUrl}/f/finance/${loc.id}/paymentMethods` } } };
	});
};

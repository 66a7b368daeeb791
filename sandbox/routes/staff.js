'use strict';
// Staff API: POS users of a location (the staff of its business), paged (page is 1-based), filterable by isActive.

const { springError, boolParam } = require('../http');
const { locationOrThrow } = require('./common');

module.exports = function register(router) {
	router.add('GET', '/staff/v1/businessLocations/{businessLocationId}/userTypes/POS', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.params.businessLocationId, { source: 'path' });
		const q = ctx.query;
		const page = q.page === undefined ? 1 : Number(q.page);
		const size = q.size === undefined ? 10 : Number(q.size);
		if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) {
			throw springError(400, 'page and size must be integers >= 1', ctx.path);
		}
		const isActive = boolParam(ctx, q.isActive, 'isActive', undefined);
		const sort = String(q.sort || 'userId,desc');
		const asc = /,asc$/i.test(sort);
		const business = ctx.store.businessOf(loc.id);
		const all = business.staff
			.map((s) => ({
				staffId: s.staffId,
				username: s.username,
				userTypes: ['POS'],
				firstName: s.firstName,
				lastName: s.lastName,
				active: s.active && !ctx.faults.staffInactive(s.staffId),
				pinCodeSet: true,
				pinLength: 4,
				businessId: business.id,
				businessLocationId: loc.id,
				groups: [{ id: 45454565720001, name: s.manager ? 'Managers' : 'Floor staff' }],
				roles: [{ id: 45454565730001, name: 'ROLE_CAN_LOGIN' }],
			}))
			.filter((s) => isActive === undefined || s.active === isActive)
			.sort((a, b) => (asc ? a.staffId - b.staffId : b.staffId - a.staffId));
		const totalPages = Math.max(1, Math.ceil(all.length / size));
		const href = (p) => {
			const u = new URL(`${ctx.baseUrl}${ctx.path}`);
			u.searchParams.set('page', String(p));
			u.searchParams.set('size', String(size));
			if (isActive !== undefined) u.searchParams.set('isActive', String(isActive));
			return { href: u.toString() };
		};
		const links = { first: href(1), self: href(page), last: href(totalPages) };
		if (page < totalPages) links.next = href(page + 1);
		return {
			data: { staff: all.slice((page - 1) * size, page * size) },
			links,
			page: { page, size, totalElements: all.length, totalPages },
		};
	});
};

'use strict';
// Businesses, floorplans and tables (Order & Pay "data" endpoints).

const { springError, longParam, boolParam } = require('../http');
const { table } = require('../render');
const { locationOrThrow, visibleBusinesses } = require('./common');

module.exports = function register(router) {
	router.add('GET', '/o/op/data/businesses', (ctx) => visibleBusinesses(ctx).map((b) => ({
		id: b.id, name: b.name, businessLocations: b.locations.map((l) => ({ id: l.id, name: l.name })),
	})));

	router.add('GET', '/o/op/data/{businessLocationId}/floorplans', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.params.businessLocationId, { source: 'path' });
		const expand = boolParam(ctx, ctx.query.expandTables, 'expandTables', true);
		if (!loc.floorplans.length) throw springError(404, `No floorplans found for business location ${loc.id}`, ctx.path);
		const view = (t) => table(t, t.active && !ctx.faults.tableInactive(loc.id, t.number));
		return loc.floorplans.map((fp) => (expand ? { id: fp.id, name: fp.name, tables: fp.tables.map(view) } : { id: fp.id, name: fp.name }));
	});

	router.add('GET', '/o/op/data/{businessLocationId}/floorplans/{floorPlanId}/tables', (ctx) => {
		const loc = locationOrThrow(ctx, ctx.params.businessLocationId, { source: 'path' });
		const id = longParam(ctx, ctx.params.floorPlanId, 'floorPlanId', { source: 'path' });
		const fp = loc.floorplans.find((f) => f.id === id);
		if (!fp) throw springError(404, `Floorplan not found for id ${id}`, ctx.path);
		return fp.tables.map((t) => table(t, t.active && !ctx.faults.tableInactive(loc.id, t.number)));
	});
};

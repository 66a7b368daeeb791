'use strict';
// Helpers shared by the Lightspeed API routes.

const { springError, longParam } = require('../http');

// What the calling token may see: a token issued to a client sees that client's business
// only; an admin-minted token without clientId sees every business (auth.businessIds null).
function canSee(ctx, businessId) {
	const ids = ctx.auth && ctx.auth.businessIds;
	return !ids || ids.includes(businessId);
}

function visibleBusinesses(ctx) {
	return [...ctx.store.businesses.values()].filter((b) => canSee(ctx, b.id));
}

// A location the token cannot see (unknown, or of another business): Lightspeed's access
// check answers 403 Access Denied either way.
function locationOrThrow(ctx, raw, { source = 'query', name = 'businessLocationId' } = {}) {
	const id = longParam(ctx, raw, name, { source });
	const loc = ctx.store.location(id);
	if (!loc || !canSee(ctx, loc.businessId)) throw springError(403, 'Access Denied', ctx.path);
	return loc;
}

module.exports = { locationOrThrow, visibleBusinesses, canSee };

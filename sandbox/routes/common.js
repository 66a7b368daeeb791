'use strict';
// Helpers shared by the Lightspeed API routes.

const { springError, longParam } = require('../http');

// A location the token cannot see: Lightspeed's access check answers 403.
function locationOrThrow(ctx, raw, { source = 'query', name = 'businessLocationId' } = {}) {
	const id = longParam(ctx, raw, name, { source });
	const loc = ctx.store.location(id);
	if (!loc) throw springError(403, 'Access Denied', ctx.path);
	return loc;
}

module.exports = { locationOrThrow };

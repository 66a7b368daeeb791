'use strict';
// Order & Pay webhook endpoints: create (PUT), update (POST, omitted expand flags go back to
// their defaults), get, delete, and the business locations linked to an endpoint. Endpoints
// belong to the OAuth client of the calling token: another client neither sees them nor
// clashes with their ids. Linked locations must be visible to the token (403 otherwise).

const { springError, requireJsonBody, longParam, reply } = require('../http');
const { validate } = require('../validate');
const { lsDate } = require('../render');
const { locationOrThrow } = require('./common');

const ENDPOINT = {
	objectName: 'webhookEndpointDto',
	fields: {
		endpointId: { type: 'string', required: true },
		url: { type: 'string', required: true },
		withBasicAuth: { type: 'boolean' },
		username: { type: 'string' },
		password: { type: 'string' },
		provideAccount: { type: 'boolean' },
		expandTransactions: { type: 'boolean' },
		expandPayments: { type: 'boolean' },
		subscribeTo: { type: 'array', items: { resource: { type: 'string', enum: ['order', 'payment', 'item', 'order_api'] }, name: { type: 'string' } } },
	},
};

function render(ep) {
	const out = {
		endpointId: ep.endpointId,
		url: ep.url,
		withBasicAuth: ep.withBasicAuth,
		provideAccount: ep.provideAccount,
		expandTransactions: ep.expandTransactions,
		expandPayments: ep.expandPayments,
		subscribeTo: ep.subscribeTo,
	};
	if (ep.username !== undefined) out.username = ep.username;
	if (ep.password !== undefined) out.password = ep.password;
	return out;
}

// Every write replaces the whole endpoint: what is omitted falls back to the defaults.
function fromBody(ctx, b, previous) {
	return {
		clientId: ctx.auth.clientId,
		endpointId: b.endpointId,
		url: b.url,
		withBasicAuth: b.withBasicAuth ?? false,
		username: b.username,
		password: b.password,
		provideAccount: b.provideAccount ?? false,
		expandTransactions: b.expandTransactions ?? false,
		expandPayments: b.expandPayments ?? false,
		subscribeTo: b.subscribeTo ?? [],
		businessLocations: previous ? previous.businessLocations : new Map(),
		createdAt: previous ? previous.createdAt : Date.now(),
	};
}

function endpointOrThrow(ctx) {
	const ep = ctx.store.endpoint(ctx.auth.clientId, ctx.params.endpointId);
	if (!ep) throw springError(404, `endpoint ID not found for ${ctx.params.endpointId}`, ctx.path);
	return ep;
}

function linkDto(link) {
	return { businessLocationId: link.businessLocationId, createdAt: lsDate(link.createdAt), updatedAt: lsDate(link.updatedAt), warnings: [] };
}

module.exports = function register(router) {
	// Create. Creating an id that exists replaces it (PUT semantics), so re-activating a
	// trigger is harmless.
	router.add('PUT', '/o/wh/1/webhook', (ctx) => {
		const b = validate(ctx, requireJsonBody(ctx), ENDPOINT);
		const ep = fromBody(ctx, b, ctx.store.endpoint(ctx.auth.clientId, b.endpointId));
		ctx.store.putEndpoint(ep);
		ctx.store.changed();
		return render(ep);
	});

	router.add('POST', '/o/wh/1/webhook', (ctx) => {
		const b = validate(ctx, requireJsonBody(ctx), ENDPOINT);
		const previous = ctx.store.endpoint(ctx.auth.clientId, b.endpointId);
		if (!previous) throw springError(404, `endpoint ID not found for ${b.endpointId}`, ctx.path);
		const ep = fromBody(ctx, b, previous);
		ctx.store.putEndpoint(ep);
		ctx.store.changed();
		return render(ep);
	});

	router.add('GET', '/o/wh/1/webhook/{endpointId}', (ctx) => render(endpointOrThrow(ctx)));

	router.add('DELETE', '/o/wh/1/webhook/{endpointId}', (ctx) => {
		endpointOrThrow(ctx);
		ctx.store.deleteEndpoint(ctx.auth.clientId, ctx.params.endpointId);
		ctx.store.changed();
		return reply(200, null);
	});

	router.add('GET', '/o/wh/1/webhook/{endpointId}/business-locations', (ctx) => [...endpointOrThrow(ctx).businessLocations.values()].map(linkDto));

	router.add('PUT', '/o/wh/1/webhook/{endpointId}/business-locations/{businessLocationId}', (ctx) => {
		const ep = endpointOrThrow(ctx);
		const loc = locationOrThrow(ctx, ctx.params.businessLocationId, { source: 'path' });
		const now = Date.now();
		const link = ep.businessLocations.get(loc.id) || { businessLocationId: loc.id, createdAt: now };
		link.updatedAt = now;
		ep.businessLocations.set(loc.id, link);
		ctx.store.changed();
		return linkDto(link);
	});

	router.add('DELETE', '/o/wh/1/webhook/{endpointId}/business-locations/{businessLocationId}', (ctx) => {
		const ep = endpointOrThrow(ctx);
		const id = longParam(ctx, ctx.params.businessLocationId, 'businessLocationId', { source: 'path' });
		const link = ep.businessLocations.get(id);
		if (!link) throw springError(404, `business location ${id} is not linked to endpoint ${ep.endpointId}`, ctx.path);
		ep.businessLocations.delete(id);
		ctx.store.changed();
		return linkDto(link);
	});
};

module.exports.renderEndpoint = render;

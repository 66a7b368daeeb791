'use strict';
// OAuth2 like Lightspeed's V2 auth server (Keycloak realm "k-series"): an authorize endpoint
// that approves at once, a token endpoint for authorization_code and refresh_token with
// client authentication by Basic header only, rotating single-use refresh tokens.
// One client per business (like separate merchant accounts): every token remembers the
// businesses it may see (businessIds; null = all, for admin-minted tokens without clientId).

const crypto = require('crypto');
const { OAUTH_CLIENT, OAUTH_CLIENTS } = require('./seed');
const { HttpError, reply } = require('./http');

const REALM = '/realms/k-series/protocol/openid-connect';
const CODE_TTL_MS = 60000;
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const DEFAULT_SCOPE = 'orders-api financial-api staff-api offline_access profile email';

// Short, stable, non-reversible id of a secret for logs: "#" + 8 hex of sha256.
function fingerprint(secret) {
	return '#' + crypto.createHash('sha256').update(String(secret)).digest('hex').slice(0, 8);
}

function randomToken(prefix) {
	return `${prefix}.${crypto.randomBytes(24).toString('base64url')}`;
}

function oauthError(status, error, description, headers = {}) {
	return new HttpError(status, { error, error_description: description }, { ...NO_STORE, ...headers });
}

class OAuth {
	constructor(config) {
		this.config = config;
		this.clients = new Map(OAUTH_CLIENTS.map((c) => [c.clientId, c]));
		this.reset();
	}

	reset() {
		this.codes = new Map();
		this.accessTokens = new Map();
		this.refreshTokens = new Map();
	}

	// GET …/auth?response_type=code&client_id&redirect_uri&scope&state → 302 back with code.
	authorize(ctx) {
		const q = ctx.query;
		if (!q.client_id || !this.clients.has(q.client_id)) {
			throw new HttpError(400, 'Client not found.', { 'Content-Type': 'text/plain; charset=utf-8' });
		}
		let redirect;
		try {
			redirect = new URL(q.redirect_uri);
			if (!/^https?:$/.test(redirect.protocol)) throw new Error('scheme');
		} catch {
			throw new HttpError(400, 'Invalid parameter: redirect_uri', { 'Content-Type': 'text/plain; charset=utf-8' });
		}
		if (q.state !== undefined) redirect.searchParams.set('state', q.state);
		const sessionState = crypto.randomUUID();
		redirect.searchParams.set('session_state', sessionState);
		if (q.response_type !== 'code') {
			redirect.searchParams.set('error', 'unsupported_response_type');
			redirect.searchParams.set('error_description', 'Only the authorization code flow is supported');
		} else {
			const code = crypto.randomBytes(24).toString('base64url');
			this.codes.set(code, {
				clientId: q.client_id,
				businessIds: [this.clients.get(q.client_id).businessId],
				redirectUri: q.redirect_uri,
				scope: q.scope || DEFAULT_SCOPE,
				expiresAt: Date.now() + CODE_TTL_MS,
			});
			redirect.searchParams.set('code', code);
		}
		return reply(302, null, { Location: redirect.toString() });
	}

	clientFromBasic(header) {
		const m = /^Basic\s+(.+)$/i.exec(header || '');
		if (!m) return null;
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		if (i < 0) return null;
		const id = decodeURIComponent(decoded.slice(0, i));
		const secret = decodeURIComponent(decoded.slice(i + 1));
		const client = this.clients.get(id);
		return client && client.clientSecret === secret ? id : null;
	}

	// POST …/token (application/x-www-form-urlencoded, parameters in the body).
	token(ctx) {
		const clientId = this.clientFromBasic(ctx.headers.authorization);
		if (!clientId) {
			throw oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials (use HTTP Basic client authentication)');
		}
		const p = ctx.body && !ctx.body.__unparsable && typeof ctx.body === 'object' ? ctx.body : {};
		if (!String(ctx.headers['content-type'] || '').includes('application/x-www-form-urlencoded')) {
			throw oauthError(400, 'invalid_request', 'Parameters must be sent form-encoded in the request body');
		}
		if (p.grant_type === 'authorization_code') {
			const entry = p.code && this.codes.get(p.code);
			if (!entry) throw oauthError(400, 'invalid_grant', 'Code not valid');
			this.codes.delete(p.code); // single use
			if (entry.expiresAt < Date.now()) throw oauthError(400, 'invalid_grant', 'Code not valid');
			if (entry.clientId !== clientId) throw oauthError(400, 'invalid_grant', 'Code not valid');
			if (p.redirect_uri !== entry.redirectUri) throw oauthError(400, 'invalid_grant', 'Incorrect redirect_uri');
			return reply(200, this.issue(clientId, { scope: entry.scope, businessIds: entry.businessIds }), NO_STORE);
		}
		if (p.grant_type === 'refresh_token') {
			if (!p.refresh_token) throw oauthError(400, 'invalid_request', 'Missing parameter: refresh_token');
			const rt = this.refreshTokens.get(p.refresh_token);
			if (!rt || rt.clientId !== clientId) throw oauthError(400, 'invalid_grant', 'Invalid refresh token');
			// Keycloak's answer once the session behind the refresh token has been ended.
			if (rt.revoked) throw oauthError(400, 'invalid_grant', 'Session not active');
			if (rt.used) throw oauthError(400, 'invalid_grant', 'Maximum allowed refresh token reuse exceeded');
			if (rt.expiresAt && rt.expiresAt < Date.now()) throw oauthError(400, 'invalid_grant', 'Token is not active');
			rt.used = true; // rotation: every refresh token works exactly once
			return reply(200, this.issue(clientId, { scope: rt.scope, sessionState: rt.sessionState, businessIds: rt.businessIds }), NO_STORE);
		}
		throw oauthError(400, 'unsupported_grant_type', `Unsupported grant_type ${p.grant_type || '(none)'}`);
	}

	issue(clientId, { scope = DEFAULT_SCOPE, sessionState = crypto.randomUUID(), ttlSeconds, businessIds = null } = {}) {
		const now = Date.now();
		const accessTtl = ttlSeconds ?? this.config.accessTokenTtlSeconds;
		const refreshTtl = this.config.refreshTokenTtlSeconds;
		const access = randomToken('sbx-at');
		const refresh = randomToken('sbx-rt');
		this.accessTokens.set(access, { clientId, businessIds, scope, expiresAt: now + accessTtl * 1000, revoked: false });
		this.refreshTokens.set(refresh, {
			clientId, businessIds, scope, sessionState, used: false, revoked: false,
			expiresAt: refreshTtl ? now + refreshTtl * 1000 : null,
		});
		return {
			access_token: access,
			expires_in: accessTtl,
			refresh_expires_in: refreshTtl,
			refresh_token: refresh,
			token_type: 'Bearer',
			'not-before-policy': 0,
			session_state: sessionState,
			scope,
		};
	}

	// For POST /_admin/tokens: a token pair without the browser dance. With a clientId the pair
	// is that client's (sees its business only); without one it belongs to sandbox-client (so
	// that client's credentials refresh it) but sees every business, as it always did.
	mint({ ttlSeconds, scope, clientId } = {}) {
		if (clientId !== undefined) {
			const client = this.clients.get(clientId);
			if (!client) throw new Error(`unknown clientId ${clientId}`);
			return this.issue(clientId, { scope: scope || DEFAULT_SCOPE, ttlSeconds, businessIds: [client.businessId] });
		}
		return this.issue(OAUTH_CLIENT.clientId, { scope: scope || DEFAULT_SCOPE, ttlSeconds, businessIds: null });
	}

	hasClient(clientId) {
		return this.clients.has(clientId);
	}

	// Throws the 401 an API call gets with a missing, unknown, expired or revoked token.
	verify(header) {
		const m = /^Bearer\s+(\S+)$/i.exec(header || '');
		const challenge = (d) => ({ 'WWW-Authenticate': `Bearer realm="k-series", error="invalid_token", error_description="${d}"` });
		if (!m) throw oauthError(401, 'unauthorized', 'Full authentication is required to access this resource', { 'WWW-Authenticate': 'Bearer realm="k-series"' });
		const t = this.accessTokens.get(m[1]);
		if (!t) throw oauthError(401, 'invalid_token', 'Invalid access token', challenge('Invalid access token'));
		if (t.revoked) throw oauthError(401, 'invalid_token', 'Access token revoked', challenge('Access token revoked'));
		if (t.expiresAt <= Date.now()) throw oauthError(401, 'invalid_token', 'Access token expired', challenge('Access token expired'));
		return t;
	}

	// Revokes every token (or only those issued to clientId) and their pending codes: access
	// tokens answer 401, refresh tokens invalid_grant. A new authorization-code login works.
	revoke(clientId) {
		const hit = (t) => clientId === undefined || t.clientId === clientId;
		for (const t of this.accessTokens.values()) if (hit(t)) t.revoked = true;
		for (const t of this.refreshTokens.values()) if (hit(t)) t.revoked = true;
		for (const [code, c] of this.codes) if (hit(c)) this.codes.delete(code);
	}

	revokeAll() {
		this.revoke(undefined);
	}

	// Makes every access token expire now; refresh tokens keep working (tests the refresh path).
	expireAll() {
		const now = Date.now();
		for (const t of this.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
	}

	counts() {
		const now = Date.now();
		let active = 0;
		const byClient = Object.fromEntries([...this.clients.keys()].map((id) => [id, { activeAccessTokens: 0, usableRefreshTokens: 0 }]));
		for (const t of this.accessTokens.values()) {
			if (t.revoked || t.expiresAt <= now) continue;
			active++;
			byClient[t.clientId].activeAccessTokens++;
		}
		for (const t of this.refreshTokens.values()) {
			if (!t.revoked && !t.used && !(t.expiresAt && t.expiresAt < now)) byClient[t.clientId].usableRefreshTokens++;
		}
		return { accessTokens: this.accessTokens.size, activeAccessTokens: active, refreshTokens: this.refreshTokens.size, byClient };
	}

	// The clients as GET /_admin/state shows them (no secrets: docs/contracts.md lists those).
	clientList() {
		return [...this.clients.values()].map((c) => ({ clientId: c.clientId, businessId: c.businessId }));
	}
}

module.exports = { OAuth, REALM, fingerprint };

'use strict';
// OAuth2 like Lightspeed's V2 (Keycloak) auth server: authorize → code → token with Basic
// client auth, rotating refresh tokens, configurable access-token lifetime, 401s.

const { startSandbox } = require('../../sandbox');
const { call, BASIC_CLIENT, CENTRE } = require('./helpers');

const REALM = '/realms/k-series/protocol/openid-connect';
const REDIRECT = 'https://n8n.example/rest/oauth2-credential/callback';

let sb;
afterEach(async () => {
	if (sb) await sb.close();
	sb = null;
});

async function authorize(extra = {}) {
	const q = new URLSearchParams({ response_type: 'code', client_id: 'sandbox-client', redirect_uri: REDIRECT, scope: 'orders-api financial-api offline_access', state: 'st-123', ...extra });
	return call(sb.url, 'GET', `${REALM}/auth?${q}`);
}

async function codeExchange(code, { redirectUri = REDIRECT, auth = BASIC_CLIENT } = {}) {
	return call(sb.url, 'POST', `${REALM}/token`, { headers: auth ? { Authorization: auth } : {}, form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri } });
}

const refresh = (refreshToken) => call(sb.url, 'POST', `${REALM}/token`, { headers: { Authorization: BASIC_CLIENT }, form: { grant_type: 'refresh_token', refresh_token: refreshToken } });
const businesses = (token) => call(sb.url, 'GET', '/o/op/data/businesses', { token });

test('authorize approves at once and redirects back with code and state', async () => {
	sb = await startSandbox({ port: 0 });
	const res = await authorize();
	expect(res.status).toBe(302);
	const loc = new URL(res.headers.get('location'));
	expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
	expect(loc.searchParams.get('state')).toBe('st-123');
	expect(loc.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
	expect(loc.searchParams.get('session_state')).toBeTruthy();
});

test('authorize refuses an unknown client and reports a wrong response_type to the client', async () => {
	sb = await startSandbox({ port: 0 });
	expect((await authorize({ client_id: 'nobody' })).status).toBe(400);
	const res = await authorize({ response_type: 'token' });
	expect(new URL(res.headers.get('location')).searchParams.get('error')).toBe('unsupported_response_type');
});

test('code exchange with Basic client auth returns a Keycloak-style token response; the code works once', async () => {
	sb = await startSandbox({ port: 0, accessTokenTtlSeconds: 900 });
	const code = new URL((await authorize()).headers.get('location')).searchParams.get('code');
	const res = await codeExchange(code);
	expect(res.status).toBe(200);
	expect(res.headers.get('cache-control')).toBe('no-store');
	expect(res.body).toEqual(expect.objectContaining({ token_type: 'Bearer', expires_in: 900, refresh_expires_in: 0, 'not-before-policy': 0 }));
	expect(res.body.scope).toBe('orders-api financial-api offline_access');
	expect((await businesses(res.body.access_token)).status).toBe(200);
	const again = await codeExchange(code);
	expect(again.status).toBe(400);
	expect(again.body.error).toBe('invalid_grant');
});

test('client credentials must come in the Basic header, be right, and the redirect_uri must match', async () => {
	sb = await startSandbox({ port: 0 });
	const code = () => authorize().then((r) => new URL(r.headers.get('location')).searchParams.get('code'));
	const inBody = await call(sb.url, 'POST', `${REALM}/token`, { form: { grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT, client_id: 'sandbox-client', client_secret: 'sandbox-secret' } });
	expect(inBody.status).toBe(401);
	expect(inBody.body.error).toBe('invalid_client');
	const wrong = await codeExchange(await code(), { auth: 'Basic ' + Buffer.from('sandbox-client:nope').toString('base64') });
	expect(wrong.status).toBe(401);
	const mismatch = await codeExchange(await code(), { redirectUri: 'https://elsewhere.example/cb' });
	expect(mismatch.status).toBe(400);
	expect(mismatch.body.error).toBe('invalid_grant');
	const grant = await call(sb.url, 'POST', `${REALM}/token`, { headers: { Authorization: BASIC_CLIENT }, form: { grant_type: 'client_credentials' } });
	expect(grant.status).toBe(400);
	expect(grant.body.error).toBe('unsupported_grant_type');
});

test('refresh tokens rotate: the new pair works, the used refresh token is refused with invalid_grant', async () => {
	sb = await startSandbox({ port: 0 });
	const code = new URL((await authorize()).headers.get('location')).searchParams.get('code');
	const first = (await codeExchange(code)).body;
	const second = await refresh(first.refresh_token);
	expect(second.status).toBe(200);
	expect(second.body.refresh_token).not.toBe(first.refresh_token);
	expect(second.body.access_token).not.toBe(first.access_token);
	expect((await businesses(second.body.access_token)).status).toBe(200);
	const reused = await refresh(first.refresh_token);
	expect(reused.status).toBe(400);
	expect(reused.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
	expect((await refresh(second.body.refresh_token)).status).toBe(200);
	expect((await refresh('sbx-rt.made-up')).body.error).toBe('invalid_grant');
});

test('an access token expires after the configured lifetime (401), and refreshing gives a working one', async () => {
	sb = await startSandbox({ port: 0, accessTokenTtlSeconds: 1 });
	const code = new URL((await authorize()).headers.get('location')).searchParams.get('code');
	const pair = (await codeExchange(code)).body;
	expect(pair.expires_in).toBe(1);
	expect((await businesses(pair.access_token)).status).toBe(200);
	await new Promise((r) => setTimeout(r, 1050));
	const expired = await businesses(pair.access_token);
	expect(expired.status).toBe(401);
	expect(expired.body.error).toBe('invalid_token');
	expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
	const fresh = await refresh(pair.refresh_token);
	expect((await businesses(fresh.body.access_token)).status).toBe(200);
});

test('missing, unknown and revoked tokens get 401; a revoked refresh token gets invalid_grant', async () => {
	sb = await startSandbox({ port: 0 });
	const minted = (await call(sb.url, 'POST', '/_admin/tokens')).body;
	expect((await businesses(undefined)).status).toBe(401);
	expect((await businesses('sbx-at.nonsense')).status).toBe(401);
	expect((await call(sb.url, 'GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`, { token: minted.access_token })).status).toBe(200);
	expect((await call(sb.url, 'POST', '/_admin/tokens/revoke')).status).toBe(200);
	expect((await businesses(minted.access_token)).status).toBe(401);
	expect((await refresh(minted.refresh_token)).body.error).toBe('invalid_grant');
});

test('admin can mint short-lived tokens and expire all access tokens while refresh keeps working', async () => {
	sb = await startSandbox({ port: 0 });
	const minted = (await call(sb.url, 'POST', '/_admin/tokens', { body: { ttlSeconds: 120 } })).body;
	expect(minted.expires_in).toBe(120);
	expect((await call(sb.url, 'POST', '/_admin/tokens', { body: { ttlSeconds: -1 } })).status).toBe(400);
	await call(sb.url, 'POST', '/_admin/tokens/expire');
	expect((await businesses(minted.access_token)).status).toBe(401);
	const fresh = await refresh(minted.refresh_token);
	expect(fresh.status).toBe(200);
	expect((await businesses(fresh.body.access_token)).status).toBe(200);
});

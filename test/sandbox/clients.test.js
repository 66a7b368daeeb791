'use strict';
// OAuth clients per business, like separate merchant accounts: what a client's token sees,
// 403 on another business's locations, webhook endpoints per client, revoking one client and
// reconnecting it through the authorization endpoint.

const { startSandbox } = require('../../sandbox');
const { call, receiver, waitFor, CENTRE, HARBOUR, ALFAMA, SOHO, CAMDEN } = require('./helpers');

const REALM = '/realms/k-series/protocol/openid-connect';
const REDIRECT = 'https://n8n.example/rest/oauth2-credential/callback';
const CLIENTS = {
	bistro: ['sandbox-client', 'sandbox-secret'],
	lisbon: ['sandbox-client-lisbon', 'sandbox-secret-lisbon'],
	london: ['sandbox-client-london', 'sandbox-secret-london'],
};
const basic = ([id, secret]) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

let sb;
let hooks = [];
beforeEach(async () => {
	sb = await startSandbox({ port: 0, posDelayMs: 5, webhookRetryBaseMs: 10 });
});
afterEach(async () => {
	await sb.close();
	await Promise.all(hooks.map((h) => h.close()));
	hooks = [];
});

// The browser dance of a merchant connecting the app: authorize → code → token pair.
async function login(client) {
	const q = new URLSearchParams({ response_type: 'code', client_id: client[0], redirect_uri: REDIRECT, scope: 'orders-api financial-api staff-api offline_access', state: 's1' });
	const auth = await call(sb.url, 'GET', `${REALM}/auth?${q}`);
	expect(auth.status).toBe(302);
	const code = new URL(auth.headers.get('location')).searchParams.get('code');
	const res = await call(sb.url, 'POST', `${REALM}/token`, { headers: { Authorization: basic(client) }, form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT } });
	expect(res.status).toBe(200);
	return res.body;
}
const refresh = (client, rt) => call(sb.url, 'POST', `${REALM}/token`, { headers: { Authorization: basic(client) }, form: { grant_type: 'refresh_token', refresh_token: rt } });
const api = (token, method, path, body) => call(sb.url, method, path, { token, body });
const admin = (method, path, body) => call(sb.url, method, `/_admin${path}`, { body });

test('a client\'s token lists only its business, in both business endpoints', async () => {
	const expectations = [[CLIENTS.bistro, 454335871, [CENTRE, HARBOUR]], [CLIENTS.lisbon, 454335872, [ALFAMA]], [CLIENTS.london, 454335873, [SOHO, CAMDEN]]];
	for (const [client, businessId, locations] of expectations) {
		const { access_token: token } = await login(client);
		const op = (await api(token, 'GET', '/o/op/data/businesses')).body;
		expect(op.map((b) => [b.id, b.businessLocations.map((l) => l.id)])).toEqual([[businessId, locations]]);
		const f = (await api(token, 'GET', '/f/data/businesses')).body._embedded.businessList;
		expect(f.map((b) => [b.businessId, b.businessLocations.map((l) => l.blID)])).toEqual([[businessId, locations]]);
	}
});

test('a client\'s token gets 403 Access Denied on every call naming another business\'s location', async () => {
	const { access_token: lisbon } = await login(CLIENTS.lisbon);
	const { access_token: london } = await login(CLIENTS.london);
	const calls = (bl) => [
		['GET', `/o/op/data/${bl}/floorplans`],
		['GET', `/o/op/1/order/table/getCheck?businessLocationId=${bl}`],
		['GET', `/o/op/1/order/table/3/getCheck?businessLocationId=${bl}`],
		['GET', `/o/op/1/order/accounts/A70001.1?businessLocationId=${bl}`],
		['GET', `/f/finance/${bl}/paymentMethods`],
		['GET', `/staff/v1/businessLocations/${bl}/userTypes/POS`],
		['GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${bl}`],
		['POST', `/o/op/1/printMsg?businessLocationId=${bl}`, { message: 'hi' }],
		['POST', '/o/op/1/pay', { businessLocationId: bl, iKaccountIdentifier: 'A70001.1', thirdPartyPaymentReference: `QD-x-${bl}`, endpointId: 'E', paymentAmount: '1.00' }],
		['POST', '/o/op/1/order/local', { businessLocationId: bl, thirdPartyReference: `ord-x-${bl}`, endpointId: 'E', customerInfo: { firstName: 'A' }, items: [] }],
	];
	for (const [method, path, body] of calls(CENTRE)) {
		const res = await api(lisbon, method, path, body);
		expect([method, path, res.status, res.body && res.body.message]).toEqual([method, path, 403, 'Access Denied']);
	}
	for (const [method, path, body] of calls(ALFAMA)) expect((await api(london, method, path, body)).status).toBe(403);
	// Its own location answers.
	expect((await api(lisbon, 'GET', `/o/op/1/order/table/getCheck?businessLocationId=${ALFAMA}`)).status).toBe(200);
	expect((await api(london, 'GET', `/o/op/data/${SOHO}/floorplans`)).status).toBe(200);
	// Nothing was queued by the refused calls.
	expect(sb.state.payments).toEqual([]);
	expect(sb.state.orders).toEqual([]);
});

test('admin tokens: without clientId they see every business; with one, that client\'s business only, refreshed with that client', async () => {
	const all = (await admin('POST', '/tokens')).body;
	expect((await api(all.access_token, 'GET', '/o/op/data/businesses')).body.map((b) => b.id)).toEqual([454335871, 454335872, 454335873]);
	expect((await api(all.access_token, 'GET', `/o/op/data/${ALFAMA}/floorplans`)).status).toBe(200);
	// It belongs to sandbox-client: refreshed with that client's credentials, still seeing everything.
	const allAgain = (await refresh(CLIENTS.bistro, all.refresh_token)).body;
	expect((await api(allAgain.access_token, 'GET', '/o/op/data/businesses')).body).toHaveLength(3);

	const minted = await admin('POST', '/tokens', { clientId: 'sandbox-client-london' });
	expect(minted.status).toBe(200);
	expect((await api(minted.body.access_token, 'GET', '/o/op/data/businesses')).body.map((b) => b.id)).toEqual([454335873]);
	expect((await api(minted.body.access_token, 'GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`)).status).toBe(403);
	expect((await refresh(CLIENTS.bistro, minted.body.refresh_token)).body.error).toBe('invalid_grant');
	const next = await refresh(CLIENTS.london, minted.body.refresh_token);
	expect((await api(next.body.access_token, 'GET', `/o/op/data/${SOHO}/floorplans`)).status).toBe(200);
	const bad = await admin('POST', '/tokens', { clientId: 'nobody' });
	expect(bad.status).toBe(400);
	expect(bad.body.error).toMatch(/unknown clientId/);
	expect(sb.state.clients).toEqual([
		{ clientId: 'sandbox-client', businessId: 454335871 }, { clientId: 'sandbox-client-lisbon', businessId: 454335872 }, { clientId: 'sandbox-client-london', businessId: 454335873 },
	]);
});

test('revoking one client: its refresh gets invalid_grant, its access 401; other clients keep working; a new login reconnects it', async () => {
	const lisbon = await login(CLIENTS.lisbon);
	const london = await login(CLIENTS.london);
	const everything = (await admin('POST', '/tokens')).body;
	const revoked = await admin('POST', '/tokens/revoke', { clientId: 'sandbox-client-lisbon' });
	expect(revoked.status).toBe(200);
	expect(revoked.body).toMatchObject({ status: 'revoked', clientId: 'sandbox-client-lisbon' });
	expect(revoked.body.byClient['sandbox-client-lisbon']).toEqual({ activeAccessTokens: 0, usableRefreshTokens: 0 });

	const dead = await refresh(CLIENTS.lisbon, lisbon.refresh_token);
	expect(dead.status).toBe(400);
	expect(dead.body).toEqual({ error: 'invalid_grant', error_description: 'Session not active' });
	expect((await api(lisbon.access_token, 'GET', `/o/op/data/${ALFAMA}/floorplans`)).status).toBe(401);

	expect((await api(london.access_token, 'GET', `/o/op/data/${SOHO}/floorplans`)).status).toBe(200);
	const londonNext = await refresh(CLIENTS.london, london.refresh_token);
	expect(londonNext.status).toBe(200);
	expect((await api(londonNext.body.access_token, 'GET', `/o/op/data/${SOHO}/floorplans`)).status).toBe(200);
	expect((await api(everything.access_token, 'GET', `/o/op/data/${ALFAMA}/floorplans`)).status).toBe(200);

	// Reconnect: the merchant logs in again through the authorization endpoint.
	const again = await login(CLIENTS.lisbon);
	expect((await api(again.access_token, 'GET', `/o/op/data/${ALFAMA}/floorplans`)).status).toBe(200);
	const againNext = await refresh(CLIENTS.lisbon, again.refresh_token);
	expect(againNext.status).toBe(200);
	expect((await api(againNext.body.access_token, 'GET', '/o/op/data/businesses')).body.map((b) => b.id)).toEqual([454335872]);

	// Without clientId every client is revoked, as before.
	expect((await admin('POST', '/tokens/revoke', { clientId: 'nobody' })).status).toBe(400);
	await admin('POST', '/tokens/revoke');
	expect((await refresh(CLIENTS.london, londonNext.body.refresh_token)).body.error).toBe('invalid_grant');
	expect((await api(everything.access_token, 'GET', '/o/op/data/businesses')).status).toBe(401);
});

test('webhook endpoints are per client: the same id twice, invisible to the other, each delivering to its own URL', async () => {
	const lisbonHook = await receiver();
	const londonHook = await receiver();
	hooks.push(lisbonHook, londonHook);
	const { access_token: lisbon } = await login(CLIENTS.lisbon);
	const { access_token: london } = await login(CLIENTS.london);
	const { access_token: bistro } = await login(CLIENTS.bistro);
	expect((await api(lisbon, 'PUT', '/o/wh/1/webhook', { endpointId: 'QODEUP', url: `${lisbonHook.url}/lis` })).status).toBe(200);
	expect((await api(bistro, 'GET', '/o/wh/1/webhook/QODEUP')).status).toBe(404);
	expect((await api(london, 'POST', '/o/wh/1/webhook', { endpointId: 'QODEUP', url: `${londonHook.url}/ldn` })).status).toBe(404);
	expect((await api(london, 'DELETE', '/o/wh/1/webhook/QODEUP')).status).toBe(404);
	expect((await api(london, 'PUT', '/o/wh/1/webhook', { endpointId: 'QODEUP', url: `${londonHook.url}/ldn` })).status).toBe(200);
	expect((await api(lisbon, 'GET', '/o/wh/1/webhook/QODEUP')).body.url).toBe(`${lisbonHook.url}/lis`);
	expect((await api(london, 'GET', '/o/wh/1/webhook/QODEUP')).body.url).toBe(`${londonHook.url}/ldn`);

	// Links to locations respect the token's business.
	expect((await api(lisbon, 'PUT', `/o/wh/1/webhook/QODEUP/business-locations/${SOHO}`)).status).toBe(403);
	expect((await api(lisbon, 'PUT', `/o/wh/1/webhook/QODEUP/business-locations/${ALFAMA}`)).status).toBe(200);
	expect((await api(london, 'GET', '/o/wh/1/webhook/QODEUP/business-locations')).body).toEqual([]);
	expect((await api(lisbon, 'GET', '/o/wh/1/webhook/QODEUP/business-locations')).body.map((l) => l.businessLocationId)).toEqual([ALFAMA]);

	// A payment names endpoint QODEUP: the notification goes to the paying client's endpoint.
	await admin('POST', '/checks', { businessLocationId: ALFAMA, tableNumber: 2, lines: [{ sku: 'COLA', quantity: 1 }] });
	await admin('POST', '/checks', { businessLocationId: SOHO, tableNumber: 2, lines: [{ sku: 'COLA', quantity: 1 }] });
	const pay = (token, bl, check, ref, method) => api(token, 'POST', '/o/op/1/pay', { businessLocationId: bl, iKaccountIdentifier: check, thirdPartyPaymentReference: ref, endpointId: 'QODEUP', paymentAmount: '1.00', paymentMethod: method });
	expect((await pay(lisbon, ALFAMA, 'A70003.1', 'QD-lis-w1', 'TLCARD')).status).toBe(200);
	expect((await pay(london, SOHO, 'A70004.1', 'QD-ldn-w1', 'LNCARD')).status).toBe(200);
	await lisbonHook.waitFor((b) => b.type === 'PAYMENT' && b.thirdPartyReference === 'QD-lis-w1');
	await londonHook.waitFor((b) => b.type === 'PAYMENT' && b.thirdPartyReference === 'QD-ldn-w1');
	await lisbonHook.waitFor((b) => b.status === 'CHECK_WAS_UPDATED');
	await londonHook.waitFor((b) => b.status === 'CHECK_WAS_UPDATED');
	// An iPad change on the Lisbon check reaches the Lisbon endpoint only.
	await admin('POST', '/checks/A70003.1/lines', { lines: [{ sku: 'WATER', quantity: 1 }] });
	await lisbonHook.waitForCount(2, (b) => b.status === 'CHECK_WAS_UPDATED');
	await new Promise((r) => setTimeout(r, 100));
	expect(lisbonHook.bodies().map((b) => b.thirdPartyReference)).not.toContain('QD-ldn-w1');
	expect(londonHook.bodies().map((b) => b.thirdPartyReference)).not.toContain('QD-lis-w1');
	expect(londonHook.bodies((b) => b.status === 'CHECK_WAS_UPDATED')).toHaveLength(1);
	// The bistro client has no endpoint QODEUP: its payment's notifications are undeliverable.
	expect((await pay(bistro, CENTRE, 'A70001.1', 'QD-bis-w1', 'QDCARD')).status).toBe(200);
	const rec = await waitFor(() => sb.state.webhooks.find((w) => w.reference === 'QD-bis-w1' && w.type === 'PAYMENT'));
	expect(rec).toMatchObject({ result: 'undeliverable', clientId: 'sandbox-client', endpointId: 'QODEUP' });
	const eps = sb.state.webhookEndpoints.map((e) => [e.clientId, e.endpointId, e.businessLocations]);
	expect(eps).toEqual([['sandbox-client-lisbon', 'QODEUP', [ALFAMA]], ['sandbox-client-london', 'QODEUP', []]]);
});

'use strict';
// The admin API: state, driving the iPad, request log with redaction, config, reset.

const crypto = require('crypto');
const { start, receiver, registerEndpoint, payBody, waitFor, CENTRE, HARBOUR, ALFAMA, SOHO, CAMDEN } = require('./helpers');

let t;
beforeEach(async () => {
	t = await start();
});
afterEach(() => t.close());

test('state has every documented key and the seeded restaurant', async () => {
	const s = await t.state();
	for (const k of ['checks', 'payments', 'orders', 'webhookEndpoints', 'requests', 'webhooks', 'faults', 'config', 'messages', 'locations', 'business', 'version']) expect(s).toHaveProperty(k);
	expect(s.checks.map((c) => [c.checkId, c.tableNumber, c.currentAmount, c.remaining, c.status])).toEqual([
		['A70001.1', 3, '35.20', '35.20', 'open'],
		['A70001.2', 5, '21.20', '21.20', 'open'],
		['A70001.3', 5, '16.70', '16.70', 'open'],
		['A70001.4', 7, '26.00', '26.00', 'open'],
	]);
	expect(s.checks[0].lines).toEqual([
		{ sku: 'BURGER', name: 'Burger', quantity: 2, unitAmount: '14.50', amount: '29.00' },
		{ sku: 'COLA', name: 'Cola', quantity: 2, unitAmount: '3.10', amount: '6.20' },
	]);
	expect(s.locations.map((l) => [l.id, l.businessId, l.floorplans.reduce((n, f) => n + f.tables.length, 0)])).toEqual([
		[CENTRE, 454335871, 14], [HARBOUR, 454335871, 6], [ALFAMA, 454335872, 15], [SOHO, 454335873, 12], [CAMDEN, 454335873, 0],
	]);
	expect(s.business).toMatchObject({ id: 454335871, name: 'Qodeup Demo Bistro', currencyCode: 'EUR' });
	expect(s.businesses.map((b) => [b.id, b.currencyCode, b.cardMethodCode, b.locationIds])).toEqual([
		[454335871, 'EUR', 'QDCARD', [CENTRE, HARBOUR]], [454335872, 'EUR', 'TLCARD', [ALFAMA]], [454335873, 'GBP', 'LNCARD', [SOHO, CAMDEN]],
	]);
	expect(s.config).toMatchObject({ posDelayMs: 5, accessTokenTtlSeconds: 1800, taskTtlScale: 1 });
	// startSandbox()'s `state` is the same view, for code that runs the sandbox in-process.
	expect(t.sb.state.checks).toEqual(s.checks);
	expect(t.sb.state.faults).toEqual(s.faults);
});

test('open a check on a table (a second one on the same table too), add lines, take a payment, close', async () => {
	const first = await t.admin('POST', '/checks', { tableNumber: 12, lines: [{ sku: 'WATER', quantity: 2 }] });
	expect(first.status).toBe(201);
	expect(first.body).toMatchObject({ checkId: 'A70001.5', tableNumber: 12, businessLocationId: CENTRE, currentAmount: '5.00', status: 'open' });
	const second = await t.admin('POST', '/checks', { tableNumber: 12, lines: [{ sku: 'COLA', quantity: 1 }] });
	expect(second.body.checkId).toBe('A70001.6');
	const onTable = (await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`)).body.filter((c) => c.tableNumber === 12);
	expect(onTable.map((c) => c.ikaccountId)).toEqual(['A70001.5', 'A70001.6']);
	const harbour = await t.admin('POST', '/checks', { businessLocationId: HARBOUR, tableNumber: 2, lines: [{ sku: 'FRIES', quantity: 1 }] });
	expect(harbour.body.checkId).toBe('A70002.1');

	const added = await t.admin('POST', '/checks/A70001.5/lines', { lines: [{ sku: 'BURGER', quantity: 1 }, { name: 'Corkage', unitAmount: '7.00', quantity: 1 }] });
	expect(added.body).toMatchObject({ currentAmount: '26.50', remaining: '26.50' });
	const paid = await t.admin('POST', '/checks/A70001.5/payments', { amount: '6.50', methodCode: 'CASH' });
	expect(paid.body).toMatchObject({ paidAmount: '6.50', remaining: '20.00', status: 'open' });
	expect((await t.admin('POST', '/checks/A70001.5/payments', { amount: '20.01' })).status).toBe(400);
	const closed = await t.admin('POST', '/checks/A70001.5/close');
	expect(closed.body.status).toBe('closed');
	expect((await t.admin('POST', '/checks/A70001.5/lines', { lines: [{ sku: 'COLA', quantity: 1 }] })).status).toBe(409);
	expect((await t.admin('POST', '/checks/A9.9/close')).status).toBe(404);
	expect((await t.admin('POST', '/checks', { tableNumber: 99 })).status).toBe(400);
	expect((await t.admin('POST', '/checks', { tableNumber: 1, lines: [{ sku: 'CAVIAR', quantity: 1 }] })).status).toBe(400);
	expect((await t.admin('GET', '/checks/A70001.6')).body.currentAmount).toBe('3.10');
});

test('the request log has method, path, query, body, status, and Authorization only as a fingerprint', async () => {
	await t.api('GET', `/o/op/1/order/table/3/getCheck?businessLocationId=${CENTRE}`);
	await t.api('POST', '/o/op/1/pay', { body: { nope: true } });
	await t.admin('GET', '/state');
	const s = await t.state();
	expect(s.requests.every((r) => !r.path.startsWith('/_admin'))).toBe(true);
	const [get, post] = s.requests;
	expect(get).toMatchObject({ method: 'GET', path: '/o/op/1/order/table/3/getCheck', query: { businessLocationId: String(CENTRE) }, status: 200 });
	const fp = '#' + crypto.createHash('sha256').update(t.token).digest('hex').slice(0, 8);
	expect(get.headers.authorization).toBe(`Bearer ${fp}`);
	expect(JSON.stringify(s.requests)).not.toContain(t.token);
	expect(post).toMatchObject({ method: 'POST', path: '/o/op/1/pay', body: { nope: true }, status: 400 });
});

test('OAuth secrets in token requests are logged as fingerprints only', async () => {
	const minted = (await t.admin('POST', '/tokens')).body;
	const { call, BASIC_CLIENT } = require('./helpers');
	await call(t.url, 'POST', '/realms/k-series/protocol/openid-connect/token', { headers: { Authorization: BASIC_CLIENT }, form: { grant_type: 'refresh_token', refresh_token: minted.refresh_token } });
	const s = await t.state();
	const log = s.requests.find((r) => r.path.endsWith('/token'));
	expect(log.body.grant_type).toBe('refresh_token');
	expect(log.body.refresh_token).toMatch(/^#[0-9a-f]{8}$/);
	expect(log.headers.authorization).toMatch(/^Basic #[0-9a-f]{8}$/);
	expect(JSON.stringify(s.requests)).not.toContain(minted.refresh_token);
});

test('config: validated, applied at run time', async () => {
	expect((await t.admin('POST', '/config', { posDelayMs: -1 })).status).toBe(400);
	expect((await t.admin('POST', '/config', { bogus: 1 })).status).toBe(400);
	const res = await t.admin('POST', '/config', { accessTokenTtlSeconds: 42, rtnUrl: 'http://127.0.0.1:9/rtn' });
	expect(res.body).toMatchObject({ accessTokenTtlSeconds: 42, rtnUrl: 'http://127.0.0.1:9/rtn' });
	expect((await t.admin('POST', '/tokens')).body.expires_in).toBe(42);
});

test('reset reseeds and clears faults and logs; tokens and webhook endpoints survive unless asked', async () => {
	const hook = await receiver();
	try {
		await registerEndpoint(t, hook);
		await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.2', paymentAmount: '21.20', thirdPartyPaymentReference: 'QD-reset-1' }) });
		await hook.waitFor((b) => b && b.status === 'CLOSED');
		await t.admin('POST', '/checks', { tableNumber: 1 });
		await t.admin('POST', '/faults', { posOffline: true });
		const before = await t.state();
		expect(before.checks).toHaveLength(5);
		expect(before.webhooks.length).toBeGreaterThan(0);
		expect((await t.admin('POST', '/reset')).status).toBe(200);
		const s = await t.state();
		expect(s.checks.map((c) => [c.checkId, c.status, c.remaining])).toEqual([['A70001.1', 'open', '35.20'], ['A70001.2', 'open', '21.20'], ['A70001.3', 'open', '16.70'], ['A70001.4', 'open', '26.00']]);
		expect(s.payments).toEqual([]);
		expect(s.requests).toEqual([]);
		expect(s.webhooks).toEqual([]);
		expect(s.faults.posOffline).toBe(false);
		expect(s.webhookEndpoints.map((e) => e.endpointId)).toEqual(['QODEUP-TEST']);
		// The token still works and a used reference is free again.
		expect((await t.api('POST', '/o/op/1/pay', { body: payBody({ thirdPartyPaymentReference: 'QD-reset-1' }) })).status).toBe(200);
		await t.admin('POST', '/reset', { clearWebhookEndpoints: true, clearTokens: true });
		expect((await t.api('GET', '/o/op/data/businesses')).status).toBe(401);
		expect((await t.state()).webhookEndpoints).toEqual([]);
	} finally {
		await hook.close();
	}
});

test('server-sent events announce changes', async () => {
	const controller = new AbortController();
	const res = await fetch(`${t.url}/_admin/events`, { signal: controller.signal });
	expect(res.headers.get('content-type')).toBe('text/event-stream');
	const reader = res.body.getReader();
	let text = '';
	const read = async () => {
		const { value } = await reader.read();
		text += Buffer.from(value).toString('utf8');
	};
	await read();
	expect(text).toMatch(/^event: change\ndata: \{"version":\d+\}/);
	const v = (await t.state()).version;
	await t.admin('POST', '/checks', { tableNumber: 2 });
	await waitFor(async () => {
		await read();
		const versions = [...text.matchAll(/"version":(\d+)/g)].map((m) => Number(m[1]));
		return Math.max(...versions) > v;
	});
	controller.abort();
});

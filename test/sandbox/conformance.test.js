'use strict';
// Every endpoint's responses and every webhook payload the sandbox produces, validated
// against Lightspeed's published OpenAPI documents, read from their committed extract in
// test/contract/lightspeed-openapi/ (scripts/specs/extract-lightspeed-contract.mjs makes it and,
// with --check, tells whether it still matches the published files). See contract.js for the two
// documented relaxations (money fields may be decimal strings as in the official examples;
// CHECK_WAS_UPDATED added to the ORDER status enum) and for the undeclared-field check.

const fs = require('fs');
const path = require('path');
const { start, receiver, registerEndpoint, payBody, waitFor, CENTRE, HARBOUR, ALFAMA, SOHO, CAMDEN } = require('./helpers');
const { SPECS, FILES, extractFile, responseSchema, webhookSchema, assertConforms } = require('./contract');

let t;
let hook;
beforeEach(async () => {
	hook = await receiver();
	t = await start();
});
afterEach(async () => {
	await t.close();
	await hook.close();
});

const conforms = (res, spec, method, path, status) => {
	expect(res.status).toBe(status);
	const schema = responseSchema(spec, method, path, status);
	if (schema === null) return;
	assertConforms(res.body, schema, `${method} ${path} ${status}`);
};

const order = (extra = {}) => ({
	businessLocationId: CENTRE, thirdPartyReference: `ord-${Math.random().toString(36).slice(2, 10)}`, endpointId: 'QODEUP-TEST',
	customerInfo: { firstName: 'Ana' }, items: [{ sku: 'BURGER', quantity: 1 }], ...extra,
});

// What the published documents hold (../shared/specs/lightspeed-kseries/SOURCE.md): paths and
// webhooks per document. The extract must keep every one of them.
const PUBLISHED = {
	orderAndPay: { paths: 19, webhooks: 4 },
	webhook: { paths: 4, webhooks: 0 },
	financial: { paths: 8, webhooks: 0 },
	staff: { paths: 14, webhooks: 1 },
};

// Every operation the package calls and the sandbox answers, and the two notifications it sends.
const USED = [
	['orderAndPay', 'GET', '/o/op/data/businesses'],
	['orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans'],
	['orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans/{floorPlanId}/tables'],
	['orderAndPay', 'GET', '/o/op/1/order/table/getCheck'],
	['orderAndPay', 'GET', '/o/op/1/order/table/{tableNumber}/getCheck'],
	['orderAndPay', 'GET', '/o/op/1/order/accounts/{accountIdentifier}'],
	['orderAndPay', 'POST', '/o/op/1/pay'],
	['orderAndPay', 'POST', '/o/op/1/order/local'],
	['orderAndPay', 'POST', '/o/op/1/order/toGo'],
	['orderAndPay', 'POST', '/o/op/1/printMsg'],
	['orderAndPay', 'GET', '/o/op/1/onlineOrderReadiness'],
	['financial', 'GET', '/f/data/businesses'],
	['financial', 'GET', '/f/finance/{businessLocationId}/paymentMethods'],
	['staff', 'GET', '/staff/v1/businessLocations/{businessLocationId}/userTypes/POS'],
	['webhook', 'PUT', '/o/wh/1/webhook'],
	['webhook', 'POST', '/o/wh/1/webhook'],
	['webhook', 'GET', '/o/wh/1/webhook/{endpointId}'],
	['webhook', 'DELETE', '/o/wh/1/webhook/{endpointId}'],
	['webhook', 'GET', '/o/wh/1/webhook/{endpointId}/business-locations'],
	['webhook', 'PUT', '/o/wh/1/webhook/{endpointId}/business-locations/{businessLocationId}'],
	['webhook', 'DELETE', '/o/wh/1/webhook/{endpointId}/business-locations/{businessLocationId}'],
];

test('the committed contract extract is present and complete (test/contract/lightspeed-openapi)', () => {
	expect(fs.readdirSync(SPECS).filter((f) => f.endsWith('.json')).sort()).toEqual([
		'index.json', 'lightspeed-financial-api-openapi.json', 'lightspeed-order-and-pay-api-openapi.json',
		'lightspeed-order-and-pay-webhook-api-openapi.json', 'lightspeed-staff-api-openapi.json',
	]);
	const index = JSON.parse(fs.readFileSync(path.join(SPECS, 'index.json'), 'utf8'));
	for (const [name, file] of Object.entries(FILES)) {
		const doc = JSON.parse(fs.readFileSync(path.join(SPECS, extractFile(file)), 'utf8'));
		const counts = { paths: Object.keys(doc.paths || {}).length, webhooks: Object.keys(doc.webhooks || {}).length };
		expect({ name, ...counts }).toEqual({ name, ...PUBLISHED[name] });
		expect(index.specs[name]).toMatchObject({ published: file, extract: extractFile(file), ...counts });
		expect(Object.keys(doc.components.schemas).length).toBe(index.specs[name].schemas);
	}
	for (const [spec, method, apiPath] of USED) {
		const doc = JSON.parse(fs.readFileSync(path.join(SPECS, extractFile(FILES[spec])), 'utf8'));
		const op = doc.paths[apiPath] && doc.paths[apiPath][method.toLowerCase()];
		expect({ spec, method, apiPath, declared: Boolean(op && op.responses && op.responses['200']) }).toEqual({ spec, method, apiPath, declared: true });
	}
	expect(webhookSchema('apePayment notification')).toBeTruthy();
	expect(webhookSchema('apeOrder notification')).toBeTruthy();
	// The validator is not a rubber stamp: a wrong type and an invented field are caught.
	const schema = responseSchema('orderAndPay', 'GET', '/o/op/1/order/table/{tableNumber}/getCheck', 200);
	expect(() => assertConforms({ ikaccountId: 'A1.1', tableNumber: '3' }, schema, 'bad')).toThrow(/must be integer/);
	expect(() => assertConforms({ ikaccountId: 'A1.1', remaining: '1.00' }, schema, 'bad')).toThrow(/remaining is not declared/);
	expect(() => assertConforms({ currentAmount: '8.5' }, schema, 'bad')).toThrow(/pattern/);
});

test('data endpoints conform: businesses (several), floorplans, tables, an inactive table, no floor plan (contract extract)', async () => {
	const businesses = await t.api('GET', '/o/op/data/businesses');
	expect(businesses.body).toHaveLength(3);
	conforms(businesses, 'orderAndPay', 'GET', '/o/op/data/businesses', 200);
	for (const bl of [ALFAMA, SOHO]) conforms(await t.api('GET', `/o/op/data/${bl}/floorplans`), 'orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans', 200);
	conforms(await t.api('GET', `/o/op/data/${ALFAMA}/floorplans/45454565690004/tables`), 'orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans/{floorPlanId}/tables', 200);
	conforms(await t.api('GET', `/o/op/data/${CAMDEN}/floorplans`), 'orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans', 404);
	const fps = await t.api('GET', `/o/op/data/${CENTRE}/floorplans?expandTables=true`);
	conforms(fps, 'orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans', 200);
	conforms(await t.api('GET', `/o/op/data/${CENTRE}/floorplans?expandTables=false`), 'orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans', 200);
	conforms(await t.api('GET', `/o/op/data/${CENTRE}/floorplans/${fps.body[0].id}/tables`), 'orderAndPay', 'GET', '/o/op/data/{businessLocationId}/floorplans/{floorPlanId}/tables', 200);
});

test('check endpoints conform, open and closed, with payment lines, and their errors (contract extract)', async () => {
	await registerEndpoint(t, hook);
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.4', paymentAmount: '26.00', tipAmount: '2.00' }) });
	await hook.waitFor((b) => b && b.status === 'CLOSED');
	conforms(await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`), 'orderAndPay', 'GET', '/o/op/1/order/table/getCheck', 200);
	conforms(await t.api('GET', '/o/op/1/order/table/getCheck'), 'orderAndPay', 'GET', '/o/op/1/order/table/getCheck', 400);
	conforms(await t.api('GET', `/o/op/1/order/table/5/getCheck?businessLocationId=${CENTRE}`), 'orderAndPay', 'GET', '/o/op/1/order/table/{tableNumber}/getCheck', 200);
	conforms(await t.api('GET', `/o/op/1/order/table/7/getCheck?businessLocationId=${CENTRE}`), 'orderAndPay', 'GET', '/o/op/1/order/table/{tableNumber}/getCheck', 404);
	const closed = await t.api('GET', `/o/op/1/order/accounts/A70001.4?businessLocationId=${CENTRE}`);
	expect(closed.body.paymentEntries).toHaveLength(1);
	conforms(closed, 'orderAndPay', 'GET', '/o/op/1/order/accounts/{accountIdentifier}', 200);
	conforms(await t.api('GET', `/o/op/1/order/accounts/nope?businessLocationId=${CENTRE}`), 'orderAndPay', 'GET', '/o/op/1/order/accounts/{accountIdentifier}', 400);
	conforms(await t.api('GET', `/o/op/1/order/accounts/A70001.99?businessLocationId=${CENTRE}`), 'orderAndPay', 'GET', '/o/op/1/order/accounts/{accountIdentifier}', 404);
});

test('pay conforms: 200, duplicate-reference 400, validation 400, and the 403 in the Spring shape (contract extract)', async () => {
	await registerEndpoint(t, hook);
	const body = payBody();
	conforms(await t.api('POST', '/o/op/1/pay', { body }), 'orderAndPay', 'POST', '/o/op/1/pay', 200);
	conforms(await t.api('POST', '/o/op/1/pay', { body }), 'orderAndPay', 'POST', '/o/op/1/pay', 400);
	// A validation 400 is Spring's: apePaymentBadRequestError plus the errors[] that the order
	// endpoints' 400 schema declares.
	const invalid = await t.api('POST', '/o/op/1/pay', { body: { businessLocationId: CENTRE } });
	const { errors, ...rest } = invalid.body;
	expect(errors.length).toBe(3);
	assertConforms(rest, responseSchema('orderAndPay', 'POST', '/o/op/1/pay', 400), 'pay validation 400');
	assertConforms(invalid.body, responseSchema('orderAndPay', 'POST', '/o/op/1/order/local', 400), 'pay validation 400 errors[]');
	// The contract declares no 403 for /pay; the body has the same Spring shape as its 400.
	await t.admin('POST', '/faults', { paymentApiDisabled: [CENTRE] });
	const forbidden = await t.api('POST', '/o/op/1/pay', { body: payBody() });
	expect(forbidden.status).toBe(403);
	assertConforms(forbidden.body, responseSchema('orderAndPay', 'POST', '/o/op/1/pay', 400), 'pay 403');
});

test('orders conform: 200, validation 400, 409 for eat-in and to-go (contract extract)', async () => {
	for (const [path, extra] of [['/o/op/1/order/local', { tableNumber: '4' }], ['/o/op/1/order/toGo', {}]]) {
		const body = order(extra);
		conforms(await t.api('POST', path, { body }), 'orderAndPay', 'POST', path, 200);
		conforms(await t.api('POST', path, { body }), 'orderAndPay', 'POST', path, 409);
		conforms(await t.api('POST', path, { body: order({ customerInfo: {}, items: [{ sku: 'BURGER' }] }) }), 'orderAndPay', 'POST', path, 400);
	}
});

test('readiness and printMsg conform (contract extract)', async () => {
	conforms(await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${CENTRE}`), 'orderAndPay', 'GET', '/o/op/1/onlineOrderReadiness', 200);
	await t.admin('POST', '/faults', { posOffline: true, paymentApiDisabled: [CENTRE] });
	conforms(await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${CENTRE}`), 'orderAndPay', 'GET', '/o/op/1/onlineOrderReadiness', 200);
	conforms(await t.api('GET', '/o/op/1/onlineOrderReadiness'), 'orderAndPay', 'GET', '/o/op/1/onlineOrderReadiness', 400);
	conforms(await t.api('POST', `/o/op/1/printMsg?businessLocationId=${CENTRE}`, { body: { message: 'hi' } }), 'orderAndPay', 'POST', '/o/op/1/printMsg', 200);
});

test('financial and staff endpoints conform, with several businesses and for every location (contract extract)', async () => {
	const all = await t.api('GET', '/f/data/businesses');
	expect(all.body._embedded.businessList).toHaveLength(3);
	conforms(all, 'financial', 'GET', '/f/data/businesses', 200);
	conforms(await t.api('GET', '/f/data/businesses?page=1&size=1'), 'financial', 'GET', '/f/data/businesses', 200);
	for (const bl of [HARBOUR, ALFAMA, SOHO, CAMDEN]) {
		conforms(await t.api('GET', `/f/finance/${bl}/paymentMethods`), 'financial', 'GET', '/f/finance/{businessLocationId}/paymentMethods', 200);
		conforms(await t.api('GET', `/staff/v1/businessLocations/${bl}/userTypes/POS`), 'staff', 'GET', '/staff/v1/businessLocations/{businessLocationId}/userTypes/POS', 200);
	}
	conforms(await t.api('GET', `/f/finance/${CENTRE}/paymentMethods`), 'financial', 'GET', '/f/finance/{businessLocationId}/paymentMethods', 200);
	conforms(await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS?size=2`), 'staff', 'GET', '/staff/v1/businessLocations/{businessLocationId}/userTypes/POS', 200);
	conforms(await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS?isActive=false`), 'staff', 'GET', '/staff/v1/businessLocations/{businessLocationId}/userTypes/POS', 200);
});

test('webhook endpoint management conforms (contract extract)', async () => {
	const ep = { endpointId: 'QD-C', url: 'http://127.0.0.1:9/x', withBasicAuth: true, username: 'u', password: 'p', provideAccount: true, subscribeTo: [{ resource: 'order', name: 'DELIVERED' }] };
	conforms(await t.api('PUT', '/o/wh/1/webhook', { body: ep }), 'webhook', 'PUT', '/o/wh/1/webhook', 200);
	conforms(await t.api('PUT', '/o/wh/1/webhook', { body: { url: 'x' } }), 'webhook', 'PUT', '/o/wh/1/webhook', 400);
	conforms(await t.api('POST', '/o/wh/1/webhook', { body: { endpointId: 'QD-C', url: 'http://127.0.0.1:9/y' } }), 'webhook', 'POST', '/o/wh/1/webhook', 200);
	conforms(await t.api('POST', '/o/wh/1/webhook', { body: { url: 'x' } }), 'webhook', 'POST', '/o/wh/1/webhook', 400);
	conforms(await t.api('GET', '/o/wh/1/webhook/QD-C'), 'webhook', 'GET', '/o/wh/1/webhook/{endpointId}', 200);
	conforms(await t.api('GET', '/o/wh/1/webhook/NOPE'), 'webhook', 'GET', '/o/wh/1/webhook/{endpointId}', 404);
	conforms(await t.api('PUT', `/o/wh/1/webhook/QD-C/business-locations/${CENTRE}`), 'webhook', 'PUT', '/o/wh/1/webhook/{endpointId}/business-locations/{businessLocationId}', 200);
	conforms(await t.api('GET', '/o/wh/1/webhook/QD-C/business-locations'), 'webhook', 'GET', '/o/wh/1/webhook/{endpointId}/business-locations', 200);
	conforms(await t.api('DELETE', `/o/wh/1/webhook/QD-C/business-locations/${CENTRE}`), 'webhook', 'DELETE', '/o/wh/1/webhook/{endpointId}/business-locations/{businessLocationId}', 200);
	conforms(await t.api('DELETE', '/o/wh/1/webhook/QD-C'), 'webhook', 'DELETE', '/o/wh/1/webhook/{endpointId}', 200);
});

test('every webhook payload conforms: PAYMENT success and each failure form, ORDER success/failure, CHECK_WAS_UPDATED, CLOSED (contract extract)', async () => {
	await registerEndpoint(t, hook); // provideAccount + expandTransactions + expandPayments
	await t.admin('POST', '/config', { taskTtlScale: 0.002 });
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.3', paymentAmount: '6.70' }) }); // success, update
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.3', paymentAmount: '10.00' }) }); // success, closed
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.1', paymentAmount: '99.00' }) }); // OVERPAID
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.88' }) }); // ACCOUNT_NOT_FOUND
	await t.api('POST', '/o/op/1/pay', { body: payBody({ deviceId: 1 }) }); // timeout
	await t.api('POST', '/o/op/1/order/local', { body: order({ tableNumber: '8' }) }); // SUCCESS with account
	await t.api('POST', '/o/op/1/order/local', { body: order({ accountIdentifier: 'A70001.1' }) }); // SUCCESS + CHECK_WAS_UPDATED
	await t.api('POST', '/o/op/1/order/local', { body: order({ items: [{ sku: 'NOPE', quantity: 1 }] }) }); // FAILURE
	await t.api('POST', '/o/op/1/order/toGo', { body: order({ payment: { paymentMethod: 'QDCARD', paymentAmount: 14.5 } }) }); // SUCCESS + CLOSED
	const all = await waitFor(() => {
		const b = hook.bodies();
		const kinds = new Set(b.map((x) => `${x.type}:${x.status}:${x.errors ? Object.keys(x.errors)[0] : ''}`));
		return kinds.size >= 7 && b.filter((x) => x.type === 'PAYMENT').length === 5 && b;
	}, { what: 'all webhook kinds' });
	const kinds = new Set(all.map((x) => `${x.type}:${x.status}:${x.errors ? Object.keys(x.errors)[0] : ''}`));
	expect([...kinds].sort()).toEqual(['ORDER:CHECK_WAS_UPDATED:', 'ORDER:CLOSED:', 'ORDER:FAILURE:', 'ORDER:SUCCESS:', 'PAYMENT:FAILURE:account', 'PAYMENT:FAILURE:timeout', 'PAYMENT:SUCCESS:']);
	for (const b of all) {
		const name = b.type === 'PAYMENT' ? 'apePayment notification' : 'apeOrder notification';
		assertConforms(b, webhookSchema(name), `${b.type} ${b.status} webhook`);
	}
	// Also without the account snapshot (the official "successful without account info" form).
	await t.api('POST', '/o/wh/1/webhook', { body: { endpointId: 'QODEUP-TEST', url: `${hook.url}/lightspeed` } });
	const ref = order({ tableNumber: '9' });
	await t.api('POST', '/o/op/1/order/local', { body: ref });
	const [plain] = await hook.waitFor((b) => b && b.thirdPartyReference === ref.thirdPartyReference);
	expect(plain.account).toBeUndefined();
	assertConforms(plain, webhookSchema('apeOrder notification'), 'ORDER SUCCESS without account');
});

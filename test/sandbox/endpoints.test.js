'use strict';
// The read endpoints and webhook-endpoint management, on the seeded demo restaurant.

const { start, CENTRE, HARBOUR, ALFAMA, SOHO, CAMDEN } = require('./helpers');

let t;
beforeEach(async () => {
	t = await start();
});
afterEach(() => t.close());

describe('seeded restaurant', () => {
	test('businesses with their locations, in the Order & Pay and the financial shape (an admin token sees all three)', async () => {
		const op = await t.api('GET', '/o/op/data/businesses');
		expect(op.body).toEqual([
			{ id: 454335871, name: 'Qodeup Demo Bistro', businessLocations: [{ id: CENTRE, name: 'Centre' }, { id: HARBOUR, name: 'Harbour' }] },
			{ id: 454335872, name: 'Qodeup Tasca Lisboa', businessLocations: [{ id: ALFAMA, name: 'Alfama' }] },
			{ id: 454335873, name: 'Qodeup Pub London', businessLocations: [{ id: SOHO, name: 'Soho' }, { id: CAMDEN, name: 'Camden' }] },
		]);
		const f = await t.api('GET', '/f/data/businesses');
		const list = f.body._embedded.businessList;
		expect(list.map((b) => [b.businessId, b.businessName, b.currencyCode])).toEqual([
			[454335871, 'Qodeup Demo Bistro', 'EUR'], [454335872, 'Qodeup Tasca Lisboa', 'EUR'], [454335873, 'Qodeup Pub London', 'GBP'],
		]);
		expect(list.flatMap((b) => b.businessLocations.map((l) => [l.blID, l.blName, l.country, l.timezone]))).toEqual([
			[CENTRE, 'Centre', 'FR', 'Europe/Paris'], [HARBOUR, 'Harbour', 'FR', 'Europe/Paris'], [ALFAMA, 'Alfama', 'PT', 'Europe/Lisbon'],
			[SOHO, 'Soho', 'GB', 'Europe/London'], [CAMDEN, 'Camden', 'GB', 'Europe/London'],
		]);
		expect(f.body._links.self.href).toContain('/f/data/businesses');
		expect((await t.api('GET', '/f/data/businesses?page=1')).body._embedded.businessList).toEqual([]);
		// Paged by business.
		expect((await t.api('GET', '/f/data/businesses?page=1&size=2')).body._embedded.businessList.map((b) => b.businessId)).toEqual([454335873]);
	});

	test('each business has its own floor plans, payment methods and staff; Camden has no floor plan', async () => {
		const alfama = (await t.api('GET', `/o/op/data/${ALFAMA}/floorplans`)).body;
		expect(alfama.map((f) => [f.id, f.name, f.tables.map((x) => x.number)])).toEqual([
			[45454565690004, 'Sala', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], [45454565690005, 'Esplanada', [20, 21, 22, 23, 24]],
		]);
		expect(alfama[0].tables.find((x) => x.number === 10).active).toBe(false);
		const soho = (await t.api('GET', `/o/op/data/${SOHO}/floorplans`)).body;
		expect(soho.map((f) => [f.id, f.name, f.tables.length])).toEqual([[45454565690006, 'Bar', 12]]);
		const camden = await t.api('GET', `/o/op/data/${CAMDEN}/floorplans`);
		expect(camden.status).toBe(404);
		expect(camden.body).toMatchObject({ status: 404, error: 'Not Found', message: `No floorplans found for business location ${CAMDEN}` });
		const methods = async (bl) => (await t.api('GET', `/f/finance/${bl}/paymentMethods`)).body._embedded.paymentMethodList.map((m) => [m.code, m.name]);
		expect(await methods(ALFAMA)).toEqual([['TLCARD', 'Qodeup cartão'], ['TLVOUCHER', 'Qodeup vale'], ['CASH', 'Dinheiro']]);
		expect(await methods(SOHO)).toEqual([['LNCARD', 'Qodeup card'], ['LNVOUCHER', 'Qodeup voucher'], ['CASH', 'Cash'], ['CARD', 'Card']]);
		expect(await methods(CAMDEN)).toEqual(await methods(SOHO));
		const staff = async (bl) => (await t.api('GET', `/staff/v1/businessLocations/${bl}/userTypes/POS`)).body.data.staff.map((s) => [s.staffId, s.active, s.businessId]);
		expect(await staff(ALFAMA)).toEqual([[54, true, 454335872], [53, false, 454335872], [52, true, 454335872]]);
		expect(await staff(SOHO)).toEqual([[64, true, 454335873], [63, false, 454335873], [62, true, 454335873]]);
		const readiness = (await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${ALFAMA}`)).body;
		expect(readiness).toMatchObject({ status: 'READY', onlineOrderingApiConfiguration: { enabled: true, orderProfileId: 45454565700003, staffId: 52 } });
		// No open checks at the new locations at start.
		for (const bl of [ALFAMA, SOHO, CAMDEN]) expect((await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${bl}`)).body).toEqual([]);
	});

	test('floorplans with tables (expandTables default true), without when false, tables per floorplan', async () => {
		const fps = (await t.api('GET', `/o/op/data/${CENTRE}/floorplans?expandTables=true`)).body;
		expect(fps.map((f) => f.name)).toEqual(['Main room', 'Terrace']);
		expect(fps[0].tables.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(fps[1].tables.map((x) => x.number)).toEqual([9, 10, 11, 12, 13, 14]);
		expect(fps[0].tables[0]).toEqual({ number: 1, reference: expect.any(String), id: expect.any(String), active: true, description: 'Table 1', defaultClientCount: 4 });
		expect((await t.api('GET', `/o/op/data/${CENTRE}/floorplans`)).body[0].tables).toHaveLength(8);
		expect((await t.api('GET', `/o/op/data/${CENTRE}/floorplans?expandTables=false`)).body).toEqual(fps.map((f) => ({ id: f.id, name: f.name })));
		const harbour = (await t.api('GET', `/o/op/data/${HARBOUR}/floorplans`)).body;
		expect(harbour.map((f) => [f.name, f.tables.length])).toEqual([['Dining', 6]]);
		const tables = await t.api('GET', `/o/op/data/${CENTRE}/floorplans/${fps[1].id}/tables`);
		expect(tables.body.map((x) => x.number)).toEqual([9, 10, 11, 12, 13, 14]);
		const missing = await t.api('GET', `/o/op/data/${CENTRE}/floorplans/123/tables`);
		expect(missing.status).toBe(404);
		expect(missing.body).toMatchObject({ status: 404, error: 'Not Found', path: `/o/op/data/${CENTRE}/floorplans/123/tables` });
	});

	test('open checks at start: table 3 one, table 5 two, table 7 one, amounts as decimal strings', async () => {
		const res = await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${CENTRE}`);
		expect(res.status).toBe(200);
		expect(res.body.map((c) => [c.tableNumber, c.ikaccountId, c.currentAmount, c.paidAmount])).toEqual([
			[3, 'A70001.1', '35.20', '0.00'],
			[5, 'A70001.2', '21.20', '0.00'],
			[5, 'A70001.3', '16.70', '0.00'],
			[7, 'A70001.4', '26.00', '0.00'],
		]);
		const t3 = res.body[0];
		expect(t3.salesEntries.map((l) => [l.itemSku, l.quantity, l.unitAmount, l.amountWithTax])).toEqual([['BURGER', 2, '14.50', '29.00'], ['COLA', 2, '3.10', '6.20']]);
		expect(t3.salesEntries[0].amountLessTax).toBe('26.36'); // 29.00 / 1.10, rounded half up
		expect(t3).toMatchObject({ staffId: 44, staffName: 'Manager', posId: 70001, serviceCharge: '0.00', paymentEntries: [] });
		expect(t3.openDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
		expect(t3.closeDate).toBeUndefined();
		expect((await t.api('GET', `/o/op/1/order/table/getCheck?businessLocationId=${HARBOUR}`)).body).toEqual([]);
	});

	test('the table lookup returns only the oldest check; 404 Spring body when the table has none', async () => {
		const five = await t.api('GET', `/o/op/1/order/table/5/getCheck?businessLocationId=${CENTRE}`);
		expect(five.body.ikaccountId).toBe('A70001.2');
		const none = await t.api('GET', `/o/op/1/order/table/4/getCheck?businessLocationId=${CENTRE}`);
		expect(none.status).toBe(404);
		expect(none.body).toEqual({ timestamp: expect.any(String), status: 404, error: 'Not Found', message: `account not found for BL ${CENTRE}`, path: '/o/op/1/order/table/4/getCheck' });
		expect((await t.api('GET', `/o/op/1/order/table/x/getCheck?businessLocationId=${CENTRE}`)).status).toBe(400);
	});

	test('a check by account identifier, also once closed; 400 for a malformed id, 404 for an unknown one', async () => {
		const c = await t.api('GET', `/o/op/1/order/accounts/A70001.4?businessLocationId=${CENTRE}`);
		expect(c.body).toMatchObject({ ikaccountId: 'A70001.4', tableNumber: 7, currentAmount: '26.00' });
		await t.admin('POST', '/checks/A70001.4/close');
		const closed = await t.api('GET', `/o/op/1/order/accounts/A70001.4?businessLocationId=${CENTRE}`);
		expect(closed.status).toBe(200);
		expect(closed.body.closeDate).toMatch(/\+0000$/);
		expect((await t.api('GET', `/o/op/1/order/table/7/getCheck?businessLocationId=${CENTRE}`)).status).toBe(404);
		const bad = await t.api('GET', `/o/op/1/order/accounts/12345?businessLocationId=${CENTRE}`);
		expect(bad.status).toBe(400);
		expect(bad.body.message).toBe('Invalid account identifier');
		expect((await t.api('GET', `/o/op/1/order/accounts/A70001.99?businessLocationId=${CENTRE}`)).status).toBe(404);
		// A check of another location is not found at this one.
		expect((await t.api('GET', `/o/op/1/order/accounts/A70001.1?businessLocationId=${HARBOUR}`)).status).toBe(404);
	});

	test('a missing or non-numeric businessLocationId is a Spring 400; an unknown location is 403', async () => {
		const missing = await t.api('GET', '/o/op/1/order/table/getCheck');
		expect(missing.status).toBe(400);
		expect(missing.body.message).toBe("Required request parameter 'businessLocationId' for method parameter type Long is not present");
		expect((await t.api('GET', '/o/op/1/order/table/getCheck?businessLocationId=abc')).status).toBe(400);
		const unknown = await t.api('GET', '/o/op/1/order/table/getCheck?businessLocationId=1');
		expect(unknown.status).toBe(403);
		expect(unknown.body.error).toBe('Forbidden');
	});

	test('payment methods of a location', async () => {
		const res = await t.api('GET', `/f/finance/${CENTRE}/paymentMethods`);
		expect(res.body._embedded.paymentMethodList.map((m) => [m.code, m.name])).toEqual([['QDCARD', 'Qodeup card'], ['QDVOUCHER', 'Qodeup voucher'], ['CASH', 'Cash'], ['CARD', 'Card']]);
		expect(res.body._embedded.paymentMethodList[0]).toEqual({ code: 'QDCARD', name: 'Qodeup card', accountingReference: expect.any(String), pmId: expect.any(Number) });
	});

	test('POS staff: paging (1-based), default sort userId desc, isActive filter', async () => {
		const all = await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS`);
		expect(all.body.data.staff.map((s) => [s.staffId, s.username, s.active])).toEqual([[44, 'Manager', true], [43, 'Former Waiter', false], [42, 'Api Staff', true]]);
		expect(all.body.page).toEqual({ page: 1, size: 10, totalElements: 3, totalPages: 1 });
		const p1 = await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS?page=1&size=2`);
		expect(p1.body.data.staff.map((s) => s.staffId)).toEqual([44, 43]);
		expect(p1.body.page).toEqual({ page: 1, size: 2, totalElements: 3, totalPages: 2 });
		expect(new URL(p1.body.links.next.href).searchParams.get('page')).toBe('2');
		const p2 = await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS?page=2&size=2`);
		expect(p2.body.data.staff.map((s) => s.staffId)).toEqual([42]);
		expect(p2.body.links.next).toBeUndefined();
		const active = await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS?isActive=true`);
		expect(active.body.data.staff.map((s) => s.staffId)).toEqual([44, 42]);
		const inactive = await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS?isActive=false&sort=userId,asc`);
		expect(inactive.body.data.staff.map((s) => s.staffId)).toEqual([43]);
		expect((await t.api('GET', `/staff/v1/businessLocations/${CENTRE}/userTypes/POS?page=0`)).status).toBe(400);
	});

	test('online-order readiness and messages to the POS', async () => {
		const r = await t.api('GET', `/o/op/1/onlineOrderReadiness?businessLocationId=${CENTRE}`);
		expect(r.body).toMatchObject({ status: 'READY', onlineOrderingApiConfiguration: { enabled: true, staffId: 42 }, posStatus: { salesPeriod: 'OPENED', acceptingOnlineOrders: true, availableDevices: true } });
		expect((await t.api('GET', '/o/op/1/onlineOrderReadiness')).status).toBe(400);
		const msg = await t.api('POST', `/o/op/1/printMsg?businessLocationId=${CENTRE}`, { body: { message: 'Table 3 paid €35.20 via Qodeup', alsoToPrinter: true } });
		expect(msg.body).toEqual({ status: 'ok' });
		expect((await t.state()).messages).toEqual([expect.objectContaining({ businessLocationId: CENTRE, message: 'Table 3 paid €35.20 via Qodeup', alsoToPrinter: true })]);
		const invalid = await t.api('POST', `/o/op/1/printMsg?businessLocationId=${CENTRE}`, { body: { alsoToPrinter: true } });
		expect(invalid.status).toBe(400);
		expect(invalid.body.errors[0]).toMatchObject({ field: 'message', code: 'NotNull' });
	});

	test('unknown paths and wrong methods answer like Spring', async () => {
		const nf = await t.api('GET', '/o/op/1/nothing');
		expect(nf.status).toBe(404);
		expect(nf.body).toMatchObject({ status: 404, error: 'Not Found', path: '/o/op/1/nothing' });
		const na = await t.api('DELETE', '/o/op/1/pay');
		expect(na.status).toBe(405);
		const badJson = await t.api('POST', '/o/op/1/pay', { body: '{"not json' });
		expect(badJson.status).toBe(400);
		expect(badJson.body.message).toMatch(/^JSON parse error/);
	});
});

describe('webhook endpoints', () => {
	const base = { endpointId: 'QD-DEMO', url: 'http://127.0.0.1:9/hook', withBasicAuth: true, username: 'lsk', password: 'pw', provideAccount: true, expandTransactions: true, expandPayments: true, subscribeTo: [{ resource: 'order', name: 'DELIVERED' }] };

	test('create (PUT), get, update (POST) resets omitted expand flags, delete', async () => {
		const created = await t.api('PUT', '/o/wh/1/webhook', { body: base });
		expect(created.status).toBe(200);
		expect(created.body).toEqual(base);
		expect((await t.api('GET', '/o/wh/1/webhook/QD-DEMO')).body).toEqual(base);
		const updated = await t.api('POST', '/o/wh/1/webhook', { body: { endpointId: 'QD-DEMO', url: 'http://127.0.0.1:9/other', provideAccount: true } });
		expect(updated.body).toEqual({ endpointId: 'QD-DEMO', url: 'http://127.0.0.1:9/other', withBasicAuth: false, provideAccount: true, expandTransactions: false, expandPayments: false, subscribeTo: [] });
		expect((await t.api('GET', '/o/wh/1/webhook/QD-DEMO')).body.expandPayments).toBe(false);
		expect((await t.api('DELETE', '/o/wh/1/webhook/QD-DEMO')).status).toBe(200);
		const gone = await t.api('GET', '/o/wh/1/webhook/QD-DEMO');
		expect(gone.status).toBe(404);
		expect(gone.body).toMatchObject({ status: 404, message: 'endpoint ID not found for QD-DEMO', path: '/o/wh/1/webhook/QD-DEMO' });
		expect((await t.api('DELETE', '/o/wh/1/webhook/QD-DEMO')).status).toBe(404);
	});

	test('update of an unknown endpoint is 404; a missing endpointId is the Spring validation 400', async () => {
		expect((await t.api('POST', '/o/wh/1/webhook', { body: base })).status).toBe(404);
		const invalid = await t.api('PUT', '/o/wh/1/webhook', { body: { url: 'http://x' } });
		expect(invalid.status).toBe(400);
		expect(invalid.body).toMatchObject({ status: 400, error: 'Bad Request', message: "Validation failed for object='webhookEndpointDto'. Error count: 1", path: '/o/wh/1/webhook' });
		expect(invalid.body.errors).toEqual([expect.objectContaining({
			codes: ['NotNull.webhookEndpointDto.endpointId', 'NotNull.endpointId', 'NotNull.java.lang.String', 'NotNull'],
			defaultMessage: 'must not be null', objectName: 'webhookEndpointDto', field: 'endpointId', bindingFailure: false, code: 'NotNull',
		})]);
	});

	test('business locations linked to an endpoint: add, list, remove', async () => {
		await t.api('PUT', '/o/wh/1/webhook', { body: base });
		const added = await t.api('PUT', `/o/wh/1/webhook/QD-DEMO/business-locations/${CENTRE}`);
		expect(added.body).toEqual({ businessLocationId: CENTRE, createdAt: expect.stringMatching(/\+0000$/), updatedAt: expect.any(String), warnings: [] });
		expect((await t.api('GET', '/o/wh/1/webhook/QD-DEMO/business-locations')).body.map((l) => l.businessLocationId)).toEqual([CENTRE]);
		expect((await t.api('DELETE', `/o/wh/1/webhook/QD-DEMO/business-locations/${CENTRE}`)).body.businessLocationId).toBe(CENTRE);
		expect((await t.api('GET', '/o/wh/1/webhook/QD-DEMO/business-locations')).body).toEqual([]);
		expect((await t.api('DELETE', `/o/wh/1/webhook/QD-DEMO/business-locations/${CENTRE}`)).status).toBe(404);
		expect((await t.api('GET', '/o/wh/1/webhook/NOPE/business-locations')).status).toBe(404);
	});
});

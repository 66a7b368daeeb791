'use strict';
// The demo restaurants, exactly as docs/contracts.md ("The sandbox") describes them. Ids are
// fixed so tests, templates and people can rely on them after every start and reset.
// Business 454335871 "Qodeup Demo Bistro" (Centre, Harbour) is the original demo and stays as
// it was; Lisbon and London are further merchants, each with its own OAuth client.

const BUSINESS_ID = 454335871;
const CENTRE = 45454565682155;
const HARBOUR = 45454565682156;
const LISBON_BUSINESS_ID = 454335872;
const ALFAMA = 45454565682157;
const LONDON_BUSINESS_ID = 454335873;
const SOHO = 45454565682158;
const CAMDEN = 45454565682159; // no floor plan at all (diagnosis "no floor plan")

// One client per business, like separate merchant accounts: a token issued to a client
// (authorization code or refresh) sees that business only.
const OAUTH_CLIENTS = [
	{ clientId: 'sandbox-client', clientSecret: 'sandbox-secret', businessId: BUSINESS_ID },
	{ clientId: 'sandbox-client-lisbon', clientSecret: 'sandbox-secret-lisbon', businessId: LISBON_BUSINESS_ID },
	{ clientId: 'sandbox-client-london', clientSecret: 'sandbox-secret-london', businessId: LONDON_BUSINESS_ID },
];
const OAUTH_CLIENT = OAUTH_CLIENTS[0];

function tables(floorplanId, from, to, clientCount, inactive = []) {
	const list = [];
	for (let n = from; n <= to; n++) {
		list.push({
			number: n,
			id: `${floorplanId}${String(n).padStart(2, '0')}`,
			reference: `TBL-${floorplanId % 100000}-${n}`,
			active: !inactive.includes(n),
			description: `Table ${n}`,
			defaultClientCount: clientCount,
		});
	}
	return list;
}

function seed() {
	return {
		businesses: [
			{
				id: BUSINESS_ID, name: 'Qodeup Demo Bistro', currencyCode: 'EUR',
				// The method Qodeup's card payments are booked with (the floor page's "card removed" switch).
				cardMethodCode: 'QDCARD',
				checkStaffId: 44, // staff of checks opened on the iPad (seeded checks, POST /_admin/checks)
				locations: [
					{
						id: CENTRE, name: 'Centre', country: 'FR', timezone: 'Europe/Paris',
						// posId of the location's iPad: checks are numbered A<posId>.<n>.
						posId: 70001, deviceName: 'iPad Centre', defaultApiStaffId: 42, orderProfileId: 45454565700001,
						floorplans: [
							{ id: 45454565690001, name: 'Main room', tables: tables(45454565690001, 1, 8, 4) },
							{ id: 45454565690002, name: 'Terrace', tables: tables(45454565690002, 9, 14, 2) },
						],
					},
					{
						id: HARBOUR, name: 'Harbour', country: 'FR', timezone: 'Europe/Paris',
						posId: 70002, deviceName: 'iPad Harbour', defaultApiStaffId: 42, orderProfileId: 45454565700002,
						floorplans: [{ id: 45454565690003, name: 'Dining', tables: tables(45454565690003, 1, 6, 4) }],
					},
				],
				// Payment methods are shared by all locations of a business (Back Office setting).
				paymentMethods: [
					{ code: 'QDCARD', name: 'Qodeup card', accountingReference: 'qodeup-card', pmId: 45454565710001 },
					{ code: 'QDVOUCHER', name: 'Qodeup voucher', accountingReference: 'qodeup-voucher', pmId: 45454565710002 },
					{ code: 'CASH', name: 'Cash', accountingReference: 'cash-payment', pmId: 45454565710003 },
					{ code: 'CARD', name: 'Card', accountingReference: 'card-payment', pmId: 45454565710004 },
				],
				staff: [
					{ staffId: 42, username: 'Api Staff', firstName: 'Api', lastName: 'Staff', active: true },
					{ staffId: 43, username: 'Former Waiter', firstName: 'Former', lastName: 'Waiter', active: false },
					{ staffId: 44, username: 'Manager', firstName: 'Manager', lastName: '', active: true, manager: true },
				],
			},
			{
				id: LISBON_BUSINESS_ID, name: 'Qodeup Tasca Lisboa', currencyCode: 'EUR', cardMethodCode: 'TLCARD', checkStaffId: 54,
				locations: [
					{
						id: ALFAMA, name: 'Alfama', country: 'PT', timezone: 'Europe/Lisbon',
						posId: 70003, deviceName: 'iPad Alfama', defaultApiStaffId: 52, orderProfileId: 45454565700003,
						floorplans: [
							// Table 10 is switched off in Back Office (active:false): orders on it fail.
							{ id: 45454565690004, name: 'Sala', tables: tables(45454565690004, 1, 10, 4, [10]) },
							{ id: 45454565690005, name: 'Esplanada', tables: tables(45454565690005, 20, 24, 2) },
						],
					},
				],
				paymentMethods: [
					{ code: 'TLCARD', name: 'Qodeup cartão', accountingReference: 'qodeup-cartao', pmId: 45454565710005 },
					{ code: 'TLVOUCHER', name: 'Qodeup vale', accountingReference: 'qodeup-vale', pmId: 45454565710006 },
					{ code: 'CASH', name: 'Dinheiro', accountingReference: 'dinheiro', pmId: 45454565710007 },
				],
				staff: [
					{ staffId: 52, username: 'Api Lisboa', firstName: 'Api', lastName: 'Lisboa', active: true },
					{ staffId: 53, username: 'Antigo Empregado', firstName: 'Antigo', lastName: 'Empregado', active: false },
					{ staffId: 54, username: 'Gerente', firstName: 'Gerente', lastName: '', active: true, manager: true },
				],
			},
			{
				id: LONDON_BUSINESS_ID, name: 'Qodeup Pub London', currencyCode: 'GBP', cardMethodCode: 'LNCARD', checkStaffId: 64,
				locations: [
					{
						id: SOHO, name: 'Soho', country: 'GB', timezone: 'Europe/London',
						posId: 70004, deviceName: 'iPad Soho', defaultApiStaffId: 62, orderProfileId: 45454565700004,
						floorplans: [{ id: 45454565690006, name: 'Bar', tables: tables(45454565690006, 1, 12, 4) }],
					},
					{
						// Deliberately without a floor plan: GET …/floorplans answers 404.
						id: CAMDEN, name: 'Camden', country: 'GB', timezone: 'Europe/London',
						posId: 70005, deviceName: 'iPad Camden', defaultApiStaffId: 62, orderProfileId: 45454565700005,
						floorplans: [],
					},
				],
				paymentMethods: [
					{ code: 'LNCARD', name: 'Qodeup card', accountingReference: 'qodeup-card-uk', pmId: 45454565710008 },
					{ code: 'LNVOUCHER', name: 'Qodeup voucher', accountingReference: 'qodeup-voucher-uk', pmId: 45454565710009 },
					{ code: 'CASH', name: 'Cash', accountingReference: 'cash-payment-uk', pmId: 45454565710010 },
					{ code: 'CARD', name: 'Card', accountingReference: 'card-payment-uk', pmId: 45454565710011 },
				],
				staff: [
					{ staffId: 62, username: 'Api Staff London', firstName: 'Api', lastName: 'London', active: true },
					{ staffId: 63, username: 'Former Barman', firstName: 'Former', lastName: 'Barman', active: false },
					{ staffId: 64, username: 'Pub Manager', firstName: 'Pub', lastName: 'Manager', active: true, manager: true },
				],
			},
		],
		// Prices are tax included; one VAT rate (10 %, French on-site dining) for every item.
		// SKUs are shared by every business.
		skus: [
			{ sku: 'BURGER', name: 'Burger', price: '14.50', taxRateBp: 1000 },
			{ sku: 'FRIES', name: 'Fries', price: '4.20', taxRateBp: 1000 },
			{ sku: 'COLA', name: 'Cola', price: '3.10', taxRateBp: 1000 },
			{ sku: 'TIRAMISU', name: 'Tiramisu', price: '6.80', taxRateBp: 1000 },
			{ sku: 'WATER', name: 'Water', price: '2.50', taxRateBp: 1000 },
		],
		// Discount codes an order item may carry (shared by every business, like the SKUs). A
		// manual discount is the only kind that takes discountAmountOverride / discountPercentOverride.
		discounts: [
			{ code: 'STAFF10', name: 'Staff discount', percentBp: 1000 },
			{ code: 'WELCOME2', name: 'Welcome', amount: '2.00' },
			{ code: 'MANUAL', name: 'Manual discount', manual: true },
		],
		// Open at start, at Centre, oldest first (table 5 has two checks: A70001.2 is older).
		// The other locations start with an empty floor.
		openChecks: [
			{ tableNumber: 3, minutesAgo: 50, clientCount: 2, lines: [{ sku: 'BURGER', quantity: 2 }, { sku: 'COLA', quantity: 2 }] },
			{ tableNumber: 5, minutesAgo: 40, clientCount: 2, lines: [{ sku: 'BURGER', quantity: 1 }, { sku: 'FRIES', quantity: 1 }, { sku: 'WATER', quantity: 1 }] },
			{ tableNumber: 5, minutesAgo: 30, clientCount: 1, lines: [{ sku: 'TIRAMISU', quantity: 2 }, { sku: 'COLA', quantity: 1 }] },
			{ tableNumber: 7, minutesAgo: 20, clientCount: 3, lines: [{ sku: 'FRIES', quantity: 2 }, { sku: 'COLA', quantity: 1 }, { sku: 'BURGER', quantity: 1 }] },
		],
		checkStaffId: 44,
	};
}

module.exports = {
	seed, BUSINESS_ID, CENTRE, HARBOUR, LISBON_BUSINESS_ID, ALFAMA, LONDON_BUSINESS_ID, SOHO, CAMDEN,
	OAUTH_CLIENT, OAUTH_CLIENTS,
};

'use strict';
// The demo restaurant, exactly as docs/contracts.md ("The sandbox") describes it. Ids are
// fixed so tests, templates and people can rely on them after every start and reset.

const BUSINESS_ID = 454335871;
const CENTRE = 45454565682155;
const HARBOUR = 45454565682156;

const OAUTH_CLIENT = { clientId: 'sandbox-client', clientSecret: 'sandbox-secret' };

function tables(floorplanId, from, to, clientCount) {
	const list = [];
	for (let n = from; n <= to; n++) {
		list.push({
			number: n,
			id: `${floorplanId}${String(n).padStart(2, '0')}`,
			reference: `TBL-${floorplanId % 100000}-${n}`,
			active: true,
			description: `Table ${n}`,
			defaultClientCount: clientCount,
		});
	}
	return list;
}

function seed() {
	return {
		business: { id: BUSINESS_ID, name: 'Qodeup Demo Bistro', currencyCode: 'EUR' },
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
			{ staffId: 44, username: 'Manager', firstName: 'Manager', lastName: '', active: true },
		],
		// Prices are tax included; one VAT rate (10 %, French on-site dining) for every item.
		skus: [
			{ sku: 'BURGER', name: 'Burger', price: '14.50', taxRateBp: 1000 },
			{ sku: 'FRIES', name: 'Fries', price: '4.20', taxRateBp: 1000 },
			{ sku: 'COLA', name: 'Cola', price: '3.10', taxRateBp: 1000 },
			{ sku: 'TIRAMISU', name: 'Tiramisu', price: '6.80', taxRateBp: 1000 },
			{ sku: 'WATER', name: 'Water', price: '2.50', taxRateBp: 1000 },
		],
		// Open at start, at Centre, oldest first (table 5 has two checks: A70001.2 is older).
		openChecks: [
			{ tableNumber: 3, minutesAgo: 50, clientCount: 2, lines: [{ sku: 'BURGER', quantity: 2 }, { sku: 'COLA', quantity: 2 }] },
			{ tableNumber: 5, minutesAgo: 40, clientCount: 2, lines: [{ sku: 'BURGER', quantity: 1 }, { sku: 'FRIES', quantity: 1 }, { sku: 'WATER', quantity: 1 }] },
			{ tableNumber: 5, minutesAgo: 30, clientCount: 1, lines: [{ sku: 'TIRAMISU', quantity: 2 }, { sku: 'COLA', quantity: 1 }] },
			{ tableNumber: 7, minutesAgo: 20, clientCount: 3, lines: [{ sku: 'FRIES', quantity: 2 }, { sku: 'COLA', quantity: 1 }, { sku: 'BURGER', quantity: 1 }] },
		],
		checkStaffId: 44,
	};
}

module.exports = { seed, BUSINESS_ID, CENTRE, HARBOUR, OAUTH_CLIENT };

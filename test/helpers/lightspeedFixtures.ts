/** Sample Lightspeed K-Series payloads (shapes from the official examples, API doc §6). */

export const LOCATION_ID = 45454565682155;
export const BUSINESS_ID = 454335871;

export const businesses = [
	{
		id: BUSINESS_ID,
		name: 'Qodeup Demo Bistro',
		businessLocations: [
			{ id: LOCATION_ID, name: 'Centre' },
			{ id: 45454565682156, name: 'Harbour' },
		],
	},
];

export const floorplans = [
	{
		id: 141948669132976,
		name: 'Main room',
		tables: [
			{ number: 1, reference: 'ref-1', id: '141948669132977', active: true, description: 'Table 1', defaultClientCount: 4 },
			{ number: 3, reference: 'ref-3', id: '141948669132979', active: true, description: 'Table 3', defaultClientCount: 2 },
		],
	},
	{
		id: 141948669132990,
		name: 'Terrace',
		tables: [{ number: 9, reference: 'ref-9', id: '141948669132991', active: true, description: 'Table 9', defaultClientCount: 2 }],
	},
];

export interface SnapshotOptions {
	checkId?: string;
	tableNumber?: number;
	currentAmount?: string | number;
	paidAmount?: string | number;
	payments?: Array<{ reference: string; amount: string | number; code?: string }>;
	closeDate?: string | null;
}

/** An account snapshot as GET /o/op/1/order/... returns it (amounts as strings by default). */
export function snapshot(options: SnapshotOptions = {}): Record<string, unknown> {
	return {
		clientCount: 2,
		uuid: '1e34b01a-1db3-483e-a703-ddcb5c28effb',
		openDate: '2023-04-17T19:37:35.498+0000',
		closeDate: options.closeDate ?? null,
		paidAmount: options.paidAmount ?? '0.00',
		serviceCharge: '0.00',
		name: `Main room, Table ${options.tableNumber ?? 1}`,
		currentAmount: options.currentAmount ?? '8.05',
		staffName: 'Manager',
		staffId: 14670,
		salesEntries: [
			{
				id: 1122107450720542,
				itemName: 'Bagel',
				itemSku: 'FT1',
				unitAmount: '5.00',
				quantity: 1.0,
				modifiers: [],
				amountWithTax: '5.75',
				amountLessTax: '5.00',
				discountedAmount: '0.00',
				grossUnitAmount: '5.00',
				timeOfTransactionUtc: '2023-04-17T19:37:42.125+0000',
				active: true,
				subLineItems: [
					{ id: 1122107450720543, itemName: 'Cream Cheese', itemSku: '29', unitAmount: '2.00', quantity: 1.0, amountWithTax: '2.30', active: true, subLineItems: [], taxIncluded: true },
				],
				taxIncluded: true,
			},
		],
		paymentEntries: (options.payments ?? []).map((payment) => ({
			paymentMethodDescription: 'Qodeup card',
			paymentMethodCode: payment.code ?? 'QDCARD',
			externalReference: payment.reference,
			amountPaid: payment.amount,
			paymentDate: '2023-04-17T19:40:00.000+0000',
			active: true,
		})),
		ikaccountId: options.checkId ?? 'A65315.21',
		tableNumber: options.tableNumber ?? 1,
		posId: 65315,
	};
}

export const paymentMethods = {
	_embedded: {
		paymentMethodList: [
			{ name: 'Qodeup card', code: 'QDCARD', accountingReference: 'qodeup-card', pmId: 11 },
			{ name: 'Qodeup voucher', code: 'QDVOUCHER', accountingReference: 'qodeup-voucher', pmId: 12 },
			{ name: 'Cash', code: 'CASH', accountingReference: 'cash-payment', pmId: 13 },
		],
	},
	_links: { self: { href: 'https:///api.ikentoo.com/finance/1234567/paymentMethodss' } },
};

export function staffPage(staff: Array<{ staffId: number; active: boolean; firstName?: string }>, page = 1, totalPages = 1) {
	return {
		data: {
			staff: staff.map((member) => ({
				staffId: member.staffId,
				username: `user${member.staffId}`,
				userTypes: ['POS'],
				firstName: member.firstName ?? `Staff${member.staffId}`,
				lastName: 'Test',
				active: member.active,
				businessLocationId: LOCATION_ID,
			})),
		},
		links: {},
		page: { page, size: 100, totalElements: staff.length, totalPages },
	};
}

export const readinessReady = {
	status: 'READY',
	lastUpdatedAt: '2025-12-11T07:27:47.407Z',
	onlineOrderingApiConfiguration: { enabled: true, orderProfileId: 123456, staffId: 42 },
	posStatus: { salesPeriod: 'OPENED', acceptingOnlineOrders: true, availableDevices: true },
};

/** Spring Boot error body (API doc §9). */
export function springError(status: number, error: string, message: string, path: string) {
	return { timestamp: '2023-11-07T22:18:49.101+0000', status, error, message, path };
}

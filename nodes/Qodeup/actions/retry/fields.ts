import type { INodeProperties } from 'n8n-workflow';

/** The ledger a retry link belongs to. */
export const kindField: INodeProperties = {
	displayName: 'Ledger',
	name: 'kind',
	type: 'options',
	noDataExpression: true,
	default: 'payment',
	options: [
		{ name: 'Payments', value: 'payment' },
		{ name: 'Orders', value: 'order' },
	],
};

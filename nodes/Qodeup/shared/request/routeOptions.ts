import type { INodePropertyOptions } from 'n8n-workflow';

/** The routes as a parameter's options (the Qodeup Trigger and "Check Request" share them). */
export const routeOptions: INodePropertyOptions[] = [
	{ name: 'Order', value: 'orders', description: 'POST qodeup/{integrationId}/orders: an eat-in or to-go order' },
	{
		name: 'Order Status',
		value: 'orderStatus',
		description: 'GET qodeup/{integrationId}/orders/{orderId}: what happened to an order',
	},
	{ name: 'Payment', value: 'payments', description: 'POST qodeup/{integrationId}/payments: a payment to put on a check' },
	{
		name: 'Payment Status',
		value: 'paymentStatus',
		description: 'GET qodeup/{integrationId}/payments/{paymentId}: what happened to a payment',
	},
	{
		name: 'Table',
		value: 'table',
		description: 'GET qodeup/{integrationId}/tables/{tableNumber}: one table with all its open checks and remaining amounts',
	},
	{ name: 'Table List', value: 'tables', description: 'GET qodeup/{integrationId}/tables: every table with its open checks' },
];

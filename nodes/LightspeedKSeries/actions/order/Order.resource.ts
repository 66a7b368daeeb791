import type { INodeProperties } from 'n8n-workflow';

import * as createEatIn from './createEatIn.operation';
import * as createToGo from './createToGo.operation';
import * as recover from './recover.operation';
import * as send from './send.operation';

export { createEatIn, createToGo, recover, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create Eat-In',
				value: 'createEatIn',
				description: 'Send a table order: a new check on a table, or items added to an open check',
				action: 'Create an eat in order',
			},
			{
				name: 'Create To-Go',
				value: 'createToGo',
				description: 'Send a takeaway order',
				action: 'Create a to go order',
			},
			{
				name: 'Recover',
				value: 'recover',
				description: 'Send the orders a stopped execution left claimed, and settle sent orders whose outcome never came',
				action: 'Recover stuck orders',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send a claimed order of the order ledger (eat-in or to-go, as recorded)',
				action: 'Send a ledger order',
			},
		],
		default: 'createEatIn',
	},
	...createEatIn.description,
	...createToGo.description,
	...send.description,
	...recover.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as createEatIn from './createEatIn.operation';
import * as createToGo from './createToGo.operation';

export { createEatIn, createToGo };

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
		],
		default: 'createEatIn',
	},
	...createEatIn.description,
	...createToGo.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as apply from './apply.operation';
import * as getStatus from './getStatus.operation';

export { apply, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Apply',
				value: 'apply',
				description:
					'Apply a payment to an open check, after re-reading it and checking the amount; a reused reference is looked up, never sent twice',
				action: 'Apply a payment to a check',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: "Look for the payment's reference among the check's payment lines",
				action: 'Get the status of a payment',
			},
		],
		default: 'apply',
	},
	...apply.description,
	...getStatus.description,
];

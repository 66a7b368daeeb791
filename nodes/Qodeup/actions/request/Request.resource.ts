import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';

export { check };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		default: 'check',
		options: [
			{
				name: 'Check',
				value: 'check',
				description: "Verify a Qodeup request's signature and body, received by a Webhook node",
				action: 'Check a qodeup request',
			},
		],
	},
	...check.description,
];

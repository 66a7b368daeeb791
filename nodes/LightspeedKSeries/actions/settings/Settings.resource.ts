import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';

export { check };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['settings'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				description:
					"Check the restaurant's settings against Lightspeed and output them as the restaurant's row (with its time zone and currency)",
				action: 'Check the restaurant settings',
			},
		],
		default: 'check',
	},
	...check.description,
];

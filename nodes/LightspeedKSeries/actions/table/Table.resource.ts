import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['table'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List tables with their open checks and remaining amounts merged in',
				action: 'Get many tables with open checks',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];

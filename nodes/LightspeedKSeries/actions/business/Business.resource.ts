import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['business'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the businesses and their locations this connection can see',
				action: 'Get many businesses',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];

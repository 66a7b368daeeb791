import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['floorplan'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the floor plans of a location with their tables',
				action: 'Get many floor plans',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];

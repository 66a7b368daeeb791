import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['staff'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List POS staff with their active flag (needs the staff scope)',
				action: 'Get many staff members',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];

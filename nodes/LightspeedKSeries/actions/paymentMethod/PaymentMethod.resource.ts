import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentMethod'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the payment methods configured in Back Office ({name, code, pmId})',
				action: 'Get many payment methods',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];

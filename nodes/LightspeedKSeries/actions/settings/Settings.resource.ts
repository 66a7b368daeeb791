import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['settings'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Output the merchant settings (location, payment methods, notification emails, staff), validated, as one item',
				action: 'Get the merchant settings',
			},
		],
		default: 'get',
	},
	...get.description,
];

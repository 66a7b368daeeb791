import type { INodeProperties } from 'n8n-workflow';

import * as diagnose from './diagnose.operation';
import * as getReadiness from './getReadiness.operation';

export { diagnose, getReadiness };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['location'] } },
		options: [
			{
				name: 'Diagnose',
				value: 'diagnose',
				description:
					'Check everything a payment needs: connection, payment API, payment methods, staff, webhook, register',
				action: 'Diagnose a location',
			},
			{
				name: 'Get Readiness',
				value: 'getReadiness',
				description: 'Get the online-ordering readiness of the location (payment API, register, sales period)',
				action: 'Get the readiness of a location',
			},
		],
		default: 'diagnose',
	},
	...getReadiness.description,
	...diagnose.description,
];

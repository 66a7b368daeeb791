import type { INodeProperties } from 'n8n-workflow';

import * as checkConnection from './checkConnection.operation';
import * as diagnose from './diagnose.operation';
import * as getReadiness from './getReadiness.operation';

export { checkConnection, diagnose, getReadiness };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['location'] } },
		options: [
			{
				name: 'Check Connection',
				value: 'checkConnection',
				description: 'Whether the Lightspeed connection works or was refused (then press Connect)',
				action: 'Check the connection',
			},
			{
				name: 'Diagnose',
				value: 'diagnose',
				description:
					'Check everything a payment needs: connection, floor plan, payment API, payment methods, staff, webhook endpoint and its location, register',
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
	...checkConnection.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';
import * as recall from './recall.operation';
import * as remember from './remember.operation';

export { check, recall, remember };

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
			{
				name: 'Recall',
				value: 'recall',
				description: "Route the items by whether this n8n process knows the restaurant's settings (read or saved in the last 30 seconds)",
				action: 'Recall the restaurant settings',
			},
			{
				name: 'Remember',
				value: 'remember',
				description: "Keep the restaurant's row, just read from the restaurants Data table, for Recall and for Apply's settings from memory",
				action: 'Remember the restaurant settings',
			},
		],
		default: 'check',
	},
	...check.description,
	...recall.description,
	...remember.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callback'] } },
		default: 'send',
		options: [
			{
				name: 'Send',
				value: 'send',
				description: "POST a signed event to the Qodeup credential's Callback URL",
				action: 'Send a callback',
			},
		],
	},
	...send.description,
];

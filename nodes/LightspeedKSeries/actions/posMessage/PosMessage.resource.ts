import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['posMessage'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Show a message on the register, optionally printed',
				action: 'Send a message to the register',
			},
		],
		default: 'send',
	},
	...send.description,
];

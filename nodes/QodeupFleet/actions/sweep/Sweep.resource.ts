import type { INodeProperties } from 'n8n-workflow';

import * as plan from './plan.operation';
import * as record from './record.operation';

export { plan, record };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sweep'] } },
		default: 'plan',
		options: [
			{
				name: 'Plan',
				value: 'plan',
				description: 'Decide which restaurants need recovery and which emails to send',
				action: 'Plan the sweep',
			},
			{
				name: 'Record',
				value: 'record',
				description: 'Turn what was done (an email sent) into the rows to write, one output per Data table',
				action: 'Record what the sweep did',
			},
		],
	},
	...plan.description,
	...record.description,
];

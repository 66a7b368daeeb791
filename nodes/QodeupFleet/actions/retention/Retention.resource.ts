import type { INodeProperties } from 'n8n-workflow';

import * as days from './days.operation';
import * as plan from './plan.operation';

export { days, plan };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['retention'] } },
		default: 'plan',
		options: [
			{
				name: 'Plan',
				value: 'plan',
				description: "Each restaurant's retention cutoff, and how full the Data tables are",
				action: 'Plan the retention',
			},
			{
				name: 'Days',
				value: 'days',
				description: 'The days whose rows can all go: their totals to keep and their bounds to delete',
				action: 'Plan the days to prune',
			},
		],
	},
	...plan.description,
	...days.description,
];

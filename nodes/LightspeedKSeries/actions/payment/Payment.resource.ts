import type { INodeProperties } from 'n8n-workflow';

import * as apply from './apply.operation';
import * as getStatus from './getStatus.operation';
import * as recover from './recover.operation';

export { apply, getStatus, recover };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Apply',
				value: 'apply',
				description:
					'Send a claimed ledger payment to its check, after re-reading it and counting the payments ahead of it; a reused reference is looked up, never sent twice',
				action: 'Apply a payment to a check',
			},
			{
				name: 'Recover',
				value: 'recover',
				description:
					'Send the payments a stopped execution left claimed, and settle sent payments whose outcome never came by reading the check',
				action: 'Recover stuck payments',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: "Look for the payment's reference among the check's payment lines",
				action: 'Get the status of a payment',
			},
		],
		default: 'apply',
	},
	...apply.description,
	...getStatus.description,
	...recover.description,
];

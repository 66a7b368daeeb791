import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getByTable from './getByTable.operation';
import * as getManyOpen from './getManyOpen.operation';

export { get, getByTable, getManyOpen };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['check'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one check by its account ID',
				action: 'Get a check',
			},
			{
				name: 'Get by Table',
				value: 'getByTable',
				description: 'Get every open check on a table',
				action: 'Get the checks of a table',
			},
			{
				name: 'Get Many Open',
				value: 'getManyOpen',
				description: 'Get every open check of the location',
				action: 'Get many open checks',
			},
		],
		default: 'getByTable',
	},
	...getManyOpen.description,
	...getByTable.description,
	...get.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as page from './page.operation';
import * as prepare from './prepare.operation';

export { page, prepare };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['retry'] } },
		default: 'page',
		options: [
			{
				name: 'Page',
				value: 'page',
				description: 'The HTML page behind a retry link: what a retry would do and a "Retry now" button, or what happened',
				action: 'Render a retry page',
			},
			{
				name: 'Prepare',
				value: 'prepare',
				description: 'After "Retry now" was pressed: the next attempt to claim, or the page to show when there is nothing to retry',
				action: 'Prepare a retry',
			},
		],
	},
	...page.description,
	...prepare.description,
];

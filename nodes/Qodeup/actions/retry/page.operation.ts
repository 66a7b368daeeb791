import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { renderRetryPage } from '../../../shared/notices/retryPage';
import { kindField } from './fields';

/**
 * Retry → Page: the HTML page behind a retry link, as an answer item for Respond to Qodeup.
 * "Show" (GET/HEAD) says what a retry would do and offers the "Retry now" button; it changes
 * nothing. "Outcome" (after the POST) says what the retry did. The input item is the ledger row
 * the link's token names (an empty item when no row has it).
 */

const properties: INodeProperties[] = [
	kindField,
	{
		displayName: 'Show',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'auto',
		options: [
			{
				name: 'As the Item Says',
				value: 'auto',
				description: 'What a retry would do for an item from Retry → Prepare "Show Page", else what the retry did',
			},
			{ name: 'What a Retry Would Do', value: 'show', description: 'For GET and HEAD: changes nothing' },
			{ name: 'What the Retry Did', value: 'acted', description: 'After "Retry now" was pressed' },
		],
	},
	{ displayName: 'Restaurant Name', name: 'restaurantName', type: 'string', default: '' },
	{
		displayName: 'Time Zone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'Europe/Lisbon',
		description: "The location's time zone; empty = n8n's own (the page then says so)",
	},
	{ displayName: 'Currency', name: 'currency', type: 'string', default: 'EUR' },
];

export const description = updateDisplayOptions({ show: { resource: ['retry'], operation: ['page'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const item = this.getInputData()[itemIndex].json as LedgerRow;
	const { linkAction, ...columns } = item;
	const [row] = realRows([columns as LedgerRow]);
	const param = (name: string) => String(this.getNodeParameter(name, itemIndex, '') ?? '');
	const mode = param('mode') === 'auto' ? (linkAction === 'show' ? 'show' : 'acted') : param('mode');
	const page = renderRetryPage({
		kind: param('kind') === 'order' ? 'order' : 'payment',
		row,
		token: text(row, 'retryToken'),
		mode: mode === 'acted' ? 'acted' : 'show',
		restaurantName: param('restaurantName'),
		timezone: param('timezone'),
		instanceZone: this.getTimezone(),
		currency: param('currency'),
		now: Date.now(),
	});
	return {
		statusCode: page.statusCode,
		body: page.html,
		headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' },
		linkState: page.state,
	};
}

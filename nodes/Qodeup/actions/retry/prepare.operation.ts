import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ledgerColumns, realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { retryLinkState } from '../../../shared/notices/retryPage';
import { orderReference } from '../../../shared/orders';
import { buildPaymentReference } from '../../../shared/paymentReference';
import { kindField } from './fields';

/**
 * Retry → Prepare: the input item is the ledger row the link's token names (empty when none).
 * Only when "Retry now" was pressed (a POST of the page's form, which carries the token) and
 * the link can still act does "Retry" carry the columns that claim the next attempt — for a
 * Data table update (map automatically) that only matches the row while its token is unused and
 * it is still failed, so a second press finds nothing. Everything else — opening the link (GET,
 * HEAD: a mail scanner, a preview), or a link unknown, expired or used — goes to "Show Page".
 */

export const OUTPUTS = ['Retry', 'Show Page'];

export const description = updateDisplayOptions({ show: { resource: ['retry'], operation: ['prepare'] } }, [
	{ ...kindField, description: 'Which ledger the row comes from' } as INodeProperties,
	{
		displayName: 'Request',
		name: 'request',
		type: 'json',
		default: '{}',
		description: 'The Webhook item of the link (a POST from the page carries the token in its body)',
	},
]);

/** A press of "Retry now": the page's form posts the token back. */
export function isRetryPress(request: unknown, token: string): boolean {
	const body = request && typeof request === 'object' ? (request as { body?: unknown }).body : undefined;
	const posted = body && typeof body === 'object' ? (body as { t?: unknown }).t : undefined;
	return typeof posted === 'string' && posted !== '' && posted === token;
}

export function nextAttemptColumns(kind: 'payment' | 'order', row: LedgerRow, now: number): IDataObject {
	const attempt = (Number(row.attempt) || 1) + 1;
	const common = {
		integrationId: text(row, 'integrationId'),
		retryToken: text(row, 'retryToken'),
		status: 'received',
		attempt,
		retryUsedAtMs: now,
		errorCode: '',
		errorText: '',
		emailStatus: '',
	};
	if (kind === 'order') {
		const orderId = text(row, 'orderId');
		return ledgerColumns('orders', { ...common, orderId, reference: orderReference(orderId, attempt, common.integrationId || undefined) });
	}
	const paymentId = text(row, 'paymentId');
	return ledgerColumns('payments', { ...common, paymentId, remaining: '', reference: buildPaymentReference(paymentId, attempt, common.integrationId || undefined) });
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const kind = this.getNodeParameter('kind', 0) as 'payment' | 'order';
	const items = this.getInputData();
	const retry: INodeExecutionData[] = [];
	const nothing: INodeExecutionData[] = [];
	const now = Date.now();
	items.forEach((item, index) => {
		const [row] = realRows([item.json as LedgerRow]);
		let request = this.getNodeParameter('request', index, {}) as unknown;
		if (typeof request === 'string') request = request.trim() ? (JSON.parse(request) as unknown) : {};
		const pressed = row !== undefined && isRetryPress(request, text(row, 'retryToken'));
		if (row && pressed && retryLinkState(row, now) === 'ready') retry.push({ json: nextAttemptColumns(kind, row, now), pairedItem: { item: index } });
		// the page shows what a retry would do (it did nothing)
		else nothing.push({ json: { ...item.json, linkAction: 'show' }, pairedItem: { item: index } });
	});
	return [retry, nothing];
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ledgerColumns, realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { retryLinkState } from '../../../shared/notices/retryPage';
import { orderReference } from '../../../shared/orders';
import { buildPaymentReference } from '../../../shared/paymentReference';
import { kindField } from './fields';

/**
 * Retry → Prepare: "Retry now" was pressed (the POST from the retry page). The input item is the
 * ledger row the link's token names. When the link can still act, "Retry" carries the columns
 * that claim the next attempt — a Data table update (map automatically) that only matches the
 * row while its token is unused and it is still failed, so a second press finds nothing. When
 * it cannot (unknown, expired, used, nothing failed), "Nothing to Retry" passes the row on to
 * the page that says so.
 */

export const OUTPUTS = ['Retry', 'Nothing to Retry'];

export const description = updateDisplayOptions({ show: { resource: ['retry'], operation: ['prepare'] } }, [
	{ ...kindField, description: 'Which ledger the row comes from' } as INodeProperties,
]);

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
		return ledgerColumns('orders', { ...common, orderId, reference: orderReference(orderId, attempt) });
	}
	const paymentId = text(row, 'paymentId');
	return ledgerColumns('payments', { ...common, paymentId, remaining: '', reference: buildPaymentReference(paymentId, attempt) });
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const kind = this.getNodeParameter('kind', 0) as 'payment' | 'order';
	const items = this.getInputData();
	const retry: INodeExecutionData[] = [];
	const nothing: INodeExecutionData[] = [];
	const now = Date.now();
	items.forEach((item, index) => {
		const [row] = realRows([item.json as LedgerRow]);
		if (row && retryLinkState(row, now) === 'ready') retry.push({ json: nextAttemptColumns(kind, row, now), pairedItem: { item: index } });
		else nothing.push({ json: item.json, pairedItem: { item: index } });
	});
	return [retry, nothing];
}

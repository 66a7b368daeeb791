import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { planDays } from '../../../shared/fleet/retention';
import { realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { prunedSoFar } from './plan.operation';

/**
 * Retention → Days. Input: the rows of one ledger created before each restaurant's cutoff.
 * Outputs: "Totals" (rows of the totals table, keyed by day|restaurant|ledger|status, plus the
 * ledger's running count of pruned rows) and "Days to Delete" ({integrationId, from, to} per
 * day). A day with a row still on its way is kept until the next run.
 */

export const OUTPUTS = ['Totals', 'Days to Delete'];

export const description = updateDisplayOptions({ show: { resource: ['retention'], operation: ['days'] } }, [
	{
		displayName: 'Ledger',
		name: 'ledger',
		type: 'options',
		noDataExpression: true,
		default: 'payments',
		options: [
			{ name: 'Payments', value: 'payments' },
			{ name: 'Orders', value: 'orders' },
		],
	},
	{
		displayName: 'Counters',
		name: 'counters',
		type: 'json',
		default: '[]',
		description: 'The counter rows of the totals table (to add the pruned rows to)',
	},
]);

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const ledger = this.getNodeParameter('ledger', 0) as 'payments' | 'orders';
	const rows = realRows(this.getInputData().map((item) => item.json as LedgerRow));
	let counters = this.getNodeParameter('counters', 0, []) as unknown;
	if (typeof counters === 'string') counters = JSON.parse(counters || '[]') as unknown;
	const byRestaurant = new Map<string, LedgerRow[]>();
	for (const row of rows) byRestaurant.set(text(row, 'integrationId'), [...(byRestaurant.get(text(row, 'integrationId')) ?? []), row]);
	const totals: INodeExecutionData[] = [];
	const days: INodeExecutionData[] = [];
	let pruned = 0;
	for (const restaurantRows of byRestaurant.values()) {
		const plan = planDays(ledger, restaurantRows);
		totals.push(...plan.totals.map((json) => ({ json })));
		days.push(...plan.days.map((day) => ({ json: { ...day } as IDataObject })));
		pruned += plan.days.reduce((sum, day) => sum + day.rows, 0);
	}
	if (pruned > 0) {
		const before = prunedSoFar(realRows((Array.isArray(counters) ? counters : []) as LedgerRow[]), ledger);
		totals.push({ json: { key: `*|*|${ledger}|pruned`, day: '*', integrationId: '*', kind: ledger, status: 'pruned', count: before + pruned, amount: '' } });
	}
	return [totals, days];
}

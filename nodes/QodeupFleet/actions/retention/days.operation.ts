import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { planDays, prunedSoFar, pruneTargets } from '../../../shared/fleet/retention';
import { millis, realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { retentionFields } from './fields';

/**
 * Retention → Days. Inputs: rows of one ledger created before the latest cutoff, the
 * restaurants (each one's own cutoff), and the counter rows of the totals table. Outputs:
 * "Totals" (rows of the totals table, keyed by day|restaurant|ledger|status, plus the ledger's
 * running count of pruned rows) and "Days to Delete" ({integrationId, from, to} per day). A day
 * with a row still on its way is kept until a later run.
 */

export const INPUTS = ['Rows', 'Restaurants', 'Counters'];
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
	...retentionFields,
]);

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const ledger = this.getNodeParameter('ledger', 0) as 'payments' | 'orders';
	const rows = (input: number) => realRows(this.getInputData(input).map((item) => item.json as LedgerRow));
	const cutoffs = new Map(
		pruneTargets(rows(1), Number(this.getNodeParameter('retentionDays', 0, 90)) || 90, Date.now()).map((target) => [target.integrationId, target.cutoffMs]),
	);
	const byRestaurant = new Map<string, LedgerRow[]>();
	for (const row of rows(0)) {
		const id = text(row, 'integrationId');
		const cutoff = cutoffs.get(id);
		if (cutoff === undefined || millis(row, 'createdAt') >= cutoff) continue;
		byRestaurant.set(id, [...(byRestaurant.get(id) ?? []), row]);
	}
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
		const before = prunedSoFar(rows(2), ledger);
		totals.push({ json: { key: `*|*|${ledger}|pruned`, day: '*', integrationId: '*', kind: ledger, status: 'pruned', count: before + pruned, amount: '' } });
	}
	return [totals, days];
}

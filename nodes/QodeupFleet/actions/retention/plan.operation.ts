import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { estimateStorage, prunedSoFar, pruneTargets, storageWarning } from '../../../shared/fleet/retention';
import { realRows } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { retentionFields } from './fields';

/**
 * Retention → Plan. Inputs: the restaurants, the newest payment row, the newest order row and
 * the counter rows of the totals table. Outputs: for payments and for orders, the latest cutoff
 * of all restaurants (rows created before it may be old enough; "Days" decides per restaurant),
 * and at most one storage warning a day, at or above the warning level.
 */

export const INPUTS = ['Restaurants', 'Newest Payment', 'Newest Order', 'Counters'];
export const OUTPUTS = ['Payments Cutoff', 'Orders Cutoff', 'Storage Warning'];

export const description = updateDisplayOptions({ show: { resource: ['retention'], operation: ['plan'] } }, [
	...retentionFields,
	{
		displayName: 'Size Limit (Bytes)',
		name: 'limitBytes',
		type: 'number',
		default: 209715200,
		description: 'N8N_DATA_TABLES_MAX_SIZE_BYTES of this n8n (200 MiB unless set)',
	},
	{ displayName: 'Warn At (%)', name: 'warnPercent', type: 'number', default: 80 },
	{ displayName: 'Bytes per Payment Row', name: 'paymentRowBytes', type: 'number', default: 700, description: 'Measured, see the README' },
	{ displayName: 'Bytes per Order Row', name: 'orderRowBytes', type: 'number', default: 1000, description: 'Measured, see the README' },
	{ displayName: 'Operator Emails', name: 'operatorEmails', type: 'string', default: '', description: 'Who gets the storage warning (comma-separated)' },
	{ displayName: 'Fleet Name', name: 'fleetName', type: 'string', default: 'Qodeup × Lightspeed' },
]);

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const rows = (input: number) => realRows(this.getInputData(input).map((item) => item.json as LedgerRow));
	const param = (name: string, fallback: number) => Number(this.getNodeParameter(name, 0, fallback)) || fallback;
	const now = Date.now();
	const targets = pruneTargets(rows(0), param('retentionDays', 90), now);
	const latest = targets.reduce((max, target) => Math.max(max, target.cutoffMs), 0);
	const cutoff: INodeExecutionData[] = latest ? [{ json: { cutoff: new Date(latest).toISOString() } }] : [];
	const counters = rows(3);
	const limit = param('limitBytes', 209715200);
	const estimate = estimateStorage(
		{ payments: rows(1)[0], orders: rows(2)[0] },
		{ payments: prunedSoFar(counters, 'payments'), orders: prunedSoFar(counters, 'orders') },
		{ payments: param('paymentRowBytes', 700), orders: param('orderRowBytes', 1000) },
		limit,
	);
	const warnings: INodeExecutionData[] = [];
	const email = storageWarning(
		estimate,
		limit,
		param('warnPercent', 80),
		String(this.getNodeParameter('operatorEmails', 0, '') ?? ''),
		String(this.getNodeParameter('fleetName', 0, '') ?? ''),
	);
	// at most once a day: remembered in this workflow's static data (saved after the run)
	const memory = this.getWorkflowStaticData('global') as IDataObject;
	if (email && now - (Number(memory.storageWarnedAtMs) || 0) >= 86_400_000) {
		memory.storageWarnedAtMs = now;
		warnings.push({ json: { ...email, estimate: estimate as unknown as IDataObject } });
	}
	return [cutoff, cutoff.map((item) => ({ json: { ...item.json } })), warnings];
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Mark } from '../../../shared/fleet/sweep';
import { ledgerColumns } from '../../../shared/ledgers';

/**
 * Sweep → Record: after "Send Email" (or straight from the plan's "Marks"), the writes each item
 * stands for, one output per Data table, as columns a Data table update writes in "map
 * automatically" mode, with the id of the row to update (payments, orders). Only what was really sent gets written: an email that failed is not
 * recorded, so the next sweep sends it again.
 */

export const OUTPUTS = ['Payments', 'Orders', 'Restaurants'];

export const description = updateDisplayOptions({ show: { resource: ['sweep'], operation: ['record'] } }, [
	{
		displayName: 'Marks',
		name: 'marks',
		type: 'json',
		default: '={{ $json.marks }}',
		description: "The writes of each item (the plan's marks); after Send Email, read them from the plan's item",
	},
]);

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const outputs: INodeExecutionData[][] = [[], [], []];
	const table = { payments: 0, orders: 1, restaurants: 2 } as const;
	const items = this.getInputData();
	for (let index = 0; index < items.length; index++) {
		let marks = this.getNodeParameter('marks', index, []) as unknown;
		if (typeof marks === 'string') marks = JSON.parse(marks) as unknown;
		for (const mark of (Array.isArray(marks) ? marks : []) as Mark[]) {
			const output = table[mark.table];
			if (output === undefined) continue;
			const columns = mark.columns as IDataObject;
			// the row id names the row to update; n8n never writes it (a system column)
			const json = { ...(columns.id !== undefined ? { id: columns.id } : {}), ...ledgerColumns(mark.table, columns) };
			outputs[output].push({ json, pairedItem: { item: index } });
		}
	}
	return outputs;
}

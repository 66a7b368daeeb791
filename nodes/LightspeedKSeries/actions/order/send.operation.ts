import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ledgerColumns, realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { sendClaimedOrder } from '../../helpers/ledgerOrder';
import { orderSetupFields, readOrderSetup } from './ledgerFields';

/**
 * Order → Send: sends each claimed order of the ledger (input: its row, status received) as
 * Lightspeed's eat-in or to-go order, rebuilt from the recorded request. "Sent or Settled":
 * sent (the outcome comes by notification) or failed (nothing to send until the restaurant
 * fixes something): answer, then record. "Outcome Unknown": Lightspeed could not be reached;
 * the row stays claimed and recovery sends it under the same reference.
 */

export const OUTPUTS = ['Sent or Settled', 'Outcome Unknown'];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['send'] } }, [
	{
		displayName: 'Input items are claimed rows of the order ledger',
		name: 'inputNotice',
		type: 'notice',
		default: '',
	},
	...orderSetupFields,
] as INodeProperties[]);

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const setup = readOrderSetup(this);
	const outputs: INodeExecutionData[][] = [[], []];
	const items = this.getInputData();
	for (let index = 0; index < items.length; index++) {
		const [row] = realRows([items[index].json as LedgerRow]);
		if (!row || text(row, 'status') !== 'received') continue;
		const decision = await sendClaimedOrder.call(this, row, setup, Date.now());
		outputs[decision.outcome === 'unknown' ? 1 : 0].push({ json: ledgerColumns('orders', decision.columns), pairedItem: { item: index } });
	}
	return outputs;
}

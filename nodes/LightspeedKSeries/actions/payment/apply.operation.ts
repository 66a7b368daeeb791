import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ledgerColumns, realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { sendClaimedPayment } from '../../helpers/ledgerPayment';
import { keptSettings } from '../../helpers/settingsMemory';
import { readPaymentSetup, readRestaurantRow, paymentSetupFields } from './setup';

/**
 * Payment → Apply: sends one claimed payment of the ledger to Lightspeed. The input items are
 * the restaurant's ledger rows still in flight (read before this node re-reads the check), the
 * payment's own claimed row among them; the amount check counts the others that are ahead of it
 * and not yet on the check. Three outputs, so the workflow only wires what happens next:
 * 0 "Sent or Settled" (sent, already on the check, or failed: answer first, then record),
 * 1 "Refused" (nothing sent: record first, so it stops counting for others, then answer),
 * 2 "Outcome Unknown" (Lightspeed unreachable: the row stays claimed for recovery; answer only).
 */

export const OUTPUTS = ['Sent or Settled', 'Refused', 'Outcome Unknown'];

const properties: INodeProperties[] = [
	{
		displayName:
			'Input items are the ledger rows still in flight (status received or sent) of this restaurant, including the payment to send',
		name: 'inputNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Qodeup payment ID of the claimed ledger row to send',
	},
	{
		displayName: 'Restaurant Settings From',
		name: 'settingsFrom',
		type: 'options',
		default: 'field',
		options: [
			{ name: 'Restaurant Settings Field', value: 'field', description: 'The row given in Restaurant Settings below' },
			{
				name: 'Memory',
				value: 'memory',
				description: "The row Settings → Recall found or Settings → Remember kept for the payment's restaurant in this n8n process",
			},
		],
	},
	...paymentSetupFields,
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['apply'] } }, properties);

/** The restaurant's row: the field's JSON, or the one this process keeps (Settings → Recall / Remember). */
function settingsOf(this: IExecuteFunctions, row: LedgerRow): IDataObject {
	if (this.getNodeParameter('settingsFrom', 0, 'field') !== 'memory') return readRestaurantRow(this);
	const integrationId = text(row, 'integrationId');
	const kept = keptSettings(integrationId);
	if (kept) return kept;
	throw new NodeOperationError(this.getNode(), `No settings of restaurant "${integrationId}" in this n8n process's memory`, {
		description: 'Put Lightspeed "Settings → Recall" before this node, its "To Read" output through a Data table read of the restaurant\'s row and "Settings → Remember".',
	});
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const rows = realRows(items.map((item) => item.json as LedgerRow));
	const paymentId = String(this.getNodeParameter('paymentId', 0, '')).trim();
	if (!paymentId) throw new NodeOperationError(this.getNode(), 'Payment ID is required');
	const row = rows.find((candidate) => text(candidate, 'paymentId') === paymentId && text(candidate, 'status') === 'received');
	if (!row) {
		throw new NodeOperationError(this.getNode(), `Payment ${paymentId} is not claimed in the ledger rows given to this node`, {
			description:
				'Connect this node after a Data table "get" of the restaurant\'s rows with status received or sent; the payment must have been claimed (status received) first.',
		});
	}
	const setup = readPaymentSetup(this, settingsOf.call(this, row));
	const decision = await sendClaimedPayment.call(this, { rows, row, setup, now: Date.now() });
	const index = items.findIndex((item) => item.json === row);
	const out: INodeExecutionData = { json: ledgerColumns('payments', decision.columns), pairedItem: { item: Math.max(index, 0) } };
	const outputs: INodeExecutionData[][] = [[], [], []];
	if (decision.outcome === 'refused') outputs[1].push(out);
	else if (decision.outcome === 'unknown') outputs[2].push(out);
	else outputs[0].push(out);
	return outputs;
}


import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ledgerColumns, millis, realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import type { FailureCode } from '../../../shared/failureReasons';
import { failed, sendClaimedOrder, settleSentOrder } from '../../helpers/ledgerOrder';
import { readPositiveInteger } from '../../helpers/params';
import { orderSetupFields, readOrderSetup } from './ledgerFields';
import { RECOVERY_BATCH, recoveryTurn } from '../../../shared/fleet/recoveryTurns';

/**
 * Order → Recover: orders left claimed by a stopped execution are sent (same reference); sent
 * orders without outcome after their delivery window are looked up (see settleSentOrder) and
 * settled, so none stays "sent" for ever. Outputs by the status the row had, for Data table
 * updates that only match a row still in that status.
 */

export const OUTPUTS = ['Was Claimed', 'Was Sent'];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['recover'] } }, [
	{
		displayName: "Input items are the restaurant's order ledger rows with status received or sent",
		name: 'inputNotice',
		type: 'notice',
		default: '',
	},
	...orderSetupFields,
	{
		displayName: 'Claimed For (Seconds)',
		name: 'claimedGraceSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 120,
		description: 'An order still claimed after this long was left by a stopped execution and is sent by recovery',
	},
	{
		displayName: 'Settle After (Seconds)',
		name: 'settleAfterSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 180,
		description: 'How long after sending an order without outcome it is looked up (its delivery window plus a margin)',
	},
	{
		displayName: 'Give Up After (Seconds)',
		name: 'giveUpSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 900,
		description: 'How long recovery keeps trying an order while Lightspeed cannot be reached; then it is failed with that cause',
	},
] as INodeProperties[]);

/** Lightspeed stayed unreachable for the whole give-up time: failed, with that cause. */
function gaveUp(columns: IDataObject, forMs: number, now: number): IDataObject {
	const minutes = Math.max(1, Math.round(forMs / 60000));
	const said = text(columns, 'errorText');
	const code = (text(columns, 'errorCode') || 'LIGHTSPEED_UNAVAILABLE') as FailureCode;
	return failed(columns, code, `Lightspeed could not be reached for ${minutes} minute${minutes === 1 ? '' : 's'}${said ? ` (${said})` : ''}.`, now).columns;
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// another recovery of this restaurant's orders is at work on the same rows: this one skips its turn
	return await recoveryTurn(this.getWorkflow().id ?? '', this.getNode().name, async () => await recoverOrders.call(this), [[], []]);
}

async function recoverOrders(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const setup = readOrderSetup(this);
	const seconds = (name: string, fallback: number) => readPositiveInteger(this, name, 0, fallback, { min: 1, max: 7 * 86400 }) * 1000;
	const grace = seconds('claimedGraceSeconds', 120);
	const settleAfter = seconds('settleAfterSeconds', 180);
	const giveUp = seconds('giveUpSeconds', 900);
	const now = Date.now();
	const outputs: INodeExecutionData[][] = [[], []];
	const items = this.getInputData();
	let worked = 0;
	for (let index = 0; index < items.length; index++) {
		const [row] = realRows([items[index].json as LedgerRow]);
		if (!row) continue;
		const pairedItem = { item: index };
		const status = text(row, 'status');
		const claimedFor = now - millis(row, 'updatedAt');
		const due = (status === 'received' && claimedFor >= grace) || (status === 'sent' && now - (millis(row, 'sentAtMs') || millis(row, 'updatedAt')) >= settleAfter);
		if (due && ++worked > RECOVERY_BATCH) break;
		if (status === 'received' && claimedFor >= grace) {
			const decision = await sendClaimedOrder.call(this, row, setup, now);
			// sending again under the same reference is safe: keep trying until the give-up time, then say why
			if (decision.outcome !== 'unknown') outputs[0].push({ json: ledgerColumns('orders', decision.columns), pairedItem });
			else if (claimedFor >= giveUp) outputs[0].push({ json: ledgerColumns('orders', gaveUp(decision.columns, claimedFor, now)), pairedItem });
		} else if (status === 'sent' && now - (millis(row, 'sentAtMs') || millis(row, 'updatedAt')) >= settleAfter) {
			const decision = await settleSentOrder.call(this, row, setup, now);
			if (decision.outcome !== 'unknown') outputs[1].push({ json: ledgerColumns('orders', decision.columns), pairedItem });
		}
	}
	return outputs;
}

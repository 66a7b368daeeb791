import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ledgerColumns, millis, realRows, text } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import type { FailureCode } from '../../../shared/failureReasons';
import { sendClaimedPayment, settleSentPayment, settledColumns } from '../../helpers/ledgerPayment';
import { readPositiveInteger } from '../../helpers/params';
import { paymentSetupFields, readPaymentSetup } from './setup';
import { RECOVERY_BATCH, recoveryTurn } from '../../../shared/fleet/recoveryTurns';

/**
 * Payment → Recover: what the sweeper does for a restaurant's payments that are stuck.
 * - Claimed (`received`) longer than the grace period: the execution that claimed it is gone
 *   (n8n stopped, crashed, or Lightspeed was unreachable). It is sent now, with its own
 *   reference, after the same checks as a first send: on the check → applied; Lightspeed already
 *   has the reference → sent. Lightspeed still unreachable after the give-up time → failed with
 *   that cause (emailed; a SUCCESS notification that still comes wins over it).
 * - Sent, and no outcome by the time the register's task has expired: the check decides —
 *   on it → applied, not on it → failed with the true cause.
 * Input items: the restaurant's ledger rows with status received or sent (all of them, so the
 * amount check counts the others). Two outputs, by the status the row had: record each with a
 * Data table update that only matches a row still in that status.
 */

export const OUTPUTS = ['Was Claimed', 'Was Sent'];

const timing: INodeProperties[] = [
	{
		displayName: 'Claimed For (Seconds)',
		name: 'claimedGraceSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 120,
		description:
			'A payment still claimed after this long was left by a stopped execution and is sent by recovery. Keep it above the workflow timeout of the payment workflow.',
	},
	{
		displayName: 'Settle After (Seconds)',
		name: 'settleAfterSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 180,
		description:
			"How long after sending a payment without outcome the check decides (the register's task time plus a margin)",
	},
	{
		displayName: 'Give Up After (Seconds)',
		name: 'giveUpSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 900,
		description: 'How long recovery keeps trying a payment while Lightspeed cannot be reached',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['recover'] } }, [
	{
		displayName: "Input items are the restaurant's ledger rows with status received or sent",
		name: 'inputNotice',
		type: 'notice',
		default: '',
	},
	...paymentSetupFields,
	...timing,
]);

/** Lightspeed stayed unreachable (5xx, 429, no answer) for the whole give-up time: failed, saying so. */
function giveUpColumns(columns: IDataObject, forMs: number, now: number): IDataObject {
	const code = (text(columns, 'errorCode') || 'LIGHTSPEED_UNAVAILABLE') as FailureCode;
	const minutes = Math.max(1, Math.round(forMs / 60000));
	const said = text(columns, 'errorText');
	return settledColumns(columns, 'failed', code, `Lightspeed could not be reached for ${minutes} minute${minutes === 1 ? '' : 's'}${said ? ` (${said})` : ''}.`, now);
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// another recovery of this restaurant's payments is at work on the same rows: this one skips its turn
	return await recoveryTurn(this.getWorkflow().id ?? '', this.getNode().name, async () => await recoverPayments.call(this), [[], []]);
}

async function recoverPayments(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const copies = items.map((item) => ({ ...(item.json as LedgerRow) }));
	const rows = realRows(copies);
	const paired = (row: LedgerRow) => ({ item: Math.max(copies.indexOf(row), 0) });
	const setup = readPaymentSetup(this);
	const seconds = (name: string, fallback: number) => readPositiveInteger(this, name, 0, fallback, { min: 1, max: 7 * 86400 }) * 1000;
	const grace = seconds('claimedGraceSeconds', 120);
	const settleAfter = seconds('settleAfterSeconds', 180);
	const giveUp = seconds('giveUpSeconds', 900);
	const outputs: INodeExecutionData[][] = [[], []];
	const now = Date.now();
	let worked = 0;

	for (const row of rows) {
		const status = text(row, 'status');
		if (status === 'received') {
			const claimedAt = millis(row, 'updatedAt');
			if (!claimedAt || now - claimedAt < grace) continue;
			if (++worked > RECOVERY_BATCH) break;
			const decision = await sendClaimedPayment.call(this, {
				rows,
				row,
				setup,
				now,
				// a send by the stopped execution may still be on its way until its task expired
				refuseAmountOnlyAfter: claimedAt + settleAfter,
			});
			let columns = decision.columns;
			if (decision.outcome === 'unknown') {
				// sending again under the same reference is always safe: keep trying until the give-up time
				// (never before a deferred amount refusal may be decided: settle time, if longer)
				if (now - claimedAt < Math.max(giveUp, settleAfter)) continue;
				// then the restaurant is told the true cause; a SUCCESS that still comes wins over it
				columns = giveUpColumns(columns, now - claimedAt, now);
			}
			Object.assign(row, columns); // later rows see it as sent
			outputs[0].push({ json: ledgerColumns('payments', columns), pairedItem: paired(row) });
		} else if (status === 'sent') {
			const sentAt = millis(row, 'sentAtMs') || millis(row, 'updatedAt');
			if (!sentAt || now - sentAt < settleAfter) continue;
			if (++worked > RECOVERY_BATCH) break;
			const decision = await settleSentPayment.call(this, row, setup, now);
			if (decision.outcome === 'unknown') continue;
			outputs[1].push({ json: ledgerColumns('payments', decision.columns), pairedItem: paired(row) });
		}
	}
	return outputs;
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { emailsDue } from '../../../shared/fleet/emailTurns';
import { mayStartRecovery } from '../../../shared/fleet/recoveryTurns';
import { planSweep } from '../../../shared/fleet/sweep';
import { realRows } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';

/**
 * Sweep → Plan. Inputs: the payments and the orders that may need attention (status received
 * or sent, or an email still owed) and the restaurants. Outputs: "Recover" (one item per
 * restaurant whose recovery workflow to call: {workflowId, integrationId, reasons}), "Emails"
 * ({to, subject, html, text, marks}) and "Marks" (writes that need no email).
 */

export const INPUTS = ['Payments', 'Orders', 'Restaurants'];
/** How long an email handed to the mail node is not planned again (its send failed: the next try). */
const EMAIL_LEASE_MS = 90_000;
export const OUTPUTS = ['Recover', 'Emails', 'Marks'];

const seconds = (name: string, displayName: string, fallback: number, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 1 },
	default: fallback,
	description,
});

export const description = updateDisplayOptions({ show: { resource: ['sweep'], operation: ['plan'] } }, [
	seconds(
		'claimedGraceSeconds',
		'Claimed For (Seconds)',
		120,
		"A payment or order still claimed after this long was left by a stopped execution: the restaurant's recovery sends it. Keep it above the payment workflow's timeout.",
	),
	seconds('settleAfterSeconds', 'Settle Payments After (Seconds)', 180, "A sent payment without outcome this long after it was sent is settled from the check (the register's task time plus a margin)"),
	seconds('orderSettleAfterSeconds', 'Settle Orders After (Seconds)', 180, 'A sent order without outcome this long after it was sent is looked up in Lightspeed'),
	seconds('retryLinkHours', 'Retry Links Valid For (Hours)', 168, 'How long the retry link of an email works'),
	{
		displayName: 'Webhook Base URL',
		name: 'webhookBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook',
		description: "Where retry links point. Empty: this n8n's own webhook URL (WEBHOOK_URL).",
	},
]);

function webhookBase(context: IExecuteFunctions): string {
	const set = String(context.getNodeParameter('webhookBaseUrl', 0, '') ?? '').trim();
	if (set) return set;
	// n8n knows its public webhook address; the resume URL of this execution is built on it
	const resume = String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0) ?? '');
	return resume.replace(/\/webhook-waiting\/[^/]*$/, '/webhook');
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const rows = (input: number) => realRows(this.getInputData(input).map((item) => item.json as LedgerRow));
	const number = (name: string, fallback: number) => Number(this.getNodeParameter(name, 0, fallback)) || fallback;
	const plan = planSweep(rows(0), rows(1), rows(2), {
		now: Date.now(),
		claimedGraceMs: number('claimedGraceSeconds', 120) * 1000,
		settleAfterMs: number('settleAfterSeconds', 180) * 1000,
		orderSettleAfterMs: number('orderSettleAfterSeconds', 180) * 1000,
		retryLinkMs: number('retryLinkHours', 168) * 3_600_000,
		webhookBaseUrl: webhookBase(this),
		editorBaseUrl: this.getInstanceBaseUrl(),
		instanceZone: this.getTimezone(),
	});
	for (const problem of plan.problems) this.logger.warn(`Qodeup fleet sweep: ${problem}`);
	// a restaurant's recovery still running (or just asked for) is not started again on top of it
	const spacingMs = Math.min(number('claimedGraceSeconds', 120), number('settleAfterSeconds', 180), 60) * 500;
	const recover = plan.recover.filter((entry) => mayStartRecovery(entry.workflowId, Date.now(), spacingMs));
	// an email a sweep still at work has just handed to the mail node is not sent a second time
	const emails = emailsDue(plan.emails, Date.now(), EMAIL_LEASE_MS);
	return [
		recover.map((entry) => ({ json: { ...entry } as IDataObject })),
		emails.map((email) => ({ json: { ...email, marks: email.marks as unknown as IDataObject[] } as IDataObject })),
		plan.marks.length ? [{ json: { marks: plan.marks as unknown as IDataObject[] } }] : [],
	];
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { diagnose } from '../../helpers/diagnosis';
import { parseEmailList, readLocationId, readOptionalId, readOptionalString, readRequiredString } from '../../helpers/params';
import { keepSettings } from '../../helpers/settingsMemory';
import { cardPaymentMethodField, locationField, staffIdField, voucherPaymentMethodField } from '../common.descriptions';
import { integrationIdField } from './fields';

/**
 * Settings → Check: the restaurant's settings as the merchant chose them in n8n (the payment
 * methods and the staff from lists that load from Lightspeed), checked against Lightspeed —
 * the location is visible, the methods exist, the staff is active — with the location's time
 * zone and currency added. The output is the restaurant's row for the restaurants Data table:
 * the payment workflows read the settings from there. A problem does not stop the save: it is
 * written into `settingsProblems`, which Diagnose and the fleet's `list` show. The row is also
 * kept in this process's memory (Settings → Recall), so the next payment uses the change at once.
 */

const properties: INodeProperties[] = [
	integrationIdField,
	{
		displayName: 'Restaurant Name',
		name: 'integrationName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Demo Bistro',
		description: 'Name shown in emails and on retry pages',
	},
	locationField,
	{ ...cardPaymentMethodField, required: true },
	voucherPaymentMethodField,
	{
		displayName: 'Notification Emails',
		name: 'notificationEmails',
		type: 'string',
		default: '',
		placeholder: 'manager@restaurant.example, owner@restaurant.example',
		description: 'Comma-separated addresses that receive failure emails',
	},
	{
		...staffIdField,
		description:
			'Optional staff account payments are booked by. Empty = the staff configured for the payment API. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Days Kept',
		name: 'retentionDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: "Settled payments and orders older than this are pruned from the ledgers (0 = the fleet's setting)",
	},
	{
		displayName: 'Operator Options',
		name: 'operator',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Workflows',
				name: 'workflows',
				type: 'string',
				default: '',
				description: "This restaurant's workflow IDs by role (JSON, written by the fleet command): the fleet sweeper calls its recovery workflow",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['settings'], operation: ['check'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const integrationId = readRequiredString(this, 'integrationId', itemIndex, { maxLength: 40 });
	const name = readRequiredString(this, 'integrationName', itemIndex, { maxLength: 200 });
	const businessLocationId = readLocationId(this, itemIndex);
	const cardPaymentMethod = readRequiredString(this, 'cardPaymentMethod', itemIndex, { maxLength: 100 });
	const voucherPaymentMethod = readOptionalString(this, 'voucherPaymentMethod', itemIndex) ?? '';
	const { emails, invalid } = parseEmailList(this.getNodeParameter('notificationEmails', itemIndex, '') as unknown);
	if (invalid.length) {
		throw new NodeOperationError(this.getNode(), `Notification Emails has invalid addresses: ${invalid.join(', ')}`, {
			itemIndex,
			description: 'Separate addresses with commas, for example "a@restaurant.example, b@restaurant.example".',
		});
	}
	const staffId = readOptionalId(this, 'staffId', itemIndex);
	const workflows = String(this.getNodeParameter('operator.workflows', itemIndex, '') ?? '').trim();
	const result = await diagnose.call(
		this,
		{
			businessLocationId,
			cardCode: cardPaymentMethod,
			voucherCode: voucherPaymentMethod || undefined,
			staffId,
			checks: ['connection', 'paymentMethods', ...(staffId !== undefined ? (['staff'] as const) : [])],
		},
		itemIndex,
	);
	const problems = result.checks.filter((entry) => !entry.ok).map((entry) => `${entry.detail} ${entry.fix}`.trim());
	const row: IDataObject = {
		integrationId,
		name,
		businessLocationId: String(businessLocationId),
		timezone: result.facts?.timezone ?? '',
		currency: result.facts?.currency ?? '',
		cardPaymentMethod,
		voucherPaymentMethod,
		staffId: staffId === undefined ? '' : String(staffId),
		notificationEmails: emails.join(', '),
		retentionDays: Number(this.getNodeParameter('retentionDays', itemIndex, 0)) || 0,
		settingsCheckedAtMs: Date.now(),
		settingsProblems: problems.join(' '),
		// the Connect button of this credential is what a "Reconnect Lightspeed" email points at
		lightspeedCredentialId: this.getNode().credentials?.lightspeedKSeriesOAuth2Api?.id ?? '',
		...(workflows ? { workflows } : {}),
	};
	// the row the workflow saves next: the next payment in this process uses it without a read
	keepSettings(integrationId, row);
	return row;
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { parseEmailList, readLocationId, readOptionalId, readOptionalString, readRequiredString } from '../../helpers/params';
import {
	cardPaymentMethodField,
	locationField,
	staffIdField,
	voucherPaymentMethodField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Integration Name',
		name: 'integrationName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Demo Bistro',
		description: 'Name shown in emails and on status pages',
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
		description: 'Comma-separated addresses that receive payment failure emails',
	},
	{
		...staffIdField,
		description:
			'Optional staff account payments are booked by. Empty = the staff configured for the payment API. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['settings'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const integrationName = readRequiredString(this, 'integrationName', itemIndex, { maxLength: 200 });
	const businessLocationId = readLocationId(this, itemIndex);
	const cardPaymentMethod = readRequiredString(this, 'cardPaymentMethod', itemIndex, { maxLength: 100 });
	const voucherPaymentMethod = readOptionalString(this, 'voucherPaymentMethod', itemIndex) ?? null;
	const { emails, invalid } = parseEmailList(this.getNodeParameter('notificationEmails', itemIndex, '') as unknown);
	if (invalid.length) {
		throw new NodeOperationError(
			this.getNode(),
			`notificationEmails contains invalid addresses: ${invalid.join(', ')}`,
			{ itemIndex, description: 'Separate addresses with commas, for example "a@restaurant.example, b@restaurant.example".' },
		);
	}
	const staffId = readOptionalId(this, 'staffId', itemIndex) ?? null;
	return {
		integrationName,
		businessLocationId,
		cardPaymentMethod,
		voucherPaymentMethod,
		notificationEmails: emails,
		staffId,
	};
}

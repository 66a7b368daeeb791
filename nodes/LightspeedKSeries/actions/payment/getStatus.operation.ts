import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildPaymentReference, paymentReferences } from '../../../shared/paymentReference';
import { fetchCheck } from '../../helpers/api';
import { readLocationId, readPositiveInteger, readRequiredString } from '../../helpers/params';
import { locationField } from '../common.descriptions';

const properties: INodeProperties[] = [
	locationField,
	{
		displayName: 'Check ID',
		name: 'checkId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'A65315.21',
		description: 'The check the payment was sent to',
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		description: 'Qodeup payment ID',
	},
	{
		displayName: 'Attempt',
		name: 'attempt',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999 },
		default: 1,
		description: 'Latest attempt sent: the references of attempts 1 up to this one are looked for',
	},
	{
		displayName: 'Integration ID',
		name: 'integrationId',
		type: 'string',
		default: '',
		description: "The restaurant the payment belongs to, when it was sent by the templates (its references carry the restaurant's tag)",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['payment'], operation: ['getStatus'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const businessLocationId = readLocationId(this, itemIndex);
	const checkId = readRequiredString(this, 'checkId', itemIndex, { maxLength: 64 });
	const paymentId = readRequiredString(this, 'paymentId', itemIndex, { maxLength: 200 });
	const attempt = readPositiveInteger(this, 'attempt', itemIndex, 1, { min: 1, max: 999 });
	const integrationId = String(this.getNodeParameter('integrationId', itemIndex, '') ?? '').trim() || undefined;
	const references = paymentReferences(paymentId, attempt, integrationId);

	const check = await fetchCheck.call(this, businessLocationId, checkId, itemIndex);
	const line = check.payments.find((payment) => payment.reference !== null && references.includes(payment.reference));
	return {
		status: line ? 'applied' : 'notFound',
		paymentId,
		attempt,
		reference: line?.reference ?? buildPaymentReference(paymentId, attempt, integrationId),
		referencesChecked: references,
		amount: line ? line.amount : null,
		methodCode: line ? line.methodCode : null,
		paidAt: line ? line.date : null,
		checkId: check.checkId,
		tableNumber: check.tableNumber,
		checkClosed: check.closed,
		remaining: check.remaining,
	};
}

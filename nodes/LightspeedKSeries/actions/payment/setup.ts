import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PaymentSetup } from '../../helpers/ledgerPayment';
import { parseId, readLocationId, readPositiveInteger } from '../../helpers/params';
import {
	cardPaymentMethodField,
	endpointIdField,
	locationField,
	staffIdField,
	voucherPaymentMethodField,
} from '../common.descriptions';

/** What every operation that sends ledger payments needs: where, under which method, by whom. */

export const MIN_TASK_TTL_MS = 60000;
export const DEFAULT_TASK_TTL_MS = 120000;

export const paymentSetupFields: INodeProperties[] = [
	locationField,
	{
		displayName: 'Restaurant Settings',
		name: 'restaurant',
		type: 'json',
		default: '{}',
		description:
			"The restaurant's row of the restaurants Data table (payment methods, staff). When it names a payment method or staff, that choice is used instead of the fields below.",
	},
	cardPaymentMethodField,
	voucherPaymentMethodField,
	endpointIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...staffIdField,
				description:
					'Staff account the payment is booked by. Empty = the staff configured for the payment API. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Device ID',
				name: 'deviceId',
				type: 'string',
				default: '',
				description: 'POS device that must take the payment. Empty = any register.',
			},
			{
				displayName: 'Task TTL (Ms)',
				name: 'taskTtlMs',
				type: 'number',
				typeOptions: { minValue: MIN_TASK_TTL_MS },
				default: DEFAULT_TASK_TTL_MS,
				description: 'How long Lightspeed tries to deliver the payment to a register (at least 60000)',
			},
		],
	},
];

/** The restaurant's row given as a JSON parameter ({} when none). */
export function readRestaurantRow(context: IExecuteFunctions, itemIndex = 0): IDataObject {
	const raw = context.getNodeParameter('restaurant', itemIndex, '{}') as unknown;
	if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as IDataObject;
	if (typeof raw === 'string' && raw.trim()) {
		try {
			const parsed = JSON.parse(raw) as unknown;
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as IDataObject;
		} catch {
			// reported below
		}
		throw new NodeOperationError(context.getNode(), 'Restaurant Settings must be a JSON object (the restaurant row)');
	}
	return {};
}

const chosen = (value: unknown): string | undefined =>
	value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();

export function readPaymentSetup(context: IExecuteFunctions, restaurant: IDataObject = readRestaurantRow(context)): PaymentSetup {
	const param = (name: string) => chosen(context.getNodeParameter(name, 0, '', { extractValue: true }));
	const endpointId = param('endpointId');
	if (!endpointId) throw new NodeOperationError(context.getNode(), 'Webhook Endpoint ID is required');
	const staff = chosen(restaurant.staffId) ?? chosen(context.getNodeParameter('options.staffId', 0, '', { extractValue: true }));
	const device = chosen(context.getNodeParameter('options.deviceId', 0, ''));
	return {
		businessLocationId: readLocationId(context, 0),
		endpointId,
		taskTtlMs: readPositiveInteger(context, 'options.taskTtlMs', 0, DEFAULT_TASK_TTL_MS, {
			min: MIN_TASK_TTL_MS,
			max: 86400000,
		}),
		cardPaymentMethod: chosen(restaurant.cardPaymentMethod) ?? param('cardPaymentMethod'),
		voucherPaymentMethod: chosen(restaurant.voucherPaymentMethod) ?? param('voucherPaymentMethod'),
		settingsSaved: Object.keys(restaurant).length > 0,
		staffId: staff === undefined ? undefined : parseId(staff),
		deviceId: device === undefined ? undefined : parseId(device),
	};
}

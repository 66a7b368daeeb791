import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OrderSetup } from '../../helpers/ledgerOrder';
import { parseId, readLocationId, readPositiveInteger } from '../../helpers/params';
import { endpointIdField, locationField } from '../common.descriptions';
import { readRestaurantRow } from '../payment/setup';
import { DEFAULT_DELIVERY_MS, MIN_DELIVERY_MS } from './shared';

/** What the ledger order operations (Send, Recover) need: where, which endpoint, which profiles. */
export const orderSetupFields: INodeProperties[] = [
	locationField,
	{
		displayName: 'Restaurant Settings',
		name: 'restaurant',
		type: 'json',
		default: '{}',
		description: "The restaurant's row of the restaurants Data table (its payment methods and staff)",
	},
	endpointIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Delivery Timeout (Ms)',
				name: 'maxTimeToAttemptMs',
				type: 'number',
				typeOptions: { minValue: MIN_DELIVERY_MS },
				default: DEFAULT_DELIVERY_MS,
				description: 'How long Lightspeed tries to deliver the order to a register (at least 60000)',
			},
			{ displayName: 'Eat-In Order Profile Code', name: 'eatInProfileCode', type: 'string', default: '', placeholder: 'LOCALORDER' },
			{ displayName: 'To-Go Order Profile Code', name: 'toGoProfileCode', type: 'string', default: '', placeholder: 'TOGOORDER' },
		],
	},
];

export function readOrderSetup(context: IExecuteFunctions): OrderSetup {
	const restaurant = readRestaurantRow(context);
	const chosen = (value: unknown) => (value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim());
	const endpointId = chosen(context.getNodeParameter('endpointId', 0, ''));
	if (!endpointId) throw new NodeOperationError(context.getNode(), 'Webhook Endpoint ID is required');
	return {
		businessLocationId: readLocationId(context, 0),
		endpointId,
		deliveryTimeoutMs: readPositiveInteger(context, 'options.maxTimeToAttemptMs', 0, DEFAULT_DELIVERY_MS, { min: MIN_DELIVERY_MS, max: 86400000 }),
		cardPaymentMethod: chosen(restaurant.cardPaymentMethod),
		voucherPaymentMethod: chosen(restaurant.voucherPaymentMethod),
		staffId: parseId(restaurant.staffId),
		eatInProfileCode: chosen(context.getNodeParameter('options.eatInProfileCode', 0, '')),
		toGoProfileCode: chosen(context.getNodeParameter('options.toGoProfileCode', 0, '')),
	};
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { diagnose } from '../../helpers/diagnosis';
import { parseId, readLocationId, readOptionalId, readOptionalString } from '../../helpers/params';
import { readRestaurantRow } from '../payment/setup';
import { cardPaymentMethodField, locationField, staffIdField, voucherPaymentMethodField } from '../common.descriptions';

/**
 * Location → Diagnose: everything a failure email could be about, checked before a guest pays
 * (see helpers/diagnosis.ts). The choices come from the fields, or from the restaurant's row
 * (Restaurant Settings) when it names them.
 */

const properties: INodeProperties[] = [
	locationField,
	{
		displayName: 'Restaurant Settings',
		name: 'restaurant',
		type: 'json',
		default: '{}',
		description: "The restaurant's row of the restaurants Data table; its payment methods and staff are checked instead of the fields below",
	},
	cardPaymentMethodField,
	voucherPaymentMethodField,
	{
		...staffIdField,
		description:
			'Staff account payments are booked by. Empty = the staff configured for the payment API (from readiness). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Webhook Endpoint ID',
		name: 'endpointId',
		type: 'string',
		default: '',
		description: 'Endpoint ID the Lightspeed K-Series Trigger registers. Empty = not checked.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['location'], operation: ['diagnose'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const restaurant = readRestaurantRow(this, itemIndex);
	const chosen = (value: unknown) => (value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim());
	const businessLocationId = readLocationId(this, itemIndex);
	const result = await diagnose.call(
		this,
		{
			businessLocationId,
			cardCode: chosen(restaurant.cardPaymentMethod) ?? readOptionalString(this, 'cardPaymentMethod', itemIndex),
			voucherCode: chosen(restaurant.voucherPaymentMethod) ?? readOptionalString(this, 'voucherPaymentMethod', itemIndex),
			staffId: parseId(restaurant.staffId) ?? readOptionalId(this, 'staffId', itemIndex),
			endpointId: readOptionalString(this, 'endpointId', itemIndex),
			checks: ['connection', 'floorPlan', 'paymentApi', 'paymentMethods', 'staff', 'webhook', 'posReady'],
		},
		itemIndex,
	);
	return {
		businessLocationId,
		ok: result.ok,
		problems: result.problems,
		connection: result.disconnected ? 'lost' : 'ok',
		timezone: result.facts?.timezone ?? null,
		currency: result.facts?.currency ?? null,
		checks: result.checks,
		checkedAt: new Date().toISOString(),
	};
}

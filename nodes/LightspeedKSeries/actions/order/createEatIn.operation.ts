import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readLocationId, readOptionalString, readPositiveInteger, readTableNumber } from '../../helpers/params';
import { orderCommonFields, orderOptionFields, orderTrailingFields, readOrderCommon, sendOrder } from './shared';

const properties: INodeProperties[] = [
	...orderCommonFields,
	{
		displayName: 'Table Number',
		name: 'tableNumber',
		type: 'string',
		default: '',
		placeholder: '12',
		description: 'Table for a new check. Ignored when Check ID is set.',
	},
	{
		displayName: 'Check ID',
		name: 'checkId',
		type: 'string',
		default: '',
		placeholder: 'A65315.21',
		description: 'Add the items to this open check instead of opening a new one',
	},
	...orderTrailingFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Client Count',
				name: 'clientCount',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Number of guests (new checks only)',
			},
			...orderOptionFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['createEatIn'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const businessLocationId = readLocationId(this, itemIndex);
	const checkId = readOptionalString(this, 'checkId', itemIndex);
	const tableNumber = checkId ? undefined : readTableNumber(this, 'tableNumber', itemIndex, false);
	if (!checkId && tableNumber === undefined) {
		throw new NodeOperationError(this.getNode(), 'tableNumber or checkId is required for an eat-in order', {
			itemIndex,
		});
	}
	const order = readOrderCommon(this, itemIndex, businessLocationId, true);
	if (checkId) {
		// Adds to the open check; table and guest count cannot change on an existing check.
		order.body.accountIdentifier = checkId;
	} else {
		order.body.tableNumber = String(tableNumber);
		const clientCount = this.getNodeParameter('options.clientCount', itemIndex, '') as unknown;
		if (clientCount !== '' && clientCount !== undefined && clientCount !== null) {
			order.body.clientCount = readPositiveInteger(this, 'options.clientCount', itemIndex, 1, { min: 1, max: 999 });
		}
	}
	return await sendOrder(this, itemIndex, '/o/op/1/order/local', order, {
		mode: 'eat-in',
		tableNumber: tableNumber ?? null,
		checkId: checkId ?? null,
	});
}

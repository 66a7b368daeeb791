import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readLocationId } from '../../helpers/params';
import { orderCommonFields, orderOptionFields, orderTrailingFields, readOrderCommon, sendOrder } from './shared';

const properties: INodeProperties[] = [
	...orderCommonFields,
	...orderTrailingFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: orderOptionFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['createToGo'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const businessLocationId = readLocationId(this, itemIndex);
	const order = readOrderCommon(this, itemIndex, businessLocationId, false);
	return await sendOrder(this, itemIndex, '/o/op/1/order/toGo', order, {
		mode: 'to-go',
		tableNumber: null,
		checkId: null,
	});
}

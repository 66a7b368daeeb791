import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchPaymentMethods } from '../../helpers/api';
import { readLocationId } from '../../helpers/params';
import { locationField } from '../common.descriptions';

const properties: INodeProperties[] = [locationField];

export const description = updateDisplayOptions(
	{ show: { resource: ['paymentMethod'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const businessLocationId = readLocationId(this, itemIndex);
	return await fetchPaymentMethods.call(this, businessLocationId, itemIndex);
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchReadiness } from '../../helpers/api';
import { readLocationId } from '../../helpers/params';
import { locationField } from '../common.descriptions';

const properties: INodeProperties[] = [locationField];

export const description = updateDisplayOptions(
	{ show: { resource: ['location'], operation: ['getReadiness'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const businessLocationId = readLocationId(this, itemIndex);
	const readiness = await fetchReadiness.call(this, businessLocationId, itemIndex);
	return { businessLocationId, ...readiness };
}

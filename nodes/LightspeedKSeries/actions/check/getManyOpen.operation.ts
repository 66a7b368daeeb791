import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchOpenChecks } from '../../helpers/api';
import { readLocationId } from '../../helpers/params';
import { checkOutputField, locationField } from '../common.descriptions';
import { checksOutput } from './output';

const properties: INodeProperties[] = [locationField, checkOutputField];

export const description = updateDisplayOptions(
	{ show: { resource: ['check'], operation: ['getManyOpen'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const businessLocationId = readLocationId(this, itemIndex);
	const output = this.getNodeParameter('output', itemIndex, 'perCheck') as string;
	const checks = await fetchOpenChecks.call(this, businessLocationId, itemIndex);
	return checksOutput(checks, output, { businessLocationId });
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchCheck } from '../../helpers/api';
import { readLocationId, readRequiredString } from '../../helpers/params';
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
		description: 'The Lightspeed account identifier of the check',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['check'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const businessLocationId = readLocationId(this, itemIndex);
	const checkId = readRequiredString(this, 'checkId', itemIndex, { maxLength: 64 });
	return await fetchCheck.call(this, businessLocationId, checkId, itemIndex);
}

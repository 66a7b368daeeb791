import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchOpenChecksOnTable } from '../../helpers/api';
import { readLocationId, readTableNumber } from '../../helpers/params';
import { checkOutputField, locationField } from '../common.descriptions';
import { checksOutput } from './output';

const properties: INodeProperties[] = [
	locationField,
	{
		displayName: 'Table Number',
		name: 'tableNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '12',
		description: 'Every open check on this table is returned (not only the oldest)',
	},
	checkOutputField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['check'], operation: ['getByTable'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const businessLocationId = readLocationId(this, itemIndex);
	const tableNumber = readTableNumber(this, 'tableNumber', itemIndex, true) as number;
	const output = this.getNodeParameter('output', itemIndex, 'perCheck') as string;
	const checks = await fetchOpenChecksOnTable.call(this, businessLocationId, tableNumber, itemIndex);
	return checksOutput(checks, output, { businessLocationId, tableNumber });
}

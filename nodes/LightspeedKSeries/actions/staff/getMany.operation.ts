import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchStaff } from '../../helpers/api';
import { readLocationId } from '../../helpers/params';
import { locationField } from '../common.descriptions';

const properties: INodeProperties[] = [
	locationField,
	{
		displayName: 'Active Only',
		name: 'activeOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out deactivated staff accounts',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['staff'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const businessLocationId = readLocationId(this, itemIndex);
	const activeOnly = this.getNodeParameter('activeOnly', itemIndex, false) as boolean;
	const staff = await fetchStaff.call(this, businessLocationId, itemIndex);
	return activeOnly ? staff.filter((member) => member.active) : staff;
}

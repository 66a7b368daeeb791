import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { keepSettings } from '../../helpers/settingsMemory';
import { readRequiredString } from '../../helpers/params';
import { integrationIdField } from './fields';

/**
 * Settings → Remember: keeps the restaurant's row, just read from the restaurants Data table, in
 * this n8n process's memory for Settings → Recall and Payment → Apply. No row (an empty item: the
 * settings were never published) is remembered too. The items go on unchanged.
 */

const properties: INodeProperties[] = [
	{
		displayName: "Input items are the restaurant's row of the restaurants Data table (a Data table \"get\" with Always Output Data)",
		name: 'inputNotice',
		type: 'notice',
		default: '',
	},
	integrationIdField,
];

export const description = updateDisplayOptions({ show: { resource: ['settings'], operation: ['remember'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const integrationId = readRequiredString(this, 'integrationId', itemIndex, { maxLength: 40 });
	const row = this.getInputData()[itemIndex].json;
	const given = Object.keys(row).length > 0 ? String(row.integrationId ?? '') : integrationId;
	if (given !== integrationId) {
		throw new NodeOperationError(this.getNode(), `The row given is restaurant "${given}", not "${integrationId}"`, {
			itemIndex,
			description: "Filter the Data table read by this restaurant's integration ID.",
		});
	}
	keepSettings(integrationId, row);
	return row;
}

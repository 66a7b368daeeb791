import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { freshSettings } from '../../helpers/settingsMemory';
import { readRequiredString } from '../../helpers/params';
import { integrationIdField } from './fields';

/**
 * Settings → Recall: does this n8n process know the restaurant's settings (read or saved in the
 * last 30 s)? The items go on unchanged: to "In Memory", or to "To Read" (read the restaurant's
 * row, then Settings → Remember). A payment then sends with Payment → Apply's settings "From
 * Memory", without a Data table read each time.
 */

export const OUTPUTS = ['In Memory', 'To Read'];

const properties: INodeProperties[] = [integrationIdField];

export const description = updateDisplayOptions({ show: { resource: ['settings'], operation: ['recall'] } }, properties);

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const integrationId = readRequiredString(this, 'integrationId', 0, { maxLength: 40 });
	const items = this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }));
	return freshSettings(integrationId) ? [items, []] : [[], items];
}

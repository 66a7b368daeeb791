import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readTables, oneTableAnswer, tableListAnswer } from '../../helpers/tables';
import { readLocationId, readPositiveInteger, readTableNumber } from '../../helpers/params';
import { locationField } from '../common.descriptions';

const properties: INodeProperties[] = [
	locationField,
	{
		displayName: 'Table Number',
		name: 'tableNumber',
		type: 'string',
		default: '',
		placeholder: '12',
		description: 'Only return this table. Leave empty for every table.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'perTable',
		options: [
			{ name: 'One Item per Table', value: 'perTable' },
			{ name: 'Single Item', value: 'single', description: 'One item {tables: [...]}' },
		],
	},
	{
		displayName: 'Floor Plan Cache (Seconds)',
		name: 'floorplanCacheSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description:
			'How long floor plans are kept in memory per credential and location. 0 = read them every time. Open checks are always read fresh.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['table'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const businessLocationId = readLocationId(this, itemIndex);
	const tableNumber = readTableNumber(this, 'tableNumber', itemIndex, false);
	const output = this.getNodeParameter('output', itemIndex, 'perTable') as string;
	const cacheSeconds = readPositiveInteger(this, 'floorplanCacheSeconds', itemIndex, 300, { min: 0, max: 86400 });

	const tables = await readTables.call(this, { businessLocationId, tableNumber, cacheSeconds, itemIndex });
	if (output === 'single') return tableListAnswer(businessLocationId, tables);
	// an unknown table is an answer (404 TABLE_NOT_FOUND), not a failure
	if (tableNumber !== undefined && tables.length === 0) return oneTableAnswer(tableNumber, tables);
	return tables;
}

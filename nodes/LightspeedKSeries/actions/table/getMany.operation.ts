import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { formatMinor, parseLightspeedAmount, sumMinor } from '../../../shared/money';
import { fetchFloorplansCached, fetchOpenChecks } from '../../helpers/api';
import type { NormalisedCheck } from '../../helpers/checks';
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

function summarise(checks: NormalisedCheck[]): IDataObject {
	const current = sumMinor(checks.map((check) => parseLightspeedAmount(check.currentAmount)));
	const paid = sumMinor(checks.map((check) => parseLightspeedAmount(check.paidAmount)));
	return {
		openCheckCount: checks.length,
		currentAmount: formatMinor(current),
		paidAmount: formatMinor(paid),
		remaining: formatMinor(current - paid),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const businessLocationId = readLocationId(this, itemIndex);
	const tableNumber = readTableNumber(this, 'tableNumber', itemIndex, false);
	const output = this.getNodeParameter('output', itemIndex, 'perTable') as string;
	const cacheSeconds = readPositiveInteger(this, 'floorplanCacheSeconds', itemIndex, 300, { min: 0, max: 86400 });

	const [{ floorplans }, checks] = await Promise.all([
		fetchFloorplansCached.call(this, businessLocationId, cacheSeconds, itemIndex),
		fetchOpenChecks.call(this, businessLocationId, itemIndex),
	]);

	const tables: IDataObject[] = [];
	const seen = new Set<number>();
	for (const floorplan of floorplans) {
		for (const table of floorplan.tables) {
			if (tableNumber !== undefined && table.tableNumber !== tableNumber) continue;
			seen.add(table.tableNumber);
			const openChecks = checks.filter((check) => check.tableNumber === table.tableNumber);
			tables.push({
				businessLocationId,
				...table,
				floorplanId: floorplan.floorplanId,
				floorplanName: floorplan.name,
				...summarise(openChecks),
				openChecks,
			});
		}
	}
	// Checks on a table number no floor plan lists (moved/deleted tables) are still shown.
	const orphanNumbers = [...new Set(checks.map((check) => check.tableNumber))].filter(
		(number): number is number =>
			number !== null && !seen.has(number) && (tableNumber === undefined || number === tableNumber),
	);
	for (const number of orphanNumbers) {
		const openChecks = checks.filter((check) => check.tableNumber === number);
		tables.push({
			businessLocationId,
			tableNumber: number,
			name: null,
			id: null,
			reference: null,
			active: true,
			defaultClientCount: null,
			floorplanId: null,
			floorplanName: null,
			...summarise(openChecks),
			openChecks,
		});
	}
	tables.sort((a, b) => Number(a.tableNumber) - Number(b.tableNumber));

	if (output === 'single') return { businessLocationId, tableCount: tables.length, tables };
	if (tableNumber !== undefined && tables.length === 0) {
		// an answer, not a failure: a Respond node turns it into 404 TABLE_NOT_FOUND
		return { error: `Table ${tableNumber} does not exist at this location`, errorCode: 'TABLE_NOT_FOUND', tableNumber };
	}
	return tables;
}

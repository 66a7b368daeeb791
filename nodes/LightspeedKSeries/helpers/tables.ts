import type { IDataObject } from 'n8n-workflow';

import { formatMinor, parseLightspeedAmount, sumMinor } from '../../shared/money';
import type { LightspeedContext } from '../transport';
import { fetchFloorplansCached, fetchOpenChecks } from './api';
import type { NormalisedCheck } from './checks';

/**
 * The tables of a location with their open checks: the one lookup behind Table → Get Many and
 * the Qodeup Trigger's "answer the tables at once". Floor plans come from the cache (per
 * credential and location, `cacheSeconds`), open checks are always read fresh: one Lightspeed
 * call per lookup while the floor plans are kept.
 */

export interface TablesLookup {
	businessLocationId: number;
	/** Only this table (its checks are still read from the all-checks call). */
	tableNumber?: number;
	cacheSeconds: number;
	itemIndex?: number;
}

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

export async function readTables(this: LightspeedContext, lookup: TablesLookup): Promise<IDataObject[]> {
	const { businessLocationId, tableNumber, cacheSeconds, itemIndex } = lookup;
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
	return tables.sort((a, b) => Number(a.tableNumber) - Number(b.tableNumber));
}

/** Every table as one answer: `{businessLocationId, tableCount, tables}`. */
export function tableListAnswer(businessLocationId: number, tables: IDataObject[]): IDataObject {
	return { businessLocationId, tableCount: tables.length, tables };
}

/** The table asked for, or — an answer, not a failure — the item a Respond turns into 404 TABLE_NOT_FOUND. */
export function oneTableAnswer(tableNumber: number, tables: IDataObject[]): IDataObject {
	return tables[0] ?? { error: `Table ${tableNumber} does not exist at this location`, errorCode: 'TABLE_NOT_FOUND', tableNumber };
}

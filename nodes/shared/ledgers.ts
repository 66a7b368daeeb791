import type { IDataObject } from 'n8n-workflow';

import schema from './ledgers.json';

/**
 * The n8n Data tables this package keeps its state in, with their columns. The JSON beside this
 * file is the one list: node code, the template generator (scripts/templates), the fleet command
 * and the tests all read it. No table name contains another one (n8n finds tables by name with
 * a case-insensitive substring match).
 */

export type LedgerName = keyof typeof schema;
export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

export const LEDGERS = schema as Record<LedgerName, { name: string; columns: Array<[string, ColumnType]> }>;


const columnNames = (ledger: LedgerName): Set<string> => new Set(LEDGERS[ledger].columns.map(([name]) => name));
const NAMES: Record<LedgerName, Set<string>> = {
	payments: columnNames('payments'),
	orders: columnNames('orders'),
	restaurants: columnNames('restaurants'),
	dailyTotals: columnNames('dailyTotals'),
};

/**
 * The part of `values` a Data table node in "map automatically" mode may write: known columns
 * only (an unknown key makes n8n refuse the whole row), undefined left out.
 */
export function ledgerColumns(ledger: LedgerName, values: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value !== undefined && NAMES[ledger].has(key)) out[key] = value;
	}
	return out;
}

/** A Data table row as n8n hands it to the next node: columns plus id/createdAt/updatedAt. */
export type LedgerRow = IDataObject & { id?: number; createdAt?: string; updatedAt?: string };

/** Text of a string column ('' for null/undefined). */
export function text(row: IDataObject | undefined, column: string): string {
	const value = row?.[column];
	return value === null || value === undefined ? '' : String(value);
}

/** Epoch ms of a number column or of n8n's date columns (0 when absent). */
export function millis(row: IDataObject | undefined, column: string): number {
	const value = row?.[column];
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value) {
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? 0 : parsed;
	}
	if (value instanceof Date) return value.getTime();
	return 0;
}

/** Items that are real rows (a Data table node with "always output data" emits `{}` on a miss). */
export function realRows<T extends IDataObject>(items: T[]): T[] {
	return items.filter((row) => row && typeof row === 'object' && Object.keys(row).length > 0);
}

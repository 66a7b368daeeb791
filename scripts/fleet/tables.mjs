// The four Data tables (nodes/shared/ledgers.json): made sure they exist with every column,
// found by exact name (n8n's own name lookup is a substring match), and the restaurants table's
// rows that the command reads and writes.
import { LEDGERS } from '../templates/lib.mjs';

export const LEDGER_KEYS = Object.keys(LEDGERS);

/** Every table with this exact name (the API's name filter is not exact). */
async function tablesNamed(api, name) {
	const found = await api.listDataTables({ name });
	return found.filter((t) => t.name === name);
}

/**
 * The tables as they are: {ids, tables, missing: [ledger]} (nothing is created).
 */
export async function findTables(api) {
	const ids = {};
	const tables = {};
	const missing = [];
	for (const ledger of LEDGER_KEYS) {
		const { name } = LEDGERS[ledger];
		const found = await tablesNamed(api, name);
		if (found.length > 1) {
			throw new Error(`${found.length} Data tables are named ${name} (ids ${found.map((t) => t.id).join(', ')}, projects ${found.map((t) => t.projectId).join(', ')}): keep one, the fleet needs exactly one`);
		}
		if (found[0]) {
			ids[ledger] = found[0].id;
			tables[ledger] = found[0];
		} else missing.push(ledger);
	}
	return { ids, tables, missing };
}

/**
 * Creates missing tables and adds missing columns. Returns {ids: {ledger: id}, tables: {ledger: table},
 * done: ["created …", "added column …"]}. `readOnly`: only find them (a missing one throws).
 */
export async function ensureTables(api, { readOnly = false } = {}) {
	const found = await findTables(api);
	const { ids, tables } = found;
	const done = [];
	if (readOnly) {
		if (found.missing.length) {
			throw new Error(`the Data table${found.missing.length > 1 ? 's' : ''} ${found.missing.map((l) => LEDGERS[l].name).join(', ')} do${found.missing.length > 1 ? '' : 'es'} not exist in this n8n: no restaurant was added yet, or ${found.missing.length > 1 ? 'they were' : 'it was'} deleted (npm run merchant -- add <file> creates them)`);
		}
		return { ids, tables, done };
	}
	for (const ledger of LEDGER_KEYS) {
		const { name, columns } = LEDGERS[ledger];
		let table = tables[ledger];
		if (!table) {
			table = await api.createDataTable({ name, columns: columns.map(([column, type]) => ({ name: column, type })) });
			done.push(`created Data table ${name} (${columns.length} columns)`);
		} else {
			const have = new Set((table.columns ?? (await api.listColumns(table.id))).map((c) => c.name));
			for (const [column, type] of columns) {
				if (have.has(column)) continue;
				await api.addColumn(table.id, { name: column, type });
				done.push(`added column ${column} (${type}) to ${name}`);
			}
		}
		ids[ledger] = table.id;
		tables[ledger] = table;
	}
	return { ids, tables, done };
}

/** The restaurants table row of one integration id (or undefined). */
export async function restaurantRow(api, ids, integrationId) {
	const rows = await api.rows(ids.restaurants, { filters: [['integrationId', 'eq', integrationId]] });
	if (rows.length > 1) {
		// the settings workflow and the command both upsert on integrationId; two rows mean a hand edit
		rows.sort((a, b) => a.id - b.id);
	}
	return rows[0];
}

export async function allRestaurants(api, ids) {
	const rows = await api.rows(ids.restaurants, { sortBy: 'id:asc' });
	return rows.filter((r) => r.integrationId);
}

export async function upsertRestaurant(api, ids, integrationId, data) {
	return api.upsertRow(ids.restaurants, [['integrationId', 'eq', integrationId]], { integrationId, ...data });
}

/** `workflows` column → {role: id}. */
export function workflowIdsOf(row) {
	try {
		const value = JSON.parse(row?.workflows || '{}');
		return value && typeof value === 'object' ? value : {};
	} catch {
		return {};
	}
}

/**
 * A restaurant whose workflows were imported from files (`n8n import:workflow`, as the demo set
 * is), not made by add: its settings workflow recorded its workflow ids, but no add ever recorded
 * a template state (add writes the ids and the state together).
 */
export function isImported(row) {
	return !row?.templateVersion && !row?.templateState && Object.keys(workflowIdsOf(row)).length > 0;
}

export function templateStateOf(row) {
	try {
		const value = JSON.parse(row?.templateState || '{}');
		return value && typeof value === 'object' ? value : {};
	} catch {
		return {};
	}
}

/** Total size of every Data table n8n reports (the cap applies to all of them together). */
export async function dataTablesSize(api) {
	const all = await api.listDataTables();
	return { bytes: all.reduce((sum, t) => sum + (Number(t.sizeBytes) || 0), 0), tables: all.length };
}

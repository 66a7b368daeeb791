// `list`: one line per restaurant — publication, Lightspeed connection, last payment, failures in
// the last 24 hours, Diagnose — and the Data tables' size against n8n's cap.
import { findFleet } from './fleet.mjs';
import { lightspeedConnection, runDiagnose } from './live.mjs';
import { diagnosisVerdict, formatBytes, formatTime } from './output.mjs';
import { RESTAURANT_ROLES, readCredentials, readFleetSettings, readOpsToken } from './rendering.mjs';
import { addresses } from './restaurant.mjs';
import { allRestaurants, dataTablesSize, ensureTables, isImported, workflowIdsOf } from './tables.mjs';
import { DEFAULT_FLEET } from '../templates/render.mjs';

const DAY_MS = 24 * 3600 * 1000;

/** Runs `fn` over `items`, `limit` at a time, keeping the order. */
async function mapLimit(items, limit, fn) {
	const out = new Array(items.length);
	let next = 0;
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	}));
	return out;
}

/**
 * The Lightspeed connection: n8n's credential test says whether Connect was done; the restaurants
 * row says whether the fleet found it refused since (connection "lost"); Diagnose whether
 * Lightspeed answers now.
 */
function connectionText(row, test, diagnosis) {
	if (test.connected === false) return 'not connected';
	if (row.connection === 'lost') return `LOST${row.connectionLostAtMs ? ` since ${formatTime(Number(row.connectionLostAtMs))}` : ''}`;
	const check = diagnosis && !diagnosis.error ? (diagnosis.checks ?? []).find((c) => c.name === 'connection') : undefined;
	if (check && !check.ok) return 'refused (Diagnose)';
	if (test.connected) return 'connected';
	return row.connection === 'ok' ? 'connected' : 'unknown';
}

export async function list(ctx, { diagnose = true } = {}) {
	const { api, out } = ctx;
	let tables;
	try {
		tables = await ensureTables(api, { readOnly: true });
	} catch (err) {
		out.line(`No restaurants: ${err.message}`);
		return;
	}
	const rows = await allRestaurants(api, tables.ids);
	const workflows = await api.listWorkflows();
	const byId = new Map(workflows.map((w) => [w.id, w]));
	const since = new Date(Date.now() - DAY_MS).toISOString();
	// one credential test at a time (n8n mixes up concurrent ones)
	const tests = [];
	for (const row of rows) {
		const ids = workflowIdsOf(row);
		const own = RESTAURANT_ROLES.map((role) => byId.get(ids[role])).filter(Boolean);
		tests.push(row.removedAtMs ? undefined : await lightspeedConnection(api, row.lightspeedCredentialId || readCredentials(own).lightspeed?.id));
	}

	const lines = await mapLimit(rows, 4, async (row, index) => {
		const id = row.integrationId;
		if (row.removedAtMs) return [id, row.name, 'removed', '—', '—', '—', `removed ${formatTime(Number(row.removedAtMs))}`];
		const ids = workflowIdsOf(row);
		const own = RESTAURANT_ROLES.map((role) => byId.get(ids[role])).filter((w) => w && !w.isArchived);
		const published = own.filter((w) => w.active).length;
		const [last] = await api.rows(tables.ids.payments, { filters: [['integrationId', 'eq', id]], sortBy: 'createdAt:desc', limit: 1 });
		const failed = (await Promise.all(['payments', 'orders'].map((ledger) =>
			api.rows(tables.ids[ledger], { filters: [['integrationId', 'eq', id], ['status', 'eq', 'failed'], ['updatedAt', 'gte', since]] }),
		))).reduce((n, r) => n + r.length, 0);
		const test = tests[index];
		const recovery = byId.get(ids.recovery);
		const opsToken = readOpsToken(recovery);
		let diagnosis;
		const imported = isImported(row);
		if (!row.templateVersion && !imported) diagnosis = { error: 'add not finished' };
		else if (diagnose && opsToken && recovery?.active) diagnosis = await runDiagnose(addresses(ctx, id, { opsToken }).diagnose, { timeoutMs: 45_000 });
		else if (diagnose) diagnosis = { error: recovery?.active ? 'no Diagnose address' : 'recovery workflow not published' };
		return [
			id,
			row.name,
			`${published}/${RESTAURANT_ROLES.length}${row.templateVersion ? '' : imported ? ' (imported)' : ' (add unfinished)'}`,
			connectionText(row, test, diagnosis),
			last ? `${formatTime(last.createdAt)} ${last.status || '(no status)'}` : 'none',
			String(failed),
			diagnose ? diagnosisVerdict(diagnosis) : '(skipped)',
		];
	});

	if (!rows.length) out.line('No restaurants yet (npm run merchant -- add <merchant file>).');
	else out.table(['INTEGRATION ID', 'NAME', 'PUBLISHED', 'LIGHTSPEED', 'LAST PAYMENT', 'FAILED 24H', 'DIAGNOSE'], lines);

	const fleet = readFleetSettings(findFleet(workflows));
	const limit = Number(fleet.limitBytes) || DEFAULT_FLEET.limitBytes;
	const size = await dataTablesSize(api);
	const percent = ((size.bytes / limit) * 100).toFixed(1);
	out.line();
	out.line(`Data tables: ${formatBytes(size.bytes)} of ${formatBytes(limit)} (${percent} %, ${size.tables} table(s); n8n refuses writes at the limit, N8N_DATA_TABLES_MAX_SIZE_BYTES)`);
	if (Number(percent) >= (Number(fleet.warnPercent) || DEFAULT_FLEET.warnPercent)) out.warn('the Data tables are near the limit: lower retentionDays, or raise N8N_DATA_TABLES_MAX_SIZE_BYTES and the fleet\'s limitBytes');
}

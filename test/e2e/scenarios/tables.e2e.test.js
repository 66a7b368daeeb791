'use strict';
// Table lookup templates: every table with its open checks, and one table with all its checks.
const { getTables, getTable } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const n8n = require('../helpers/n8n');
const { WF, LOCATION, executionsSince } = require('./support/flows');

const summary = (c) => ({ checkId: c.checkId, remaining: c.remaining, currentAmount: c.currentAmount, paidAmount: c.paidAmount });

describe('table lookup templates', () => {
	beforeAll(() => sandbox.reset());

	test('all tables: every table of the location, each with its open checks as the POS holds them', async () => {
		const r = await getTables();
		expect(r.status).toBe(200);
		const state = await sandbox.state();
		expect(r.json.businessLocationId).toBe(LOCATION);
		const numbers = r.json.tables.map((t) => t.tableNumber);
		expect(numbers).toEqual(Array.from({ length: 14 }, (_, i) => i + 1)); // Main room 1–8, Terrace 9–14
		const open = state.checks.filter((c) => !c.closeDate && Number(c.businessLocationId) === LOCATION);
		for (const t of r.json.tables) {
			const expected = open.filter((c) => c.tableNumber === t.tableNumber).map(summary).sort((a, b) => a.checkId.localeCompare(b.checkId));
			expect({ table: t.tableNumber, checks: t.openChecks.map(summary).sort((a, b) => a.checkId.localeCompare(b.checkId)) }).toEqual({
				table: t.tableNumber,
				checks: expected,
			});
			expect(t.openCheckCount).toBe(expected.length);
		}
		expect(r.json.tables.find((t) => t.tableNumber === 3).openCheckCount).toBe(1);
	});

	test('all tables while Lightspeed keeps failing: 502 with only an error code and a plain message', async () => {
		await sandbox.setFaults({ http500: 1000, pathFilter: '^/o/op/1/order/table/getCheck$' });
		try {
			const r = await getTables();
			expect(r.status).toBe(502);
			expect(Object.keys(r.json).sort()).toEqual(['error', 'message']);
			expect(r.json.error).toBe('LIGHTSPEED_UNAVAILABLE');
			expect(r.json.message).toMatch(/Lightspeed/);
			expect(r.text).not.toMatch(/stack|at \/|node_modules|Bearer|sbx-at\./);
		} finally {
			await sandbox.clearFaults();
		}
		expect((await getTables()).status).toBe(200);
	});

	test('one table holding two checks (table 5): both checks with their lines and remaining amounts', async () => {
		const r = await getTable(5);
		expect(r.status).toBe(200);
		const onPos = await sandbox.openChecks(5);
		expect(onPos).toHaveLength(2);
		expect(r.json.tableNumber).toBe(5);
		expect(r.json.openCheckCount).toBe(2);
		expect(r.json.openChecks.map(summary).sort((a, b) => a.checkId.localeCompare(b.checkId))).toEqual(
			onPos.map(summary).sort((a, b) => a.checkId.localeCompare(b.checkId)),
		);
		for (const c of r.json.openChecks) {
			const pos = onPos.find((x) => x.checkId === c.checkId);
			expect(c.lines.map((l) => [l.sku, l.quantity, l.amount])).toEqual(pos.lines.map((l) => [l.sku, l.quantity, l.amount]));
		}
		// the remaining of the table is the exact sum of its checks
		const cents = (s) => Math.round(Number(s) * 100);
		expect(cents(r.json.remaining)).toBe(onPos.reduce((s, c) => s + cents(c.remaining), 0));
	});

	test('a table that does not exist → 404, and a table without checks → 200 with none', async () => {
		const since = new Date().toISOString();
		const missing = await getTable(99);
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ error: 'TABLE_NOT_FOUND' });
		const empty = await getTable(2);
		expect(empty.status).toBe(200);
		expect(empty.json).toMatchObject({ tableNumber: 2, openCheckCount: 0, openChecks: [] });
		const runs = await n8n.waitForExecutions(WF.table, 2);
		expect(runs.length).toBeGreaterThanOrEqual(2);
		expect((await executionsSince(WF.table, since)).every((e) => e.status === 'success')).toBe(true);
	});
});

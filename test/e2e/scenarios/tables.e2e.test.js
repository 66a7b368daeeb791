'use strict';
// Qodeup reads tables: every table with all its open checks, one table, a table that does not
// exist, Lightspeed failing — on a real n8n running the demo restaurant's templates.
const { getTables, getTable, qodeup } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const { countExecutions, waitForExecutions, webhook } = require('../helpers/n8n');
const { WF } = require('./support/flows');
const { stackInfo } = require('../helpers/stack');
const { expectAnswer } = require('./support/contract');

describe('table lookups', () => {
	beforeAll(() => sandbox.reset());
	afterEach(() => sandbox.clearFaults());

	test('all tables, each with every open check and exact remaining amounts', async () => {
		const r = await getTables();
		expectAnswer('GET', 'tables', r, 200);
		const t5 = r.json.tables.find((t) => t.tableNumber === 5);
		expect(t5.openChecks.map((c) => c.checkId)).toEqual(['A70001.2', 'A70001.3']);
		expect(t5).toMatchObject({ openCheckCount: 2, currentAmount: '37.90', remaining: '37.90' });
		expect(r.json.tables.find((t) => t.tableNumber === 3)).toMatchObject({ remaining: '35.20', openCheckCount: 1 });
		expect(r.json.tables.find((t) => t.tableNumber === 1)).toMatchObject({ openCheckCount: 0, remaining: '0.00', openChecks: [] });
	});

	test('one table with all its checks; a table that does not exist is a 404', async () => {
		const r = await getTable(5);
		expectAnswer('GET', 'tables/{tableNumber}', r, 200);
		expect(r.json).toMatchObject({ tableNumber: 5, openCheckCount: 2 });
		const missing = await getTable(99);
		expectAnswer('GET', 'tables/{tableNumber}', missing, 404);
		expect(missing.json).toEqual({ error: 'TABLE_NOT_FOUND', message: expect.stringContaining('Table 99') });
	});

	test('Lightspeed failing every time: 502 with a short error, nothing internal; then 200 again', async () => {
		await sandbox.setFaults({ http500: 50 });
		const r = await getTables();
		expectAnswer('GET', 'tables', r, 502);
		expect(Object.keys(r.json).sort()).toEqual(['error', 'message']);
		expect(r.json.error).toBe('LIGHTSPEED_UNAVAILABLE');
		expect(r.text).not.toMatch(/stack|Bearer|node_modules|at [A-Za-z]+ \(/);
		await sandbox.clearFaults();
		expect((await getTables()).status).toBe(200);
	});

	test('a lookup is answered without an execution; one Lightspeed fails runs on and is an execution to look at', async () => {
		const before = await countExecutions(WF.tables);
		for (let i = 0; i < 3; i++) expect((await getTables()).status).toBe(200);
		expect((await getTable(5)).status).toBe(200);
		expect((await getTable(99)).status).toBe(404);
		expect(await countExecutions(WF.tables)).toBe(before);
		await sandbox.setFaults({ http500: 50 });
		const failed = await getTable(5);
		expectAnswer('GET', 'tables/{tableNumber}', failed, 502);
		const list = await waitForExecutions(WF.tables, before + 1);
		expect(list).toHaveLength(before + 1);
	});

	test('HEAD answers 200 without a body and without a signature (uptime checks)', async () => {
		const r = await webhook('HEAD', `qodeup/${stackInfo().qodeup.integrationId}/tables`);
		expect(r.status).toBe(200);
		expect(r.text).toBe('');
		// GET without a signature is refused
		const unsigned = await qodeup('GET', 'tables', undefined, { sign: false });
		expectAnswer('GET', 'tables', unsigned, 401);
	});
});

'use strict';
// Ledger setup template: creates the payment ledger Data table; running it again (here: the
// workflow is published again, which fires its n8n Trigger) keeps the same table and its rows.
const n8n = require('../helpers/n8n');
const { WF, LEDGER, ledgerRows, executionsSince } = require('./support/flows');
const { waitFor } = require('../helpers/wait');

describe('ledger setup', () => {
	test('the ledger exists with the documented columns, and a second run is a no-op', async () => {
		const table = await n8n.dataTable(LEDGER);
		expect(table).toBeTruthy();
		const pid = (await n8n.rest('GET', '/rest/projects/personal')).id;
		const columns = (await n8n.rest('GET', `/rest/projects/${pid}/data-tables/${table.id}/columns`)).map((c) => [c.name, c.type]);
		expect(columns).toEqual(
			expect.arrayContaining([
				['paymentId', 'string'],
				['status', 'string'],
				['amount', 'string'],
				['tipAmount', 'string'],
				['attempt', 'number'],
				['reference', 'string'],
				['errorCode', 'string'],
				['emailStatus', 'string'],
				['sentAtMs', 'number'],
			]),
		);
		const rowsBefore = (await ledgerRows()).length;
		const since = new Date().toISOString();

		// publish it again: its n8n Trigger ("workflow published") runs the create once more
		await n8n.rest('POST', `/rest/workflows/${WF.ledgerSetup}/deactivate`, {});
		const wf = await n8n.rest('GET', `/rest/workflows/${WF.ledgerSetup}`);
		await n8n.rest('POST', `/rest/workflows/${WF.ledgerSetup}/activate`, { versionId: wf.versionId });
		const [run] = await waitFor(async () => {
			const runs = (await executionsSince(WF.ledgerSetup, since)).filter((e) => !['running', 'new'].includes(e.status));
			return runs.length ? runs : false;
		}, { what: 'the ledger setup to run again' });
		expect(run.status).toBe('success');
		const out = await n8n.nodeOutput(run.id, 'Create the payment ledger');
		expect(out[0]).toMatchObject({ id: table.id, name: LEDGER });
		const tables = (await n8n.rest('GET', `/rest/projects/${pid}/data-tables?take=500`));
		expect((tables.data || tables).filter((t) => t.name.toLowerCase().includes(LEDGER.toLowerCase()))).toHaveLength(1);
		expect((await ledgerRows()).length).toBe(rowsBefore);
	});
});

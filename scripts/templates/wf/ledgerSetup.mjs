import { LEDGER, LEDGER_COLUMNS, TYPES, WF, Workflow } from '../lib.mjs';

/** Creates the payment ledger Data table; safe to run any number of times. */
export default function ledgerSetup() {
	const w = new Workflow(WF.ledgerSetup, {
		description: 'Creates the payment ledger data table the payment flows use. Runs when n8n starts and when published; safe to run twice.',
	});
	w.node('When n8n starts or this is published', TYPES.n8nTrigger, [0, 1], { events: ['init', 'activate'] });
	w.node('Run by hand', TYPES.manualTrigger, [0, 2], {});
	w.node('Create the payment ledger', TYPES.dataTable, [1, 1.5], {
		resource: 'table',
		operation: 'create',
		tableName: LEDGER,
		columns: { column: LEDGER_COLUMNS.map(([name, type]) => ({ name, type })) },
		options: { createIfNotExists: true },
	});
	w.connect('When n8n starts or this is published', 'Create the payment ledger');
	w.connect('Run by hand', 'Create the payment ledger');
	w.note(
		'about',
		[-0.1, -0.5],
		[2.6, 1.3],
		[
			'## Payment ledger',
			`Creates the Data table **${LEDGER}**: one row per Qodeup payment (status, reference, attempt, error, email). The payment flows find it **by name**, so do not rename it, and give no other Data table a name that contains it.`,
			'',
			'Runs by itself when n8n starts and when this workflow is published; "Reuse existing tables" makes a second run a no-op. Open the table in n8n to reconcile payments.',
		].join('\n'),
		6,
	);
	return w;
}

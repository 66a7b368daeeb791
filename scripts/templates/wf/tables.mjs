import { CREDENTIALS, MERCHANT, TYPES, WF, Workflow, stableUuid } from '../lib.mjs';

// Reads are safe to repeat: one more try on top of the transport's own retries. Errors come out
// as an item with `error` (continueRegularOutput), so the answer node can say 502.
const READ = { credentials: CREDENTIALS.lightspeed, onError: 'continueRegularOutput', retryOnFail: true, maxTries: 2, waitBetweenTries: 500 };
const UNAVAILABLE = "{ error: $json.errorCode || 'LIGHTSPEED_UNAVAILABLE', message: $json.error }";

const lookupNote = (what) =>
	[
		`## Table lookup — ${what}`,
		`Qodeup calls this with a signed GET. Set **Integration ID** on the trigger (here \`${MERCHANT.integrationId}\`) and the **Business Location** on the Lightspeed node (the same as in *Merchant settings*).`,
		'',
		'Reads are safe to repeat, so the Lightspeed node retries once on its own (the transport already retries 5xx/429 with backoff). If Lightspeed stays unreachable Qodeup gets **502**.',
	].join('\n');

/** GET qodeup/<id>/tables → every table with its open checks. */
export function tables() {
	const w = new Workflow(WF.tables, { description: 'Qodeup asks for all tables with their open checks.' });
	w.node(
		'Qodeup: list tables',
		TYPES.qodeupTrigger,
		[0, 1],
		{ integrationId: MERCHANT.integrationId, resource: 'tables', responseMode: 'responseNode' },
		{ credentials: CREDENTIALS.qodeup, webhookId: stableUuid(`${WF.tables.id}/webhook`) },
	);
	w.node(
		'Lightspeed: tables with open checks',
		TYPES.lightspeed,
		[1, 1],
		{
			resource: 'table',
			operation: 'getMany',
			businessLocationId: MERCHANT.businessLocationId,
			tableNumber: '',
			output: 'single',
			floorplanCacheSeconds: 300,
		},
		READ,
	);
	// The busiest request Qodeup sends: answered without any expression (the item as it is, or
	// 502 {error, message} when Lightspeed failed), which n8n evaluates at a cost per request.
	w.node('Answer Qodeup', TYPES.qodeupRespond, [2, 1], {
		respondWith: 'firstIncomingItem',
		statusCode: 200,
		errorStatusCode: 502,
		errorCode: 'LIGHTSPEED_UNAVAILABLE',
		options: {},
	});
	w.chain('Qodeup: list tables', 'Lightspeed: tables with open checks', 'Answer Qodeup');
	w.note('what to set', [-0.1, -0.6], [3.2, 1.35], lookupNote('all tables'), 5);
	return w;
}

/** GET qodeup/<id>/tables/<number> → one table with all its open checks, or 404. */
export function table() {
	const w = new Workflow(WF.table, { description: 'Qodeup asks for one table with all its open checks.' });
	w.node(
		'Qodeup: one table',
		TYPES.qodeupTrigger,
		[0, 1],
		{ integrationId: MERCHANT.integrationId, resource: 'table', responseMode: 'responseNode' },
		// The URL has a :tableNumber segment, so n8n puts the node's webhookId in front of it:
		// "qodeup" gives <n8n>/webhook/qodeup/<integrationId>/tables/<number>.
		{ credentials: CREDENTIALS.qodeup, webhookId: 'qodeup' },
	);
	w.node(
		'Lightspeed: the table and its checks',
		TYPES.lightspeed,
		[1, 1],
		{
			resource: 'table',
			operation: 'getMany',
			businessLocationId: MERCHANT.businessLocationId,
			tableNumber: '={{ $json.tableNumber ?? $json.params.tableNumber }}',
			output: 'single',
			floorplanCacheSeconds: 300,
		},
		READ,
	);
	w.node('Answer Qodeup', TYPES.qodeupRespond, [2, 1], {
		statusCode: '={{ $json.error ? 502 : $json.tables.length ? 200 : 404 }}',
		body:
			`={{ $json.error ? ${UNAVAILABLE} : $json.tables.length ? $json.tables[0] : ` +
			"{ error: 'TABLE_NOT_FOUND', message: 'There is no table ' + $('Qodeup: one table').first().json.params.tableNumber + ' at this location' } }}",
		options: {},
	});
	w.chain('Qodeup: one table', 'Lightspeed: the table and its checks', 'Answer Qodeup');
	w.note(
		'what to set',
		[-0.1, -0.6],
		[3.2, 1.35],
		lookupNote('one table') +
			'\n\nThe trigger\'s webhook ID must stay **qodeup**: n8n puts it in front of URLs with a table number.',
		5,
	);
	return w;
}

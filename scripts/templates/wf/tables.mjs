import { TYPES, Workflow, credential, stableUuid } from '../lib.mjs';

/**
 * Qodeup's table lookups for one restaurant. Each Qodeup Trigger checks the signature, reads the
 * tables from Lightspeed and answers at once: a lookup starts no execution. Only a lookup that
 * Lightspeed fails goes on to the Respond node, so every failure is an execution to look at.
 */
export default function tables(context) {
	const { merchant } = context;
	const id = merchant.integrationId;
	const w = new Workflow('tables', `${merchant.name} — Qodeup tables`, {
		id: context.ids?.tables,
		seed: `${id}/tables`,
		description: `The tables of ${merchant.name} with their open checks, as Qodeup reads them.`,
	});
	const credentials = { ...credential(context, 'qodeup'), ...credential(context, 'lightspeed') };
	const lookup = (route) => ({
		integrationId: id,
		resource: route,
		responseMode: 'lightspeedTables',
		businessLocationId: merchant.businessLocationId,
		floorplanCacheSeconds: 300,
	});
	const FAILED = 'Answer: Lightspeed did not answer';
	// a path with a parameter starts with the node's webhook id: "qodeup" keeps every URL qodeup/<integration id>/…
	w.node('Qodeup asks for the tables', TYPES.qodeupTrigger, [0, 0], lookup('tables'), { credentials, webhookId: stableUuid(`${id}/tables/list`) });
	w.node('Qodeup asks for one table', TYPES.qodeupTrigger, [0, 1], lookup('table'), { credentials, webhookId: 'qodeup' });
	w.node(FAILED, TYPES.qodeupRespond, [1.2, 0.5], { respondWith: 'firstIncomingItem', statusCode: 200, errorStatusCode: 502, errorCode: 'LIGHTSPEED_UNAVAILABLE', options: {} });
	w.connect('Qodeup asks for the tables', FAILED);
	w.connect('Qodeup asks for one table', FAILED);
	w.note('about', [-0.2, -1.5], [3, 1.3], [
		`## Tables of ${merchant.name}`,
		`Qodeup reads \`…/webhook/qodeup/${id}/tables\` and \`…/tables/<number>\`. Each is answered at once with the open checks from Lightspeed, without an execution; when Lightspeed does not answer, the request runs on to **${FAILED}** (502) and shows in Executions.`,
		'Nothing to edit here.',
	].join('\n'), 7);
	return w;
}

import { CREDENTIALS, MERCHANT, TYPES, WF, Workflow, stableUuid } from '../lib.mjs';

/** Lightspeed Real-Time Notifications UPDATE / CLOSE → fresh check → signed callback to Qodeup. */
export default function checkUpdates() {
	const w = new Workflow(WF.checkUpdates, {
		description: 'When a check changes or closes on the register, reads it fresh and tells Qodeup (signed callback).',
	});
	w.node(
		'Lightspeed: check changed',
		TYPES.lightspeedTrigger,
		[0, 1],
		{
			source: 'rtn',
			businessLocationId: MERCHANT.businessLocationId,
			events: ['rtnUpdate', 'rtnClose'],
			rtnUsername: 'lightspeed',
			// Deliberately empty: choose a password (16+ characters) and give it to Lightspeed support.
			rtnPassword: '',
		},
		{ webhookId: stableUuid(`${WF.checkUpdates.id}/webhook`) },
	);
	w.node(
		'Lightspeed: read the check',
		TYPES.lightspeed,
		[1, 1],
		{ resource: 'check', operation: 'get', businessLocationId: "={{ $json.businessLocationId || '" + MERCHANT.businessLocationId + "' }}", checkId: '={{ $json.checkId }}' },
		{ credentials: CREDENTIALS.lightspeed, retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 },
	);
	w.node(
		'Qodeup: send check update',
		TYPES.qodeup,
		[2, 1],
		{
			resource: 'callback',
			operation: 'send',
			event: "={{ $('Lightspeed: check changed').first().json.event === 'rtnClose' ? 'check.closed' : 'check.updated' }}",
			payload: `={{ { integrationId: '${MERCHANT.integrationId}', check: $json } }}`,
		},
		{ credentials: CREDENTIALS.qodeup, retryOnFail: true, maxTries: 3, waitBetweenTries: 2000 },
	);
	w.chain('Lightspeed: check changed', 'Lightspeed: read the check', 'Qodeup: send check update');
	w.note(
		'about',
		[-0.1, -0.85],
		[3.3, 1.5],
		[
			'## Check updates (Back Office Real-Time Notifications)',
			'Ask Lightspeed support to send **UPDATE** and **CLOSE** notifications for the location to this trigger\'s Production URL, with the **Username** and **Password** set on the trigger. Choose a password of 16+ characters (e.g. `openssl rand -hex 16`): the template ships without one, and the trigger refuses every request until it is set.',
			'',
			'The check is read fresh (the notification may be older than the check) and sent to Qodeup signed with the Qodeup credential. With no **Callback URL** in that credential nothing is sent.',
		].join('\n'),
		5,
	);
	return w;
}

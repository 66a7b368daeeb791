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
		},
		// The Basic-auth password is the credential's "Real-Time Notification Password".
		{ webhookId: stableUuid(`${WF.checkUpdates.id}/webhook`), credentials: CREDENTIALS.lightspeed },
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
			'**To set it up:** in the **Lightspeed K-Series** credential, fill in **Real-Time Notification Password** (16+ characters, e.g. `openssl rand -hex 16`). Until then the trigger answers 401 to everything.',
			'',
			'Then ask Lightspeed support to send **UPDATE** and **CLOSE** Real-Time Notifications for the location to the trigger\'s Production URL, with the trigger\'s **Username** and that password.',
			'',
			'The check is read fresh (the notification may be older than the check) and sent to Qodeup signed with the Qodeup credential. With no **Callback URL** in that credential nothing is sent.',
		].join('\n'),
		5,
	);
	return w;
}

import { TYPES, Workflow, credential, dataTable, stableUuid } from '../lib.mjs';

/**
 * What Lightspeed tells about one restaurant: payment and order outcomes (Order & Pay
 * notifications, one output per event) and check changes (Real-Time Notifications). Each
 * outcome is a conditional update of the ledger row with its reference, so a duplicate or late
 * notification changes nothing; a payment booked after a failure wins over the failure (and
 * the restaurant gets an email saying so). Qodeup is told every change (signed callback).
 */
export default function notifications(context) {
	const { merchant } = context;
	const id = merchant.integrationId;
	const w = new Workflow('notifications', `${merchant.name} — Lightspeed notifications`, {
		id: context.ids?.notifications,
		seed: `${id}/notifications`,
		description: `Payment and order outcomes and check changes that Lightspeed reports for ${merchant.name}.`,
	});
	const lightspeed = credential(context, 'lightspeed');
	const qodeup = credential(context, 'qodeup');
	const restaurant = ['integrationId', 'eq', id];
	const byReference = ['reference', 'eq', '={{ $json.reference }}'];
	const callback = (name, at, payloadFrom) =>
		w.node(name, TYPES.qodeup, at, { resource: 'callback', operation: 'send', payloadFrom }, { credentials: qodeup, retryOnFail: true, maxTries: 3, waitBetweenTries: 2000, onError: 'continueRegularOutput' });

	w.node(
		'Lightspeed: outcomes',
		TYPES.lightspeedTrigger,
		[0, 2],
		{
			source: 'orderAndPay',
			businessLocationId: merchant.businessLocationId,
			endpointId: context.endpointId,
			events: ['paymentSuccess', 'paymentFailure', 'orderAccepted', 'orderFailed', 'checkClosed'],
			outputPerEvent: true,
		},
		{ credentials: lightspeed, webhookId: stableUuid(`${id}/notifications/orderAndPay`) },
	);

	// payments: booked (also after a failure: Lightspeed is the truth), or failed
	w.node(
		'Ledger: booked after a failure',
		TYPES.dataTable,
		[1, 0],
		dataTable.update(context, 'payments', [restaurant, byReference, ['status', 'eq', 'failed']], { status: 'applied', emailStatus: 'resolved', errorCode: '', errorText: '' }),
	);
	w.node(
		'Ledger: booked',
		TYPES.dataTable,
		[1, 1],
		dataTable.update(context, 'payments', [restaurant, byReference, ['status', 'neq', 'applied'], ['status', 'neq', 'failed'], ['status', 'neq', 'refused'], ['status', 'isNotEmpty']], {
			status: 'applied',
			errorCode: '',
			errorText: '',
		}),
	);
	w.node(
		'Ledger: payment failed',
		TYPES.dataTable,
		[1, 2],
		dataTable.update(context, 'payments', [restaurant, byReference, ['status', 'neq', 'applied'], ['status', 'neq', 'failed'], ['status', 'neq', 'refused'], ['status', 'isNotEmpty']], {
			status: 'failed',
			errorCode: '={{ $json.errorCode }}',
			errorText: '={{ $json.reason }}',
			emailStatus: 'pending',
		}),
	);
	callback('Tell Qodeup: payment', [2, 1], 'paymentRow');

	// orders: accepted (also after a failure: the restaurant is told), failed, and closed once the check is closed
	w.node(
		'Ledger: order taken after a failure',
		TYPES.dataTable,
		[1, 3.5],
		dataTable.update(context, 'orders', [restaurant, byReference, ['status', 'eq', 'failed']], { status: 'accepted', emailStatus: 'resolved', errorCode: '', errorText: '' }),
	);
	w.node(
		'Ledger: order accepted',
		TYPES.dataTable,
		[1, 3],
		dataTable.update(context, 'orders', [restaurant, byReference, ['status', 'neq', 'accepted'], ['status', 'neq', 'closed'], ['status', 'neq', 'failed'], ['status', 'isNotEmpty']], {
			status: 'accepted',
			accountId: '={{ $json.checkId }}',
			errorCode: '',
			errorText: '',
		}),
	);
	w.node(
		'Ledger: order failed',
		TYPES.dataTable,
		[1, 4],
		dataTable.update(context, 'orders', [restaurant, byReference, ['status', 'neq', 'accepted'], ['status', 'neq', 'closed'], ['status', 'neq', 'failed'], ['status', 'isNotEmpty']], {
			status: 'failed',
			errorCode: '={{ $json.errorCode }}',
			errorText: '={{ $json.reason }}',
			emailStatus: 'pending',
		}),
	);
	w.node('Ledger: order closed', TYPES.dataTable, [1, 5], dataTable.update(context, 'orders', [restaurant, byReference, ['status', 'eq', 'accepted']], { status: 'closed' }));
	callback('Tell Qodeup: order', [2, 4], 'orderRow');

	w.connect('Lightspeed: outcomes', 'Ledger: booked after a failure', 0);
	w.connect('Lightspeed: outcomes', 'Ledger: booked', 0);
	w.connect('Lightspeed: outcomes', 'Ledger: payment failed', 1);
	w.connect('Lightspeed: outcomes', 'Ledger: order taken after a failure', 2);
	w.connect('Lightspeed: outcomes', 'Ledger: order accepted', 2);
	w.connect('Lightspeed: outcomes', 'Ledger: order failed', 3);
	w.connect('Lightspeed: outcomes', 'Ledger: order closed', 4);
	for (const name of ['Ledger: booked after a failure', 'Ledger: booked', 'Ledger: payment failed']) w.connect(name, 'Tell Qodeup: payment');
	for (const name of ['Ledger: order taken after a failure', 'Ledger: order accepted', 'Ledger: order failed', 'Ledger: order closed']) w.connect(name, 'Tell Qodeup: order');

	// check changes (Real-Time Notifications, set up by Lightspeed support): the fresh check to Qodeup
	w.node(
		'Lightspeed: check changed',
		TYPES.lightspeedTrigger,
		[0, 7],
		{ source: 'rtn', businessLocationId: merchant.businessLocationId, events: ['rtnUpdate', 'rtnClose'], rtnUsername: 'lightspeed' },
		{ credentials: lightspeed, webhookId: stableUuid(`${id}/notifications/rtn`) },
	);
	w.node(
		'Lightspeed: the check now',
		TYPES.lightspeed,
		[1, 7],
		{ resource: 'check', operation: 'get', businessLocationId: merchant.businessLocationId, checkId: '={{ $json.checkId }}' },
		{ credentials: lightspeed, retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 },
	);
	w.node('Tell Qodeup: check changed', TYPES.qodeup, [2, 7], { resource: 'callback', operation: 'send', payloadFrom: 'check', integrationId: id }, {
		credentials: qodeup,
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 2000,
	});
	w.chain('Lightspeed: check changed', 'Lightspeed: the check now', 'Tell Qodeup: check changed');

	w.note('about', [-0.2, -1.5], [4.5, 1.3], [
		'## Outcomes from Lightspeed',
		`Publishing this workflow registers its address at Lightspeed as webhook endpoint **${context.endpointId}** (payments and orders name it). Unpublishing removes it.`,
		'A duplicate or out-of-order notification changes nothing. A failure is emailed by the fleet sweeper within a minute.',
	].join('\n'), 5);
	w.note('rtn', [-0.2, 5.9], [4.5, 0.95], [
		'## Check changes (optional)',
		'Ask Lightspeed support to send Real-Time Notifications (UPDATE, CLOSE) to the URL of **Lightspeed: check changed**, user `lightspeed`, with the password set in the Lightspeed credential.',
	].join('\n'), 7);
	return w;
}

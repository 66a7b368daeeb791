import { HEAD_ANSWER, IN_FLIGHT, TYPES, Workflow, credential, dataTable, stableUuid, webhook } from '../lib.mjs';

/**
 * One restaurant's recovery, called by the fleet sweeper when something of this restaurant is
 * stuck: the Lightspeed connection is checked first (a refused one is recorded, so the fleet
 * emails "Reconnect Lightspeed" once); then payments and orders left claimed by a stopped
 * execution are sent, and sent ones whose outcome never came are settled from Lightspeed.
 * Also the operator's Diagnose (the fleet command calls it).
 */
export default function recovery(context) {
	const { merchant, fleet } = context;
	const id = merchant.integrationId;
	const w = new Workflow('recovery', `${merchant.name} — Recovery`, {
		id: context.ids?.recovery,
		seed: `${id}/recovery`,
		description: `Stuck payments and orders of ${merchant.name}, and the Lightspeed connection; called by the fleet sweeper.`,
	});
	const lightspeed = credential(context, 'lightspeed');
	const qodeup = credential(context, 'qodeup');
	const restaurant = ['integrationId', 'eq', id];
	const restaurantRow = "={{ $('Restaurant settings').first().json }}";
	const timing = { claimedGraceSeconds: fleet.claimedGraceSeconds, settleAfterSeconds: fleet.settleAfterSeconds };
	const tell = (name, at, payloadFrom) =>
		w.node(name, TYPES.qodeup, at, { resource: 'callback', operation: 'send', payloadFrom }, { credentials: qodeup, retryOnFail: true, maxTries: 3, waitBetweenTries: 2000, onError: 'continueRegularOutput' });

	w.node('Called by the fleet sweeper', TYPES.executeWorkflowTrigger, [0, 2], { inputSource: 'passthrough' });
	w.node('Restaurant settings', TYPES.dataTable, [1, 2], dataTable.get(context, 'restaurants', [restaurant], { limit: 1 }), { executeOnce: true, alwaysOutputData: true });
	w.node('Lightspeed: connection', TYPES.lightspeed, [2, 2], { resource: 'location', operation: 'checkConnection' }, { credentials: lightspeed });
	w.node('Ledger: connection state', TYPES.dataTable, [3, 3.2], dataTable.update(context, 'restaurants', [restaurant], 'auto'));

	w.node('Ledger: payments in flight', TYPES.dataTable, [3, 1], dataTable.get(context, 'payments', [restaurant, ...IN_FLIGHT]), { executeOnce: true });
	w.node(
		'Lightspeed: recover payments',
		TYPES.lightspeed,
		[4, 1],
		{
			resource: 'payment',
			operation: 'recover',
			businessLocationId: merchant.businessLocationId,
			restaurant: restaurantRow,
			endpointId: context.endpointId,
			options: { taskTtlMs: context.timing.taskTtlMs },
			...timing,
			giveUpSeconds: fleet.giveUpSeconds,
		},
		{ credentials: lightspeed },
	);
	const byPayment = (status) => [restaurant, ['paymentId', 'eq', '={{ $json.paymentId }}'], ['status', 'eq', status]];
	w.node('Ledger: was claimed', TYPES.dataTable, [5, 0.5], dataTable.update(context, 'payments', byPayment('received'), 'auto'));
	w.node('Ledger: was sent', TYPES.dataTable, [5, 1.3], dataTable.update(context, 'payments', byPayment('sent'), 'auto'));
	tell('Tell Qodeup: payment', [6, 0.9], 'paymentRow');

	w.node('Ledger: orders in flight', TYPES.dataTable, [3, -0.6], dataTable.get(context, 'orders', [restaurant, ...IN_FLIGHT]), { executeOnce: true });
	w.node(
		'Lightspeed: recover orders',
		TYPES.lightspeed,
		[4, -0.6],
		{
			resource: 'order',
			operation: 'recover',
			businessLocationId: merchant.businessLocationId,
			restaurant: restaurantRow,
			endpointId: context.endpointId,
			options: { maxTimeToAttemptMs: context.timing.deliveryTimeoutMs, ...context.orderProfiles },
			claimedGraceSeconds: fleet.claimedGraceSeconds,
			settleAfterSeconds: fleet.orderSettleAfterSeconds,
			giveUpSeconds: fleet.giveUpSeconds,
		},
		{ credentials: lightspeed },
	);
	const byOrder = (status) => [restaurant, ['orderId', 'eq', '={{ $json.orderId }}'], ['status', 'eq', status]];
	w.node('Ledger: order was claimed', TYPES.dataTable, [5, -1], dataTable.update(context, 'orders', byOrder('received'), 'auto'));
	w.node('Ledger: order was sent', TYPES.dataTable, [5, -0.2], dataTable.update(context, 'orders', byOrder('sent'), 'auto'));
	tell('Tell Qodeup: order', [6, -0.6], 'orderRow');

	w.chain('Called by the fleet sweeper', 'Restaurant settings', 'Lightspeed: connection');
	w.connect('Lightspeed: connection', 'Ledger: connection state', 0);
	w.connect('Lightspeed: connection', 'Ledger: connection state', 1);
	w.connect('Lightspeed: connection', 'Ledger: payments in flight', 0);
	w.connect('Lightspeed: connection', 'Ledger: orders in flight', 0);
	w.chain('Ledger: payments in flight', 'Lightspeed: recover payments');
	w.connect('Lightspeed: recover payments', 'Ledger: was claimed', 0);
	w.connect('Lightspeed: recover payments', 'Ledger: was sent', 1);
	w.connect('Ledger: was claimed', 'Tell Qodeup: payment');
	w.connect('Ledger: was sent', 'Tell Qodeup: payment');
	w.chain('Ledger: orders in flight', 'Lightspeed: recover orders');
	w.connect('Lightspeed: recover orders', 'Ledger: order was claimed', 0);
	w.connect('Lightspeed: recover orders', 'Ledger: order was sent', 1);
	w.connect('Ledger: order was claimed', 'Tell Qodeup: order');
	w.connect('Ledger: order was sent', 'Tell Qodeup: order');

	// the operator's diagnosis (npm run merchant -- list / add): an address only the operator knows
	w.node('Diagnose (operator)', TYPES.webhook, [0, 5], webhook(`qodeup-ops/${id}/${merchant.opsToken}/diagnose`, 'GET'), {
		webhookId: stableUuid(`${id}/recovery/diagnose`),
	});
	w.node('Restaurant settings (diagnose)', TYPES.dataTable, [1, 5], dataTable.get(context, 'restaurants', [restaurant], { limit: 1 }), { alwaysOutputData: true });
	w.node(
		'Lightspeed: diagnose',
		TYPES.lightspeed,
		[2, 5],
		{ resource: 'location', operation: 'diagnose', businessLocationId: merchant.businessLocationId, restaurant: '={{ $json }}', endpointId: context.endpointId },
		{ credentials: lightspeed, onError: 'continueRegularOutput' },
	);
	w.node('Answer: diagnosis', TYPES.qodeupRespond, [3, 5], { respondWith: 'firstIncomingItem', statusCode: 200, errorStatusCode: 502, errorCode: 'LIGHTSPEED_UNAVAILABLE', options: {} });
	w.node('Answer HEAD', TYPES.respondToWebhook, [1, 6], HEAD_ANSWER);
	w.chain('Diagnose (operator)', 'Restaurant settings (diagnose)', 'Lightspeed: diagnose', 'Answer: diagnosis');
	w.connect('Diagnose (operator)', 'Answer HEAD', 1);

	w.note('about', [-0.2, -2.5], [5.5, 1.2], [
		'## Recovery (the fleet sweeper calls it)',
		'Nothing runs here unless something is stuck. A payment is sent again only under its own reference, which Lightspeed never books twice, and only after the check is read.',
	].join('\n'), 5);
	return w;
}

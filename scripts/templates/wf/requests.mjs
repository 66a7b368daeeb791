import { HEAD_ANSWER, IN_FLIGHT, TYPES, Workflow, credential, dataTable, ifClaimed, stableUuid, webhook } from '../lib.mjs';

/**
 * What Qodeup sends for one restaurant, and asks about it: payments, payment status, orders,
 * order status (the table lookups are the "Qodeup tables" workflow). Each route is n8n's Webhook node (answered without an expression
 * sandbox for the request) followed by "Check request" (signature, body); the rules are in the
 * nodes, this workflow only wires them.
 */
export default function requests(context) {
	const { merchant } = context;
	const id = merchant.integrationId;
	const w = new Workflow('requests', `${merchant.name} — Qodeup requests`, {
		id: context.ids?.requests,
		seed: `${id}/requests`,
		description: `What Qodeup sends to ${merchant.name}: payments and orders, and their status.`,
		// a live payment never takes longer; recovery (fleet sweeper) waits longer than this
		settings: { executionTimeout: context.timing.requestTimeoutSeconds },
	});
	const lightspeed = credential(context, 'lightspeed');
	const qodeup = credential(context, 'qodeup');
	const location = merchant.businessLocationId;
	const restaurantFilter = [['integrationId', 'eq', id]];
	const check = (route) => ({ resource: 'request', operation: 'check', integrationId: id, route });
	const HEAD = 'Answer HEAD (uptime checks)';
	w.node(HEAD, TYPES.respondToWebhook, [1, 12], HEAD_ANSWER);
	const hook = (name, at, path, method, dynamic = false) => {
		w.node(name, TYPES.webhook, at, webhook(path, method, { rawBody: method === 'POST' }), {
			// a path with a parameter starts with the node's webhook id: "qodeup" keeps every URL
			// qodeup/<integration id>/…; static paths get a webhook id of their own
			webhookId: dynamic ? 'qodeup' : stableUuid(`${id}/requests/${name}`),
		});
		w.connect(name, HEAD, 1);
		return name;
	};

	const REFUSED = 'Answer a refused request';
	w.node(REFUSED, TYPES.qodeupRespond, [2, 12], { respondWith: 'answerItem', options: {} });
	// the ledger could not record the request (full, missing, database down): 503, nothing sent
	const UNRECORDED = 'Answer: not recorded';
	w.node(UNRECORDED, TYPES.qodeupRespond, [6, 12], { respondWith: 'firstIncomingItem', statusCode: 503, errorStatusCode: 503, errorCode: 'LEDGER_UNAVAILABLE', options: {} });

	// ---- payments
	const CHECK_PAY = 'Check: payment';
	hook('POST payments', [0, 3], `qodeup/${id}/payments`, 'POST');
	w.node(CHECK_PAY, TYPES.qodeup, [1, 3], check('payments'), { credentials: qodeup });
	// one row per payment id, even for ten identical requests at once (update-or-insert in one transaction)
	w.node(
		'Ledger: find or create the payment',
		TYPES.dataTable,
		[2, 3],
		dataTable.upsert(context, 'payments', [...restaurantFilter, ['paymentId', 'eq', '={{ $json.paymentId }}']], { integrationId: id, paymentId: '={{ $json.paymentId }}' }),
		{ onError: 'continueErrorOutput' },
	);
	// only the request whose conditional update changes the row goes on; it records the request
	w.node(
		'Ledger: claim the payment',
		TYPES.dataTable,
		[3, 3],
		dataTable.update(context, 'payments', [...restaurantFilter, ['paymentId', 'eq', '={{ $json.paymentId }}'], ['status', 'isEmpty']], {
			status: 'received',
			request: `={{ $('${CHECK_PAY}').item.json.request }}`,
			// known from the start: an outcome notification ahead of the send's record finds the row
			reference: `={{ $('${CHECK_PAY}').item.json.reference }}`,
			attempt: 1,
			errorCode: '',
			errorText: '',
			emailStatus: '',
			remaining: '',
		}),
		// n8n refuses a write at its Data table size limit: answered 503, nothing sent
		{ alwaysOutputData: true, onError: 'continueErrorOutput' },
	);
	w.node('Claimed?', TYPES.if, [4, 3], ifClaimed(`${id}/payments/claimed`));
	w.node('Ledger: the payment as it is', TYPES.dataTable, [5, 4], dataTable.get(context, 'payments', [...restaurantFilter, ['paymentId', 'eq', `={{ $('${CHECK_PAY}').item.json.paymentId }}`]], { limit: 1 }), { alwaysOutputData: true });
	w.node('Answer: repeated payment', TYPES.qodeupRespond, [6, 4], { respondWith: 'paymentSubmission', request: `={{ $('${CHECK_PAY}').item.json }}`, options: {} });
	// the restaurant's settings are read at most every 30 s per n8n process (and at once after a
	// merchant publishes them), not once per payment: one Data table read fewer on the way
	const SETTINGS_KNOWN = 'Restaurant settings known?';
	w.node(SETTINGS_KNOWN, TYPES.lightspeed, [5, 2.6], { resource: 'settings', operation: 'recall', integrationId: id }, { credentials: lightspeed });
	w.node('Restaurant settings', TYPES.dataTable, [5.6, 1.7], dataTable.get(context, 'restaurants', restaurantFilter, { limit: 1 }), { alwaysOutputData: true });
	w.node('Remember the settings', TYPES.lightspeed, [6.4, 1.7], { resource: 'settings', operation: 'remember', integrationId: id }, { credentials: lightspeed });
	w.node('Ledger: payments in flight', TYPES.dataTable, [7, 2.6], dataTable.get(context, 'payments', [...restaurantFilter, ...IN_FLIGHT]));
	w.node(
		'Lightspeed: apply the payment',
		TYPES.lightspeed,
		[8, 2.6],
		{
			resource: 'payment',
			operation: 'apply',
			paymentId: `={{ $('${CHECK_PAY}').first().json.paymentId }}`,
			settingsFrom: 'memory',
			businessLocationId: location,
			endpointId: context.endpointId,
			options: { taskTtlMs: context.timing.taskTtlMs },
		},
		{ credentials: lightspeed },
	);
	w.node('Answer: payment', TYPES.qodeupRespond, [9, 2], { respondWith: 'paymentSubmission', options: {} });
	const record = (name, at) =>
		w.node(name, TYPES.dataTable, at, dataTable.update(context, 'payments', [...restaurantFilter, ['paymentId', 'eq', '={{ $json.paymentId }}'], ['status', 'eq', 'received']], 'auto'));
	record('Ledger: record the outcome', [10, 2]);
	record('Ledger: record the refusal', [9, 3]);
	w.node('Answer: refusal or pending', TYPES.qodeupRespond, [10, 3], { respondWith: 'paymentSubmission', options: {} });

	w.chain('POST payments', CHECK_PAY, 'Ledger: find or create the payment', 'Ledger: claim the payment', 'Claimed?');
	w.connect(CHECK_PAY, REFUSED, 1);
	w.connect('Ledger: find or create the payment', UNRECORDED, 1);
	w.connect('Ledger: claim the payment', UNRECORDED, 1);
	w.connect('Claimed?', SETTINGS_KNOWN, 0);
	w.connect('Claimed?', 'Ledger: the payment as it is', 1);
	w.chain('Ledger: the payment as it is', 'Answer: repeated payment');
	w.connect(SETTINGS_KNOWN, 'Ledger: payments in flight', 0);
	w.connect(SETTINGS_KNOWN, 'Restaurant settings', 1);
	w.chain('Restaurant settings', 'Remember the settings', 'Ledger: payments in flight', 'Lightspeed: apply the payment');
	w.connect('Lightspeed: apply the payment', 'Answer: payment', 0);
	w.connect('Lightspeed: apply the payment', 'Ledger: record the refusal', 1);
	w.connect('Lightspeed: apply the payment', 'Answer: refusal or pending', 2);
	w.chain('Answer: payment', 'Ledger: record the outcome');
	w.chain('Ledger: record the refusal', 'Answer: refusal or pending');

	// ---- payment status
	hook('GET payment status', [0, 5.5], `${id}/payments/:paymentId`, 'GET', true);
	w.node('Check: payment status', TYPES.qodeup, [1, 5.5], check('paymentStatus'), { credentials: qodeup });
	w.node('Ledger: the payment', TYPES.dataTable, [2, 5.5], dataTable.get(context, 'payments', [...restaurantFilter, ['paymentId', 'eq', '={{ $json.paymentId }}']], { limit: 1 }), { alwaysOutputData: true });
	w.node('Answer: payment status', TYPES.qodeupRespond, [3, 5.5], { respondWith: 'paymentStatus', options: {} });
	w.chain('GET payment status', 'Check: payment status', 'Ledger: the payment', 'Answer: payment status');
	w.connect('Check: payment status', REFUSED, 1);

	// ---- orders
	const CHECK_ORDER = 'Check: order';
	const orderFilter = [...restaurantFilter, ['orderId', 'eq', '={{ $json.orderId }}']];
	const askedOrder = `={{ $('${CHECK_ORDER}').item.json.orderId }}`;
	hook('POST orders', [0, 7.5], `qodeup/${id}/orders`, 'POST');
	w.node(CHECK_ORDER, TYPES.qodeup, [1, 7.5], check('orders'), { credentials: qodeup });
	// read first: the order is sent with the claimed row as its input
	w.node('Restaurant settings (orders)', TYPES.dataTable, [2, 7.5], dataTable.get(context, 'restaurants', restaurantFilter, { limit: 1 }), { alwaysOutputData: true });
	w.node(
		'Ledger: find or create the order',
		TYPES.dataTable,
		[3, 7.5],
		dataTable.upsert(context, 'orders', [...restaurantFilter, ['orderId', 'eq', askedOrder]], { integrationId: id, orderId: askedOrder }),
		{ onError: 'continueErrorOutput' },
	);
	w.node(
		'Ledger: claim the order',
		TYPES.dataTable,
		[4, 7.5],
		dataTable.update(context, 'orders', [...orderFilter, ['status', 'isEmpty']], {
			status: 'received',
			request: `={{ $('${CHECK_ORDER}').item.json.request }}`,
			reference: `={{ $('${CHECK_ORDER}').item.json.reference }}`,
			attempt: 1,
			errorCode: '',
			errorText: '',
			emailStatus: '',
		}),
		{ alwaysOutputData: true, onError: 'continueErrorOutput' },
	);
	w.node('Order claimed?', TYPES.if, [5, 7.5], ifClaimed(`${id}/orders/claimed`));
	w.node('Ledger: the order as it is', TYPES.dataTable, [6, 8.5], dataTable.get(context, 'orders', [...restaurantFilter, ['orderId', 'eq', `={{ $('${CHECK_ORDER}').item.json.orderId }}`]], { limit: 1 }), { alwaysOutputData: true });
	w.node('Answer: repeated order', TYPES.qodeupRespond, [7, 8.5], { respondWith: 'orderSubmission', request: `={{ $('${CHECK_ORDER}').item.json }}`, options: {} });
	w.node(
		'Lightspeed: send the order',
		TYPES.lightspeed,
		[6, 7],
		{
			resource: 'order',
			operation: 'send',
			businessLocationId: location,
			restaurant: "={{ $('Restaurant settings (orders)').first().json }}",
			endpointId: context.endpointId,
			options: { maxTimeToAttemptMs: context.timing.deliveryTimeoutMs, ...context.orderProfiles },
		},
		{ credentials: lightspeed },
	);
	w.node('Answer: order', TYPES.qodeupRespond, [7, 6.6], { respondWith: 'orderSubmission', options: {} });
	w.node('Ledger: record the order', TYPES.dataTable, [8, 6.6], dataTable.update(context, 'orders', [...orderFilter, ['status', 'eq', 'received']], 'auto'));
	w.node('Answer: order on its way', TYPES.qodeupRespond, [7, 7.5], { respondWith: 'orderSubmission', options: {} });

	w.chain('POST orders', CHECK_ORDER, 'Restaurant settings (orders)', 'Ledger: find or create the order', 'Ledger: claim the order', 'Order claimed?');
	w.connect(CHECK_ORDER, REFUSED, 1);
	w.connect('Ledger: find or create the order', UNRECORDED, 1);
	w.connect('Ledger: claim the order', UNRECORDED, 1);
	w.connect('Order claimed?', 'Lightspeed: send the order', 0);
	w.connect('Order claimed?', 'Ledger: the order as it is', 1);
	w.chain('Ledger: the order as it is', 'Answer: repeated order');
	w.connect('Lightspeed: send the order', 'Answer: order', 0);
	w.connect('Lightspeed: send the order', 'Answer: order on its way', 1);
	w.chain('Answer: order', 'Ledger: record the order');

	// ---- order status
	hook('GET order status', [0, 10], `${id}/orders/:orderId`, 'GET', true);
	w.node('Check: order status', TYPES.qodeup, [1, 10], check('orderStatus'), { credentials: qodeup });
	w.node('Ledger: the order', TYPES.dataTable, [2, 10], dataTable.get(context, 'orders', [...restaurantFilter, ['orderId', 'eq', '={{ $json.orderId }}']], { limit: 1 }), { alwaysOutputData: true });
	w.node('Answer: order status', TYPES.qodeupRespond, [3, 10], { respondWith: 'orderStatus', options: {} });
	w.chain('GET order status', 'Check: order status', 'Ledger: the order', 'Answer: order status');
	w.connect('Check: order status', REFUSED, 1);

	w.note('about', [-0.2, -1.4], [6, 1.25], [
		`## What Qodeup asks of ${merchant.name}`,
		`Base URL \`…/webhook/qodeup/${id}/\` — every request is signed with the **Qodeup** credential's secret; a bad signature or body is answered by **Answer a refused request** and nothing else runs.`,
		'Payments and orders are written to the ledgers (**Data tables**) before anything is sent, so a repeated id never goes to Lightspeed twice, and a repeated id with other details is refused (409).',
	].join('\n'), 4);
	w.note('settings', [9.5, -1.4], [3, 1.25], [
		'## Nothing to edit here',
		'Payment methods, emails and staff are in the **Restaurant settings** workflow. The location and the Lightspeed connection are the operator\'s (fleet command).',
	].join('\n'), 7);
	return w;
}

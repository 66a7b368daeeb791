import { HEAD_ANSWER, IN_FLIGHT, TYPES, Workflow, credential, dataTable, ifClaimed, stableUuid, webhook } from '../lib.mjs';

/**
 * The page behind the retry link of a failure email, for payments or for orders. Opening it
 * (GET or HEAD, as mail scanners do) shows what a retry would do and changes nothing; only the
 * "Retry now" button on it (a POST) claims the next attempt — once — and sends it.
 */
export default function retry(context, kind) {
	const { merchant } = context;
	const id = merchant.integrationId;
	const payment = kind === 'payment';
	const ledger = payment ? 'payments' : 'orders';
	const role = payment ? 'retryPayment' : 'retryOrder';
	const w = new Workflow(role, `${merchant.name} — Retry ${payment ? 'a payment' : 'an order'}`, {
		id: context.ids?.[role],
		seed: `${id}/${role}`,
		description: `The page behind the retry link of a failed ${kind} of ${merchant.name}.`,
	});
	const lightspeed = credential(context, 'lightspeed');
	const restaurant = ['integrationId', 'eq', id];
	const PAGE = 'Page';

	// outputs: GET (show), POST ("Retry now" pressed), HEAD (a scanner's look: 200, nothing runs)
	w.node('Retry link', TYPES.webhook, [0, 1], webhook(`qodeup-retry/${id}/${kind}`, ['GET', 'POST']), {
		webhookId: stableUuid(`${id}/${role}/webhook`),
	});
	w.node('Answer HEAD', TYPES.respondToWebhook, [1, 2.5], HEAD_ANSWER);
	w.node('Restaurant settings', TYPES.dataTable, [1, 1], dataTable.get(context, 'restaurants', [restaurant], { limit: 1 }), { alwaysOutputData: true });
	// the token is in the link's query (the page's form posts back to the same address)
	w.node(
		`Ledger: the ${kind} of this link`,
		TYPES.dataTable,
		[2, 1],
		dataTable.get(context, ledger, [restaurant, ['retryToken', 'eq', "={{ $('Retry link').item.json.query.t }}"]], { limit: 1 }),
		{ alwaysOutputData: true },
	);
	w.node('Retry: was it pressed?', TYPES.qodeup, [3, 1], { resource: 'retry', operation: 'prepare', kind, request: "={{ $('Retry link').item.json }}" });
	// what a retry would do (from "Show Page"), else what the retry did
	w.node(PAGE, TYPES.qodeup, [9, 1.6], {
		resource: 'retry',
		operation: 'page',
		kind,
		mode: 'auto',
		restaurantName: merchant.name,
		timezone: merchant.timezone ?? '',
		currency: merchant.currency ?? 'EUR',
	});
	w.node('Answer', TYPES.qodeupRespond, [10, 2], { respondWith: 'answerItem', options: {} });
	// the link works once: only an unused token on a failed row matches
	w.node(
		'Ledger: claim the retry',
		TYPES.dataTable,
		[4, 0.6],
		dataTable.update(context, ledger, [restaurant, ['retryToken', 'eq', '={{ $json.retryToken }}'], ['status', 'eq', 'failed'], ['retryUsedAtMs', 'isEmpty']], 'auto'),
		{ alwaysOutputData: true },
	);
	w.node('Claimed?', TYPES.if, [5, 0.6], ifClaimed(`${id}/${role}/claimed`));
	const send = 'Lightspeed: send it again';
	const record = 'Ledger: record the retry';

	w.connect('Retry link', 'Restaurant settings', 0);
	w.connect('Retry link', 'Restaurant settings', 1);
	w.connect('Retry link', 'Answer HEAD', 2);
	w.chain('Restaurant settings', `Ledger: the ${kind} of this link`, 'Retry: was it pressed?');
	w.connect('Retry: was it pressed?', 'Ledger: claim the retry', 0);
	w.connect('Retry: was it pressed?', PAGE, 1);
	w.chain('Ledger: claim the retry', 'Claimed?');
	w.connect('Claimed?', PAGE, 1);
	w.chain(PAGE, 'Answer');

	const restaurantRow = "={{ $('Restaurant settings').first().json }}";
	if (payment) {
		w.node('Ledger: payments in flight', TYPES.dataTable, [6, 0.6], dataTable.get(context, 'payments', [restaurant, ...IN_FLIGHT]));
		w.node(
			send,
			TYPES.lightspeed,
			[7, 0.6],
			{
				resource: 'payment',
				operation: 'apply',
				paymentId: "={{ $('Ledger: claim the retry').first().json.paymentId }}",
				businessLocationId: merchant.businessLocationId,
				restaurant: restaurantRow,
				endpointId: context.endpointId,
				options: { taskTtlMs: context.timing.taskTtlMs },
			},
			{ credentials: lightspeed },
		);
		w.node(record, TYPES.dataTable, [8, 0.3], dataTable.update(context, 'payments', [restaurant, ['paymentId', 'eq', '={{ $json.paymentId }}'], ['status', 'eq', 'received']], 'auto'));
		w.connect('Claimed?', 'Ledger: payments in flight', 0);
		w.chain('Ledger: payments in flight', send);
		w.connect(send, record, 0);
		w.connect(send, record, 1);
		w.connect(send, PAGE, 2);
	} else {
		w.node(
			send,
			TYPES.lightspeed,
			[7, 0.6],
			{
				resource: 'order',
				operation: 'send',
				businessLocationId: merchant.businessLocationId,
				restaurant: restaurantRow,
				endpointId: context.endpointId,
				options: { maxTimeToAttemptMs: context.timing.deliveryTimeoutMs, ...context.orderProfiles },
			},
			{ credentials: lightspeed },
		);
		w.node(record, TYPES.dataTable, [8, 0.3], dataTable.update(context, 'orders', [restaurant, ['orderId', 'eq', '={{ $json.orderId }}'], ['status', 'eq', 'received']], 'auto'));
		w.connect('Claimed?', send, 0);
		w.connect(send, record, 0);
		w.connect(send, PAGE, 1);
	}
	w.connect(record, PAGE);

	w.note('about', [-0.2, -0.9], [5.5, 1.2], [
		`## The retry link of a failed ${kind}`,
		'Opening the link shows the page; nothing happens until **Retry now** is pressed on it (mail scanners open links too). The link works once and expires; a newer email replaces it.',
	].join('\n'), 5);
	return w;
}

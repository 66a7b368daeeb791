import { CREDENTIALS, MERCHANT, TYPES, WF, Workflow, executeWorkflow, ifTrue, stableUuid } from '../lib.mjs';

const TRIGGER = 'Qodeup: order';
const O = `$('${TRIGGER}').first().json.order`;
const S = "$('Merchant settings').first().json";

/** POST qodeup/<id>/orders: eat-in (new check on a table, or added to the open one) and to-go. */
export default function orders() {
	const w = new Workflow(WF.orders, { description: 'Qodeup sends an eat-in or to-go order to the Lightspeed POS.' });
	w.node(
		TRIGGER,
		TYPES.qodeupTrigger,
		[0, 1],
		{ integrationId: MERCHANT.integrationId, resource: 'orders', responseMode: 'responseNode' },
		{ credentials: CREDENTIALS.qodeup, webhookId: stableUuid(`${WF.orders.id}/webhook`) },
	);
	w.node('Merchant settings', TYPES.executeWorkflow, [1, 1], executeWorkflow(WF.settings));
	w.node('Eat-in?', TYPES.if, [2, 1], ifTrue(`${O}.mode === 'eat-in'`, `${WF.orders.id}/eat-in`));
	const common = {
		resource: 'order',
		businessLocationId: `={{ ${S}.businessLocationId }}`,
		orderId: `={{ ${O}.orderId }}`,
		endpointId: MERCHANT.endpointId,
	};
	const trailing = {
		items: `={{ ${O}.items }}`,
		customer: `={{ ${O}.customer || {} }}`,
		note: `={{ ${O}.note || '' }}`,
		payment: `={{ ${O}.payment || null }}`,
		cardPaymentMethod: `={{ ${S}.cardPaymentMethod }}`,
		voucherPaymentMethod: `={{ ${S}.voucherPaymentMethod || '' }}`,
	};
	// The order id is Lightspeed's thirdPartyReference, which it refuses to reuse: a repeat or a
	// retry can never create a second order, so retrying on a transport error is safe.
	const settings = { credentials: CREDENTIALS.lightspeed, retryOnFail: true, maxTries: 2, waitBetweenTries: 1000, onError: 'continueRegularOutput' };
	w.node(
		'Lightspeed: eat-in order',
		TYPES.lightspeed,
		[3, 0.6],
		{
			...common,
			operation: 'createEatIn',
			tableNumber: `={{ ${O}.tableNumber == null ? '' : String(${O}.tableNumber) }}`,
			checkId: `={{ ${O}.checkId || '' }}`,
			...trailing,
			options: {},
		},
		settings,
	);
	w.node('Lightspeed: to-go order', TYPES.lightspeed, [3, 1.4], { ...common, operation: 'createToGo', ...trailing, options: {} }, settings);
	w.node('Answer Qodeup', TYPES.qodeupRespond, [4, 1], {
		statusCode: "={{ $json.error ? (['LIGHTSPEED_UNAVAILABLE', 'RATE_LIMITED', 'AUTHENTICATION_FAILED', 'ACCESS_DENIED'].includes($json.errorCode) ? 502 : 422) : 202 }}",
		body:
			`={{ $json.error ? { orderId: ${O}.orderId, status: 'failed', error: $json.errorCode || 'INVALID_ORDER', message: $json.error } : ` +
			"{ orderId: $json.orderId, status: 'pending', reference: $json.thirdPartyReference, mode: $json.mode, alreadySent: $json.status === 'alreadySent' } }}",
		options: {},
	});
	w.chain(TRIGGER, 'Merchant settings', 'Eat-in?');
	w.connect('Eat-in?', 'Lightspeed: eat-in order', 0);
	w.connect('Eat-in?', 'Lightspeed: to-go order', 1);
	w.connect('Lightspeed: eat-in order', 'Answer Qodeup');
	w.connect('Lightspeed: to-go order', 'Answer Qodeup');
	w.note(
		'about',
		[-0.1, -1],
		[5, 1.4],
		[
			'## Orders from Qodeup',
			'**Eat-in**: a new check on the table, or the items are added to the open check when Qodeup names it (`checkId`). **To-go**: a takeaway order. Lightspeed confirms by webhook; Qodeup gets **202** `{status: pending}` at once, **422** when Lightspeed refuses the order request (invalid items, unknown check…), **502** when it cannot be reached. The order id is Lightspeed\'s reference: the same order twice is never created twice.',
			'',
			'Location and payment methods come from *Merchant settings*; the Endpoint ID must match the *Payment outcome* trigger.',
		].join('\n'),
		5,
	);
	return w;
}

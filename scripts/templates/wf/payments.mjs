import {
	CREDENTIALS,
	GUEST_REFUSALS,
	IN_FLIGHT,
	MERCHANT,
	TASK_TTL_MS,
	TYPES,
	WF,
	Workflow,
	answerBodyJs,
	answerStatusJs,
	executeWorkflow,
	ifTrue,
	inFlightJs,
	ledger,
	referenceJs,
	stableUuid,
	switchOn,
} from '../lib.mjs';

const TRIGGER = 'Qodeup: payment request';
const P = `$('${TRIGGER}').first().json.payment`;
const S = "$('Merchant settings').first().json";
const CLAIM = 'Ledger: claim the payment';
const GUEST = JSON.stringify(Object.keys(GUEST_REFUSALS)).replace(/"/g, "'");
const str = (js) => `={{ ${js} == null ? '' : String(${js}) }}`;

/**
 * POST qodeup/<id>/payments: ledger row (idempotent on the payment id) → amount check counting
 * payments in flight → apply → answer 202 / 409 / 404; failures → ledger + failure email.
 */
export default function payments() {
	const w = new Workflow(WF.payments, {
		description: 'Qodeup sends a payment: it lands on the Lightspeed check exactly once, or the merchant gets an email with a Retry button.',
	});
	w.node(
		TRIGGER,
		TYPES.qodeupTrigger,
		[0, 2],
		{ integrationId: MERCHANT.integrationId, resource: 'payments', responseMode: 'responseNode' },
		{ credentials: CREDENTIALS.qodeup, webhookId: stableUuid(`${WF.payments.id}/webhook`) },
	);
	// 1. One row per payment id, even when Qodeup sends the same id ten times at once: upsert
	//    (update-or-insert in one transaction) writes only the key, so an existing row keeps its state.
	w.node('Ledger: find or create the row', TYPES.dataTable, [1, 2], ledger.upsert([['paymentId', 'eq', `={{ ${P}.paymentId }}`]], { paymentId: `={{ ${P}.paymentId }}` }));
	// 2. Claim it: only the execution whose conditional update changes the row goes on.
	w.node(
		CLAIM,
		TYPES.dataTable,
		[2, 2],
		ledger.update(
			[
				['paymentId', 'eq', `={{ ${P}.paymentId }}`],
				['status', 'isEmpty'],
			],
			{
				status: 'received',
				tableNumber: str(`${P}.tableNumber`),
				checkId: str(`${P}.checkId`),
				amount: `={{ ${P}.amount }}`,
				tipAmount: `={{ ${P}.tipAmount || '0.00' }}`,
				method: `={{ ${P}.method }}`,
				attempt: 1,
				reference: `={{ ${referenceJs(`${P}.paymentId`, '1')} }}`,
				errorCode: '',
				errorText: '',
				remaining: '',
				emailStatus: '',
				sentAtMs: '={{ $now.toMillis() }}',
			},
		),
		{ alwaysOutputData: true },
	);
	w.node('Claimed?', TYPES.if, [3, 2], ifTrue('!!$json.paymentId', `${WF.payments.id}/claimed`));
	w.node('Ledger: read the row', TYPES.dataTable, [4, 3.3], ledger.get([['paymentId', 'eq', `={{ ${P}.paymentId }}`]], { returnAll: false, limit: 1 }), { alwaysOutputData: true });
	w.node('Answer Qodeup (repeat)', TYPES.qodeupRespond, [5, 3.3], {
		statusCode: `={{ ${answerStatusJs()} }}`,
		body: `={{ ${answerBodyJs('Object.assign({}, $json, { paymentId: $json.paymentId || ' + P + '.paymentId })')} }}`,
		options: {},
	});
	w.node('Merchant settings', TYPES.executeWorkflow, [4, 2], executeWorkflow(WF.settings));
	// 3. Payments on the same check that Lightspeed has not confirmed yet (this one excluded).
	w.node(
		'Ledger: payments in flight',
		TYPES.dataTable,
		[5, 2],
		ledger.get([...IN_FLIGHT, ['paymentId', 'neq', `={{ ${P}.paymentId }}`]]),
		{ alwaysOutputData: true },
	);
	w.node(
		'Lightspeed: apply payment',
		TYPES.lightspeed,
		[6, 2],
		{
			resource: 'payment',
			operation: 'apply',
			businessLocationId: `={{ ${S}.businessLocationId }}`,
			paymentId: `={{ ${P}.paymentId }}`,
			attempt: 1,
			checkId: str(`${P}.checkId`),
			tableNumber: str(`${P}.tableNumber`),
			amount: `={{ ${P}.amount }}`,
			tipAmount: `={{ ${P}.tipAmount || '0' }}`,
			method: `={{ ${P}.method }}`,
			cardPaymentMethod: `={{ ${S}.cardPaymentMethod }}`,
			voucherPaymentMethod: `={{ ${S}.voucherPaymentMethod || '' }}`,
			inFlightAmount: `={{ ${inFlightJs("$('Ledger: payments in flight').all()", P, `$('${CLAIM}').first().json`)} }}`,
			endpointId: MERCHANT.endpointId,
			options: { staffId: `={{ ${S}.staffId || '' }}`, taskTtlMs: TASK_TTL_MS },
		},
		{
			credentials: CREDENTIALS.lightspeed,
			executeOnce: true,
			// Safe to repeat: the same payment id and attempt always give the same reference, and
			// Lightspeed refuses a reused reference (the node then looks at the check instead).
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 1000,
			onError: 'continueRegularOutput',
		},
	);
	const C = `$('${CLAIM}').first().json`;
	w.node('Answer Qodeup', TYPES.qodeupRespond, [7, 2], {
		statusCode: `={{ ${answerStatusJs()} }}`,
		body: `={{ ${answerBodyJs(`Object.assign({}, $json, { paymentId: $json.paymentId || ${C}.paymentId, reference: $json.reference || ${C}.reference })`)} }}`,
		options: {},
	});
	// 4. Write down what happened. An item without `alreadySent` is an error item (transport failure after retries).
	w.node(
		'What happened?',
		TYPES.switch,
		[8, 2],
		switchOn(
			`typeof $json.alreadySent !== 'boolean' ? 3 : $json.status === 'sent' ? 0 : $json.status === 'applied' ? 1 : ${GUEST}.includes($json.errorCode) ? 2 : 3`,
			4,
		),
	);
	const byPayment = [
		['paymentId', 'eq', `={{ ${P}.paymentId }}`],
		['status', 'eq', 'received'],
	];
	const checkFields = {
		checkId: `={{ $json.checkId || ${C}.checkId || '' }}`,
		tableNumber: `={{ $json.tableNumber == null ? ${C}.tableNumber : String($json.tableNumber) }}`,
		businessLocationId: `={{ String(${S}.businessLocationId) }}`,
	};
	w.node('Ledger: mark sent', TYPES.dataTable, [9, 1], ledger.update(byPayment, { status: 'sent', ...checkFields, paymentMethodCode: "={{ $json.paymentMethodCode || '' }}" }));
	w.node('Ledger: mark applied', TYPES.dataTable, [9, 1.8], ledger.update(byPayment, { status: 'applied', ...checkFields, paymentMethodCode: "={{ $json.paymentMethodCode || '' }}", settledAtMs: '={{ $now.toMillis() }}' }));
	w.node(
		'Ledger: mark refused',
		TYPES.dataTable,
		[9, 2.6],
		ledger.update(byPayment, {
			status: 'refused',
			...checkFields,
			errorCode: '={{ $json.errorCode }}',
			errorText: "={{ $json.message || '' }}",
			remaining: "={{ $json.remaining || '' }}",
			settledAtMs: '={{ $now.toMillis() }}',
		}),
	);
	w.node(
		'Ledger: mark failed',
		TYPES.dataTable,
		[9, 3.4],
		ledger.update(byPayment, {
			status: 'failed',
			...checkFields,
			paymentMethodCode: "={{ $json.paymentMethodCode || '' }}",
			errorCode: "={{ $json.errorCode || 'UNKNOWN' }}",
			errorText: "={{ $json.message || $json.lightspeedMessage || $json.error || '' }}",
			// the notice sets "sent"; if it never gets there, the sweeper sends it again
			emailStatus: 'pending',
			settledAtMs: '={{ $now.toMillis() }}',
		}),
	);
	w.node('Send failure notice', TYPES.executeWorkflow, [10, 3.4], executeWorkflow(WF.failNotice));

	w.chain(TRIGGER, 'Ledger: find or create the row', CLAIM, 'Claimed?');
	w.connect('Claimed?', 'Merchant settings', 0);
	w.connect('Claimed?', 'Ledger: read the row', 1);
	w.chain('Ledger: read the row', 'Answer Qodeup (repeat)');
	w.chain('Merchant settings', 'Ledger: payments in flight', 'Lightspeed: apply payment', 'Answer Qodeup', 'What happened?');
	w.connect('What happened?', 'Ledger: mark sent', 0);
	w.connect('What happened?', 'Ledger: mark applied', 1);
	w.connect('What happened?', 'Ledger: mark refused', 2);
	w.connect('What happened?', 'Ledger: mark failed', 3);
	w.chain('Ledger: mark failed', 'Send failure notice');

	w.note(
		'idempotency',
		[0.8, 0.55],
		[3.1, 1.25],
		[
			'## 1. Exactly once per payment id',
			'**Find or create** upserts the row by Qodeup\'s payment id (one row even for 10 identical requests at once). **Claim** is a conditional update (`status` empty → `received`): only one execution wins it. The others answer from the ledger, so a repeated payment id gets the same answer and is never sent twice.',
			'',
			'The reference `QD-<paymentId>-<attempt>` is stored now, before sending, so the outcome webhook always finds the row.',
		].join('\n'),
		5,
	);
	w.note(
		'amount check',
		[3.9, 0.55],
		[3.1, 1.25],
		[
			'## 2. Amount check, counting payments in flight',
			'**Payments in flight** = ledger rows still `received`/`sent` on the same check (or table). The apply node re-reads the check and refuses when amount > remaining − in flight, so two guests paying the same bill at once cannot overpay it. Sums are exact (integer cents), never floats.',
			'',
			'**Apply** retries once on a transport error (after the node\'s own 5xx/429 backoff). That is safe: the same payment id + attempt always gives the same reference, and Lightspeed refuses a reused one; the node then looks at the check instead of paying again.',
		].join('\n'),
		6,
	);
	w.note(
		'answers',
		[7, 0.2],
		[3.6, 0.75],
		[
			'## 3. Answer, then record',
			'**202** `{status: pending}` when Lightspeed took it (the outcome comes by webhook → *Payment outcome*); **409** with `remaining` when the amount is too high; **404** when there is no open check. Configuration problems (payment API off, payment method gone) and Lightspeed errors → **202** `failed` + a failure email with a Retry button.',
		].join('\n'),
		4,
	);
	w.note(
		'settings',
		[3.6, 4.1],
		[2.6, 0.75],
		'Card/voucher payment methods, location, staff and emails come from the **Merchant settings** workflow (published version), so a change there applies to the next payment. The Endpoint ID on *Apply* must match the *Payment outcome* trigger.',
		7,
	);
	return w;
}

import { CREDENTIALS, MERCHANT, TYPES, WF, Workflow, executeWorkflow, ifTrue, ledger, stableUuid } from '../lib.mjs';

/** Lightspeed's PAYMENT webhook → ledger applied, or failed + failure email (once). */
export default function outcome() {
	const w = new Workflow(WF.outcome, { description: 'Lightspeed reports the outcome of a payment; the ledger records it and a failure is emailed once.' });
	w.node(
		'Lightspeed: payment outcome',
		TYPES.lightspeedTrigger,
		[0, 1],
		{
			source: 'orderAndPay',
			businessLocationId: MERCHANT.businessLocationId,
			endpointId: MERCHANT.endpointId,
			events: ['paymentSuccess', 'paymentFailure'],
		},
		{ credentials: CREDENTIALS.lightspeed, webhookId: stableUuid(`${WF.outcome.id}/webhook`) },
	);
	w.node('Paid?', TYPES.if, [1, 1], ifTrue("$json.event === 'paymentSuccess'", `${WF.outcome.id}/paid`));
	// Conditional updates: a duplicate or late webhook changes nothing, so nothing is emailed twice.
	w.node(
		'Ledger: mark applied',
		TYPES.dataTable,
		[2, 0.5],
		ledger.update(
			[
				['reference', 'eq', '={{ $json.reference }}'],
				['status', 'neq', 'applied'],
				['status', 'neq', 'refused'],
			],
			{ status: 'applied', checkId: "={{ $json.checkId || '' }}", errorCode: '', errorText: '', settledAtMs: '={{ $now.toMillis() }}' },
		),
	);
	w.node(
		'Ledger: mark failed',
		TYPES.dataTable,
		[2, 1.5],
		ledger.update(
			[
				['reference', 'eq', '={{ $json.reference }}'],
				['status', 'neq', 'applied'],
				['status', 'neq', 'failed'],
				['status', 'neq', 'refused'],
			],
			{
				status: 'failed',
				errorCode: "={{ $json.errorCode || 'UNKNOWN' }}",
				errorText: "={{ $json.reason || '' }}",
				emailStatus: 'pending',
				settledAtMs: '={{ $now.toMillis() }}',
			},
		),
	);
	w.node('Send failure notice', TYPES.executeWorkflow, [3, 1.5], executeWorkflow(WF.failNotice));
	w.chain('Lightspeed: payment outcome', 'Paid?');
	w.connect('Paid?', 'Ledger: mark applied', 0);
	w.connect('Paid?', 'Ledger: mark failed', 1);
	w.chain('Ledger: mark failed', 'Send failure notice');
	w.note(
		'about',
		[-0.1, -0.85],
		[4.3, 1.25],
		[
			'## Payment outcome (Lightspeed Order & Pay webhook)',
			`Publishing this workflow registers its URL at Lightspeed as webhook endpoint **${MERCHANT.endpointId}** (the *Endpoint ID*; payments name the same ID). Set the **Business Location** to the one in *Merchant settings*.`,
			'',
			'The ledger row is found by the payment reference and only changed when its state allows it: a duplicate or out-of-order webhook changes nothing, so the merchant is emailed **once** per failure. A failure after a success never overwrites it.',
		].join('\n'),
		5,
	);
	return w;
}

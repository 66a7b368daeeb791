import { CREDENTIALS, MERCHANT, TYPES, WF, Workflow } from '../lib.mjs';

/** The one place a merchant edits: read by every payment flow through Execute Workflow. */
export default function settings() {
	const w = new Workflow(WF.settings, {
		description: 'Merchant settings for one integration, read by the payment flows on every payment.',
	});
	w.node('When a payment flow asks', TYPES.executeWorkflowTrigger, [0, 1], { inputSource: 'passthrough' });
	w.node(
		'Merchant settings',
		TYPES.lightspeed,
		[1, 1],
		{
			resource: 'settings',
			operation: 'get',
			integrationName: MERCHANT.integrationName,
			businessLocationId: MERCHANT.businessLocationId,
			cardPaymentMethod: MERCHANT.cardPaymentMethod,
			voucherPaymentMethod: MERCHANT.voucherPaymentMethod,
			notificationEmails: MERCHANT.notificationEmails,
			staffId: '',
		},
		{ credentials: CREDENTIALS.lightspeed, executeOnce: true },
	);
	w.chain('When a payment flow asks', 'Merchant settings');
	w.note(
		'what to set',
		[-0.1, -0.55],
		[2.7, 1.35],
		[
			'## Merchant settings — edit here, then Save and Publish',
			'Open **Merchant settings** and set:',
			'- **Integration Name**: shown in the failure emails',
			'- **Business Location**: the restaurant (list from Lightspeed)',
			'- **Card / Voucher Payment Method**: pick them from the list (Lightspeed Back Office → Payment methods). If a method is renamed or deleted in Back Office, payments fail with "payment method changed": reselect it here.',
			'- **Notification Emails**: comma-separated; they receive failure emails with a Retry button',
			'- **Staff** (optional): the account payments are booked by',
			'',
			'Every payment reads the **published** version, so a saved + published change applies to the next payment. No re-import needed.',
		].join('\n'),
		4,
	);
	return w;
}

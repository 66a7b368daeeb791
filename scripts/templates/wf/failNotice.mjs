import { CREDENTIALS, MERCHANT, RETRY_PATH, TYPES, WF, Workflow, executeWorkflow, ifTrue, ledger } from '../lib.mjs';

const ROW = "$('Row + settings').item.json";

/** Failure email with a signed, expiring, single-use Retry link; the ledger records whether it went out. */
export default function failNotice() {
	const w = new Workflow(WF.failNotice, {
		description: 'Emails the merchant about a payment Lightspeed did not take: what, why, how to fix it, and a Retry payment button.',
	});
	w.node('When a payment failed', TYPES.executeWorkflowTrigger, [0, 1.5], { inputSource: 'passthrough' });
	w.node('Merchant settings', TYPES.executeWorkflow, [1, 2.3], executeWorkflow(WF.settings));
	w.node('Row + settings', TYPES.merge, [2, 1.5], { mode: 'combine', combineBy: 'combineAll', options: {} });
	w.node(
		'Qodeup: retry link',
		TYPES.qodeup,
		[4, 1.1],
		{
			resource: 'retryLink',
			operation: 'create',
			paymentId: '={{ $json.paymentId }}',
			attempt: '={{ $json.attempt }}',
			// The instance's own webhook base, derived from this execution's resume URL
			// (<base>/webhook-waiting/<id>). Replace with a fixed URL if n8n sits behind a proxy.
			baseUrl: `={{ $execution.resumeUrl.replace(/webhook-waiting\\/[^/]*$/, 'webhook/${RETRY_PATH}') }}`,
			expiresInHours: 168,
		},
		{ credentials: CREDENTIALS.qodeup },
	);
	w.node(
		'Qodeup: compose the email',
		TYPES.qodeup,
		[5, 1.1],
		{
			resource: 'failureEmail',
			operation: 'compose',
			integrationName: `={{ ${ROW}.integrationName }}`,
			notificationEmails: `={{ ${ROW}.notificationEmails.join(', ') }}`,
			paymentId: `={{ ${ROW}.paymentId }}`,
			tableNumber: `={{ ${ROW}.tableNumber }}`,
			checkId: `={{ ${ROW}.checkId }}`,
			amount: `={{ ${ROW}.amount }}`,
			tipAmount: `={{ ${ROW}.tipAmount }}`,
			method: `={{ ${ROW}.method }}`,
			currency: 'EUR',
			occurredAt: `={{ ${ROW}.createdAt }}`,
			errorCode: `={{ ${ROW}.errorCode }}`,
			reason: `={{ ${ROW}.errorText }}`,
			retryUrl: '={{ $json.retryUrl }}',
			timeZone: 'Europe/Brussels',
		},
		{ credentials: CREDENTIALS.qodeup },
	);
	w.node('Anyone to tell?', TYPES.if, [3, 1.5], ifTrue(`(${ROW}.notificationEmails || []).length > 0`, `${WF.failNotice.id}/recipients`));
	w.node(
		'Send failure email',
		TYPES.emailSend,
		[6, 1],
		{
			fromEmail: MERCHANT.senderEmail,
			toEmail: '={{ $json.toHeader }}',
			subject: '={{ $json.subject }}',
			emailFormat: 'both',
			text: '={{ $json.text }}',
			html: '={{ $json.html }}',
			options: { appendAttribution: false },
		},
		// SMTP hiccups are retried here; if it still fails the row stays "pending" and the Sweeper sends it again.
		{ credentials: CREDENTIALS.smtp, retryOnFail: true, maxTries: 3, waitBetweenTries: 3000, onError: 'continueErrorOutput' },
	);
	const byAttempt = [
		['paymentId', 'eq', `={{ ${ROW}.paymentId }}`],
		['attempt', 'eq', `={{ ${ROW}.attempt }}`],
	];
	w.node('Ledger: email sent', TYPES.dataTable, [7, 0.6], ledger.update(byAttempt, { emailStatus: 'sent' }));
	w.node('Ledger: email not sent yet', TYPES.dataTable, [7, 1.4], ledger.update(byAttempt, { emailStatus: 'pending' }));
	w.node('Ledger: nobody to email', TYPES.dataTable, [4, 2.2], ledger.update(byAttempt, { emailStatus: 'noRecipients' }));

	w.connect('When a payment failed', 'Row + settings', 0, 0);
	w.connect('When a payment failed', 'Merchant settings');
	w.connect('Merchant settings', 'Row + settings', 0, 1);
	w.chain('Row + settings', 'Anyone to tell?');
	w.connect('Anyone to tell?', 'Qodeup: retry link', 0);
	w.connect('Anyone to tell?', 'Ledger: nobody to email', 1);
	w.chain('Qodeup: retry link', 'Qodeup: compose the email', 'Send failure email');
	w.connect('Send failure email', 'Ledger: email sent', 0);
	w.connect('Send failure email', 'Ledger: email not sent yet', 1);

	w.note(
		'about',
		[-0.1, -0.6],
		[5.8, 1.4],
		[
			'## Payment failure notice',
			'Called with ledger rows of failed payments (by *Payment application*, *Payment outcome*, *Retry handler*, *Sweeper*). Sends one email per payment to the **Notification Emails** of *Merchant settings*: table, amount, tip, method, time, the reason in plain words, how to fix it, and a **Retry payment** button. Every value is HTML-escaped by the compose node.',
			'',
			`The Retry link is signed with the Qodeup credential, expires after **Expires In (Hours)** on *Qodeup: retry link* (default 168 = 7 days) and works once (it names the attempt; a retry moves the payment to the next one). Its address is this instance's webhook URL + \`${RETRY_PATH}\`, worked out from the execution's resume URL; put a fixed URL in **Retry Webhook URL** if the public address differs.`,
			'',
			`Set the sender (**From Email**, now \`${MERCHANT.senderEmail}\`) and the SMTP credential on *Send failure email*.`,
		].join('\n'),
		4,
	);
	return w;
}

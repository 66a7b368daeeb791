import {
	CREDENTIALS,
	IN_FLIGHT,
	MERCHANT,
	RETRY_PATH,
	TASK_TTL_MS,
	TYPES,
	WF,
	Workflow,
	executeWorkflow,
	htmlPageJs,
	ifTrue,
	inFlightJs,
	ledger,
	referenceJs,
	stableUuid,
	switchOn,
} from '../lib.mjs';

const LINK = "$('Qodeup: check the link').first().json";
const R = "$('Ledger: read the row').first().json";
const S = "$('Merchant settings').first().json";
const APPLY = 'Lightspeed: apply payment';
const OUTCOME = `(typeof $json.alreadySent !== 'boolean' || $json.status === 'refused' ? 'failed' : $json.status)`;
const WHAT = `${R}.amount + ' (table ' + (${R}.tableNumber || '?') + ', payment ' + ${R}.paymentId + ')'`;

function page(w, name, at, statusCode, titleJs, paragraphsJs) {
	w.node(name, TYPES.respondToWebhook, at, {
		respondWith: 'text',
		responseBody: `={{ ${htmlPageJs(titleJs, paragraphsJs)} }}`,
		options: {
			responseCode: statusCode,
			responseHeaders: { entries: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }, { name: 'Cache-Control', value: 'no-store' }] },
		},
	});
	return name;
}

/** The failure email's Retry payment button: verify → already there? → re-apply with the next attempt → HTML page. */
export default function retry() {
	const w = new Workflow(WF.retry, {
		description: 'The merchant pressed Retry payment in a failure email: apply the payment again, exactly once, and say what happened.',
	});
	w.node(
		'Retry link clicked',
		TYPES.webhook,
		[0, 2],
		{ httpMethod: 'GET', path: RETRY_PATH, responseMode: 'responseNode', options: {} },
		{ webhookId: stableUuid(`${WF.retry.id}/webhook`) },
	);
	w.node('Qodeup: check the link', TYPES.qodeup, [1, 2], { resource: 'retryLink', operation: 'verify', token: "={{ $json.query.t || '' }}" }, { credentials: CREDENTIALS.qodeup });
	w.node('Link valid?', TYPES.if, [2, 2], ifTrue('$json.valid === true', `${WF.retry.id}/valid`));
	page(w, 'Page: link not valid', [3, 4.2], "={{ $json.reason === 'expired' ? 410 : 400 }}", `$json.reason === 'expired' ? 'This retry link has expired' : 'This retry link is not valid'`, [
		`$json.reason === 'expired' ? 'Retry links work for a limited time. Book the payment on the register by hand, or ask your integration operator to resend it.' : 'The link is incomplete or was changed. Open it again from the email, or copy the whole address.'`,
	]);
	w.node('Ledger: read the row', TYPES.dataTable, [3, 2], ledger.get([['paymentId', 'eq', `={{ $json.paymentId }}`]], { returnAll: false, limit: 1 }), { alwaysOutputData: true });
	w.node(
		'What to do?',
		TYPES.switch,
		[4, 2],
		switchOn(`!$json.paymentId ? 0 : $json.status === 'applied' ? 1 : (Number($json.attempt) !== Number(${LINK}.attempt) || $json.status !== 'failed') ? 2 : 3`, 4),
	);
	page(w, 'Page: unknown payment', [5, 0.2], 404, `'Unknown payment'`, [`'This n8n has no record of payment ' + ${LINK}.paymentId + '. Nothing was sent to Lightspeed.'`]);
	page(w, 'Page: already on the check', [10, 0.6], 200, `'The payment is already on the check'`, [
		`'Nothing to do: the payment of ' + ${WHAT} + ' is on the Lightspeed check, so it was not sent again.'`,
	]);
	page(w, 'Page: link already used', [11, 3.3], 409, `${R}.status === 'failed' ? 'This retry link was already used' : 'This payment is already being retried'`, [
		`${R}.status === 'failed' ? 'A newer attempt of this payment failed too; use the Retry button in the latest email.' : 'The payment of ' + ${WHAT} + ' was sent to Lightspeed again and is waiting for the register. You will get an email if it fails.'`,
	]);
	w.node('Merchant settings', TYPES.executeWorkflow, [5, 2], executeWorkflow(WF.settings));
	w.node('Check known?', TYPES.if, [6, 2], ifTrue(`!!${R}.checkId`, `${WF.retry.id}/check-known`));
	w.node(
		'Lightspeed: is it on the check?',
		TYPES.lightspeed,
		[7, 1.4],
		{
			resource: 'payment',
			operation: 'getStatus',
			businessLocationId: `={{ ${R}.businessLocationId || ${S}.businessLocationId }}`,
			checkId: `={{ ${R}.checkId }}`,
			paymentId: `={{ ${R}.paymentId }}`,
			attempt: `={{ ${R}.attempt }}`,
		},
		{ credentials: CREDENTIALS.lightspeed, retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 },
	);
	w.node('Already on the check?', TYPES.if, [8, 1.4], ifTrue("$json.status === 'applied'", `${WF.retry.id}/found`));
	const byAttempt = (attemptJs) => [
		['paymentId', 'eq', `={{ ${R}.paymentId }}`],
		['attempt', 'eq', `={{ ${attemptJs} }}`],
	];
	w.node(
		'Ledger: mark applied',
		TYPES.dataTable,
		[9, 1.1],
		ledger.update([...byAttempt(`${R}.attempt`), ['status', 'eq', 'failed']], { status: 'applied', errorCode: '', errorText: '', settledAtMs: '={{ $now.toMillis() }}' }),
		{ alwaysOutputData: true },
	);
	// Claim: failed at this attempt → received at the next one. A second click finds no such row.
	w.node(
		'Ledger: claim the retry',
		TYPES.dataTable,
		[9, 2.2],
		ledger.update([...byAttempt(`${R}.attempt`), ['status', 'eq', 'failed']], {
			status: 'received',
			attempt: `={{ Number(${R}.attempt) + 1 }}`,
			reference: `={{ ${referenceJs(`${R}.paymentId`, `Number(${R}.attempt) + 1`)} }}`,
			errorCode: '',
			errorText: '',
			emailStatus: '',
			sentAtMs: '={{ $now.toMillis() }}',
		}),
		{ alwaysOutputData: true },
	);
	w.node('Claimed?', TYPES.if, [10, 2.2], ifTrue('!!$json.paymentId', `${WF.retry.id}/claimed`));
	w.node('Ledger: payments in flight', TYPES.dataTable, [11, 2], ledger.get([...IN_FLIGHT, ['paymentId', 'neq', `={{ ${R}.paymentId }}`]]), { alwaysOutputData: true });
	w.node(
		APPLY,
		TYPES.lightspeed,
		[12, 2],
		{
			resource: 'payment',
			operation: 'apply',
			businessLocationId: `={{ ${S}.businessLocationId }}`,
			paymentId: `={{ ${R}.paymentId }}`,
			attempt: `={{ Number(${R}.attempt) + 1 }}`,
			checkId: `={{ ${R}.checkId || '' }}`,
			tableNumber: `={{ ${R}.tableNumber || '' }}`,
			amount: `={{ ${R}.amount }}`,
			tipAmount: `={{ ${R}.tipAmount || '0' }}`,
			method: `={{ ${R}.method }}`,
			cardPaymentMethod: `={{ ${S}.cardPaymentMethod }}`,
			voucherPaymentMethod: `={{ ${S}.voucherPaymentMethod || '' }}`,
			inFlightAmount: `={{ ${inFlightJs("$('Ledger: payments in flight').all()", R)} }}`,
			endpointId: MERCHANT.endpointId,
			options: { staffId: `={{ ${S}.staffId || '' }}`, taskTtlMs: TASK_TTL_MS },
		},
		{ credentials: CREDENTIALS.lightspeed, executeOnce: true, retryOnFail: true, maxTries: 2, waitBetweenTries: 1000, onError: 'continueRegularOutput' },
	);
	page(
		w,
		'Page: result',
		[13, 2],
		200,
		`${OUTCOME} === 'sent' ? 'Payment sent to the register again' : ${OUTCOME} === 'applied' ? 'The payment is on the check' : 'Lightspeed did not take the payment this time either'`,
		[
			`${OUTCOME} === 'sent' ? 'The payment of ' + ${WHAT} + ' was sent to Lightspeed again. The register books it in a few seconds; you will get another email if it fails.' : ${OUTCOME} === 'applied' ? 'The payment of ' + ${WHAT} + ' is on the Lightspeed check.' : 'Reason: ' + ($json.message || $json.lightspeedMessage || $json.error || $json.errorCode || 'unknown')`,
			`${OUTCOME} === 'failed' ? 'A new email explains how to fix it and has a new Retry button.' : 'Reference: ' + ($json.reference || '')`,
		],
	);
	const next = `Number(${R}.attempt) + 1`;
	w.node(
		'Ledger: record the result',
		TYPES.dataTable,
		[14, 2],
		ledger.update([...byAttempt(next), ['status', 'eq', 'received']], {
			status: `={{ ${OUTCOME} }}`,
			checkId: `={{ $json.checkId || ${R}.checkId || '' }}`,
			tableNumber: `={{ $json.tableNumber == null ? (${R}.tableNumber || '') : String($json.tableNumber) }}`,
			paymentMethodCode: "={{ $json.paymentMethodCode || '' }}",
			errorCode: `={{ ${OUTCOME} === 'failed' ? ($json.errorCode || 'UNKNOWN') : '' }}`,
			errorText: `={{ ${OUTCOME} === 'failed' ? ($json.message || $json.lightspeedMessage || $json.error || '') : '' }}`,
			emailStatus: `={{ ${OUTCOME} === 'failed' ? 'pending' : '' }}`,
			settledAtMs: `={{ ${OUTCOME} === 'sent' ? null : $now.toMillis() }}`,
		}),
	);
	w.node('Failed again?', TYPES.if, [15, 2], ifTrue("$json.status === 'failed'", `${WF.retry.id}/failed-again`));
	w.node('Send failure notice', TYPES.executeWorkflow, [16, 2], executeWorkflow(WF.failNotice));

	w.chain('Retry link clicked', 'Qodeup: check the link', 'Link valid?');
	w.connect('Link valid?', 'Ledger: read the row', 0);
	w.connect('Link valid?', 'Page: link not valid', 1);
	w.chain('Ledger: read the row', 'What to do?');
	w.connect('What to do?', 'Page: unknown payment', 0);
	w.connect('What to do?', 'Page: already on the check', 1);
	w.connect('What to do?', 'Page: link already used', 2);
	w.connect('What to do?', 'Merchant settings', 3);
	w.chain('Merchant settings', 'Check known?');
	w.connect('Check known?', 'Lightspeed: is it on the check?', 0);
	w.connect('Check known?', 'Ledger: claim the retry', 1);
	w.chain('Lightspeed: is it on the check?', 'Already on the check?');
	w.connect('Already on the check?', 'Ledger: mark applied', 0);
	w.connect('Already on the check?', 'Ledger: claim the retry', 1);
	w.chain('Ledger: mark applied', 'Page: already on the check');
	w.chain('Ledger: claim the retry', 'Claimed?');
	w.connect('Claimed?', 'Ledger: payments in flight', 0);
	w.connect('Claimed?', 'Page: link already used', 1);
	w.chain('Ledger: payments in flight', APPLY, 'Page: result', 'Ledger: record the result', 'Failed again?');
	w.connect('Failed again?', 'Send failure notice', 0);

	w.note(
		'about',
		[-0.1, -0.75],
		[4.9, 1.5],
		[
			'## Retry handler (the email\'s Retry payment button)',
			`URL: \`<n8n>/webhook/${RETRY_PATH}?t=<signed token>\`. The token names the payment and the attempt that failed; **Check the link** verifies its signature (Qodeup credential) and expiry.`,
			'',
			'Works once: the ledger row must still be `failed` **at that attempt**. The claim moves it to the next attempt, so a second click (or a click on an older email) only shows a page.',
			'',
			'If the check already shows the payment under any earlier reference, it is marked applied and nothing is sent.',
		].join('\n'),
		4,
	);
	w.note(
		'apply',
		[10.8, 0.5],
		[4.2, 1.25],
		[
			'## Apply again with the next attempt',
			'Next attempt → new reference `QD-<paymentId>-<attempt+1>`; the amount check counts payments in flight as in *Payment application*. The page answers first, then the ledger records the result; a new failure sends a new email (with a new link).',
		].join('\n'),
		6,
	);
	return w;
}

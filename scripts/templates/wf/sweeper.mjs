import { CREDENTIALS, IN_FLIGHT, SWEEP_MARGIN_MS, TASK_TTL_MS, TYPES, WF, Workflow, executeWorkflow, ifTrue, ledger, switchOn } from '../lib.mjs';

const OVERDUE_MS = TASK_TTL_MS + SWEEP_MARGIN_MS;
const EMAIL_GRACE_MS = 120000;

/** Every minute: settle payments with no outcome past the POS task TTL by reading the check; resend unsent emails. */
export default function sweeper() {
	const w = new Workflow(WF.sweeper, {
		description: 'Settles payments whose Lightspeed outcome never arrived (the check is the truth) and resends failure emails that could not be sent.',
	});
	w.node('Every minute', TYPES.scheduleTrigger, [0, 1.5], { rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] } });
	w.node(
		'Ledger: overdue payments',
		TYPES.dataTable,
		[1, 1],
		ledger.get([...IN_FLIGHT, ['sentAtMs', 'lt', `={{ $now.toMillis() - ${OVERDUE_MS} }}`]], { returnAll: false, limit: 50 }),
	);
	// A row without a check or location never got as far as Lightspeed's answer: it cannot be read back.
	w.node('Check known?', TYPES.if, [2, 1], ifTrue('!!$json.checkId && !!$json.businessLocationId', `${WF.sweeper.id}/check-known`));
	w.node(
		'Lightspeed: is it on the check?',
		TYPES.lightspeed,
		[3, 0.6],
		{
			resource: 'payment',
			operation: 'getStatus',
			businessLocationId: '={{ $json.businessLocationId }}',
			checkId: '={{ $json.checkId }}',
			paymentId: '={{ $json.paymentId }}',
			attempt: '={{ $json.attempt }}',
		},
		// a read: safe to retry; an error leaves the row for the next run
		{ credentials: CREDENTIALS.lightspeed, retryOnFail: true, maxTries: 2, waitBetweenTries: 1000, onError: 'continueRegularOutput' },
	);
	w.node('On the check?', TYPES.switch, [4, 0.6], switchOn("$json.error ? 2 : $json.status === 'applied' ? 0 : 1", 3));
	const inFlightRow = [['paymentId', 'eq', '={{ $json.paymentId }}'], ['attempt', 'eq', '={{ $json.attempt }}'], ...IN_FLIGHT.slice(0, 3)];
	w.node('Ledger: mark applied', TYPES.dataTable, [5, 0.2], ledger.update(inFlightRow, { status: 'applied', settledAtMs: '={{ $now.toMillis() }}' }));
	w.node(
		'Ledger: mark timed out',
		TYPES.dataTable,
		[5, 1.2],
		ledger.update(inFlightRow, {
			status: 'failed',
			errorCode: "={{ $json.checkId ? 'POS_TIMEOUT' : 'UNKNOWN' }}",
			errorText: `={{ $json.checkId ? 'Lightspeed reported no outcome within ${OVERDUE_MS / 60000} minutes and the payment is not on check ' + $json.checkId : 'n8n stopped before it could send this payment; it is not known whether Lightspeed received it' }}`,
			emailStatus: 'pending',
			settledAtMs: '={{ $now.toMillis() }}',
		}),
	);
	w.node('Send failure notice', TYPES.executeWorkflow, [6, 1.2], executeWorkflow(WF.failNotice));
	w.node(
		'Ledger: emails not sent',
		TYPES.dataTable,
		[1, 2.4],
		ledger.get(
			[
				['status', 'eq', 'failed'],
				['emailStatus', 'eq', 'pending'],
				['settledAtMs', 'lt', `={{ $now.toMillis() - ${EMAIL_GRACE_MS} }}`],
			],
			{ returnAll: false, limit: 20 },
		),
	);
	w.node('Send failure notice again', TYPES.executeWorkflow, [2, 2.4], executeWorkflow(WF.failNotice));

	w.connect('Every minute', 'Ledger: overdue payments');
	w.connect('Every minute', 'Ledger: emails not sent');
	w.chain('Ledger: overdue payments', 'Check known?');
	w.connect('Check known?', 'Lightspeed: is it on the check?', 0);
	w.connect('Check known?', 'Ledger: mark timed out', 1);
	w.chain('Lightspeed: is it on the check?', 'On the check?');
	w.connect('On the check?', 'Ledger: mark applied', 0);
	w.connect('On the check?', 'Ledger: mark timed out', 1);
	w.chain('Ledger: mark timed out', 'Send failure notice');
	w.chain('Ledger: emails not sent', 'Send failure notice again');

	w.note(
		'about',
		[-0.1, -1.5],
		[7, 1.3],
		[
			'## Sweeper — no payment is ever left hanging',
			`Payments sent more than **${OVERDUE_MS / 60000} minutes** ago (POS task TTL ${TASK_TTL_MS / 60000} min + ${SWEEP_MARGIN_MS / 60000} min margin) with no outcome webhook are settled by reading the check (the POS is the truth): on the check → **applied**; not there → **failed (POS timeout)** + failure email. Lightspeed read errors leave the row for the next run.`,
			'',
			`Failure emails that could not be sent (mail server down) are sent again after ${EMAIL_GRACE_MS / 60000} minutes.`,
		].join('\n'),
		6,
	);
	return w;
}

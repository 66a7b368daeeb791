import { CREDENTIALS, GUEST_REFUSALS, MERCHANT, TYPES, WF, Workflow, ledger } from '../lib.mjs';

const TRIGGER = 'Qodeup: payment status';
const GUEST = JSON.stringify(Object.keys(GUEST_REFUSALS)).replace(/"/g, "'");

/** GET qodeup/<id>/payments/<paymentId>: what the ledger knows about a payment. */
export default function payStatus() {
	const w = new Workflow(WF.payStatus, { description: 'Qodeup asks what happened to a payment; answered from the ledger.' });
	w.node(
		TRIGGER,
		TYPES.qodeupTrigger,
		[0, 1],
		{ integrationId: MERCHANT.integrationId, resource: 'paymentStatus', responseMode: 'responseNode' },
		// dynamic URL (…/payments/:paymentId): n8n prefixes it with the webhookId, "qodeup"
		{ credentials: CREDENTIALS.qodeup, webhookId: 'qodeup' },
	);
	w.node(
		'Ledger: read the row',
		TYPES.dataTable,
		[1, 1],
		ledger.get([['paymentId', 'eq', '={{ $json.paymentId ?? $json.params.paymentId }}']], { returnAll: false, limit: 1 }),
		{ alwaysOutputData: true },
	);
	const status =
		`(['received', 'sent'].includes($json.status) ? ($json.attempt > 1 ? 'retried' : 'pending') : ` +
		`$json.status === 'refused' && !${GUEST}.includes($json.errorCode) ? 'failed' : $json.status)`;
	w.node('Answer Qodeup', TYPES.qodeupRespond, [2, 1], {
		statusCode: '={{ $json.paymentId ? 200 : 404 }}',
		body:
			'={{ $json.paymentId ? { paymentId: $json.paymentId, status: ' +
			status +
			', attempt: $json.attempt, reference: $json.reference || null, tableNumber: $json.tableNumber || null, checkId: $json.checkId || null, ' +
			'amount: $json.amount, tipAmount: $json.tipAmount, method: $json.method, ' +
			"error: ['failed', 'refused'].includes($json.status) ? ($json.errorCode || 'UNKNOWN') : null, " +
			"message: ['failed', 'refused'].includes($json.status) ? ($json.errorText || '') : null, " +
			"remaining: $json.remaining || null, receivedAt: $json.createdAt, settledAt: $json.settledAtMs ? DateTime.fromMillis($json.settledAtMs).toUTC().toISO() : null } : " +
			`{ error: 'PAYMENT_NOT_FOUND', message: 'No payment ' + $('${TRIGGER}').first().json.params.paymentId + ' was received' } }}`,
		options: {},
	});
	w.chain(TRIGGER, 'Ledger: read the row', 'Answer Qodeup');
	w.note(
		'about',
		[-0.1, -0.6],
		[3.2, 1.35],
		[
			'## Payment status for Qodeup',
			'`GET …/payments/<paymentId>` → **200** `{status: pending | retried | applied | failed | refused, …}` from the payment ledger, **404** when the id was never received.',
			'`retried` = a retry from a failure email is on its way. `failed` carries the error code and Lightspeed\'s words.',
			'',
			'The trigger\'s webhook ID must stay **qodeup** (n8n puts it in front of URLs with a payment id).',
		].join('\n'),
		5,
	);
	return w;
}

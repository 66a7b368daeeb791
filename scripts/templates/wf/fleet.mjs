import { LEDGERS, TYPES, Workflow, credential, dataTable, executeWorkflowById } from '../lib.mjs';

/**
 * What runs once per n8n for all its restaurants: creating the Data tables, the sweeper (every
 * few seconds: which restaurant needs its recovery, which emails are owed) and the retention
 * (every hour: prune settled rows past their days, warn before the size limit).
 */

export function setup(context) {
	const w = new Workflow('setup', 'Qodeup fleet — Data tables', {
		id: context.ids?.setup,
		seed: 'fleet/setup',
		description: 'Creates the Data tables of the Qodeup × Lightspeed restaurants (safe to run again).',
	});
	w.node('When n8n starts', TYPES.n8nTrigger, [0, 1], { events: ['init', 'activate'] });
	const tables = Object.keys(LEDGERS);
	tables.forEach((ledger, index) => {
		w.node(`Create ${LEDGERS[ledger].name}`, TYPES.dataTable, [1 + index, 1], dataTable.create(ledger));
		w.connect(index === 0 ? 'When n8n starts' : `Create ${LEDGERS[tables[index - 1]].name}`, `Create ${LEDGERS[ledger].name}`);
	});
	w.note('about', [-0.1, -0.3], [4, 1], '## The ledgers\nPayments, orders, restaurants and daily totals live in these Data tables (open them under **Data tables**). Creating them again changes nothing.', 7);
	return w;
}

export function sweeper(context) {
	const { fleet } = context;
	const w = new Workflow('sweeper', 'Qodeup fleet — Sweeper', {
		id: context.ids?.sweeper,
		seed: 'fleet/sweeper',
		description: 'Every few seconds, for every restaurant: stuck payments and orders to recover, failure emails to send.',
	});
	const needsLook = [['status', 'eq', 'received'], ['status', 'eq', 'sent'], ['emailStatus', 'eq', 'pending'], ['emailStatus', 'eq', 'outage'], ['emailStatus', 'eq', 'resolved']];
	const anyOf = (ledger) => ({ ...dataTable.get(context, ledger, needsLook), matchType: 'anyCondition' });
	w.node('Every few seconds', TYPES.scheduleTrigger, [0, 1], { rule: { interval: [{ field: 'seconds', secondsInterval: fleet.sweepSeconds }] } });
	w.node('Payments to look at', TYPES.dataTable, [1, 0], anyOf('payments'), { alwaysOutputData: true });
	w.node('Orders to look at', TYPES.dataTable, [1, 1], anyOf('orders'), { alwaysOutputData: true });
	w.node('Restaurants', TYPES.dataTable, [1, 2], dataTable.get(context, 'restaurants', [['integrationId', 'isNotEmpty']]), { alwaysOutputData: true });
	w.node(
		'Plan the sweep',
		TYPES.fleet,
		[2, 1],
		{
			resource: 'sweep',
			operation: 'plan',
			claimedGraceSeconds: fleet.claimedGraceSeconds,
			settleAfterSeconds: fleet.settleAfterSeconds,
			orderSettleAfterSeconds: fleet.orderSettleAfterSeconds,
			retryLinkHours: fleet.retryLinkHours,
			webhookBaseUrl: fleet.webhookBaseUrl ?? '',
		},
	);
	w.node("Run the restaurant's recovery", TYPES.executeWorkflow, [3, 0], executeWorkflowById('={{ $json.workflowId }}'));
	w.node(
		'Send the email',
		TYPES.emailSend,
		[3, 1],
		{
			fromEmail: fleet.senderEmail,
			toEmail: '={{ $json.to.join(", ") }}',
			subject: '={{ $json.subject }}',
			emailFormat: 'both',
			text: '={{ $json.text }}',
			html: '={{ $json.html }}',
			options: { appendAttribution: false },
		},
		// an email that fails is not recorded, so the next sweep sends it again
		{ credentials: credential(context, 'smtp'), retryOnFail: true, maxTries: 2, waitBetweenTries: 1000, onError: 'continueErrorOutput' },
	);
	w.node('Record what was done', TYPES.fleet, [4, 1.5], { resource: 'sweep', operation: 'record', marks: "={{ $('Plan the sweep').item.json.marks }}" });
	const filterKey = (ledger) => (ledger === 'restaurants' ? [['integrationId', 'eq', '={{ $json.integrationId }}']] : [['id', 'eq', '={{ $json.id }}']]);
	w.node('Ledger: payments', TYPES.dataTable, [5, 1], dataTable.update(context, 'payments', filterKey('payments'), 'auto'));
	w.node('Ledger: orders', TYPES.dataTable, [5, 1.8], dataTable.update(context, 'orders', filterKey('orders'), 'auto'));
	w.node('Restaurants: connection notices', TYPES.dataTable, [5, 2.6], dataTable.update(context, 'restaurants', filterKey('restaurants'), 'auto'));

	w.connect('Every few seconds', 'Payments to look at');
	w.connect('Every few seconds', 'Orders to look at');
	w.connect('Every few seconds', 'Restaurants');
	w.connect('Payments to look at', 'Plan the sweep', 0, 0);
	w.connect('Orders to look at', 'Plan the sweep', 0, 1);
	w.connect('Restaurants', 'Plan the sweep', 0, 2);
	w.connect('Plan the sweep', "Run the restaurant's recovery", 0);
	w.connect('Plan the sweep', 'Send the email', 1);
	w.connect('Plan the sweep', 'Record what was done', 2);
	w.connect('Send the email', 'Record what was done', 0);
	w.connect('Record what was done', 'Ledger: payments', 0);
	w.connect('Record what was done', 'Ledger: orders', 1);
	w.connect('Record what was done', 'Restaurants: connection notices', 2);

	w.note('about', [-0.1, -1.5], [5, 1.3], [
		'## The sweeper (all restaurants)',
		`Every ${fleet.sweepSeconds} seconds: a payment or order left claimed by a stopped n8n is sent by its restaurant's **Recovery** workflow, one without outcome is settled from Lightspeed, and every failure is emailed once — with a retry link that only acts when **Retry now** is pressed on its page.`,
		'A lost Lightspeed connection gets one "Reconnect Lightspeed" email per outage, and one email with the retry links once it works again.',
	].join('\n'), 5);
	return w;
}

export function retention(context) {
	const { fleet } = context;
	const w = new Workflow('retention', 'Qodeup fleet — Retention', {
		id: context.ids?.retention,
		seed: 'fleet/retention',
		description: 'On a schedule (hourly by default): settled rows past their days are pruned (totals kept), and a warning before the Data tables fill up.',
	});
	const newest = (ledger) => dataTable.get(context, ledger, [], { limit: 1, orderBy: ['id', 'DESC'] });
	w.node('Schedule', TYPES.scheduleTrigger, [0, 2], { rule: { interval: [{ field: 'minutes', minutesInterval: fleet.retentionMinutes }] } });
	w.node('Restaurants', TYPES.dataTable, [1, 0.8], dataTable.get(context, 'restaurants', [['integrationId', 'isNotEmpty']]), { alwaysOutputData: true });
	w.node('Newest payment', TYPES.dataTable, [1, 1.6], newest('payments'), { alwaysOutputData: true });
	w.node('Newest order', TYPES.dataTable, [1, 2.4], newest('orders'), { alwaysOutputData: true });
	w.node('Counters', TYPES.dataTable, [1, 3.2], dataTable.get(context, 'dailyTotals', [['day', 'eq', '*']]), { alwaysOutputData: true });
	w.node('Plan the retention', TYPES.fleet, [2, 2], {
		resource: 'retention',
		operation: 'plan',
		retentionDays: fleet.retentionDays,
		limitBytes: fleet.limitBytes,
		warnPercent: fleet.warnPercent,
		paymentRowBytes: fleet.paymentRowBytes,
		orderRowBytes: fleet.orderRowBytes,
		operatorEmails: fleet.operatorEmails,
		fleetName: fleet.name,
	});
	const prune = (ledger, row) => {
		const title = ledger === 'payments' ? 'payments' : 'orders';
		w.node(`Old ${title}`, TYPES.dataTable, [3, row], dataTable.get(context, ledger, [['createdAt', 'lt', '={{ $json.cutoff }}']]), { alwaysOutputData: true });
		w.node(`Days of ${title} to prune`, TYPES.fleet, [4, row], { resource: 'retention', operation: 'days', ledger, retentionDays: fleet.retentionDays });
		w.node(`Delete ${title} of a day`, TYPES.dataTable, [5, row + 0.5], dataTable.delete(context, ledger, [
			['integrationId', 'eq', '={{ $json.integrationId }}'],
			['createdAt', 'gte', '={{ $json.from }}'],
			['createdAt', 'lt', '={{ $json.to }}'],
		]));
		w.connect(`Old ${title}`, `Days of ${title} to prune`, 0, 0);
		w.connect('Restaurants', `Days of ${title} to prune`, 0, 1);
		w.connect('Counters', `Days of ${title} to prune`, 0, 2);
		// the totals are kept before the day is deleted
		w.connect(`Days of ${title} to prune`, 'Keep the totals', 0);
		w.connect(`Days of ${title} to prune`, `Delete ${title} of a day`, 1);
	};
	w.node('Keep the totals', TYPES.dataTable, [5, 2], dataTable.upsert(context, 'dailyTotals', [['key', 'eq', '={{ $json.key }}']], 'auto'));
	prune('payments', 0.8);
	prune('orders', 3);
	w.node('Warn the operator', TYPES.emailSend, [3, 4.5], {
		fromEmail: fleet.senderEmail,
		toEmail: '={{ $json.to.join(", ") }}',
		subject: '={{ $json.subject }}',
		emailFormat: 'both',
		text: '={{ $json.text }}',
		html: '={{ $json.html }}',
		options: { appendAttribution: false },
	}, { credentials: credential(context, 'smtp'), retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 });

	w.connect('Schedule', 'Restaurants');
	w.connect('Schedule', 'Newest payment');
	w.connect('Schedule', 'Newest order');
	w.connect('Schedule', 'Counters');
	w.connect('Restaurants', 'Plan the retention', 0, 0);
	w.connect('Newest payment', 'Plan the retention', 0, 1);
	w.connect('Newest order', 'Plan the retention', 0, 2);
	w.connect('Counters', 'Plan the retention', 0, 3);
	w.connect('Plan the retention', 'Old payments', 0);
	w.connect('Plan the retention', 'Old orders', 1);
	w.connect('Plan the retention', 'Warn the operator', 2);

	w.note('about', [-0.1, -0.6], [5.5, 1.2], [
		'## Keeping the ledgers small',
		`n8n refuses every Data table write once all tables reach N8N_DATA_TABLES_MAX_SIZE_BYTES: payments would then fail. Settled rows older than ${fleet.retentionDays} days (or a restaurant's own Days Kept) are deleted, whole days only, after their totals are kept in **qodeupLskDailyTotals**. The operator is warned at ${fleet.warnPercent} %.`,
	].join('\n'), 5);
	return w;
}


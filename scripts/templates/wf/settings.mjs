import { TYPES, Workflow, credential, dataTable } from '../lib.mjs';

/**
 * The one place a merchant edits: the restaurant's name, its Lightspeed payment methods (chosen
 * from lists that load from Lightspeed), the notification emails and the staff. Publishing it
 * checks the choices against Lightspeed and saves them where the payment workflows read them.
 */
export default function settings(context) {
	const { merchant } = context;
	const id = merchant.integrationId;
	const w = new Workflow('settings', `${merchant.name} — Restaurant settings`, {
		id: context.ids?.settings,
		seed: `${id}/settings`,
		description: `The settings of ${merchant.name}: payment methods, emails, staff. Save, then Publish.`,
	});
	w.node('When published', TYPES.n8nTrigger, [0, 1], { events: ['activate', 'update'] });
	w.node(
		'Restaurant settings',
		TYPES.lightspeed,
		[1, 1],
		{
			resource: 'settings',
			operation: 'check',
			integrationId: id,
			integrationName: merchant.name,
			businessLocationId: merchant.businessLocationId,
			cardPaymentMethod: merchant.cardPaymentMethod,
			voucherPaymentMethod: merchant.voucherPaymentMethod ?? '',
			notificationEmails: merchant.notificationEmails,
			staffId: merchant.staffId ?? '',
			retentionDays: merchant.retentionDays ?? 0,
			operator: context.workflowIds ? { workflows: JSON.stringify(context.workflowIds) } : {},
		},
		{ credentials: credential(context, 'lightspeed') },
	);
	w.node('Save for the payment workflows', TYPES.dataTable, [2, 1], dataTable.upsert(context, 'restaurants', [['integrationId', 'eq', id]], 'auto'));
	w.chain('When published', 'Restaurant settings', 'Save for the payment workflows');
	w.note('edit', [-0.1, -0.4], [3.4, 1.3], [
		'## Your settings',
		'Open **Restaurant settings**: name, card and voucher payment methods (the list comes from Lightspeed Back Office), who gets failure emails, and the staff account. Then **Save** and **Publish**: the next payment uses them (with queue mode, within 30 seconds).',
		'A problem (a method that no longer exists, a deactivated staff account) is shown in the run and in Diagnose.',
	].join('\n'), 4);
	return w;
}

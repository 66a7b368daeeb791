'use strict';
// Each cause of a failure email in the seed document: payment API not enabled, staff account
// deactivated, payment method changed in Back Office, POS/iPad offline (timeout). Each gives
// exactly one email with the reason and the fix; once the cause is cleared, the email's Retry
// payment link applies the payment exactly once, and a second click changes nothing.
const { pay, paymentStatus } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const mail = require('../helpers/mail');
const {
	uid,
	openCheck,
	paymentLines,
	payRequests,
	waitForLedger,
	ledgerRow,
	waitForFailureMail,
	settledMailsFor,
	retryLinkOf,
	signedRetryLink,
	patchLedger,
	click,
	explainFailure,
	editAndPublish,
	LOCATION,
	WF,
} = require('./support/flows');
const n8n = require('../helpers/n8n');
const { sleep, waitFor } = require('../helpers/wait');

async function restoreCardMethod() {
	const live = await n8n.rest('GET', `/rest/workflows/${WF.settings}`);
	const node = live.nodes.find((x) => x.name === 'Merchant settings');
	if (node.parameters.cardPaymentMethod !== 'QDCARD') await editAndPublish(WF.settings, 'Merchant settings', { cardPaymentMethod: 'QDCARD' });
}

const CAUSES = [
	{
		name: 'payment API not enabled',
		code: 'PAYMENT_API_DISABLED',
		table: 1,
		faults: { paymentApiDisabled: [LOCATION] },
		// refused synchronously by Lightspeed: Qodeup hears "failed" at once
		answer: 'failed',
		mustSay: [/payment API/i],
	},
	{
		name: 'staff account deactivated',
		code: 'STAFF_NOT_FOUND',
		table: 2,
		// Lightspeed delivers its webhooks twice: still one email
		faults: { inactiveStaff: [42], duplicateWebhooks: true },
		answer: 'pending',
		mustSay: [/deactivated or closed/i],
	},
	{
		name: 'payment method changed in Back Office',
		code: 'PAYMENT_METHOD_NOT_FOUND',
		table: 4,
		faults: { removedPaymentMethods: ['QDCARD'] },
		answer: 'pending',
		mustSay: [/reselect the card and voucher payment methods/i, /save and publish/i],
		// the fix the email gives: the method stays gone; the merchant picks another in Merchant settings
		fix: () => editAndPublish(WF.settings, 'Merchant settings', { cardPaymentMethod: 'CARD' }),
		undo: () => restoreCardMethod(),
		methodAfterFix: 'CARD',
	},
	{
		name: 'POS (iPad) offline: the task times out',
		code: 'POS_TIMEOUT',
		table: 6,
		faults: { posOffline: true },
		config: { taskTtlScale: 0.04 }, // 120 s validity → 4.8 s in the sandbox
		answer: 'pending',
		mustSay: [/Switch on the iPad/i],
	},
];

describe('failure emails and the Retry payment link', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
	});
	afterEach(async () => {
		await sandbox.clearFaults();
		await sandbox.config({ taskTtlScale: 1 });
	});
	afterAll(() => restoreCardMethod());

	test.each(CAUSES.map((c) => [c.name, c]))('%s', async (_name, cause) => {
		const check = await openCheck(cause.table, [{ sku: 'BURGER', quantity: 1 }, { sku: 'COLA', quantity: 1 }]); // 17.60
		await sandbox.setFaults(cause.faults);
		if (cause.config) await sandbox.config(cause.config);
		const id = uid(cause.code.toLowerCase().slice(0, 8));
		const r = await pay({ paymentId: id, tableNumber: cause.table, amount: '12.30', tipAmount: '1.20', method: 'card' });
		expect(r.status).toBe(202);
		expect(r.json.status).toBe(cause.answer);

		// one email, with what failed, why, how to fix it, and the button
		const msg = await waitForFailureMail(id);
		const explanation = explainFailure(cause.code);
		expect(msg.to.map((a) => a.address).sort()).toEqual(['manager@demo-bistro.test', 'owner@demo-bistro.test']);
		expect(msg.subject).toContain(explanation.title);
		for (const text of [msg.text, msg.html]) {
			expect(text).toContain(`${cause.table}`);
			expect(text).toContain('12.30');
			expect(text).toContain('1.20');
		}
		expect(msg.text).toContain(explanation.why);
		expect(msg.text).toContain(explanation.fix);
		expect(msg.text).toMatch(/Method: Card/);
		expect(msg.text).toMatch(/Time: /);
		expect(msg.html).toMatch(/Retry payment/);
		for (const re of cause.mustSay) expect(msg.text).toMatch(re);
		const link = retryLinkOf(msg);
		expect(link).toMatch(/\/webhook\/qodeup-retry\/demo-bistro\?t=/);

		const failed = await waitForLedger(id, { status: 'failed', emailStatus: 'sent' });
		expect(failed).toMatchObject({ errorCode: cause.code, attempt: 1, emailStatus: 'sent' });
		expect((await paymentStatus(id)).json).toMatchObject({ status: 'failed', error: cause.code });
		expect(await paymentLines(id)).toEqual([]);
		expect(await settledMailsFor(id)).toHaveLength(1);

		// the merchant fixes it and presses the button: applied exactly once, with the next reference
		if (cause.fix) {
			await cause.fix();
		} else {
			await sandbox.clearFaults();
		}
		await sandbox.config({ taskTtlScale: 1 });
		const page = await click(link);
		expect(page.status).toBe(200);
		expect(page.contentType).toMatch(/text\/html/);
		expect(page.title).toMatch(/sent to the register again|on the check/i);
		const applied = await waitForLedger(id, { status: 'applied' });
		expect(applied).toMatchObject({ attempt: 2, reference: `QD-${id}-2`, errorCode: '' });
		const lines = await paymentLines(id);
		expect(lines).toEqual([
			expect.objectContaining({ reference: `QD-${id}-2`, amount: '12.30', tipAmount: '1.20', checkId: check.checkId, methodCode: cause.methodAfterFix || 'QDCARD' }),
		]);
		expect((await paymentStatus(id)).json).toMatchObject({ status: 'applied', attempt: 2 });

		// a second click changes nothing
		const requestsBefore = (await payRequests({ paymentId: id })).length;
		const again = await click(link);
		expect(again.status).toBe(200);
		expect(again.title).toMatch(/already on the check/i);
		await sleep(1000);
		expect(await payRequests({ paymentId: id })).toHaveLength(requestsBefore);
		expect(await paymentLines(id)).toHaveLength(1);
		expect(await ledgerRow(id)).toMatchObject({ status: 'applied', attempt: 2 });
		expect(await settledMailsFor(id, 500)).toHaveLength(1);
		if (cause.undo) await cause.undo();
	});

	test('recorded as failed but Lightspeed did take it: the retry link marks it applied and sends nothing', async () => {
		const check = await openCheck(11, [{ sku: 'FRIES', quantity: 1 }]); // 4.20
		await sandbox.setFaults({ webhookReceiverDown: true }); // the success webhook is lost
		const id = uid('taken');
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '4.20', method: 'card' })).status).toBe(202);
		await waitFor(async () => (await paymentLines(id)).length === 1, { what: `payment ${id} on the check` });
		await waitForLedger(id, { status: 'sent' });
		// as if the apply had ended in a transport error after Lightspeed accepted it
		await patchLedger(id, { status: 'failed', errorCode: 'LIGHTSPEED_UNAVAILABLE', emailStatus: 'sent' });
		await sandbox.clearFaults();
		const page = await click(signedRetryLink(id, 1, Math.floor(Date.now() / 1000) + 3600));
		expect(page.status).toBe(200);
		expect(page.title).toMatch(/already on the check/i);
		expect(await ledgerRow(id)).toMatchObject({ status: 'applied', attempt: 1, reference: `QD-${id}-1` });
		expect(await payRequests({ paymentId: id })).toHaveLength(1);
		expect(await paymentLines(id)).toHaveLength(1);
	});

	test('an expired link is refused (410) and changes nothing', async () => {
		const check = await openCheck(12, [{ sku: 'WATER', quantity: 1 }]);
		await sandbox.setFaults({ paymentApiDisabled: [LOCATION] });
		const id = uid('expired');
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '2.50', method: 'card' })).json.status).toBe('failed');
		await waitForLedger(id, { status: 'failed', emailStatus: 'sent' });
		await sandbox.clearFaults();
		const page = await click(signedRetryLink(id, 1, Math.floor(Date.now() / 1000) - 5));
		expect(page.status).toBe(410);
		expect(page.title).toMatch(/expired/i);
		expect(await ledgerRow(id)).toMatchObject({ status: 'failed', attempt: 1 });
		expect(await payRequests({ paymentId: id })).toHaveLength(1); // only the refused first attempt
		// the same link, still valid, works
		const ok = await click(signedRetryLink(id, 1, Math.floor(Date.now() / 1000) + 600));
		expect(ok.status).toBe(200);
		await waitForLedger(id, { status: 'applied', attempt: 2 });
	});

	test('a link that was tampered with is refused and changes nothing', async () => {
		const msgs = await mail.messages();
		const link = retryLinkOf(msgs.find((m) => mail.extractLinks(m).some((l) => l.includes('qodeup-retry'))));
		const tampered = link.replace(/t=([^&]+)/, (_, t) => `t=${t.slice(0, -3)}${t.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`);
		const page = await click(tampered);
		expect(page.status).toBe(400);
		expect(page.title).toMatch(/not valid/i);
		const missing = await click(link.replace(/\?t=.*$/, ''));
		expect(missing.status).toBe(400);
	});
});

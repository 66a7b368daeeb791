'use strict';
// Every cause of a failure email the hosted integration's setup guide lists, on the real n8n:
// payment API not enabled, staff deactivated, payment method changed in Back Office, register
// (iPad) not taking payments, Lightspeed unreachable. Each gives one email naming that cause,
// its fix and the local time; the retry link's page is safe for robots (GET and HEAD show,
// only the page's POST acts, once).
const { pay, paymentStatus } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const mail = require('../helpers/mail');
const { sleep } = require('../helpers/wait');
const {
	LOCATION,
	WF,
	uid,
	openCheck,
	paymentLines,
	payRequests,
	paymentRow,
	waitForPayment,
	restaurantRow,
	waitForFailureMail,
	settledMailsFor,
	retryLinkOf,
	openLink,
	pressRetry,
	explainFailure,
	paymentReference,
	editAndPublish,
} = require('./support/flows');
const { waitFor } = require('../helpers/wait');

/** What the email must say the time was: the row's creation, in the location's zone (Centre: Paris). */
function localTime(row) {
	const text = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(row.createdAt));
	return `${text} (Europe/Paris)`;
}

async function setCardMethod(code) {
	await editAndPublish(WF.settings, 'Restaurant settings', { cardPaymentMethod: code });
	await waitFor(async () => (await restaurantRow())?.cardPaymentMethod === code, { what: `the restaurant row to use ${code}` });
}

const CAUSES = [
	{ name: 'payment API not enabled', code: 'PAYMENT_API_DISABLED', table: 1, faults: { paymentApiDisabled: [LOCATION] }, answer: 'failed' },
	// Lightspeed's notifications come twice: still one email
	{ name: 'staff account deactivated', code: 'STAFF_NOT_FOUND', table: 2, faults: { inactiveStaff: [42], duplicateWebhooks: true }, answer: 'pending' },
	{
		name: 'payment method changed in Back Office',
		code: 'PAYMENT_METHOD_NOT_FOUND',
		table: 4,
		faults: { removedPaymentMethods: ['QDCARD'] },
		answer: 'pending',
		// the fix the email gives: choose another method in the Restaurant settings, publish
		fix: () => setCardMethod('CARD'),
		undo: () => setCardMethod('QDCARD'),
		methodAfterFix: 'CARD',
	},
	// the register's task lasts 120 s × the sandbox's taskTtlScale 0.1
	{ name: 'register (iPad) not taking payments', code: 'POS_TIMEOUT', table: 6, faults: { posOffline: [LOCATION] }, answer: 'pending' },
];

describe('failure emails, one per cause, and the retry page', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clear();
	});
	afterEach(() => sandbox.clearFaults());

	test.each(CAUSES.map((c) => [c.name, c]))('%s: one email with the cause, the fix and the local time; the retry acts only on POST, once', async (_name, cause) => {
		const check = await openCheck(cause.table, [{ sku: 'BURGER', quantity: 1 }, { sku: 'COLA', quantity: 1 }]); // 17.60
		await sandbox.setFaults(cause.faults);
		const id = uid(cause.code.toLowerCase().slice(0, 8));
		const r = await pay({ paymentId: id, tableNumber: cause.table, amount: '12.30', tipAmount: '1.20', method: 'card' });
		expect(r.status).toBe(202);
		expect(r.json.status).toBe(cause.answer);

		const msg = await waitForFailureMail(id);
		const explanation = explainFailure(cause.code);
		const failed = await waitForPayment(id, { status: 'failed', emailStatus: 'sent' });
		expect(failed).toMatchObject({ errorCode: cause.code, attempt: 1 });
		expect(msg.to.map((a) => a.address).sort()).toEqual(['manager@demo-bistro.test', 'owner@demo-bistro.test']);
		expect(msg.subject).toContain(explanation.title);
		for (const text of [msg.text, msg.html]) {
			expect(text).toContain('12.30');
			expect(text).toContain('1.20');
		}
		expect(msg.text).toContain(explanation.why);
		expect(msg.text).toContain(explanation.fix);
		expect(msg.text).toContain(localTime(failed));
		expect(msg.text).toMatch(/open the link and press "Retry now"/i);
		const link = retryLinkOf(msg);
		expect(link).toMatch(/\/webhook\/qodeup-retry\/demo-bistro\/payment\?t=[A-Za-z0-9_-]{20,}$/);
		expect((await paymentStatus(id)).json).toMatchObject({ status: 'failed', error: cause.code });
		expect(await paymentLines(id)).toEqual([]);

		// mail scanners and people opening the link: GET ×3 and HEAD change nothing
		const before = await paymentRow(id);
		const sentBefore = (await payRequests({ paymentId: id })).length;
		for (let i = 0; i < 3; i++) {
			const page = await openLink(link);
			expect(page.status).toBe(200);
			expect(page.contentType).toMatch(/text\/html/);
			expect(page.title).toBe(`Retry Payment ${id}?`);
			expect(page.html).toContain('Demo Bistro');
			expect(page.html).toContain(explanation.title);
			expect(page.html).toMatch(/<form[^>]+method="post"/i);
			expect(page.html).toContain('Retry now');
			expect(page.html).not.toMatch(/<script/i);
		}
		expect((await openLink(link, 'HEAD')).status).toBe(200);
		await sleep(1500);
		expect(await paymentRow(id)).toEqual(before);
		expect(await payRequests({ paymentId: id })).toHaveLength(sentBefore);

		// the merchant fixes the cause and presses "Retry now": applied once, with the next reference
		await sandbox.clearFaults();
		if (cause.fix) await cause.fix();
		const pressed = await pressRetry(link);
		expect(pressed.status).toBe(200);
		expect(pressed.title).toMatch(/sent to Lightspeed again|on the register/);
		const applied = await waitForPayment(id, { status: 'applied' });
		expect(applied).toMatchObject({ attempt: 2, reference: paymentReference(id, 2), errorCode: '' });
		expect(await paymentLines(id)).toEqual([
			expect.objectContaining({ reference: paymentReference(id, 2), checkId: check.checkId, methodCode: cause.methodAfterFix || 'QDCARD' }),
		]);
		expect((await paymentStatus(id)).json).toMatchObject({ status: 'applied', attempt: 2 });

		// a second press, and opening the link afterwards, change nothing
		const sentAfter = (await payRequests({ paymentId: id })).length;
		const again = await pressRetry(link);
		expect(again.title).toBe('This link was already used');
		expect((await openLink(link)).title).toBe('This link was already used');
		await sleep(1000);
		expect(await payRequests({ paymentId: id })).toHaveLength(sentAfter);
		expect(await paymentLines(id)).toHaveLength(1);
		expect(await settledMailsFor(id, 4000)).toHaveLength(1);
		if (cause.undo) await cause.undo();
	});

	test('a tampered or missing token: "not valid" (404), nothing changes', async () => {
		const msg = (await mail.messages()).find((m) => mail.extractLinks(m).some((l) => l.includes('qodeup-retry')));
		const link = retryLinkOf(msg);
		const tampered = link.replace(/t=([^&]+)/, (_, t) => `t=${t.slice(0, -3)}${t.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`);
		for (const page of [await openLink(tampered), await pressRetry(tampered), await openLink(link.replace(/\?t=.*$/, ''))]) {
			expect(page.status).toBe(404);
			expect(page.title).toBe('This link is not valid');
		}
	});

	test('Lightspeed unreachable: the payment waits and is sent once Lightspeed answers again — no email', async () => {
		const check = await openCheck(8, [{ sku: 'FRIES', quantity: 1 }]); // 4.20
		await sandbox.setFaults({ http500: 1000, pathFilter: '^/o/op/1/pay$' });
		const id = uid('flaky');
		const r = await pay({ paymentId: id, checkId: check.checkId, amount: '4.20', method: 'card' });
		expect(r.json.status).toBe('pending');
		expect(await paymentRow(id)).toMatchObject({ status: 'received' }); // claimed, for recovery
		await sandbox.clearFaults();
		// the sweeper's Recovery sends it after the claim's grace time (30 s in tests), same reference
		const applied = await waitForPayment(id, { status: 'applied' }, { timeoutMs: 90_000 });
		expect(applied).toMatchObject({ attempt: 1, reference: paymentReference(id, 1) });
		expect(await paymentLines(id)).toHaveLength(1);
		expect(await settledMailsFor(id, 3000)).toHaveLength(0);
	});

	test('Lightspeed unreachable for the whole give-up time: failed as LIGHTSPEED_UNAVAILABLE, one email that says so', async () => {
		const check = await openCheck(9, [{ sku: 'FRIES', quantity: 1 }]);
		await sandbox.setFaults({ http500: 100000, pathFilter: '^/o/op/1/pay$' });
		const id = uid('down');
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '4.20', method: 'card' })).json.status).toBe('pending');
		// give-up time 60 s in tests
		const failed = await waitForPayment(id, { status: 'failed' }, { timeoutMs: 120_000 });
		expect(failed.errorCode).toBe('LIGHTSPEED_UNAVAILABLE');
		expect(failed.errorText).toMatch(/could not be reached for \d+ minute/);
		const msg = await waitForFailureMail(id);
		expect(msg.subject).toContain(explainFailure('LIGHTSPEED_UNAVAILABLE').title);
		await sandbox.clearFaults();
		// once Lightspeed answers, the retry applies it
		expect((await pressRetry(retryLinkOf(msg))).status).toBe(200);
		await waitForPayment(id, { status: 'applied', attempt: 2 });
		expect(await paymentLines(id)).toEqual([expect.objectContaining({ checkId: check.checkId, reference: paymentReference(id, 2) })]);
	});
});

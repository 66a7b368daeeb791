'use strict';
// Check updates template: Lightspeed Real-Time Notifications (UPDATE, CLOSE) → the check read
// fresh → a callback to Qodeup signed with the Qodeup credential's secret.
//
// The template ships enabled: the Basic-auth password is the Lightspeed credential's
// "Real-Time Notification Password" (the stack sets one, like an operator), and the stack plays
// Lightspeed support by pointing the sandbox's RTN configuration at the trigger.
const { pay } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const mail = require('../helpers/mail');
const { stackInfo } = require('../helpers/stack');
const { signQodeup } = require('../helpers/qodeup');
const { WF, uid, openCheck, triggerUrl, executionsSince, waitForLedger } = require('./support/flows');
const { waitFor } = require('../helpers/wait');

function verifySignature(cb) {
	const ts = cb.headers['x-qodeup-timestamp'];
	const path = `callbacks/${cb.path}`;
	const expected = signQodeup(stackInfo().qodeup.signingSecret, ts, cb.method, path, cb.body);
	return { timestampFresh: Math.abs(Date.now() / 1000 - Number(ts)) < 300, signatureOk: cb.headers['x-qodeup-signature'] === expected };
}

describe('check updates → signed callback to Qodeup', () => {
	beforeAll(async () => {
		await sandbox.reset();
		// what the stack configured at start; set again in case an earlier test changed it
		await sandbox.config({ rtnUrl: triggerUrl(WF.checkUpdates, 'lightspeedKSeriesTrigger', 'lightspeed'), rtnUsername: 'lightspeed', rtnPassword: stackInfo().lightspeed.rtnPassword });
		await mail.clearCallbacks();
	});

	test('UPDATE and CLOSE each reach Qodeup with the fresh check, signed', async () => {
		const since = new Date().toISOString();
		const check = await openCheck(11, [{ sku: 'COLA', quantity: 1 }]); // 3.10
		await sandbox.addLines(check.checkId, [{ sku: 'FRIES', quantity: 1 }]); // 7.30
		const updated = await waitFor(
			async () => (await mail.callbacks()).find((c) => JSON.parse(c.body).event === 'check.updated' && JSON.parse(c.body).data.check.checkId === check.checkId && JSON.parse(c.body).data.check.currentAmount === '7.30'),
			{ what: `a check.updated callback for ${check.checkId}` },
		);
		expect(verifySignature(updated)).toEqual({ timestampFresh: true, signatureOk: true });
		const body = JSON.parse(updated.body);
		expect(body.data).toMatchObject({ integrationId: 'demo-bistro', check: { checkId: check.checkId, tableNumber: 11, remaining: '7.30', closed: false } });
		expect(body.data.check.lines.map((l) => l.sku)).toEqual(['COLA', 'FRIES']);

		// paying the whole check closes it: a CLOSE notification → check.closed
		const id = uid('close');
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '7.30', method: 'card' })).status).toBe(202);
		await waitForLedger(id, { status: 'applied' });
		const closed = await waitFor(
			async () => (await mail.callbacks()).find((c) => JSON.parse(c.body).event === 'check.closed' && JSON.parse(c.body).data.check.checkId === check.checkId),
			{ what: `a check.closed callback for ${check.checkId}` },
		);
		expect(verifySignature(closed)).toEqual({ timestampFresh: true, signatureOk: true });
		expect(JSON.parse(closed.body).data.check).toMatchObject({ remaining: '0.00', closed: true });
		// a tampered body would not verify
		expect(verifySignature({ ...closed, body: closed.body.replace('0.00', '1.00') }).signatureOk).toBe(false);

		const runs = await executionsSince(WF.checkUpdates, since);
		expect(runs.length).toBeGreaterThanOrEqual(2);
		expect(runs.every((e) => e.status === 'success')).toBe(true);
	});

	test('a notification without the password is refused and starts nothing', async () => {
		const since = new Date().toISOString();
		const url = triggerUrl(WF.checkUpdates, 'lightspeedKSeriesTrigger', 'lightspeed');
		const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('lightspeed:wrong-password-123456').toString('base64')}` }, body: JSON.stringify({ notificationType: 'UPDATE' }) });
		expect(r.status).toBe(401);
		await new Promise((res) => setTimeout(res, 1000));
		expect(await executionsSince(WF.checkUpdates, since)).toEqual([]);
	});
});

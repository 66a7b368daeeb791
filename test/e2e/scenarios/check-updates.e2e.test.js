'use strict';
// A check changes in Lightspeed (Real-Time Notifications UPDATE, CLOSE; the stack plays
// Lightspeed support and points them at the restaurant's trigger): Qodeup gets the fresh check
// in a signed callback, check.updated, then check.closed. A notification without the
// Basic-auth password is refused.
const { pay } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const mail = require('../helpers/mail');
const { httpJson } = require('../helpers/http');
const { waitFor } = require('../helpers/wait');
const { uid, openCheck, waitForPayment, callbacksFor, verifyCallback } = require('./support/flows');

const about = (event, checkId, extra = () => true) => async () => (await callbacksFor(event)).find((c) => c.data.check?.checkId === checkId && extra(c));

describe('check updates → signed callbacks to Qodeup', () => {
	beforeAll(async () => {
		await sandbox.reset();
		await mail.clearCallbacks();
	});

	test('UPDATE and CLOSE each reach Qodeup with the fresh check, signed', async () => {
		const check = await openCheck(11, [{ sku: 'COLA', quantity: 1 }]); // 3.10
		await sandbox.addLines(check.checkId, [{ sku: 'FRIES', quantity: 1 }]); // 7.30
		const updated = await waitFor(about('check.updated', check.checkId, (c) => c.data.check.currentAmount === '7.30'), { what: `check.updated for ${check.checkId}` });
		expect(verifyCallback(updated.raw)).toEqual({ timestampFresh: true, signatureOk: true });
		expect(updated.data).toMatchObject({ integrationId: 'demo-bistro', check: { checkId: check.checkId, tableNumber: 11, remaining: '7.30', closed: false } });
		expect(updated.data.check.lines.map((l) => l.sku)).toEqual(['COLA', 'FRIES']);

		const id = uid('close');
		expect((await pay({ paymentId: id, checkId: check.checkId, amount: '7.30', method: 'card' })).status).toBe(202);
		await waitForPayment(id, { status: 'applied' });
		const closed = await waitFor(about('check.closed', check.checkId), { what: `check.closed for ${check.checkId}` });
		expect(verifyCallback(closed.raw)).toEqual({ timestampFresh: true, signatureOk: true });
		expect(closed.data.check).toMatchObject({ remaining: '0.00', closed: true });
		// a tampered body would not verify
		expect(verifyCallback({ ...closed.raw, body: closed.raw.body.replace('0.00', '1.00') }).signatureOk).toBe(false);
	});

	test('a notification without the password is refused', async () => {
		const { rtnUrl } = (await sandbox.state()).config;
		expect(rtnUrl).toMatch(/\/webhook\/.+\/lightspeed$/);
		const r = await httpJson('POST', rtnUrl, { notificationType: 'UPDATE' }, { headers: { authorization: `Basic ${Buffer.from('lightspeed:wrong-password-123456').toString('base64')}` } });
		expect(r.status).toBe(401);
		const none = await httpJson('POST', rtnUrl, { notificationType: 'UPDATE' });
		expect(none.status).toBe(401);
	});
});

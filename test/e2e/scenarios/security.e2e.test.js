'use strict';
// A badly signed Qodeup request is refused (401) by Check Request: nothing is recorded in the
// ledgers and nothing is sent to Lightspeed. HEAD (uptime checks) answers without a signature
// and runs nothing else.
const { qodeup, qodeupHeaders } = require('../helpers/qodeup');
const { stackInfo } = require('../helpers/stack');
const { sleep } = require('../helpers/wait');
const { uid, lastSeq, payRequests, paymentRow, orderRow } = require('./support/flows');

describe('Qodeup request signatures', () => {
	test('wrong secret, no signature, stale timestamp, tampered body → 401; nothing recorded, nothing sent', async () => {
		const seq = await lastSeq();
		const payment = { paymentId: uid('sig'), tableNumber: 3, amount: '1.00', method: 'card' };
		const orderId = uid('sigo');
		const attempts = [
			await qodeup('POST', 'payments', payment, { secret: 'not-the-secret-not-the-secret-000' }),
			await qodeup('POST', 'payments', payment, { sign: false }),
			await qodeup('POST', 'payments', payment, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
			await qodeup('POST', 'payments', JSON.stringify(payment), {
				// signed for one body, sent with another
				headers: qodeupHeaders({ secret: stackInfo().qodeup.signingSecret, method: 'POST', path: 'qodeup/demo-bistro/payments', rawBody: JSON.stringify({ ...payment, amount: '0.01' }) }),
				sign: false,
			}),
			await qodeup('GET', 'tables', undefined, { secret: 'x'.repeat(64) }),
			await qodeup('GET', 'tables/3', undefined, { sign: false }),
			await qodeup('GET', `payments/${payment.paymentId}`, undefined, { secret: 'y'.repeat(64) }),
			await qodeup('POST', 'orders', { orderId, mode: 'to-go', items: [{ sku: 'COLA', quantity: 1 }], customer: { firstName: 'Zed' } }, { sign: false }),
			await qodeup('GET', `orders/${orderId}`, undefined, { sign: false }),
		];
		expect(attempts.map((a) => a.status)).toEqual(Array(attempts.length).fill(401));
		for (const a of attempts) expect(a.json).toMatchObject({ error: 'UNAUTHORIZED' });
		await sleep(1500);
		expect(await paymentRow(payment.paymentId)).toBeUndefined();
		expect(await orderRow(orderId)).toBeUndefined();
		expect(await payRequests({ afterSeq: seq })).toEqual([]);
	});

	test('HEAD answers 200 without a signature and without a body, for uptime checks', async () => {
		for (const rel of ['tables', 'tables/3', 'payments', `payments/${uid('head')}`, 'orders']) {
			const r = await qodeup('HEAD', rel, undefined, { sign: false, contract: false });
			expect({ rel, status: r.status, body: r.text }).toEqual({ rel, status: 200, body: '' });
		}
	});
});

'use strict';
// A badly signed Qodeup request is refused by the trigger and starts no execution.
const { qodeup } = require('../helpers/qodeup');
const n8n = require('../helpers/n8n');
const { WF, uid, lastSeq, payRequests } = require('./support/flows');
const { sleep } = require('../helpers/wait');

describe('Qodeup request signatures', () => {
	test('wrong secret, no signature, stale timestamp, tampered body → 401, no execution, nothing sent', async () => {
		const watched = [WF.payments, WF.tables, WF.table, WF.payStatus, WF.orders];
		const before = Object.fromEntries(await Promise.all(watched.map(async (w) => [w, await n8n.countExecutions(w)])));
		const seq = await lastSeq();
		const payment = { paymentId: uid('sig'), tableNumber: 3, amount: '1.00', method: 'card' };
		const attempts = [
			await qodeup('POST', 'payments', payment, { secret: 'not-the-secret-not-the-secret-000' }),
			await qodeup('POST', 'payments', payment, { sign: false }),
			await qodeup('POST', 'payments', payment, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
			await qodeup('POST', 'payments', JSON.stringify(payment), {
				// signed for one body, sent with another
				headers: require('../helpers/qodeup').qodeupHeaders({ secret: require('../helpers/stack').stackInfo().qodeup.signingSecret, method: 'POST', path: 'qodeup/demo-bistro/payments', rawBody: JSON.stringify({ ...payment, amount: '0.01' }) }),
				sign: false,
			}),
			await qodeup('GET', 'tables', undefined, { secret: 'x'.repeat(64) }),
			await qodeup('GET', 'tables/3', undefined, { sign: false }),
			await qodeup('GET', `payments/${payment.paymentId}`, undefined, { secret: 'y'.repeat(64) }),
			await qodeup('POST', 'orders', { orderId: uid('o'), mode: 'to-go', items: [{ sku: 'COLA', quantity: 1 }] }, { sign: false }),
		];
		expect(attempts.map((a) => a.status)).toEqual(Array(attempts.length).fill(401));
		for (const a of attempts) expect(a.json).toMatchObject({ error: 'UNAUTHORIZED' });
		await sleep(1500);
		const after = Object.fromEntries(await Promise.all(watched.map(async (w) => [w, await n8n.countExecutions(w)])));
		expect(after).toEqual(before);
		expect(await payRequests({ afterSeq: seq })).toEqual([]);
	});
});

'use strict';
// The sweeper settles payments whose outcome webhook never arrived, by reading the check:
// one the POS applied becomes "applied"; one the POS never took becomes a POS-timeout failure
// with its email. Lightspeed's webhooks are switched off (receiver down) for the whole test.
// The rows are aged in the ledger instead of waiting out the POS task TTL; the test then waits
// for the sweeper's next minute.
const { pay } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const n8n = require('../helpers/n8n');
const { WF, uid, openCheck, paymentLines, waitForLedger, patchLedger, waitForFailureMail, settledMailsFor, explainFailure } = require('./support/flows');
const { waitFor, sleep } = require('../helpers/wait');

describe('sweeper', () => {
	beforeAll(() => sandbox.reset());
	afterAll(() => sandbox.clearFaults());

	test('no outcome webhook: settled from the check (applied), or failed as a POS timeout with one email', async () => {
		await sandbox.setFaults({ webhookReceiverDown: true });
		const check = await openCheck(14, [{ sku: 'BURGER', quantity: 2 }]); // 29.00

		// A: the POS applies it, but the webhook never reaches n8n
		const a = uid('swa');
		expect((await pay({ paymentId: a, checkId: check.checkId, amount: '10.00', method: 'card' })).status).toBe(202);
		await waitFor(async () => (await paymentLines(a)).length === 1, { what: `payment ${a} on the check` });
		// B: the POS is offline and the timeout webhook is lost as well
		await sandbox.setFaults({ posOffline: true });
		await sandbox.config({ taskTtlScale: 0.02 });
		const b = uid('swb');
		expect((await pay({ paymentId: b, checkId: check.checkId, amount: '5.00', method: 'card' })).status).toBe(202);
		await sleep(3500); // the POS task expires (2.4 s)
		await sandbox.config({ taskTtlScale: 1 });
		await sandbox.setFaults({ posOffline: false });

		await waitForLedger(a, { status: 'sent' });
		await waitForLedger(b, { status: 'sent' });
		// both were claimed long ago, as far as the sweeper can tell (POS task TTL 2 min + 1 min margin)
		const longAgo = Date.now() - 10 * 60_000;
		await patchLedger(a, { sentAtMs: longAgo });
		await patchLedger(b, { sentAtMs: longAgo });

		const rowA = await waitForLedger(a, { status: 'applied' }, { timeoutMs: 90_000 });
		const rowB = await waitForLedger(b, { status: 'failed' }, { timeoutMs: 30_000 });
		expect(rowA).toMatchObject({ attempt: 1, reference: `QD-${a}-1` });
		expect(rowB).toMatchObject({ errorCode: 'POS_TIMEOUT', attempt: 1 });
		const msg = await waitForFailureMail(b);
		expect(msg.subject).toContain(explainFailure('POS_TIMEOUT').title);
		expect(msg.text).toContain(explainFailure('POS_TIMEOUT').fix);
		expect(await settledMailsFor(b)).toHaveLength(1);
		expect(await paymentLines(b)).toEqual([]);
		expect(await paymentLines(a)).toHaveLength(1);
		const runs = (await n8n.executions(WF.sweeper)).filter((e) => e.status !== 'running');
		expect(runs.length).toBeGreaterThan(0);
		expect(runs.every((e) => e.status === 'success')).toBe(true);
	});
});

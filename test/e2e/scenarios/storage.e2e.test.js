'use strict';
// n8n's Data tables have one size limit for all of them together (N8N_DATA_TABLES_MAX_SIZE_BYTES);
// at the limit n8n refuses every new row. The operator is warned before (the fleet's retention
// run, here every minute), and at the limit Qodeup is told why (503 LEDGER_UNAVAILABLE naming the
// size limit), nothing is sent
// to Lightspeed, and payments work again as soon as there is room.
//
// This scenario runs its own small stack (a low limit must not touch the other scenarios).
const path = require('node:path');
const { qodeupRequest } = require('../../../scripts/lib/qodeup-client.cjs');
const { ROOT } = require('../helpers/stack');
const { httpJson } = require('../helpers/http');
const { waitFor } = require('../helpers/wait');
const { startChildStack } = require('../helpers/childStack');

const PORTS = { n8n: 5870, broker: 5871, sandbox: 7370, smtp: 2770, mail: 2771 };
const LIMIT = 600 * 1024;

let stack;
let info;
const sandbox = (method, p, body) => httpJson(method, `${info.sandbox.url}${p}`, body);
const mails = async () => (await httpJson('GET', `${info.mail.url}/messages`)).json;
const signed = (rel, body) =>
	qodeupRequest({ webhookBase: info.n8n.webhookBase, secret: info.qodeup.signingSecret, method: 'POST', path: `qodeup/${info.qodeup.integrationId}/${rel}`, body });
const pay = (body) => signed('payments', body);
const order = (body) => signed('orders', body);
const payRequests = async () => (await sandbox('GET', '/_admin/state')).json.requests.filter((r) => r.path === '/o/op/1/pay');

async function rest(method, p, body) {
	const r = await httpJson(method, `${info.n8n.url}${p}`, body, { headers: { cookie: info.n8n.cookie } });
	return r;
}

beforeAll(async () => {
	stack = await startChildStack({
		ports: PORTS,
		runDir: path.join(ROOT, '.run', 'e2e-storage'),
		build: false,
		posDelayMs: 200,
		sandboxConfig: { taskTtlScale: 0.1 },
		// the estimate the warning uses: 100 kB per payment row, so five payments are 83 % of 600 kB
		fleet: { limitBytes: LIMIT, warnPercent: 80, paymentRowBytes: 100_000, retentionMinutes: 1 },
		n8nEnv: { N8N_DATA_TABLES_MAX_SIZE_BYTES: String(LIMIT), N8N_DATA_TABLES_SIZE_CHECK_CACHE_DURATION_MS: '200' },
	});
	info = stack.info;
}, 260_000);

afterAll(async () => {
	if (stack) await stack.stop();
});

describe('the Data tables at their size limit', () => {
	test('the operator is warned first; at the limit Qodeup gets 503 that says why, nothing is sent; room again → payments again', async () => {
		const check = (await sandbox('POST', '/_admin/checks', { tableNumber: 2, lines: [{ sku: 'BURGER', quantity: 4 }] })).json; // 58.00
		for (let i = 1; i <= 5; i++) {
			const r = await pay({ paymentId: `room-${i}`, checkId: check.checkId, amount: '1.00', method: 'card' });
			expect(r.status).toBe(202);
		}
		// the retention run (every minute here) estimates 5 × 100 kB of 600 kB: 83 % ≥ 80 %
		const warning = await waitFor(async () => (await mails()).find((m) => /Data tables at \d+% of their limit/.test(m.subject)), { timeoutMs: 150_000, intervalMs: 2000, what: 'the storage warning' });
		expect(warning.to.map((a) => a.address)).toEqual(['operator@demo-bistro.test']);
		expect(warning.text).toContain('N8N_DATA_TABLES_MAX_SIZE_BYTES');

		// something else fills the Data tables up to n8n's limit
		const pid = (await rest('GET', '/rest/projects/personal')).json.data.id;
		const filler = (await rest('POST', `/rest/projects/${pid}/data-tables`, { name: 'storageFiller', columns: [{ name: 'blob', type: 'string' }] })).json.data;
		let refused;
		for (let i = 0; i < 400 && !refused; i++) {
			const r = await rest('POST', `/rest/projects/${pid}/data-tables/${filler.id}/insert`, { data: Array.from({ length: 20 }, () => ({ blob: 'x'.repeat(2000) })), returnType: 'count' });
			if (r.status >= 400) refused = r;
		}
		expect(refused && refused.text).toMatch(/size limit exceeded/i);

		const sentBefore = (await payRequests()).length;
		const full = await pay({ paymentId: 'no-room', checkId: check.checkId, amount: '1.00', method: 'card' });
		expect(full.status).toBe(503);
		// n8n's Data table node lets the refused write through as if it had worked; the missing row says it
		expect(full.json).toMatchObject({ error: 'LEDGER_UNAVAILABLE' });
		expect(full.json.message).toMatch(/size limit \(N8N_DATA_TABLES_MAX_SIZE_BYTES\)/);
		const fullOrder = await order({ orderId: 'no-room-order', mode: 'to-go', items: [{ sku: 'COLA', quantity: 1 }], customer: { firstName: 'Io' } });
		expect(fullOrder.status).toBe(503);
		expect(fullOrder.json).toMatchObject({ error: 'LEDGER_UNAVAILABLE' });
		expect(await payRequests()).toHaveLength(sentBefore);

		// room again: the same payment goes through, once
		expect((await rest('DELETE', `/rest/projects/${pid}/data-tables/${filler.id}`)).status).toBe(200);
		const again = await waitFor(
			async () => {
				const r = await pay({ paymentId: 'no-room', checkId: check.checkId, amount: '1.00', method: 'card' });
				return r.status === 202 ? r : false;
			},
			{ timeoutMs: 20_000, what: 'a payment accepted once there is room' },
		);
		expect(again.json.status).toMatch(/pending|applied/);
		expect(await payRequests()).toHaveLength(sentBefore + 1);
	});
});

'use strict';
// The Lightspeed access token expires in the middle of the run: n8n refreshes it (Lightspeed
// rotates the refresh token) and every call still succeeds — never a reused refresh token.
const { pay, getTables, getTable } = require('../helpers/qodeup');
const { sandbox } = require('../helpers/sandbox');
const { uid, openCheck, waitForPayment, lastSeq } = require('./support/flows');
const { sleep } = require('../helpers/wait');

const TOKEN_PATH = '/realms/k-series/protocol/openid-connect/token';

describe('access token expiring mid-run', () => {
	beforeAll(() => sandbox.reset());
	afterAll(() => sandbox.config({ accessTokenTtlSeconds: 1800 }));

	test('n8n refreshes the token and nothing fails', async () => {
		const check = await openCheck(12, [{ sku: 'WATER', quantity: 4 }]); // 10.00
		await sandbox.config({ accessTokenTtlSeconds: 2 });
		const seq = await lastSeq();
		await sandbox.request('POST', '/_admin/tokens/expire', {});

		const answers = [];
		answers.push(await getTables());
		const first = uid('tok');
		answers.push(await pay({ paymentId: first, checkId: check.checkId, amount: '2.00', method: 'card' }));
		await sleep(2500); // the refreshed token expires too
		answers.push(...(await Promise.all([getTable(3), getTable(5), getTable(12), getTables(), getTable(7)])));
		await sleep(2500);
		const second = uid('tok');
		answers.push(await pay({ paymentId: second, checkId: check.checkId, amount: '3.00', method: 'card' }));

		expect(answers.map((a) => a.status)).toEqual([200, 202, 200, 200, 200, 200, 200, 202]);
		await waitForPayment(first, { status: 'applied' });
		await waitForPayment(second, { status: 'applied' });

		const requests = (await sandbox.state()).requests.filter((r) => r.seq > seq);
		const tokenCalls = requests.filter((r) => r.path === TOKEN_PATH);
		expect(tokenCalls.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
		expect(tokenCalls.filter((r) => r.status !== 200)).toEqual([]); // never a reused (invalid_grant) refresh token
		const api = requests.filter((r) => /^\/(o|f|staff)\//.test(r.path));
		expect(api.some((r) => r.status === 401)).toBe(true); // it did expire…
		expect(api.filter((r) => r.status >= 500)).toEqual([]);
	});
});

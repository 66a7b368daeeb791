/**
 * The Qodeup node in its router layout: Request → Check (a Webhook node's front door: Accepted /
 * Rejected), Retry Link → Prepare (Retry / Show Page) and → Page, Callback → Send (payload from
 * a payment row, an order row, a check or JSON), and the Qodeup API credential's test.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import nock from 'nock';

import { QodeupApi } from '../../../credentials/QodeupApi.credentials';
import { NAMED_OUTPUTS } from '../../../nodes/Qodeup/actions/router';
import { isRetryPress, nextAttemptColumns } from '../../../nodes/Qodeup/actions/retry/prepare.operation';
import { Qodeup } from '../../../nodes/Qodeup/Qodeup.node';
import { forgetAllCredentials } from '../../../nodes/Qodeup/shared/credentialMemo';
import { qodeupApiTest } from '../../../nodes/Qodeup/shared/credentialTest';
import { signedPath } from '../../../nodes/Qodeup/shared/request/routes';
import type { QodeupResource } from '../../../nodes/Qodeup/shared/request/routes';
import { LEDGERS } from '../../../nodes/shared/ledgers';
import type { LedgerRow } from '../../../nodes/shared/ledgers';
import { orderReference, orderView } from '../../../nodes/shared/orders';
import { buildPaymentReference, referenceTag } from '../../../nodes/shared/paymentReference';
import { canonicalRequest, paymentView } from '../../../nodes/shared/payments';
import { newRetryToken } from '../../../nodes/shared/tokens';
import { verifyQodeupSignature } from '../../../nodes/shared/signing';
import { INTEGRATION, orderRow, paymentRequest, paymentRow } from '../../helpers/qodeupLedger';
import { createQodeupExecuteFunctions } from '../../helpers/qodeupContext';
import { QODEUP_SECRET, qodeupHeaders } from '../../helpers/qodeupSigning';

const node = new Qodeup();
const now = () => Math.floor(Date.now() / 1000);

async function run(params: Record<string, unknown>, options: { credentials?: IDataObject; items?: INodeExecutionData[]; continueOnFail?: boolean; raw?: Buffer } = {}) {
	const { context, sent } = createQodeupExecuteFunctions({
		params,
		credentials: options.credentials,
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
	const errors: string[] = [];
	(context as unknown as { logger: Record<string, unknown> }).logger.error = (message: string) => errors.push(message);
	if (options.raw) (context.helpers as unknown as Record<string, unknown>).getBinaryDataBuffer = async () => options.raw;
	const output = await node.execute.call(context as IExecuteFunctions);
	return { output, sent, errors };
}

describe('Qodeup node: description', () => {
	it('has the router layout: request, retry and callback, with named outputs where there are several', () => {
		const resource = node.description.properties.find((property) => property.name === 'resource');
		expect((resource?.options as Array<{ value: string }>).map((option) => option.value).sort()).toEqual(['callback', 'request', 'retry']);
		expect(NAMED_OUTPUTS).toEqual({ 'request:check': ['Accepted', 'Rejected'], 'retry:prepare': ['Retry', 'Show Page'] });
		// the outputs expression gives the named outputs of the chosen operation, else one
		const expression = String(node.description.outputs).replace(/^=\{\{|\}\}$/g, '');
		const outputs = (p: Record<string, string>) => new Function('$parameter', `return (${expression});`)(p) as Array<{ displayName: string }>;
		expect(outputs({ resource: 'request', operation: 'check' }).map((o) => o.displayName)).toEqual(['Accepted', 'Rejected']);
		expect(outputs({ resource: 'retry', operation: 'prepare' }).map((o) => o.displayName)).toEqual(['Retry', 'Show Page']);
		expect(outputs({ resource: 'retry', operation: 'page' })).toHaveLength(1);
		expect(outputs({ resource: 'callback', operation: 'send' })).toHaveLength(1);
	});

	it('needs the Qodeup credential only to check requests and send callbacks (a retry page needs no secret)', () => {
		expect(node.description.credentials).toEqual([
			{ name: 'qodeupApi', required: true, testedBy: 'qodeupApiTest', displayOptions: { show: { resource: ['request', 'callback'] } } },
		]);
		expect(node.description.usableAsTool).toBe(true);
	});

	it('refuses an operation it does not have', async () => {
		await expect(run({ resource: 'retryLink', operation: 'create' })).rejects.toThrow('The operation "create" of "retryLink" is not supported');
		await expect(run({ resource: 'request', operation: 'constructor' })).rejects.toThrow(/not supported/);
	});
});

describe('Qodeup node: Request → Check', () => {
	beforeEach(() => forgetAllCredentials());

	function webhookItem(resource: QodeupResource, body: string, params: Record<string, string> = {}, headers?: Record<string, string>): INodeExecutionData {
		const method = resource === 'payments' || resource === 'orders' ? 'POST' : 'GET';
		const raw = Buffer.from(body);
		return {
			json: { headers: headers ?? qodeupHeaders(method, signedPath(resource, INTEGRATION, params), body), params, query: {}, body: {} },
			...(method === 'POST' ? { binary: { data: { data: raw.toString('base64'), mimeType: 'application/json', fileSize: String(raw.length) } } } : {}),
		};
	}
	const check = (route: QodeupResource, item: INodeExecutionData, raw?: Buffer) =>
		run({ resource: 'request', operation: 'check', integrationId: INTEGRATION, route }, { items: [item], raw });

	it('accepts a signed payment on "Accepted": the validated payment and the request text the ledger records', async () => {
		const body = JSON.stringify({ paymentId: 'p_1', tableNumber: 12, amount: 20, tipAmount: '1.5', method: 'card', extra: 'dropped' });
		const { output } = await check('payments', webhookItem('payments', body), Buffer.from(body));
		const [accepted, rejected] = output;
		expect(rejected).toEqual([]);
		expect(accepted).toHaveLength(1);
		const json = accepted[0].json;
		const payment = paymentRequest({ amount: '20.00', tipAmount: '1.50' });
		expect(json).toMatchObject({ resource: 'payments', integrationId: INTEGRATION, paymentId: 'p_1', payment, request: canonicalRequest(payment) });
		expect(json.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(accepted[0].pairedItem).toEqual({ item: 0 });
	});

	it('accepts a signed status request with its URL parameter', async () => {
		const { output } = await check('paymentStatus', webhookItem('paymentStatus', '', { paymentId: 'p_1' }));
		expect(output[0].map((item) => item.json)).toEqual([expect.objectContaining({ resource: 'paymentStatus', paymentId: 'p_1', params: { paymentId: 'p_1' } })]);
	});

	it('sends a bad signature to "Rejected" as an answer item (401), and a bad body as 422 naming the field', async () => {
		const body = '{"paymentId":"p_1"}';
		const unsigned = await check('payments', webhookItem('payments', body, {}, { 'content-type': 'application/json' }), Buffer.from(body));
		expect(unsigned.output[0]).toEqual([]);
		expect(unsigned.output[1][0].json).toMatchObject({ statusCode: 401, body: { error: 'UNAUTHORIZED' }, headers: {} });
		forgetAllCredentials();
		const invalid = await check('payments', webhookItem('payments', body), Buffer.from(body));
		expect(invalid.output[1][0].json).toMatchObject({ statusCode: 422, body: { error: 'VALIDATION_FAILED', fields: expect.arrayContaining([{ field: 'amount', problem: 'is required' }]) } });
	});

	it('answers 500 INTEGRATION_MISCONFIGURED and logs why when the Webhook node has Raw Body off', async () => {
		const item = webhookItem('payments', '{}');
		delete item.binary;
		const { output, errors } = await check('payments', item);
		expect(output[1][0].json).toEqual({ statusCode: 500, body: { error: 'INTEGRATION_MISCONFIGURED', message: 'The integration is not set up correctly' }, headers: {} });
		expect(errors.join('\n')).toMatch(/Raw Body/);
	});
});

describe('Qodeup node: Retry Link → Prepare and → Page', () => {
	const token = newRetryToken();
	const failed = (over: IDataObject = {}) =>
		paymentRow({}, { status: 'failed', attempt: 1, columns: { errorCode: 'POS_TIMEOUT', retryToken: token, retryExpiresAtMs: Date.now() + 3_600_000, settledAtMs: Date.now() - 60_000, ...over } });
	const prepare = (row: IDataObject, request: unknown, kind = 'payment') =>
		run({ resource: 'retry', operation: 'prepare', kind, request }, { items: [{ json: row }] });

	it('opening the link (GET, no form) only shows the page: nothing goes to "Retry"', async () => {
		const row = failed();
		const { output } = await prepare(row, { query: { t: token }, body: {} });
		expect(output[0]).toEqual([]);
		expect(output[1]).toEqual([{ json: { ...row, linkAction: 'show' }, pairedItem: { item: 0 } }]);
	});

	it('pressing "Retry now" (POST with the token) claims the next attempt: attempt 2, its reference, the token used', async () => {
		const row = failed();
		const before = Date.now();
		const { output } = await prepare(row, JSON.stringify({ query: { t: token }, body: { t: token } }));
		expect(output[1]).toEqual([]);
		const columns = output[0][0].json;
		expect(columns).toMatchObject({
			integrationId: INTEGRATION,
			paymentId: 'p_1',
			retryToken: token,
			status: 'received',
			attempt: 2,
			reference: buildPaymentReference('p_1', 2, INTEGRATION),
			errorCode: '',
			errorText: '',
			emailStatus: '',
			remaining: '',
		});
		expect(columns.retryUsedAtMs).toBeGreaterThanOrEqual(before);
		// only ledger columns: a Data table update in "map automatically" refuses any other key
		const names = new Set(LEDGERS.payments.columns.map(([name]) => name));
		expect(Object.keys(columns).filter((key) => !names.has(key))).toEqual([]);
	});

	it('an order retry goes out as QO<tag>-<orderId>-R<attempt>', () => {
		const row = orderRow({ orderId: 'o-7' }, { status: 'failed', attempt: 2, columns: { retryToken: token } });
		const next = nextAttemptColumns('order', row, 5);
		expect(next).toMatchObject({ orderId: 'o-7', attempt: 3, reference: orderReference('o-7', 3, INTEGRATION), status: 'received', retryUsedAtMs: 5 });
		expect(next.reference).toBe(`QO${referenceTag(INTEGRATION)}-o-7-R3`);
		// a row without a restaurant keeps the form without a tag
		expect(nextAttemptColumns('order', { ...row, integrationId: '' }, 5)).toMatchObject({ reference: 'o-7-R3' });
	});

	it.each<[string, IDataObject, unknown]>([
		['a posted token that is not the row\'s', {}, { body: { t: newRetryToken() } }],
		['an empty posted token', { retryToken: '' }, { body: { t: '' } }],
		['a used link', { retryUsedAtMs: Date.now() - 1000 }, { body: { t: token } }],
		['an expired link', { retryExpiresAtMs: Date.now() - 1 }, { body: { t: token } }],
		['a payment no longer failed (applied meanwhile)', { status: 'applied' }, { body: { t: token } }],
	])('%s goes to "Show Page", never to "Retry"', async (_name, change, request) => {
		const row = { ...failed(), ...change };
		const { output } = await prepare(row, request);
		expect(output[0]).toEqual([]);
		expect(output[1][0].json).toMatchObject({ linkAction: 'show' });
	});

	it('no row for the token (an empty item) goes to "Show Page"', async () => {
		const { output } = await prepare({}, { body: { t: token } });
		expect(output).toEqual([[], [{ json: { linkAction: 'show' }, pairedItem: { item: 0 } }]]);
	});

	it('isRetryPress needs the same token in the posted body', () => {
		expect(isRetryPress({ body: { t: token } }, token)).toBe(true);
		expect(isRetryPress({ query: { t: token } }, token)).toBe(false);
		expect(isRetryPress({ body: { t: token } }, '')).toBe(false);
		expect(isRetryPress(undefined, token)).toBe(false);
		expect(isRetryPress({ body: 't=' + token }, token)).toBe(false);
	});

	async function page(row: IDataObject, params: Record<string, unknown> = {}) {
		const { output } = await run(
			{ resource: 'retry', operation: 'page', kind: 'payment', restaurantName: 'Demo Bistro', timezone: 'Europe/Brussels', currency: 'EUR', ...params },
			{ items: [{ json: row }] },
		);
		return output[0][0].json as { statusCode: number; body: string; headers: Record<string, string>; linkState: string };
	}

	it('"As the Item Says": an item from "Show Page" shows the form, and changes nothing', async () => {
		const answer = await page({ ...failed(), linkAction: 'show' }, { mode: 'auto' });
		expect(answer).toMatchObject({
			statusCode: 200,
			linkState: 'ready',
			headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' },
		});
		expect(answer.body).toContain('<form method="post"');
		expect(answer.body).toContain(`name="t" value="${token}"`);
		expect(answer.body).toContain('Retry now');
		expect(answer.body).not.toContain('linkAction');
	});

	it('"As the Item Says": the row after the retry says what it did', async () => {
		const answer = await page({ ...failed(), status: 'sent', attempt: 2, retryUsedAtMs: Date.now() }, { mode: 'auto' });
		expect(answer).toMatchObject({ statusCode: 200, linkState: 'done' });
		expect(answer.body).toContain('The payment was sent to Lightspeed again');
		expect(answer.body).not.toContain('<form');
	});

	it('shows the unknown, expired and used pages for GET', async () => {
		expect(await page({ linkAction: 'show' }, { mode: 'auto' })).toMatchObject({ statusCode: 404, linkState: 'unknown' });
		expect(await page({ ...failed({ retryExpiresAtMs: Date.now() - 1 }) }, { mode: 'show' })).toMatchObject({ statusCode: 410, linkState: 'expired' });
		expect(await page({ ...failed({ retryUsedAtMs: Date.now() - 1 }) }, { mode: 'show' })).toMatchObject({ statusCode: 200, linkState: 'used' });
	});
});

describe('Qodeup node: Callback → Send', () => {
	const CALLBACK = 'https://api.qodeup.example/integrations/lightspeed/callback';
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	/** Runs Callback → Send; returns the outputs and what Qodeup received (body and signature headers). */
	async function send(params: Record<string, unknown>, rows: IDataObject[], credentials: IDataObject = { callbackUrl: CALLBACK }) {
		const seen: Array<{ headers: Record<string, string>; body: string }> = [];
		const scope = nock('https://api.qodeup.example')
			.post('/integrations/lightspeed/callback')
			.times(rows.length)
			.reply(function (this: nock.ReplyFnContext, _uri, body) {
				seen.push({ headers: this.req.headers as Record<string, string>, body: typeof body === 'string' ? body : JSON.stringify(body) });
				return [200, { ok: true }];
			});
		const { output, sent } = await run({ resource: 'callback', operation: 'send', ...params }, { credentials, items: rows.map((json) => ({ json })) });
		return { output: output[0], sent, seen, scope };
	}

	const expectSigned = (entry: { headers: Record<string, string>; body: string }) =>
		expect(
			verifyQodeupSignature({
				secret: QODEUP_SECRET,
				method: 'POST',
				path: 'integrations/lightspeed/callback',
				rawBody: entry.body,
				timestampHeader: entry.headers['x-qodeup-timestamp'],
				signatureHeader: entry.headers['x-qodeup-signature'],
				nowSeconds: now(),
			}),
		).toEqual({ ok: true });

	it('payloadFrom paymentRow: event payment.<status>, the payment status as data — never the row (its retry token)', async () => {
		const token = newRetryToken();
		const rows = [
			paymentRow({}, { status: 'applied', columns: { retryToken: token, reference: buildPaymentReference('p_1', 1, INTEGRATION) } }),
			paymentRow({ paymentId: 'p_2' }, { status: 'failed', columns: { errorCode: 'STAFF_NOT_FOUND', retryToken: token } }),
			paymentRow({ paymentId: 'p_3' }, { status: 'sent', attempt: 2 }),
		];
		const { output, seen, scope } = await send({ payloadFrom: 'paymentRow' }, rows);
		scope.done();
		const bodies = seen.map((entry) => JSON.parse(entry.body) as { event: string; sentAt: string; data: IDataObject });
		expect(bodies.map((body) => body.event)).toEqual(['payment.applied', 'payment.failed', 'payment.retried']);
		bodies.forEach((body, index) => expect(body.data).toEqual(paymentView(rows[index])));
		for (const entry of seen) {
			expectSigned(entry);
			expect(entry.body).not.toContain(token);
		}
		expect(output.map((item) => item.json)).toEqual(
			['payment.applied', 'payment.failed', 'payment.retried'].map((event) => ({ sent: true, event, url: CALLBACK, statusCode: 200, response: { ok: true } })),
		);
	});

	it('payloadFrom orderRow: event order.<status>, the order status as data', async () => {
		const rows = [
			orderRow({}, { status: 'accepted', columns: { accountId: 'A65315.30', reference: orderReference('o-1', 1, INTEGRATION) } }),
			orderRow({ orderId: 'o-2' }, { status: 'failed', columns: { errorCode: 'SKU_NOT_FOUND', errorText: 'Item not found for SKU BURGER' } }),
		];
		const { seen } = await send({ payloadFrom: 'orderRow' }, rows);
		const bodies = seen.map((entry) => JSON.parse(entry.body) as { event: string; data: IDataObject });
		expect(bodies.map((body) => body.event)).toEqual(['order.accepted', 'order.failed']);
		bodies.forEach((body, index) => expect(body.data).toEqual(orderView(rows[index] as LedgerRow)));
		seen.forEach(expectSigned);
	});

	it('payloadFrom check: check.updated, check.closed once closed, with the integration id', async () => {
		const open = { checkId: 'A65315.21', tableNumber: 3, remaining: '4.00', closed: false };
		const closed = { checkId: 'A65315.22', tableNumber: 5, remaining: '0.00', closed: true };
		const { seen } = await send({ payloadFrom: 'check', integrationId: INTEGRATION }, [open, closed]);
		const bodies = seen.map((entry) => JSON.parse(entry.body) as { event: string; data: IDataObject });
		expect(bodies).toEqual([
			{ event: 'check.updated', sentAt: expect.any(String), data: { integrationId: INTEGRATION, check: open } },
			{ event: 'check.closed', sentAt: expect.any(String), data: { integrationId: INTEGRATION, check: closed } },
		]);
	});

	it('payloadFrom json: the event and payload set, signed', async () => {
		const { output, seen, sent } = await send({ payloadFrom: 'json', event: 'table.updated', payload: { tableNumber: 12, remaining: '8.05' } }, [{}]);
		expect(JSON.parse(sent[0].body as string)).toMatchObject({ event: 'table.updated', data: { tableNumber: 12, remaining: '8.05' } });
		expect(seen[0].headers['x-qodeup-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
		expectSigned(seen[0]);
		expect(verifyQodeupSignature({ secret: 'other-secret', method: 'POST', path: 'integrations/lightspeed/callback', rawBody: seen[0].body, timestampHeader: seen[0].headers['x-qodeup-timestamp'], signatureHeader: seen[0].headers['x-qodeup-signature'], nowSeconds: now() })).toEqual({ ok: false, reason: 'bad_signature' });
		expect(output[0].json).toMatchObject({ sent: true, event: 'table.updated' });
	});

	it('sends nothing for an empty item from a ledger (no row: nothing changed), and nothing without a callback URL', async () => {
		nock.cleanAll();
		const empty = await run({ resource: 'callback', operation: 'send', payloadFrom: 'paymentRow' }, { credentials: { callbackUrl: CALLBACK }, items: [{ json: {} }] });
		expect(empty.output[0].map((item) => item.json)).toEqual([{ sent: false, reason: 'no ledger row (nothing changed)' }]);
		expect(empty.sent).toHaveLength(0);
		const none = await run({ resource: 'callback', operation: 'send', payloadFrom: 'json', event: 'table.updated', payload: {} });
		expect(none.output[0].map((item) => item.json)).toEqual([{ sent: false, reason: 'no callback URL' }]);
		expect(none.sent).toHaveLength(0);
	});

	it('surfaces a refusal from Qodeup, and refuses a bad event name before sending', async () => {
		nock('https://api.qodeup.example').post('/cb').reply(500, 'down');
		await expect(
			run({ resource: 'callback', operation: 'send', payloadFrom: 'json', event: 'table.closed', payload: {} }, { credentials: { callbackUrl: 'https://api.qodeup.example/cb' } }),
		).rejects.toThrow(/Qodeup did not accept the callback "table.closed"/);
		const bad = await run(
			{ resource: 'callback', operation: 'send', payloadFrom: 'json', event: 'bad event', payload: {} },
			{ credentials: { callbackUrl: 'https://api.qodeup.example/cb' }, continueOnFail: true },
		);
		expect(bad.output[0]).toEqual([{ json: { error: expect.stringMatching(/Event must be/) }, pairedItem: { item: 0 } }]);
		expect(bad.sent).toHaveLength(0);
	});
});

describe('Qodeup API credential', () => {
	const test = (data: ICredentialDataDecryptedObject) => qodeupApiTest.call({} as never, { id: '1', name: 'Qodeup', type: 'qodeupApi', data });

	it('passes a long random secret and says only the format was checked', async () => {
		await expect(test({ signingSecret: QODEUP_SECRET })).resolves.toEqual({ status: 'OK', message: expect.stringMatching(/no test endpoint/) });
	});

	it.each<[ICredentialDataDecryptedObject, RegExp]>([
		[{ signingSecret: 'short' }, /at least 32 characters/],
		[{ signingSecret: 'a'.repeat(40) }, /too few different characters/],
		[{ signingSecret: ` ${QODEUP_SECRET}` }, /starts or ends with a space/],
		[{ signingSecret: QODEUP_SECRET, callbackUrl: 'ftp://x' }, /callback URL/i],
	])('fails %p', async (data, message) => {
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	it('signs with the documented headers over the exact body sent', async () => {
		const signed = await new QodeupApi().authenticate({ signingSecret: QODEUP_SECRET }, { method: 'POST', url: 'https://q.example/a/b?x=1', body: { z: 1 } });
		expect(signed.body).toBe('{"z":1}');
		const headers = signed.headers as Record<string, string>;
		expect(
			verifyQodeupSignature({
				secret: QODEUP_SECRET,
				method: 'POST',
				path: 'a/b',
				rawBody: '{"z":1}',
				timestampHeader: headers['x-qodeup-timestamp'],
				signatureHeader: headers['x-qodeup-signature'],
				nowSeconds: now(),
			}),
		).toEqual({ ok: true });
	});
});

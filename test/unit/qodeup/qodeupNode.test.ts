import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { QodeupApi } from '../../../credentials/QodeupApi.credentials';
import { createRetryLink, verifyRetryToken } from '../../../nodes/Qodeup/actions/retryLink';
import { Qodeup } from '../../../nodes/Qodeup/Qodeup.node';
import { qodeupApiTest } from '../../../nodes/Qodeup/shared/credentialTest';
import { retryLinkKey } from '../../../nodes/Qodeup/shared/secrets';
import { createSignedToken, hmacHex, verifyQodeupSignature } from '../../../nodes/shared/signing';
import { createQodeupExecuteFunctions } from '../../helpers/qodeupContext';
import { QODEUP_SECRET } from '../../helpers/qodeupSigning';

const node = new Qodeup();
const now = () => Math.floor(Date.now() / 1000);
const BASE = 'https://n8n.example.com/webhook/qodeup-retry/demo-bistro';

async function run(params: Record<string, unknown>, credentials: IDataObject = {}, continueOnFail = false) {
	const { context, sent } = createQodeupExecuteFunctions({ params, credentials, continueOnFail });
	const output = await node.execute.call(context);
	return { json: output[0][0].json, output: output[0], sent };
}

describe('Qodeup node: retry links', () => {
	it('creates a signed link that expires after 7 days by default', async () => {
		const before = now();
		const { json } = await run({ resource: 'retryLink', operation: 'create', baseUrl: BASE, paymentId: 'p-1', attempt: 2 });
		expect(json).toMatchObject({ paymentId: 'p-1', attempt: 2 });
		const url = new URL(json.retryUrl as string);
		expect(`${url.origin}${url.pathname}`).toBe(BASE);
		expect(url.searchParams.get('t')).toBe(json.token);
		const expiresAt = Date.parse(json.expiresAt as string) / 1000;
		expect(expiresAt - before).toBeGreaterThanOrEqual(168 * 3600);
		expect(expiresAt - before).toBeLessThanOrEqual(168 * 3600 + 5);
		// The key is derived from the signing secret when no retry link secret is set.
		const key = hmacHex(QODEUP_SECRET, 'retry-link');
		expect(verifyRetryToken(key, json.token, now())).toMatchObject({ valid: true, paymentId: 'p-1', attempt: 2 });
	});

	it('verifies a valid token through the node', async () => {
		const created = await run({ resource: 'retryLink', operation: 'create', baseUrl: BASE, paymentId: 'p-9', attempt: 1 });
		const { json } = await run({ resource: 'retryLink', operation: 'verify', token: created.json.token });
		expect(json).toEqual({ valid: true, paymentId: 'p-9', attempt: 1, expiresAt: created.json.expiresAt });
	});

	it('uses the retry link secret when one is set, so a token made with another key is refused', async () => {
		const retryLinkSecret = 'r'.repeat(16) + 'etry-link-secret-abcdefghij';
		const created = await run(
			{ resource: 'retryLink', operation: 'create', baseUrl: BASE, paymentId: 'p-1', attempt: 1 },
			{ retryLinkSecret },
		);
		expect(verifyRetryToken(retryLinkSecret, created.json.token, now()).valid).toBe(true);
		const { json } = await run({ resource: 'retryLink', operation: 'verify', token: created.json.token });
		expect(json).toEqual({ valid: false, reason: 'bad_signature', paymentId: null, attempt: null, expiresAt: null });
	});

	it('refuses a tampered token', async () => {
		const created = await run({ resource: 'retryLink', operation: 'create', baseUrl: BASE, paymentId: 'p-1', attempt: 1 });
		const [body, mac] = (created.json.token as string).split('.');
		const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
		const forged = `${Buffer.from(JSON.stringify({ ...payload, a: 5 })).toString('base64url')}.${mac}`;
		const { json } = await run({ resource: 'retryLink', operation: 'verify', token: forged });
		expect(json).toMatchObject({ valid: false, reason: 'bad_signature' });
	});

	it.each(['', 'nonsense', 'a.b.c', 'ab$.cd'])('calls %p malformed', async (token) => {
		const key = retryLinkKey({ signingSecret: QODEUP_SECRET, callbackUrl: '', retryLinkSecret: '' });
		expect(verifyRetryToken(key, token, now())).toMatchObject({ valid: false, reason: 'malformed' });
	});

	it('reports an expired token with its payment and attempt', () => {
		const key = 'k'.repeat(40);
		const token = createSignedToken(key, 'retry-payment', { p: 'p-1', a: 3, e: now() - 1 });
		expect(verifyRetryToken(key, token, now())).toEqual({
			valid: false,
			reason: 'expired',
			paymentId: 'p-1',
			attempt: 3,
			expiresAt: new Date((now() - 1) * 1000).toISOString(),
		});
	});

	it('does not accept a token signed for another purpose', () => {
		const key = 'k'.repeat(40);
		const token = createSignedToken(key, 'something-else', { p: 'p-1', a: 1, e: now() + 100 });
		expect(verifyRetryToken(key, token, now())).toMatchObject({ valid: false, reason: 'bad_signature' });
	});

	it.each<[Record<string, unknown>, RegExp]>([
		[{ baseUrl: 'not a url' }, /not a URL/],
		[{ baseUrl: 'javascript:alert(1)' }, /https:\/\//],
		[{ paymentId: 'p 1' }, /Payment ID/],
		[{ attempt: 0 }, /Attempt/],
		[{ expiresInHours: 0 }, /Expires In/],
	])('refuses bad input %p', (change, message) => {
		const result = createRetryLink('k'.repeat(40), {
			baseUrl: BASE,
			paymentId: 'p-1',
			attempt: 1,
			expiresInHours: 1,
			nowSeconds: now(),
			...change,
		} as Parameters<typeof createRetryLink>[1]);
		expect(result.ok).toBe(false);
		expect((result as { message: string }).message).toMatch(message);
	});

	it('puts the error on the item with continueOnFail', async () => {
		const { output } = await run({ resource: 'retryLink', operation: 'create', baseUrl: 'x', paymentId: 'p-1' }, {}, true);
		expect(output).toEqual([{ json: { error: expect.stringMatching(/not a URL/) }, pairedItem: { item: 0 } }]);
	});
});

describe('Qodeup node: signed callback', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	it('POSTs a body whose signature verifies with verifyQodeupSignature', async () => {
		let seen: { headers: Record<string, string>; body: string } | undefined;
		const scope = nock('https://api.qodeup.example')
			.post('/integrations/lightspeed/callback')
			.reply(function (this: nock.ReplyFnContext, _uri, body) {
				seen = { headers: this.req.headers as Record<string, string>, body: JSON.stringify(body) };
				return [200, { ok: true }];
			});
		const { json, sent } = await run(
			{ resource: 'callback', operation: 'send', event: 'table.updated', payload: { tableNumber: 12, remaining: '8.05' } },
			{ callbackUrl: 'https://api.qodeup.example/integrations/lightspeed/callback' },
		);
		scope.done();
		expect(json).toMatchObject({ sent: true, event: 'table.updated', statusCode: 200, response: { ok: true } });
		const rawBody = sent[0].body as string;
		expect(JSON.parse(rawBody)).toMatchObject({ event: 'table.updated', data: { tableNumber: 12, remaining: '8.05' } });
		expect(seen?.headers['x-qodeup-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
		const check = verifyQodeupSignature({
			secret: QODEUP_SECRET,
			method: 'POST',
			path: 'integrations/lightspeed/callback',
			rawBody,
			timestampHeader: seen?.headers['x-qodeup-timestamp'],
			signatureHeader: seen?.headers['x-qodeup-signature'],
			nowSeconds: now(),
		});
		expect(check).toEqual({ ok: true });
		expect(verifyQodeupSignature({ ...{ secret: 'other-secret', method: 'POST', path: 'integrations/lightspeed/callback', rawBody, nowSeconds: now() }, timestampHeader: seen?.headers['x-qodeup-timestamp'], signatureHeader: seen?.headers['x-qodeup-signature'] })).toEqual({ ok: false, reason: 'bad_signature' });
	});

	it('sends nothing and says so when no callback URL is configured', async () => {
		const { json, sent } = await run({ resource: 'callback', operation: 'send', event: 'table.updated', payload: {} });
		expect(json).toEqual({ sent: false, reason: 'no callback URL' });
		expect(sent).toHaveLength(0);
	});

	it('surfaces a refusal from Qodeup', async () => {
		nock('https://api.qodeup.example').post('/cb').reply(500, 'down');
		await expect(
			run({ resource: 'callback', operation: 'send', event: 'table.closed', payload: {} }, { callbackUrl: 'https://api.qodeup.example/cb' }),
		).rejects.toThrow(/Qodeup did not accept the callback "table.closed"/);
	});

	it('refuses a bad event name before sending', async () => {
		await expect(
			run({ resource: 'callback', operation: 'send', event: 'bad event', payload: {} }, { callbackUrl: 'https://api.qodeup.example/cb' }),
		).rejects.toThrow(/Event must be/);
	});
});

describe('Qodeup API credential', () => {
	const test = (data: ICredentialDataDecryptedObject) =>
		qodeupApiTest.call({} as never, { id: '1', name: 'Qodeup', type: 'qodeupApi', data });

	it('passes a long random secret and says only the format was checked', async () => {
		await expect(test({ signingSecret: QODEUP_SECRET })).resolves.toEqual({
			status: 'OK',
			message: expect.stringMatching(/no test endpoint/),
		});
	});

	it.each<[ICredentialDataDecryptedObject, RegExp]>([
		[{ signingSecret: 'short' }, /at least 32 characters/],
		[{ signingSecret: 'a'.repeat(40) }, /too few different characters/],
		[{ signingSecret: QODEUP_SECRET, retryLinkSecret: 'short' }, /retry link secret/],
		[{ signingSecret: QODEUP_SECRET, callbackUrl: 'ftp://x' }, /callback URL/i],
	])('fails %p', async (data, message) => {
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	it('is tested by both Qodeup nodes and signs with the documented headers', async () => {
		expect(node.description.credentials).toEqual([{ name: 'qodeupApi', required: true, testedBy: 'qodeupApiTest' }]);
		expect(node.description.usableAsTool).toBe(true);
		const signed = await new QodeupApi().authenticate(
			{ signingSecret: QODEUP_SECRET },
			{ method: 'POST', url: 'https://q.example/a/b?x=1', body: { z: 1 } },
		);
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

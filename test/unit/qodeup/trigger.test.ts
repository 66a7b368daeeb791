import type { IHookFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { WEBHOOK_RESOLVERS, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';

import { QodeupTrigger } from '../../../nodes/Qodeup/QodeupTrigger.node';
import { orderReference } from '../../../nodes/shared/orders';
import { buildPaymentReference } from '../../../nodes/shared/paymentReference';
import {
	CREDENTIAL_MEMO_TTL_MS,
	forgetAllCredentials,
	rememberCredential,
	rememberedCredential,
} from '../../../nodes/Qodeup/shared/credentialMemo';
import { QODEUP_RESOURCES, ROUTES, signedPath } from '../../../nodes/Qodeup/shared/request/routes';
import type { QodeupResource } from '../../../nodes/Qodeup/shared/request/routes';
import { evaluateDescriptionExpression, QODEUP_SECRET, qodeupHeaders } from '../../helpers/qodeupSigning';
import { createWebhookContext, startedNoExecution } from '../../helpers/webhookContext';
import { floorplans, LOCATION_ID, snapshot } from '../../helpers/lightspeedFixtures';
import { clearFloorplanCache } from '../../../nodes/LightspeedKSeries/helpers/api';
import { forgetAllAccess } from '../../../nodes/LightspeedKSeries/transport/accessMemo';

const RESPOND = [{ type: 'n8n-nodes-qodeup-lightspeed.qodeupRespond', name: 'Respond to Qodeup' }];
const trigger = new QodeupTrigger();

interface CallOptions {
	resource?: QodeupResource;
	method?: string;
	body?: Buffer | string;
	params?: Record<string, string>;
	headers?: Record<string, string>;
	sign?: { method?: string; path?: string; body?: Buffer | string; secret?: string; timestamp?: number } | false;
	parameters?: Record<string, unknown>;
	secret?: string;
	childNodes?: Array<{ type: string }>;
}

async function call(options: CallOptions = {}) {
	const resource = options.resource ?? 'payments';
	const method = options.method ?? ROUTES[resource].method;
	const body = options.body ?? '';
	const params = options.params ?? {};
	const sign = options.sign === false ? undefined : (options.sign ?? {});
	const headers = sign
		? qodeupHeaders(sign.method ?? method, sign.path ?? signedPath(resource, 'demo-bistro', params), sign.body ?? body, sign)
		: {};
	const { context, response, logs } = createWebhookContext({
		nodeType: 'n8n-nodes-qodeup-lightspeed.qodeupTrigger',
		parameters: { integrationId: 'demo-bistro', resource, responseMode: 'responseNode', ...(options.parameters ?? {}) },
		credentials: { qodeupApi: { signingSecret: options.secret ?? QODEUP_SECRET, callbackUrl: '', retryLinkSecret: '' } },
		method,
		headers: { ...headers, ...(options.headers ?? {}) },
		params,
		rawBody: body,
		childNodes: options.childNodes ?? RESPOND,
	});
	const result = await trigger.webhook.call(context);
	return { result, response, logs };
}

const paymentBody = JSON.stringify({ paymentId: 'p-1', tableNumber: 12, amount: '20.00', tipAmount: 1.5, method: 'card', x: 1 });

describe('Qodeup Trigger: accepted requests', () => {
	it('turns a signed payment into one item and starts an execution', async () => {
		const { result, response } = await call({ body: paymentBody });
		expect(response.ended).toBe(false);
		const item = result.workflowData?.[0][0].json;
		expect(item).toMatchObject({
			resource: 'payments',
			integrationId: 'demo-bistro',
			params: {},
			payment: { paymentId: 'p-1', tableNumber: 12, checkId: null, amount: '20.00', tipAmount: '1.50', method: 'card' },
		});
		expect(item?.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(new Date(item?.receivedAt as string).getTime()).not.toBeNaN();
		expect(item?.payment).not.toHaveProperty('x');
		// the first attempt's reference, recorded with the claim (an early notification finds the row)
		expect(item?.reference).toBe(buildPaymentReference('p-1', 1, 'demo-bistro'));
	});

	it('reads the table number from the URL and signs over the actual path', async () => {
		const { result } = await call({ resource: 'table', params: { tableNumber: '12' } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ resource: 'table', tableNumber: 12, params: { tableNumber: '12' } });
	});

	it('serves the tables list, payment status and orders', async () => {
		expect((await call({ resource: 'tables' })).result.workflowData).toHaveLength(1);
		const status = await call({ resource: 'paymentStatus', params: { paymentId: 'p:1.a' } });
		expect(status.result.workflowData?.[0][0].json).toMatchObject({ paymentId: 'p:1.a' });
		const orderBody = JSON.stringify({
			orderId: 'o-1',
			mode: 'to-go',
			items: [{ sku: 'COLA', quantity: 2 }],
			customer: { firstName: 'Ana' },
		});
		const order = await call({ resource: 'orders', body: orderBody });
		expect(order.result.workflowData?.[0][0].json).toMatchObject({ order: { orderId: 'o-1', mode: 'to-go' }, reference: orderReference('o-1', 1, 'demo-bistro') });
	});

	it('accepts a signature made at the edge of the 5-minute window', async () => {
		const { result } = await call({ body: paymentBody, sign: { timestamp: Math.floor(Date.now() / 1000) - 290 } });
		expect(result.workflowData).toBeDefined();
	});
});

describe('Qodeup Trigger: signature', () => {
	const now = () => Math.floor(Date.now() / 1000);
	it.each<[string, CallOptions]>([
		['wrong secret', { body: paymentBody, sign: { secret: 'another-secret-another-secret-0123456789' } }],
		['signature of the wrong length', { body: paymentBody, headers: { 'x-qodeup-signature': 'v1=abc' } }],
		['signature without the v1= prefix', { body: paymentBody, headers: { 'x-qodeup-signature': 'abc' } }],
		['expired timestamp (> 5 minutes old)', { body: paymentBody, sign: { timestamp: now() - 301 } }],
		// the table is built before the tests run: leave room for a slow machine
		['timestamp in the future', { body: paymentBody, sign: { timestamp: now() + 900 } }],
		['timestamp not a number', { body: paymentBody, headers: { 'x-qodeup-timestamp': 'yesterday' } }],
		['body changed after signing', { body: paymentBody.replace('20.00', '2.00'), sign: { body: paymentBody } }],
		[
			'path changed (signed for table 12, sent to table 13)',
			{ resource: 'table', params: { tableNumber: '13' }, sign: { path: 'qodeup/demo-bistro/tables/12' } },
		],
		['signed for another integration', { body: paymentBody, sign: { path: 'qodeup/other-bistro/payments' } }],
		['signed for another method', { resource: 'table', params: { tableNumber: '12' }, sign: { method: 'POST' } }],
		['no headers at all', { body: paymentBody, sign: false }],
		['missing timestamp header', { body: paymentBody, headers: { 'x-qodeup-timestamp': '' } }],
		['missing signature header', { body: paymentBody, headers: { 'x-qodeup-signature': '' } }],
	])('refuses %s with 401 and starts nothing', async (_name, options) => {
		const { result, response } = await call(options);
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(401);
		expect(response.json()).toEqual({
			error: 'UNAUTHORIZED',
			message: 'The request signature is missing, wrong or outside the 5-minute window',
		});
		expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
	});

	it('checks the signature before looking at the body', async () => {
		const { response } = await call({ body: '{"paymentId":', sign: false });
		expect(response.statusCode).toBe(401);
	});
});

describe('Qodeup Trigger: bad requests', () => {
	it('answers 400 for unparseable JSON', async () => {
		const { result, response } = await call({ body: '{"paymentId": "p-1",' });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(400);
		expect(response.json()).toMatchObject({ error: 'MALFORMED_JSON' });
	});

	it('answers 413 for a body over 64 KiB, even before the signature', async () => {
		const big = JSON.stringify({ paymentId: 'p-1', note: 'x'.repeat(64 * 1024) });
		for (const sign of [{}, false] as const) {
			const { result, response } = await call({ body: big, sign });
			expect(startedNoExecution(result)).toBe(true);
			expect(response.statusCode).toBe(413);
			expect(response.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
		}
	});

	it('accepts exactly 64 KiB', async () => {
		const base = JSON.stringify({ paymentId: 'p-1', tableNumber: 1, amount: '1', method: 'card', pad: '' });
		const body = base.replace('"pad":""', `"pad":"${'x'.repeat(64 * 1024 - base.length)}"`);
		expect(Buffer.byteLength(body)).toBe(64 * 1024);
		expect((await call({ body })).result.workflowData).toBeDefined();
	});

	it('answers 422 naming every invalid field', async () => {
		const body = JSON.stringify({ paymentId: 'p 1', amount: '12.345', method: 'cash' });
		const { result, response } = await call({ body });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(422);
		expect(response.json()).toEqual({
			error: 'VALIDATION_FAILED',
			message: expect.stringMatching(/^The request has 4 invalid fields: paymentId may contain only/),
			fields: [
				{ field: 'paymentId', problem: 'may contain only letters, digits and . _ : -' },
				{ field: 'tableNumber', problem: 'or checkId is required' },
				{ field: 'amount', problem: 'must have at most two decimals' },
				{ field: 'method', problem: 'must be one of "card", "voucher"' },
			],
		});
	});

	it('answers 422 for a bad table number in the URL', async () => {
		const { response } = await call({ resource: 'table', params: { tableNumber: 'abc' } });
		expect(response.statusCode).toBe(422);
		expect(response.json()).toMatchObject({ fields: [{ field: 'params.tableNumber', problem: 'must be a whole number' }] });
	});

	it('answers 422 for a GET with a body', async () => {
		const { response } = await call({ resource: 'tables', body: '{}' });
		expect(response.statusCode).toBe(422);
		expect(response.json()).toMatchObject({ fields: [{ field: 'body', problem: 'must be empty for a GET request' }] });
	});

	it('answers 422 for a JSON body that is not an object', async () => {
		const { response } = await call({ body: '[1,2]' });
		expect(response.statusCode).toBe(422);
		expect(response.json()).toMatchObject({ fields: [{ field: 'body', problem: 'must be a JSON object' }] });
	});

	it.each<[QodeupResource, string]>([
		['payments', 'GET'],
		['payments', 'PUT'],
		['tables', 'POST'],
		['table', 'DELETE'],
		['orders', 'PATCH'],
	])('answers 405 with Allow for %s called with %s', async (resource, method) => {
		const { result, response } = await call({ resource, method, params: { tableNumber: '1' } });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(405);
		expect(response.headers.allow).toBe(ROUTES[resource].method);
		expect(response.json()).toMatchObject({ error: 'METHOD_NOT_ALLOWED' });
	});
});

describe('Qodeup Trigger: configuration problems', () => {
	it('refuses to run with a bad integration id', async () => {
		const { result, response, logs } = await call({ parameters: { integrationId: 'bad id' } });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(500);
		expect(response.json()).toEqual({ error: 'INTEGRATION_MISCONFIGURED', message: 'The integration is not set up correctly' });
		expect(logs.some((entry) => entry.level === 'error' && /Integration ID/.test(entry.message))).toBe(true);
	});

	it('refuses a signing secret shorter than 32 characters', async () => {
		const { response } = await call({ body: paymentBody, secret: 'short', sign: { secret: 'short' } });
		expect(response.statusCode).toBe(500);
	});

	it('needs a Respond to Qodeup node in responseNode mode', async () => {
		const { result, response, logs } = await call({ body: paymentBody, childNodes: [] });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(500);
		expect(logs.map((entry) => entry.message).join()).toMatch(/Respond to Qodeup/);
	});

	it('refuses a Respond to Qodeup node in lastNode mode (n8n would ignore it)', async () => {
		const { response } = await call({ body: paymentBody, parameters: { responseMode: 'lastNode' } });
		expect(response.statusCode).toBe(500);
	});

	it('runs in lastNode mode without a respond node', async () => {
		const { result } = await call({ body: paymentBody, parameters: { responseMode: 'lastNode' }, childNodes: [] });
		expect(result.workflowData).toBeDefined();
	});

	it('activation fails with a clear message for a bad integration id, and is a no-op otherwise', async () => {
		const hook = (integrationId: string) =>
			({
				getNodeParameter: () => integrationId,
				getNode: () => ({ name: 'Qodeup Trigger' }) as INode,
			}) as unknown as IHookFunctions;
		const methods = trigger.webhookMethods.default;
		await expect(methods.checkExists.call(hook('demo bistro'))).rejects.toThrow(/1 to 40 letters/);
		await expect(methods.checkExists.call(hook('demo-bistro'))).resolves.toBe(true);
		await expect(methods.create.call(hook('demo-bistro'))).resolves.toBe(true);
		await expect(methods.delete.call(hook('demo-bistro'))).resolves.toBe(true);
	});
});

describe('Qodeup Trigger: description', () => {
	const { description } = trigger;
	const webhook = (name: string) => description.webhooks!.find((entry) => entry.name === name)!;

	it.each<[QodeupResource, string, string]>([
		['tables', 'GET', 'qodeup/demo-bistro/tables'],
		['table', 'GET', 'demo-bistro/tables/:tableNumber'],
		['payments', 'POST', 'qodeup/demo-bistro/payments'],
		['paymentStatus', 'GET', 'demo-bistro/payments/:paymentId'],
		['orders', 'POST', 'qodeup/demo-bistro/orders'],
		['orderStatus', 'GET', 'demo-bistro/orders/:orderId'],
	])('registers %s as %s %s', (resource, method, path) => {
		const parameters = { resource, integrationId: 'demo-bistro' };
		expect(evaluateDescriptionExpression(webhook('default').httpMethod, parameters)).toBe(method);
		expect(evaluateDescriptionExpression(webhook('default').path, parameters)).toBe(path);
		expect(webhook('default').isFullPath).toBe(true);
		const wrong = description.webhooks!.filter((entry) => entry.name !== 'default');
		const methods = wrong.map((entry) => evaluateDescriptionExpression(entry.httpMethod, parameters));
		expect(methods.sort()).toEqual(['DELETE', method === 'GET' ? 'POST' : 'GET', 'HEAD', 'PATCH', 'PUT'].sort());
		for (const entry of wrong) expect(evaluateDescriptionExpression(entry.path, parameters)).toBe(path);
		// the same route as the signature check's table
		const [, ...segments] = signedPath(resource, 'demo-bistro', {}).split('/');
		expect(path.replace(/^qodeup\//, '').replace(/:\w+$/, '')).toBe(segments.join('/'));
	});

	it('resolves every webhook field without the expression engine, to what its expression gives', () => {
		// n8n runs the resolver for a node without expressions in its parameters; the editor the text
		const resolvers = (entry: object) =>
			(entry as Record<symbol, Record<string, { template: string; resolve: (p: object) => unknown }>>)[WEBHOOK_RESOLVERS];
		const parameterSets = QODEUP_RESOURCES.flatMap((resource) =>
			['responseNode', 'lightspeedTables', 'lastNode'].map((responseMode) => ({ resource, integrationId: 'tasca-lisboa', responseMode, responseCode: 201 })),
		);
		for (const entry of description.webhooks!) {
			expect(webhookDescriptionIsNativelyResolvable(entry)).toBe(true);
			const fields = Object.entries(resolvers(entry));
			expect(fields.map(([field]) => field)).toContain('path');
			for (const [field, resolver] of fields) {
				expect((entry as unknown as Record<string, unknown>)[field]).toBe(resolver.template);
				for (const parameters of parameterSets) {
					expect(resolver.resolve(parameters)).toEqual(evaluateDescriptionExpression(resolver.template, parameters));
				}
			}
		}
	});

	it('offers responseNode (default), the tables answered at once, and lastNode', () => {
		const mode = description.properties.find((property) => property.name === 'responseMode')!;
		expect(mode.default).toBe('responseNode');
		expect(mode.options!.map((option) => (option as { value: string }).value)).toEqual(['responseNode', 'lightspeedTables', 'lastNode']);
		const parameters = (responseMode: string) => ({ responseMode });
		expect(evaluateDescriptionExpression(webhook('default').responseMode as string, parameters('lastNode'))).toBe('lastNode');
		// answering the tables itself, a failure goes on to a Respond to Qodeup node
		expect(evaluateDescriptionExpression(webhook('default').responseMode as string, parameters('lightspeedTables'))).toBe('responseNode');
		expect(evaluateDescriptionExpression(webhook('default').responseData as string, parameters('lastNode'))).toBe(
			'firstEntryJson',
		);
		expect(evaluateDescriptionExpression(webhook('default').responseData as string, parameters('responseNode'))).toBe('');
	});

	it('is a trigger with the qodeupApi credential tested by the node, and Lightspeed\'s only to answer the tables', () => {
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([
			{ name: 'qodeupApi', required: true, testedBy: 'qodeupApiTest' },
			{ name: 'lightspeedKSeriesOAuth2Api', required: true, displayOptions: { show: { responseMode: ['lightspeedTables'] } } },
		]);
		expect(trigger.methods.credentialTest.qodeupApiTest).toBeInstanceOf(Function);
	});
});

describe('Qodeup Trigger: the credential is read once a minute, not per request', () => {
	const NEW_SECRET = 'rotated-signing-secret-9876543210fedcba98765';
	const store: { qodeupApi: { signingSecret: string; callbackUrl: string; retryLinkSecret: string } } = {
		qodeupApi: { signingSecret: QODEUP_SECRET, callbackUrl: '', retryLinkSecret: '' },
	};
	let reads = 0;

	beforeEach(() => {
		forgetAllCredentials();
		store.qodeupApi.signingSecret = QODEUP_SECRET;
		reads = 0;
	});

	async function signedCall(secret: string, credentialId = 'cred-1') {
		const headers = qodeupHeaders('POST', signedPath('payments', 'demo-bistro', {}), paymentBody, { secret });
		const { context, response } = createWebhookContext({
			nodeType: 'n8n-nodes-qodeup-lightspeed.qodeupTrigger',
			parameters: { integrationId: 'demo-bistro', resource: 'payments', responseMode: 'responseNode' },
			credentials: store,
			credentialIds: { qodeupApi: credentialId },
			method: 'POST',
			headers,
			rawBody: paymentBody,
			childNodes: RESPOND,
		});
		const read = context.getCredentials.bind(context);
		context.getCredentials = (async (type: string) => {
			reads++;
			return await read(type);
		}) as typeof context.getCredentials;
		const result = await trigger.webhook.call(context);
		return { accepted: result.workflowData !== undefined, status: response.ended ? response.statusCode : 200 };
	}

	it('reads it for the first request only', async () => {
		for (let i = 0; i < 5; i++) expect((await signedCall(QODEUP_SECRET)).accepted).toBe(true);
		expect(reads).toBe(1);
	});

	it('keeps one memo per credential', async () => {
		await signedCall(QODEUP_SECRET, 'cred-1');
		await signedCall(QODEUP_SECRET, 'cred-2');
		await signedCall(QODEUP_SECRET, 'cred-1');
		expect(reads).toBe(2);
	});

	it('accepts a new secret at once (a failed signature reads the credential again)', async () => {
		await signedCall(QODEUP_SECRET);
		store.qodeupApi.signingSecret = NEW_SECRET;
		expect((await signedCall(NEW_SECRET)).accepted).toBe(true);
		expect(reads).toBe(2);
		// …and from then on the old one is refused.
		expect(await signedCall(QODEUP_SECRET)).toEqual({ accepted: false, status: 401 });
		expect((await signedCall(NEW_SECRET)).accepted).toBe(true);
	});

	it('refuses a bad signature after reading the credential again, never on the memo alone', async () => {
		await signedCall(QODEUP_SECRET);
		expect(await signedCall('not-the-secret-at-all-0123456789abcdef')).toEqual({ accepted: false, status: 401 });
		expect(reads).toBe(2);
	});

	it('does not remember an unusable credential', async () => {
		store.qodeupApi.signingSecret = 'short';
		expect((await signedCall('short')).status).toBe(500);
		expect((await signedCall('short')).status).toBe(500);
		expect(reads).toBe(2);
	});

	it('forgets after the TTL', () => {
		const credential = { signingSecret: QODEUP_SECRET, callbackUrl: '', retryLinkSecret: '' };
		rememberCredential('cred-9', credential, 1_000);
		expect(rememberedCredential('cred-9', 1_000 + CREDENTIAL_MEMO_TTL_MS - 1)).toBe(credential);
		expect(rememberedCredential('cred-9', 1_000 + CREDENTIAL_MEMO_TTL_MS)).toBeUndefined();
		expect(rememberedCredential(undefined)).toBeUndefined();
	});
});

describe('Qodeup Trigger: the tables answered at once (no execution)', () => {
	const LIGHTSPEED = { environment: 'custom', apiBaseUrl: 'http://lightspeed.test', oauthTokenData: { access_token: 'tok' } };
	afterEach(() => {
		forgetAllAccess();
		clearFloorplanCache();
	});

	async function lookup(resource: 'tables' | 'table', { params = {}, fail = false, childNodes = RESPOND, parameters = {} }: { params?: Record<string, string>; fail?: boolean; childNodes?: Array<{ type: string }>; parameters?: Record<string, unknown> } = {}) {
		const headers = qodeupHeaders('GET', signedPath(resource, 'demo-bistro', params), '', {});
		const { context, response } = createWebhookContext({
			nodeType: 'n8n-nodes-qodeup-lightspeed.qodeupTrigger',
			parameters: { integrationId: 'demo-bistro', resource, responseMode: 'lightspeedTables', businessLocationId: String(LOCATION_ID), floorplanCacheSeconds: 300, ...parameters },
			credentials: { qodeupApi: { signingSecret: QODEUP_SECRET, callbackUrl: '', retryLinkSecret: '' }, lightspeedKSeriesOAuth2Api: LIGHTSPEED },
			credentialIds: { qodeupApi: 'q-1', lightspeedKSeriesOAuth2Api: 'l-1' },
			method: 'GET',
			headers,
			params,
			childNodes,
		});
		const urls: string[] = [];
		const answer = async (options: IHttpRequestOptions) => {
			urls.push(options.url);
			if (fail) throw Object.assign(new Error('Request failed with status code 503'), { response: { status: 503, data: 'down' } });
			if (options.url.endsWith('/floorplans')) return floorplans;
			return [
				snapshot({ checkId: 'A1.1', tableNumber: 3, currentAmount: '20.00', paidAmount: '5.00' }),
				snapshot({ checkId: 'A1.2', tableNumber: 3, currentAmount: '10.00', paidAmount: '0.00' }),
			];
		};
		Object.assign((context as unknown as { helpers: object }).helpers, {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => answer(options),
			httpRequest: answer,
		});
		const result = await trigger.webhook.call(context);
		return { result, response, urls };
	}

	it('answers every table with its open checks itself, and starts no execution', async () => {
		const { result, response } = await lookup('tables');
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(200);
		const body = response.json() as { tableCount: number; tables: Array<Record<string, unknown>> };
		expect(body.tableCount).toBe(3);
		expect(body.tables.find((t) => t.tableNumber === 3)).toMatchObject({ openCheckCount: 2, currentAmount: '30.00', paidAmount: '5.00', remaining: '25.00' });
	});

	it('answers one table, and a table that does not exist with 404 TABLE_NOT_FOUND', async () => {
		const one = await lookup('table', { params: { tableNumber: '3' } });
		expect(startedNoExecution(one.result)).toBe(true);
		expect(one.response.json()).toMatchObject({ tableNumber: 3, openCheckCount: 2 });
		const missing = await lookup('table', { params: { tableNumber: '99' } });
		expect(missing.response.statusCode).toBe(404);
		expect(missing.response.json()).toEqual({ error: 'TABLE_NOT_FOUND', message: 'Table 99 does not exist at this location' });
	});

	it('hands a Lightspeed failure on to the workflow (an execution), with its code, and answers nothing itself', async () => {
		const { result, response } = await lookup('tables', { fail: true });
		expect(response.ended).toBe(false);
		const [[item]] = result.workflowData!;
		expect(item.json).toMatchObject({ resource: 'tables', integrationId: 'demo-bistro', errorCode: 'LIGHTSPEED_UNAVAILABLE' });
		expect(String(item.json.error)).not.toMatch(/tok/);
	});

	it('refuses to run for another route, without a location, or without a Respond node for failures', async () => {
		const other = await call({ resource: 'payments', body: paymentBody, parameters: { responseMode: 'lightspeedTables', businessLocationId: '1' } });
		expect(other.response.statusCode).toBe(500);
		const noLocation = await lookup('tables', { parameters: { businessLocationId: '' } });
		expect(noLocation.response.statusCode).toBe(500);
		expect(startedNoExecution(noLocation.result)).toBe(true);
		const noRespond = await lookup('tables', { childNodes: [] });
		expect(noRespond.response.statusCode).toBe(500);
	});

	it('answers HEAD 200 without a body, a signature or an execution', async () => {
		const { context, response } = createWebhookContext({
			nodeType: 'n8n-nodes-qodeup-lightspeed.qodeupTrigger',
			parameters: { integrationId: 'demo-bistro', resource: 'tables', responseMode: 'lightspeedTables' },
			method: 'HEAD',
			webhookName: 'head',
		});
		const result = await trigger.webhook.call(context);
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(200);
		expect(response.body).toBeUndefined();
	});
});

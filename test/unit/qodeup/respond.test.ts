import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { QodeupRespond } from '../../../nodes/Qodeup/QodeupRespond.node';
import { buildQodeupResponse } from '../../../nodes/Qodeup/respond/buildResponse';
import { explainFailure } from '../../../nodes/shared/failureReasons';
import { orderRequest, orderRow, paymentRequest, paymentRow } from '../../helpers/qodeupLedger';

const node = new QodeupRespond();

function context(options: {
	parameters: Record<string, unknown>;
	parents?: Array<{ type: string; parameters?: Record<string, unknown> }>;
	items?: INodeExecutionData[];
}) {
	const sendResponse = jest.fn();
	const fake = {
		getNode: () => ({ name: 'Respond to Qodeup', type: 'n8n-nodes-qodeup-lightspeed.qodeupRespond' }),
		getInputData: () => options.items ?? [{ json: { a: 1 } }, { json: { a: 2 } }],
		getNodeParameter: (name: string, _index: number, fallback?: unknown) => {
			const value = name.split('.').reduce<unknown>((current, part) => {
				if (typeof current !== 'object' || current === null) return undefined;
				return (current as Record<string, unknown>)[part];
			}, options.parameters);
			return value === undefined ? fallback : value;
		},
		getParentNodes: () =>
			(options.parents ?? [{ type: 'n8n-nodes-qodeup-lightspeed.qodeupTrigger', parameters: { responseMode: 'responseNode' } }]).map(
				(parent) => ({ typeVersion: 1, name: 'Qodeup Trigger', ...parent }),
			),
		sendResponse,
	};
	return { context: fake as unknown as IExecuteFunctions, sendResponse };
}

describe('Respond to Qodeup', () => {
	it('sends status, JSON body and headers once, and passes every item through', async () => {
		const { context: ctx, sendResponse } = context({
			parameters: {
				statusCode: 409,
				body: { error: 'AMOUNT_EXCEEDS_REMAINING', message: 'too much', remaining: '18.00' },
				options: { headers: { header: [{ name: 'X-Request-Id', value: 'r-1' }] } },
			},
		});
		const output = await node.execute.call(ctx);
		expect(sendResponse).toHaveBeenCalledTimes(1);
		expect(sendResponse).toHaveBeenCalledWith({
			statusCode: 409,
			headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': 'r-1' },
			body: { error: 'AMOUNT_EXCEEDS_REMAINING', message: 'too much', remaining: '18.00' },
		});
		expect(output).toEqual([
			[
				{ json: { a: 1 }, pairedItem: { item: 0 } },
				{ json: { a: 2 }, pairedItem: { item: 1 } },
			],
		]);
	});

	it('parses a body given as a JSON string', async () => {
		const { context: ctx, sendResponse } = context({ parameters: { statusCode: 202, body: '{"paymentId":"p-1","status":"pending"}' } });
		await node.execute.call(ctx);
		expect(sendResponse.mock.calls[0][0]).toMatchObject({ statusCode: 202, body: { paymentId: 'p-1', status: 'pending' } });
	});

	it('answers after a Webhook node (Check Request) as after a Qodeup Trigger', async () => {
		for (const parent of [
			{ type: 'n8n-nodes-base.webhook', parameters: { responseMode: 'responseNode' } },
			{ type: 'n8n-nodes-qodeup-lightspeed.qodeupTrigger', parameters: { responseMode: 'responseNode' } },
			{ type: 'CUSTOM.qodeupTrigger', parameters: {} },
		]) {
			const { context: ctx, sendResponse } = context({ parameters: { statusCode: 200, body: {} }, parents: [parent] });
			await node.execute.call(ctx);
			expect(sendResponse).toHaveBeenCalledTimes(1);
		}
	});

	it('refuses to run without a Webhook node or Qodeup Trigger before it', async () => {
		const { context: ctx, sendResponse } = context({ parameters: { statusCode: 200, body: {} }, parents: [{ type: 'n8n-nodes-base.manualTrigger' }] });
		await expect(node.execute.call(ctx)).rejects.toThrow('No Webhook node or Qodeup Trigger found before this node');
		expect(sendResponse).not.toHaveBeenCalled();
	});

	it.each(['CUSTOM.qodeupTrigger', 'n8n-nodes-base.webhook'])('refuses to run when %s answers from the last node', async (type) => {
		const { context: ctx, sendResponse } = context({
			parameters: { statusCode: 200, body: {} },
			parents: [{ type, parameters: { responseMode: 'lastNode' } }],
		});
		await expect(node.execute.call(ctx)).rejects.toThrow('"Qodeup Trigger" does not answer through a respond node');
		expect(sendResponse).not.toHaveBeenCalled();
	});

	it('answers the failure a Qodeup Trigger that answers the tables itself hands on', async () => {
		const { context: ctx, sendResponse } = context({
			parameters: { respondWith: 'firstIncomingItem', statusCode: 200, errorStatusCode: 502, errorCode: 'LIGHTSPEED_UNAVAILABLE' },
			parents: [{ type: 'CUSTOM.qodeupTrigger', parameters: { responseMode: 'lightspeedTables' } }],
			items: [{ json: { resource: 'tables', error: 'Lightspeed did not answer', errorCode: 'LIGHTSPEED_UNAVAILABLE' } }],
		});
		await node.execute.call(ctx);
		expect(sendResponse).toHaveBeenCalledWith({
			statusCode: 502,
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
			body: { error: 'LIGHTSPEED_UNAVAILABLE', message: 'Lightspeed did not answer' },
		});
	});

	it('"First Incoming Item" sends the first item as it is, with the status code', async () => {
		const tables = { tables: [{ tableNumber: 3, checks: [{ checkId: 'A1', remainingAmount: '25.20' }] }] };
		const { context: ctx, sendResponse } = context({
			parameters: { respondWith: 'firstIncomingItem', statusCode: 200, errorStatusCode: 502, errorCode: 'LIGHTSPEED_UNAVAILABLE' },
			items: [{ json: tables }, { json: { ignored: true } }],
		});
		await node.execute.call(ctx);
		expect(sendResponse).toHaveBeenCalledWith({ statusCode: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: tables });
	});

	it('"First Incoming Item" answers a failed item with the error status and only its code and message', async () => {
		const failed = { error: 'Lightspeed did not answer in time', errorCode: 'RATE_LIMITED', errorDetails: { rawBody: '<html>secret</html>' } };
		const { context: ctx, sendResponse } = context({
			parameters: { respondWith: 'firstIncomingItem', statusCode: 200, errorStatusCode: 502, errorCode: 'LIGHTSPEED_UNAVAILABLE' },
			items: [{ json: failed }],
		});
		await node.execute.call(ctx);
		expect(sendResponse.mock.calls[0][0]).toMatchObject({
			statusCode: 502,
			body: { error: 'RATE_LIMITED', message: 'Lightspeed did not answer in time' },
		});
		expect(JSON.stringify(sendResponse.mock.calls[0][0].body)).not.toContain('secret');
	});

	it('"First Incoming Item" falls back to the configured error code, and to 200/{} without items', async () => {
		const { context: ctx, sendResponse } = context({
			parameters: { respondWith: 'firstIncomingItem', statusCode: 200, errorStatusCode: 503, errorCode: 'LIGHTSPEED_UNAVAILABLE' },
			items: [{ json: { error: { message: 'socket hang up' } } }],
		});
		await node.execute.call(ctx);
		expect(sendResponse.mock.calls[0][0]).toMatchObject({ statusCode: 503, body: { error: 'LIGHTSPEED_UNAVAILABLE', message: 'socket hang up' } });
		const empty = context({ parameters: { respondWith: 'firstIncomingItem', statusCode: 200, errorStatusCode: 502, errorCode: 'X' }, items: [] });
		await node.execute.call(empty.context);
		expect(empty.sendResponse.mock.calls[0][0]).toMatchObject({ statusCode: 200, body: {} });
	});

	it('can be used by an AI agent as a tool and has a JSON body defaulting to the item', () => {
		expect(node.description.usableAsTool).toBe(true);
		const body = node.description.properties.find((property) => property.name === 'body');
		expect(body).toMatchObject({ type: 'json', default: '={{ $json }}' });
		expect(node.description.properties.find((property) => property.name === 'statusCode')).toMatchObject({
			type: 'number',
			default: 200,
		});
	});
});

describe('buildQodeupResponse', () => {
	it.each([99, 600, 20.5, 'abc', undefined])('refuses status %p', (status) => {
		expect(buildQodeupResponse(status, {})).toMatchObject({ ok: false, message: expect.stringMatching(/100 to 599/) });
	});
	it('accepts a numeric string status and an empty body', () => {
		expect(buildQodeupResponse('202', '')).toMatchObject({ ok: true, response: { statusCode: 202, body: {} } });
	});
	it('refuses invalid JSON, bad header names, reserved headers and header line breaks', () => {
		expect(buildQodeupResponse(200, '{nope')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
		expect(buildQodeupResponse(200, {}, [{ name: 'Bad Header', value: 'x' }])).toMatchObject({ ok: false });
		expect(buildQodeupResponse(200, {}, [{ name: 'content-type', value: 'application/xml' }])).toMatchObject({ ok: false, message: expect.stringMatching(/set by this node/) });
		expect(buildQodeupResponse(200, {}, [{ name: 'Content-Length', value: '1' }])).toMatchObject({ ok: false });
		expect(buildQodeupResponse(200, {}, [{ name: 'X-A', value: 'a\r\nSet-Cookie: x=1' }])).toMatchObject({ ok: false });
	});
	it('sends a page (text/html) as it is, with its own headers, still refusing header line breaks', () => {
		const html = '<!DOCTYPE html><p>Retry?</p>';
		expect(
			buildQodeupResponse(200, html, [
				{ name: 'Content-Type', value: 'text/html; charset=utf-8' },
				{ name: 'Cache-Control', value: 'no-store' },
			]),
		).toEqual({ ok: true, response: { statusCode: 200, body: html, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } } });
		expect(
			buildQodeupResponse(200, html, [
				{ name: 'Content-Type', value: 'text/html' },
				{ name: 'X-A', value: 'a\nSet-Cookie: x=1' },
			]),
		).toMatchObject({ ok: false });
		expect(buildQodeupResponse(200, html, [{ name: 'Content-Type', value: 'text/html' }, { name: 'Bad Name', value: 'x' }])).toMatchObject({ ok: false });
	});
});

describe('Respond to Qodeup: the modes', () => {
	async function respond(parameters: Record<string, unknown>, json: IDataObject | undefined) {
		const { context: ctx, sendResponse } = context({ parameters, items: json === undefined ? [] : [{ json }] });
		await node.execute.call(ctx);
		expect(sendResponse).toHaveBeenCalledTimes(1);
		return sendResponse.mock.calls[0][0] as { statusCode: number; headers: Record<string, string>; body: IDataObject };
	}
	const first = (item: IDataObject, errorStatusCode = 502, errorCode = 'LIGHTSPEED_UNAVAILABLE', statusCode = 202) =>
		respond({ respondWith: 'firstIncomingItem', statusCode, errorStatusCode, errorCode }, item);

	describe('First Incoming Item with an error item', () => {
		it.each(['LIGHTSPEED_DISCONNECTED', 'AUTHENTICATION_FAILED'])('%s is 503 LIGHTSPEED_DISCONNECTED, whatever the node says', async (code) => {
			const answer = await first({ error: 'Lightspeed refused to renew the access', errorCode: code, errorDetails: { token: 'secret-token' } });
			expect(answer.statusCode).toBe(503);
			expect(answer.body).toEqual({ error: 'LIGHTSPEED_DISCONNECTED', message: expect.stringMatching(/reconnect Lightspeed in n8n/) });
			expect(JSON.stringify(answer.body)).not.toContain('secret-token');
		});

		it('n8n\'s "size limit exceeded" (a full Data table) is 503 LEDGER_FULL, whatever code the node defaults to', async () => {
			for (const error of ['Data table size limit exceeded (50 MB)', { message: 'Insert failed: size limit exceeded' }]) {
				const answer = await first({ error }, 502, 'LIGHTSPEED_UNAVAILABLE');
				expect(answer.statusCode).toBe(503);
				expect(answer.body).toEqual({ error: 'LEDGER_FULL', message: expect.stringContaining(explainFailure('LEDGER_FULL').title) });
			}
		});

		it('any other Data table failure falls back to the node\'s LEDGER_UNAVAILABLE, 503 (its own status, even with 502 set)', async () => {
			for (const errorStatusCode of [503, 502]) {
				const answer = await first({ error: 'Data table with name "qodeupLskPaymentLedger" not found' }, errorStatusCode, 'LEDGER_UNAVAILABLE');
				expect(answer).toMatchObject({ statusCode: 503, body: { error: 'LEDGER_UNAVAILABLE', message: 'Data table with name "qodeupLskPaymentLedger" not found' } });
			}
		});

		it.each<[string, number]>([
			['ACCOUNT_NOT_FOUND', 404],
			['ACCOUNT_ALREADY_CLOSED', 404],
			['TABLE_NOT_FOUND', 404],
			['AMOUNT_EXCEEDS_REMAINING', 409],
			['MULTIPLE_OPEN_CHECKS', 409],
			['PAYMENT_ID_REUSED', 409],
		])('%s takes its answerStatus (%i) from failureReasons', async (code, status) => {
			expect(explainFailure(code).answerStatus).toBe(status);
			const answer = await first({ error: 'refused', errorCode: code }, 502);
			expect(answer).toMatchObject({ statusCode: status, body: { error: code, message: 'refused' } });
		});

		it('a code without a status of its own, or one we do not know, gets the Error Status Code', async () => {
			expect(await first({ error: 'x', errorCode: 'NOT_FOUND' }, 502)).toMatchObject({ statusCode: 502, body: { error: 'NOT_FOUND' } });
			expect(await first({ error: 'x', errorCode: 'SOMETHING_NEW' }, 500)).toMatchObject({ statusCode: 500, body: { error: 'SOMETHING_NEW' } });
		});

		it('an item without an error is sent as it is with the Status Code', async () => {
			for (const error of [undefined, null, false, '']) {
				const json = { tables: [], ...(error === undefined ? {} : { error }) } as IDataObject;
				expect(await first(json, 502, 'X', 200)).toMatchObject({ statusCode: 200, body: json });
			}
		});
	});

	describe('Answer Item', () => {
		it('sends {statusCode, body, headers} as they are (a Check Request refusal)', async () => {
			const answer = await respond(
				{ respondWith: 'answerItem' },
				{ statusCode: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'POST only' }, headers: { Allow: 'POST' } },
			);
			expect(answer).toEqual({
				statusCode: 405,
				headers: { 'Content-Type': 'application/json; charset=utf-8', Allow: 'POST' },
				body: { error: 'METHOD_NOT_ALLOWED', message: 'POST only' },
			});
		});

		it('sends a retry page as HTML', async () => {
			const answer = await respond(
				{ respondWith: 'answerItem' },
				{ statusCode: 410, body: '<!DOCTYPE html><h1>Expired</h1>', headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } },
			);
			expect(answer).toEqual({
				statusCode: 410,
				headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
				body: '<!DOCTYPE html><h1>Expired</h1>',
			});
		});

		it('an item that is no answer is a 500 with an empty body', async () => {
			expect(await respond({ respondWith: 'answerItem' }, { something: 'else' })).toMatchObject({ statusCode: 500, body: {} });
		});
	});

	describe('Payment (ledger row) and Payment Status', () => {
		const sent = paymentRow({}, { status: 'sent', columns: { reference: 'QD-p_1-1', checkId: 'A65315.21' } });

		it('202 pending for a sent payment, with its reference', async () => {
			expect(await respond({ respondWith: 'paymentSubmission' }, sent)).toMatchObject({
				statusCode: 202,
				body: { paymentId: 'p_1', status: 'pending', reference: 'QD-p_1-1' },
			});
		});

		it.each<[string, number, IDataObject]>([
			['AMOUNT_EXCEEDS_REMAINING', 409, { remaining: '3.00' }],
			['MULTIPLE_OPEN_CHECKS', 409, {}],
			['ACCOUNT_NOT_FOUND', 404, {}],
			['ACCOUNT_ALREADY_CLOSED', 404, {}],
		])('a refusal %s is answered %i (its answerStatus)', async (code, status, extra) => {
			const refused = paymentRow({}, { status: 'refused', columns: { errorCode: code, errorText: 'nothing sent', ...extra } });
			const answer = await respond({ respondWith: 'paymentSubmission' }, refused);
			expect(answer.statusCode).toBe(status);
			expect(answer.body).toMatchObject({ paymentId: 'p_1', status: 'refused', error: code, message: 'nothing sent', ...extra });
		});

		it('a failed payment is 202 failed (the restaurant is emailed, Qodeup is told)', async () => {
			const failed = paymentRow({}, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', errorText: '' } });
			expect(await respond({ respondWith: 'paymentSubmission' }, failed)).toMatchObject({
				statusCode: 202,
				body: { status: 'failed', error: 'POS_TIMEOUT', message: explainFailure('POS_TIMEOUT').why },
			});
		});

		it('a repeat with the same details (10.5 = 10.50) gets the current state; other details get 409 PAYMENT_ID_REUSED naming them', async () => {
			const row = paymentRow({ amount: '10.50' }, { status: 'sent' });
			const same = { payment: paymentRequest({ amount: '10.5' }) };
			expect(await respond({ respondWith: 'paymentSubmission', request: same }, row)).toMatchObject({ statusCode: 202, body: { status: 'pending' } });
			// the request may come as the JSON text of the Check Request item
			const other = JSON.stringify({ payment: paymentRequest({ amount: '11.00', method: 'voucher' }) });
			const answer = await respond({ respondWith: 'paymentSubmission', request: other }, row);
			expect(answer.statusCode).toBe(409);
			expect(answer.body).toMatchObject({ error: 'PAYMENT_ID_REUSED', fields: ['amount', 'method'], firstPayment: { amount: '10.50', method: 'card' } });
		});

		it('the status is 200 with the payment view; no row: 404 PAYMENT_NOT_FOUND for the status, 503 LEDGER_UNAVAILABLE for a submission (nothing was recorded)', async () => {
			expect(await respond({ respondWith: 'paymentStatus' }, sent)).toMatchObject({
				statusCode: 200,
				body: { paymentId: 'p_1', status: 'pending', amount: '20.00', tipAmount: '1.50', tableNumber: 12, checkId: 'A65315.21', attempt: 1 },
			});
			for (const missing of [{}, undefined]) {
				expect(await respond({ respondWith: 'paymentStatus' }, missing)).toMatchObject({ statusCode: 404, body: { error: 'PAYMENT_NOT_FOUND' } });
				expect(await respond({ respondWith: 'paymentSubmission' }, missing)).toMatchObject({ statusCode: 503, body: { error: 'LEDGER_UNAVAILABLE' } });
			}
		});
	});

	describe('Order (ledger row) and Order Status', () => {
		const sent = orderRow({}, { status: 'sent', columns: { reference: 'o-1', mode: 'eat-in', tableNumber: '12' } });

		it('202 with the status; a repeat with other content is 409 ORDER_ID_REUSED naming the fields', async () => {
			expect(await respond({ respondWith: 'orderSubmission' }, sent)).toEqual({
				statusCode: 202,
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				body: { orderId: 'o-1', status: 'pending' },
			});
			expect(await respond({ respondWith: 'orderSubmission', request: { order: orderRequest() } }, sent)).toMatchObject({ statusCode: 202 });
			const answer = await respond({ respondWith: 'orderSubmission', request: { order: orderRequest({ note: 'no ice', tableNumber: 13 }) } }, sent);
			expect(answer).toMatchObject({ statusCode: 409, body: { error: 'ORDER_ID_REUSED', fields: ['tableNumber', 'note'] } });
		});

		it('a failed order is 202 failed with the order wording', async () => {
			const failed = orderRow({}, { status: 'failed', columns: { errorCode: 'SKU_NOT_FOUND', errorText: 'Item not found for SKU BURGER' } });
			expect(await respond({ respondWith: 'orderSubmission' }, failed)).toMatchObject({
				statusCode: 202,
				body: { orderId: 'o-1', status: 'failed', error: 'SKU_NOT_FOUND' },
			});
		});

		it('the status is 200 with the order view; no row is 404 ORDER_NOT_FOUND, or 503 for a submission', async () => {
			expect(await respond({ respondWith: 'orderStatus' }, sent)).toMatchObject({
				statusCode: 200,
				body: { orderId: 'o-1', status: 'pending', mode: 'eat-in', tableNumber: 12, reference: 'o-1' },
			});
			expect(await respond({ respondWith: 'orderStatus' }, {})).toMatchObject({ statusCode: 404, body: { error: 'ORDER_NOT_FOUND' } });
			expect(await respond({ respondWith: 'orderSubmission' }, {})).toMatchObject({ statusCode: 503, body: { error: 'LEDGER_UNAVAILABLE' } });
		});
	});
});

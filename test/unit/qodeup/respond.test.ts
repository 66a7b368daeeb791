import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { QodeupRespond } from '../../../nodes/Qodeup/QodeupRespond.node';
import { buildQodeupResponse } from '../../../nodes/Qodeup/respond/buildResponse';

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

	it('refuses to run without a Qodeup Trigger before it', async () => {
		const { context: ctx, sendResponse } = context({ parameters: { statusCode: 200, body: {} }, parents: [{ type: 'n8n-nodes-base.webhook' }] });
		await expect(node.execute.call(ctx)).rejects.toThrow('No Qodeup Trigger found before this node');
		expect(sendResponse).not.toHaveBeenCalled();
	});

	it('refuses to run when the trigger answers from the last node', async () => {
		const { context: ctx } = context({
			parameters: { statusCode: 200, body: {} },
			parents: [{ type: 'CUSTOM.qodeupTrigger', parameters: { responseMode: 'lastNode' } }],
		});
		await expect(node.execute.call(ctx)).rejects.toThrow(/answer when the last node finishes/);
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
		expect(buildQodeupResponse(200, {}, [{ name: 'content-type', value: 'text/html' }])).toMatchObject({ ok: false });
		expect(buildQodeupResponse(200, {}, [{ name: 'X-A', value: 'a\r\nSet-Cookie: x=1' }])).toMatchObject({ ok: false });
	});
});

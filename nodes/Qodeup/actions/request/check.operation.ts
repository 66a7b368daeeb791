import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { routeOptions } from '../../shared/request/routeOptions';
import { ROUTES, isQodeupResource } from '../../shared/request/routes';
import { MISCONFIGURED_ANSWER, acceptedItem, rejectionAnswer, verifyQodeupRequest } from '../../shared/request/verify';

/**
 * Request → Check: the front door of a Qodeup route built from n8n's own Webhook node (static
 * path, "Raw Body" on, "Using 'Respond to Webhook' Node"). n8n answers such a Webhook without
 * building an expression sandbox for the request, which a community trigger always costs; this
 * operation then does what the Qodeup Trigger does — signature over the exact bytes, 5-minute
 * window, body validation — and sends the request on "Accepted" or its refusal on "Rejected"
 * (an answer item for Respond to Qodeup: 401, 400, 413, 422, or 500 when misconfigured).
 */

export const OUTPUTS = ['Accepted', 'Rejected'];

const properties: INodeProperties[] = [
	{
		displayName:
			'Put this node right after a Webhook node with the route\'s method and path, Raw Body on and Respond "Using \'Respond to Webhook\' Node"; answer with Respond to Qodeup',
		name: 'checkNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Integration ID',
		name: 'integrationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'demo-bistro',
		description: 'The restaurant\'s ID in the URL (qodeup/&lt;Integration ID&gt;/…): the signed path is built from it',
	},
	{
		displayName: 'Route',
		name: 'route',
		type: 'options',
		noDataExpression: true,
		default: 'payments',
		options: routeOptions,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['request'], operation: ['check'] } }, properties);

async function rawBodyOf(context: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): Promise<Buffer | undefined> {
	if (!item.binary?.data) return undefined;
	return await context.helpers.getBinaryDataBuffer(itemIndex, 'data');
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const accepted: INodeExecutionData[] = [];
	const rejected: INodeExecutionData[] = [];
	const credentialId = this.getNode().credentials?.qodeupApi?.id ?? undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		const route = this.getNodeParameter('route', itemIndex) as string;
		const json = item.json as IDataObject;
		const misconfigured = (problem: string) => {
			this.logger.error(`Qodeup request check "${this.getNode().name}": ${problem}`);
			rejected.push({ json: { ...MISCONFIGURED_ANSWER }, pairedItem: { item: itemIndex } });
		};
		const rawBody = await rawBodyOf(this, itemIndex, item);
		const method = isQodeupResource(route) ? ROUTES[route].method : 'GET';
		if (rawBody === undefined && method === 'POST') {
			misconfigured('the Webhook node before this one must have "Raw Body" on: the signature covers the exact bytes');
			continue;
		}
		const verdict = await verifyQodeupRequest({
			resource: route,
			integrationId: this.getNodeParameter('integrationId', itemIndex),
			method,
			headers: (json.headers ?? {}) as Record<string, string | string[] | undefined>,
			params: (json.params ?? {}) as Record<string, unknown>,
			rawBody: rawBody ?? Buffer.alloc(0),
			credentialId,
			readCredential: async () => (await this.getCredentials('qodeupApi')) as Record<string, unknown>,
		});
		if (verdict.kind === 'misconfigured') misconfigured(verdict.problem);
		else if (verdict.kind === 'reject') {
			if (verdict.rejection.detail) this.logger.debug(`Qodeup request refused (${verdict.rejection.status}): ${verdict.rejection.detail}`);
			rejected.push({ json: rejectionAnswer(verdict.rejection), pairedItem: { item: itemIndex } });
		} else {
			accepted.push({ json: acceptedItem(verdict.resource, verdict.integrationId, verdict.decision), pairedItem: { item: itemIndex } });
		}
	}
	return [accepted, rejected];
}

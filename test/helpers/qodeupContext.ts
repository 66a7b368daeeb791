/**
 * An IExecuteFunctions for the Qodeup node whose httpRequestWithAuthentication does what n8n
 * does for the qodeupApi credential: runs the credential's `authenticate` (the signing), then
 * sends the request for real with fetch, so nock sees the signed wire request.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { QodeupApi } from '../../credentials/QodeupApi.credentials';
import { Qodeup } from '../../nodes/Qodeup/Qodeup.node';
import { createExecuteFunctions } from './n8nContext';
import { QODEUP_SECRET } from './qodeupSigning';

export function createQodeupExecuteFunctions(options: {
	params: Record<string, unknown>;
	credentials?: IDataObject;
	items?: INodeExecutionData[];
	itemParams?: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
	/** Extra context members (getBinaryDataBuffer, getTimezone…), as n8nContext's `extra`. */
	extra?: Record<string, unknown>;
}): { context: IExecuteFunctions; sent: IHttpRequestOptions[] } {
	const credentials: IDataObject = { signingSecret: QODEUP_SECRET, callbackUrl: '', ...options.credentials };
	const { context } = createExecuteFunctions({
		params: options.params,
		itemParams: options.itemParams,
		description: new Qodeup().description,
		credentialType: 'qodeupApi',
		credentials,
		items: options.items,
		continueOnFail: options.continueOnFail,
		nodeName: 'Qodeup',
		extra: options.extra,
	});
	const sent: IHttpRequestOptions[] = [];
	const node = context.getNode();
	const authenticate = new QodeupApi().authenticate;
	(context.helpers as unknown as Record<string, unknown>).httpRequestWithAuthentication = async (
		type: string,
		requestOptions: IHttpRequestOptions,
	) => {
		if (type !== 'qodeupApi') throw new Error(`unexpected credential ${type}`);
		const signed = await authenticate(credentials as ICredentialDataDecryptedObject, { ...requestOptions });
		sent.push(signed);
		const response = await fetch(signed.url, {
			method: signed.method,
			headers: signed.headers as Record<string, string>,
			body: signed.body as string,
		});
		const text = await response.text();
		if (!response.ok) {
			const error = Object.assign(new Error(`Request failed with status code ${response.status}`), {
				name: 'AxiosError',
				isAxiosError: true,
				response: { status: response.status, headers: {}, data: text },
			});
			throw new NodeApiError(node, error as unknown as JsonObject);
		}
		return signed.returnFullResponse ? { statusCode: response.status, headers: {}, body: text } : text;
	};
	return { context, sent };
}

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { QODEUP_SIGNATURE_HEADER, QODEUP_TIMESTAMP_HEADER, signQodeupRequest } from '../nodes/shared/signing';

/**
 * The shared secrets between Qodeup and this integration. Qodeup has no endpoint we could
 * call to test them, so the credential is "tested by" the Qodeup nodes' `qodeupApiTest`
 * method, which checks what can honestly be checked locally: length, variety, URL format.
 */
export class QodeupApi implements ICredentialType {
	name = 'qodeupApi';

	displayName = 'Qodeup API';

	documentationUrl = 'https://github.com/qodeup/n8n-nodes-qodeup-lightspeed/blob/main/docs/qodeup-signing.md';

	icon: Icon = { light: 'file:qodeup.svg', dark: 'file:qodeup.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Shared secret Qodeup signs every request with (HMAC-SHA256), at least 32 characters. Generate one with "openssl rand -hex 32" and give the same value to Qodeup.',
		},
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.qodeup.example/integrations/lightspeed/callback',
			description:
				'Optional. Where n8n tells Qodeup what changed (table updates, payment and order outcomes), signed the same way with the signing secret. Leave empty to send none.',
		},
	];

	/**
	 * Signs an outgoing request (the Qodeup node's callback) with the Qodeup scheme, so the
	 * node can use httpRequestWithAuthentication instead of reading the secret itself.
	 * The body is signed as the exact string that is sent.
	 */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const secret = typeof credentials.signingSecret === 'string' ? credentials.signingSecret : '';
		const body =
			typeof requestOptions.body === 'string'
				? requestOptions.body
				: requestOptions.body === undefined
					? ''
					: JSON.stringify(requestOptions.body);
		const url = new URL(requestOptions.url, requestOptions.baseURL);
		const path = url.pathname.replace(/^\/+/, '');
		const method = (requestOptions.method ?? 'GET').toUpperCase();
		const timestamp = String(Math.floor(Date.now() / 1000));
		return {
			...requestOptions,
			body,
			headers: {
				...(requestOptions.headers ?? {}),
				[QODEUP_TIMESTAMP_HEADER]: timestamp,
				[QODEUP_SIGNATURE_HEADER]: signQodeupRequest(secret, timestamp, method, path, body),
			},
		};
	};
}

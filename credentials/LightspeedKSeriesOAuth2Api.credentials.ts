import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** Lightspeed V2 (Keycloak realm `k-series`) auth servers and the matching API hosts. */
const PRODUCTION_AUTH = 'https://auth.lsk-prod.app/realms/k-series/protocol/openid-connect';
const TRIAL_AUTH = 'https://auth.lsk-demo.app/realms/k-series/protocol/openid-connect';
const PRODUCTION_API = 'https://api.lsk.lightspeed.app';
const TRIAL_API = 'https://api.trial.lsk.lightspeed.app';

const BASE_SCOPE = 'orders-api financial-api offline_access';

export class LightspeedKSeriesOAuth2Api implements ICredentialType {
	name = 'lightspeedKSeriesOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Lightspeed K-Series OAuth2 API';

	documentationUrl = 'https://api-portal.lsk.lightspeed.app/quick-start/authentication/authorization-overview';

	icon: Icon = { light: 'file:lightspeedKSeries.svg', dark: 'file:lightspeedKSeries.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'Live merchants (api.lsk.lightspeed.app, auth.lsk-prod.app)',
				},
				{
					name: 'Trial',
					value: 'trial',
					description: 'Lightspeed demo accounts (api.trial.lsk.lightspeed.app, auth.lsk-demo.app)',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Any other server, for example the local Lightspeed sandbox',
				},
			],
			description: 'Which Lightspeed servers this connection talks to. A client ID only works in the environment it was issued for.',
		},
		{
			displayName: 'Authorization URL',
			name: 'customAuthUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:7070/realms/k-series/protocol/openid-connect/auth',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Access Token URL',
			name: 'customTokenUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:7070/realms/k-series/protocol/openid-connect/token',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:7070',
			description: 'Base URL of the K-Series API, without a trailing slash',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Include Staff Scope',
			name: 'includeStaffScope',
			type: 'boolean',
			default: false,
			description:
				'Whether to also ask for the staff-api scope, so staff dropdowns and the "staff still active" diagnosis work. The Lightspeed user who connects needs the ROLE_CONFIG_USERS permission, and the API client must have been granted staff-api. Reconnect after changing this.',
		},
		{
			displayName: 'Real-Time Notification Password',
			name: 'rtnPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the Lightspeed K-Series Trigger in Real-Time Notifications mode: the Basic-auth password (at least 16 characters, e.g. from "openssl rand -hex 16") that Lightspeed support enters in the Back Office notification setup. Kept here, encrypted, so no workflow holds it.',
		},
		{
			displayName: 'Authorization URL (Resolved)',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ $self["environment"] === "custom" ? $self["customAuthUrl"] : ($self["environment"] === "trial" ? "${TRIAL_AUTH}/auth" : "${PRODUCTION_AUTH}/auth") }}`,
		},
		{
			displayName: 'Access Token URL (Resolved)',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ $self["environment"] === "custom" ? $self["customTokenUrl"] : ($self["environment"] === "trial" ? "${TRIAL_AUTH}/token" : "${PRODUCTION_AUTH}/token") }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: `={{ $self["includeStaffScope"] ? "orders-api financial-api staff-api offline_access" : "${BASE_SCOPE}" }}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
		{
			// Lightspeed answers an expired access token with 401; n8n then refreshes the token and
			// retries once. n8n reads this with Number(), so a string is fine; it is a string (and
			// marked password, which hides nothing secret) because the community lint treats any
			// field named *token* as a secret, and n8n's redaction of password fields expects strings.
			displayName: 'Token Expired Status Code',
			name: 'tokenExpiredStatusCode',
			type: 'hidden',
			typeOptions: { password: true },
			default: '401',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "custom" ? String($credentials.apiBaseUrl).replace(/\\/+$/, "") : ($credentials.environment === "trial" ? "${TRIAL_API}" : "${PRODUCTION_API}") }}`,
			url: '/o/op/data/businesses',
			method: 'GET',
		},
	};
}

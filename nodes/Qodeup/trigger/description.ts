import type { INodeProperties, IWebhookDescription, WebhookType } from 'n8n-workflow';

import { routeOptions } from '../shared/request/routeOptions';
import { DYNAMIC_PREFIX, OTHER_METHODS, QODEUP_RESOURCES, ROUTES } from '../shared/request/routes';

/** Parameters and webhook declarations of the Qodeup Trigger. */

const resourceExpr = '$parameter["resource"]';
const postResources = QODEUP_RESOURCES.filter((resource) => ROUTES[resource].method === 'POST');
const dynamicResources = QODEUP_RESOURCES.filter((resource) => ROUTES[resource].param !== undefined);
const tails = Object.fromEntries(QODEUP_RESOURCES.map((resource) => [resource, ROUTES[resource].segments.join('/')]));

/** `GET` or `POST`, from the routes table. */
export const METHOD_EXPRESSION = `={{ ${JSON.stringify(postResources)}.includes(${resourceExpr}) ? "POST" : "GET" }}`;

/**
 * `qodeup/<integrationId>/tables` for static routes, `<integrationId>/tables/:tableNumber`
 * for dynamic ones (n8n puts the node's webhookId — `qodeup` in the templates — in front).
 */
export const PATH_EXPRESSION =
	`={{ (${JSON.stringify(dynamicResources)}.includes(${resourceExpr}) ? "" : "${DYNAMIC_PREFIX}/") + ` +
	`$parameter["integrationId"] + "/" + ${JSON.stringify(tails)}[${resourceExpr}] }}`;

const OTHER_METHOD_FOR_ROUTE = `={{ ${JSON.stringify(postResources)}.includes(${resourceExpr}) ? "GET" : "POST" }}`;

function wrongMethodWebhook(name: string, httpMethod: string): IWebhookDescription {
	return {
		// n8n only knows 'default' and 'setup' as typed names, but any name works at run time;
		// these extra registrations exist so a wrong method gets our 405 instead of n8n's 404.
		name: name as WebhookType,
		httpMethod,
		path: PATH_EXPRESSION,
		isFullPath: true,
		responseMode: 'onReceived',
		responseData: '',
		ndvHideUrl: true,
		ndvHideMethod: true,
	};
}

export const qodeupTriggerWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: METHOD_EXPRESSION,
		path: PATH_EXPRESSION,
		isFullPath: true,
		responseMode: '={{ $parameter["responseMode"] }}',
		responseCode: '={{ $parameter["responseCode"] }}',
		responseData: '={{ $parameter["responseMode"] === "lastNode" ? "firstEntryJson" : "" }}',
	},
	wrongMethodWebhook('wrongMethodOther', OTHER_METHOD_FOR_ROUTE),
	...OTHER_METHODS.map((method) => wrongMethodWebhook(`wrongMethod${method}`, method)),
];

export const qodeupTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Qodeup calls <b>&lt;n8n URL&gt;/webhook/qodeup/&lt;Integration ID&gt;/…</b> (see the Production URL above). Routes with a table number or payment ID in the URL only get that address when this node\'s webhook ID is "qodeup" — the shipped templates set it; a node added by hand gets a random ID, shown in the URL above. Every request must be signed with the Qodeup credential\'s secret (see docs/qodeup-signing.md); unsigned or invalid requests are answered here (401, 400, 405, 413, 422) and start no execution.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Integration ID',
		name: 'integrationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'demo-bistro',
		description:
			'The ID you give Qodeup for this restaurant: 1 to 40 letters, digits or dashes. It is part of every URL.',
	},
	{
		displayName: 'Route',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'payments',
		options: routeOptions,
	},
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		default: 'responseNode',
		options: [
			{
				name: 'Using "Respond to Qodeup" Node',
				value: 'responseNode',
				description: 'A Respond to Qodeup node later in the workflow sets the status and body (recommended)',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: 'Answers with the JSON of the first item of the last node, always with the status below',
			},
		],
	},
	{
		displayName: 'Response Code',
		name: 'responseCode',
		type: 'number',
		typeOptions: { minValue: 100, maxValue: 599 },
		default: 200,
		description: 'HTTP status of every answer in this mode (n8n cannot change it per request here)',
		displayOptions: { show: { responseMode: ['lastNode'] } },
	},
];

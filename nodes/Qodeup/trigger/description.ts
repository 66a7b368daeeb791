import type { INodeProperties, IWebhookDescription, WebhookType } from 'n8n-workflow';
import { fromFunction, fromParameter, webhookDescriptionFields } from 'n8n-workflow';

import { routeOptions } from '../shared/request/routeOptions';
import { OTHER_METHODS } from '../shared/request/routes';

/** Parameters and webhook declarations of the Qodeup Trigger. */

/**
 * The webhook fields are functions of the node's parameters that n8n runs natively for a node
 * whose parameters hold no expression (its `webhookDescriptionFields`), so no request pays for
 * the expression engine here; the editor gets the same functions as expression text. n8n
 * requires them self-contained (no outside names), hence the route table written out inside;
 * a unit test holds them to ROUTES.
 */
const routeMethod = fromFunction((parameters) =>
	['payments', 'orders'].includes(String(parameters.resource)) ? 'POST' : 'GET',
);
const otherMethod = fromFunction((parameters) =>
	['payments', 'orders'].includes(String(parameters.resource)) ? 'GET' : 'POST',
);
/**
 * `qodeup/<integrationId>/tables` for static routes, `<integrationId>/tables/:tableNumber`
 * for dynamic ones (n8n puts the node's webhookId — `qodeup` in the templates — in front).
 */
const routePath = fromFunction((parameters) => {
	const tails: Record<string, string> = {
		tables: 'tables',
		table: 'tables/:tableNumber',
		payments: 'payments',
		paymentStatus: 'payments/:paymentId',
		orders: 'orders',
		orderStatus: 'orders/:orderId',
	};
	const tail = tails[String(parameters.resource)];
	// concatenation, not a template literal: this text is also an expression in the editor
	return (tail.includes(':') ? '' : 'qodeup/') + String(parameters.integrationId) + '/' + tail;
});
/** Answering the tables itself, the trigger hands only a failure on, to a Respond to Qodeup node. */
const responseMode = fromFunction((parameters) => (parameters.responseMode === 'lastNode' ? 'lastNode' : 'responseNode'));
const responseData = fromFunction((parameters) => (parameters.responseMode === 'lastNode' ? 'firstEntryJson' : ''));

/** Exported for the test that holds the functions to ROUTES. */
export const webhookFieldFunctions = { routeMethod, otherMethod, routePath };

function otherMethodWebhook(name: string, method: string | ReturnType<typeof fromFunction>): IWebhookDescription {
	return {
		// n8n only knows 'default' and 'setup' as typed names, but any name works at run time;
		// these extra registrations exist so a wrong method gets our 405 instead of n8n's 404,
		// and HEAD our 200.
		name: name as WebhookType,
		...(typeof method === 'string'
			? { ...webhookDescriptionFields({ path: routePath }), httpMethod: method }
			: webhookDescriptionFields({ path: routePath, httpMethod: method })),
		isFullPath: true,
		responseMode: 'onReceived',
		responseData: '',
		ndvHideUrl: true,
		ndvHideMethod: true,
	} as IWebhookDescription;
}

/** Routes the trigger can answer itself from Lightspeed (Respond: "At Once, With Lightspeed's Tables"). */
export const TABLE_ROUTES = ['tables', 'table'];
export const ANSWER_TABLES = 'lightspeedTables';

export const qodeupTriggerWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		...webhookDescriptionFields({
			httpMethod: routeMethod,
			path: routePath,
			responseMode,
			responseCode: fromParameter('responseCode'),
			responseData,
		}),
		isFullPath: true,
	} as IWebhookDescription,
	// uptime checks: 200 without a body, no signature, no execution
	otherMethodWebhook('head', 'HEAD'),
	otherMethodWebhook('wrongMethodOther', otherMethod),
	...OTHER_METHODS.map((method) => otherMethodWebhook(`wrongMethod${method}`, method)),
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
				name: "At Once, With Lightspeed's Tables",
				value: ANSWER_TABLES,
				description:
					'Table and Table List only: reads the open checks (floor plans kept in memory) and answers here, without starting an execution; only when Lightspeed fails does the workflow run, and its Respond to Qodeup node answers',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: 'Answers with the JSON of the first item of the last node, always with the status below',
			},
		],
	},
	{
		displayName: 'Business Location Name or ID',
		name: 'businessLocationId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getBusinessLocations' },
		required: true,
		default: '',
		description:
			'The restaurant location whose tables are answered. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { responseMode: [ANSWER_TABLES] } },
	},
	{
		displayName: 'Floor Plan Cache (Seconds)',
		name: 'floorplanCacheSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description: 'How long floor plans are kept in memory per Lightspeed credential and location. 0 = read them every time. Open checks are always read fresh.',
		displayOptions: { show: { responseMode: [ANSWER_TABLES] } },
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

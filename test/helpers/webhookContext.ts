/**
 * A hand-made IWebhookFunctions for trigger tests: a request (method, headers, params, raw
 * body bytes as n8n gives them), a response that records what the node wrote, node
 * parameters, credentials, node static data and the child nodes n8n would report.
 */
import type { IDataObject, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

export class RecordedResponse {
	statusCode = 200;
	headers: Record<string, string> = {};
	body: string | undefined;
	ended = false;

	setHeader(name: string, value: string): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	end(chunk?: string): this {
		this.body = chunk;
		this.ended = true;
		return this;
	}

	json(): unknown {
		return this.body === undefined ? undefined : (JSON.parse(this.body) as unknown);
	}
}

export interface WebhookContextOptions {
	nodeType: string;
	nodeName?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, IDataObject>;
	method?: string;
	headers?: Record<string, string>;
	params?: Record<string, string>;
	/** Raw bytes; also parsed into getBodyData() when it is JSON, like n8n does. */
	rawBody?: Buffer | string;
	staticData?: IDataObject;
	childNodes?: Array<{ type: string; typeVersion?: number; name?: string }>;
	webhookName?: string;
	/** Credential ids on the node, as n8n stores them (`{ qodeupApi: 'cred-1' }`). */
	credentialIds?: Record<string, string>;
}

export interface WebhookCall {
	context: IWebhookFunctions;
	response: RecordedResponse;
	logs: Array<{ level: string; message: string }>;
}

export function createWebhookContext(options: WebhookContextOptions): WebhookCall {
	const response = new RecordedResponse();
	const logs: Array<{ level: string; message: string }> = [];
	const raw =
		options.rawBody === undefined
			? undefined
			: Buffer.isBuffer(options.rawBody)
				? options.rawBody
				: Buffer.from(options.rawBody, 'utf8');
	let parsed: IDataObject = {};
	if (raw && raw.length) {
		try {
			const value = JSON.parse(raw.toString('utf8')) as unknown;
			if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as IDataObject;
		} catch {
			parsed = {};
		}
	}
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(options.headers ?? {})) headers[key.toLowerCase()] = value;
	const node: INode = {
		id: 'node-1',
		name: options.nodeName ?? 'Trigger',
		type: options.nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
	};
	if (options.credentialIds) {
		node.credentials = Object.fromEntries(
			Object.entries(options.credentialIds).map(([type, id]) => [type, { id, name: `${type} ${id}` }]),
		);
	}
	const request = { method: options.method ?? 'POST', headers, rawBody: raw, params: options.params ?? {} };
	const staticData = options.staticData ?? {};
	const log = (level: string) => (message: string) => {
		logs.push({ level, message });
	};
	const context = {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown) => {
			if (Object.prototype.hasOwnProperty.call(options.parameters, name)) return options.parameters[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async (type: string) => {
			const credentials = options.credentials?.[type];
			if (!credentials) throw new Error(`No credentials of type ${type}`);
			return credentials;
		},
		getRequestObject: () => request,
		getResponseObject: () => response,
		getHeaderData: () => headers,
		getParamsData: () => options.params ?? {},
		getQueryData: () => ({}),
		getBodyData: () => parsed,
		getWebhookName: () => options.webhookName ?? 'default',
		getWorkflowStaticData: () => staticData,
		getChildNodes: () => (options.childNodes ?? []).map((child) => ({ typeVersion: 1, ...child })),
		getMode: () => 'webhook',
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return { context: context as unknown as IWebhookFunctions, response, logs };
}

/** True when the trigger answered by itself and n8n would start no execution. */
export function startedNoExecution(result: IWebhookResponseData): boolean {
	return result.noWebhookResponse === true && result.workflowData === undefined;
}

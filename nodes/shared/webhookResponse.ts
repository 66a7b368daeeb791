/**
 * Writing an answer directly from a trigger's `webhook()` (then returning
 * `{ noWebhookResponse: true }`, so n8n starts no execution and sends nothing else).
 * Only the Node `ServerResponse` methods are used, which the Express response has too.
 */

export interface MinimalResponse {
	statusCode: number;
	setHeader(name: string, value: string): unknown;
	end(chunk?: string): unknown;
}

export function sendJsonResponse(
	response: MinimalResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	response.statusCode = status;
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.setHeader('Content-Type', 'application/json; charset=utf-8');
	response.setHeader('Cache-Control', 'no-store');
	response.end(JSON.stringify(body));
}

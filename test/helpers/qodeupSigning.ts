/** Signs test requests the way Qodeup does (docs/qodeup-signing.md). */
import { signQodeupRequest } from '../../nodes/shared/signing';

export const QODEUP_SECRET = 'test-signing-secret-0123456789abcdef0123456789';

export function qodeupHeaders(
	method: string,
	path: string,
	body: Buffer | string,
	options: { secret?: string; timestamp?: number } = {},
): Record<string, string> {
	const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
	return {
		'content-type': 'application/json',
		'x-qodeup-timestamp': timestamp,
		'x-qodeup-signature': signQodeupRequest(options.secret ?? QODEUP_SECRET, timestamp, method, path, body),
	};
}

/** Evaluates one of our webhook description expressions (`={{ … }}`) against node parameters. */
export function evaluateDescriptionExpression(expression: string, parameters: Record<string, unknown>): unknown {
	const match = /^=\{\{([\s\S]*)\}\}$/.exec(expression);
	if (!match) return expression;
	// eslint-disable-next-line @typescript-eslint/no-implied-eval
	return new Function('$parameter', `return (${match[1]});`)(parameters) as unknown;
}

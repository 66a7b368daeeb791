/**
 * The body of a signed callback to Qodeup (the signature itself is added by the Qodeup API
 * credential's `authenticate`, over exactly this string).
 */

const EVENT = /^[A-Za-z0-9._:-]{1,64}$/;

export type CallbackBody = { ok: true; url: string; body: string } | { ok: false; message: string };

export function buildCallbackBody(callbackUrl: string, event: string, payload: unknown, sentAt: string): CallbackBody {
	let url: URL;
	try {
		url = new URL(callbackUrl);
	} catch {
		return { ok: false, message: `The credential's Callback URL is not a URL: "${callbackUrl}"` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { ok: false, message: "The credential's Callback URL must start with https:// or http://" };
	}
	if (!EVENT.test(event)) return { ok: false, message: 'Event must be 1 to 64 letters, digits or . _ : -' };
	let data = payload;
	if (typeof payload === 'string') {
		try {
			data = payload.trim() === '' ? {} : (JSON.parse(payload) as unknown);
		} catch (error) {
			return { ok: false, message: `Payload is not valid JSON: ${(error as Error).message}` };
		}
	}
	return { ok: true, url: url.toString(), body: JSON.stringify({ event, sentAt, data: data ?? {} }) };
}

import { hmacHex } from '../../shared/signing';

/**
 * Which keys the Qodeup credential yields. The retry-link key is separate from the request
 * signing secret so that one can be rotated without the other; when it is left empty it is
 * derived as HMAC-SHA256(key = signingSecret, message = "retry-link") in hex.
 */

export const MIN_SECRET_LENGTH = 32;

export interface QodeupCredentialData {
	signingSecret: string;
	callbackUrl: string;
	retryLinkSecret: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function readQodeupCredential(data: Record<string, unknown>): QodeupCredentialData {
	return {
		signingSecret: typeof data.signingSecret === 'string' ? data.signingSecret : '',
		callbackUrl: text(data.callbackUrl),
		retryLinkSecret: typeof data.retryLinkSecret === 'string' ? data.retryLinkSecret : '',
	};
}

export function retryLinkKey(credential: QodeupCredentialData): string {
	if (credential.retryLinkSecret) return credential.retryLinkSecret;
	return hmacHex(credential.signingSecret, 'retry-link');
}

/** Problems with the credential's values, in words for the credential test and errors. */
export function credentialProblems(credential: QodeupCredentialData): string[] {
	const problems: string[] = [];
	const secret = credential.signingSecret;
	if (secret.length < MIN_SECRET_LENGTH) {
		problems.push(`The signing secret must be at least ${MIN_SECRET_LENGTH} characters (it is ${secret.length})`);
	} else if (new Set(secret).size < 8) {
		problems.push('The signing secret repeats too few different characters; generate a random one');
	}
	if (secret !== secret.trim()) problems.push('The signing secret starts or ends with a space');
	const retry = credential.retryLinkSecret;
	if (retry && retry.length < MIN_SECRET_LENGTH) {
		problems.push(`The retry link secret must be empty or at least ${MIN_SECRET_LENGTH} characters`);
	}
	if (credential.callbackUrl && !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(credential.callbackUrl)) {
		problems.push('The callback URL must be an http(s) URL');
	}
	return problems;
}

/** What the Qodeup credential holds, and whether it is usable. */

export const MIN_SECRET_LENGTH = 32;

export interface QodeupCredentialData {
	signingSecret: string;
	callbackUrl: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function readQodeupCredential(data: Record<string, unknown>): QodeupCredentialData {
	return {
		signingSecret: typeof data.signingSecret === 'string' ? data.signingSecret : '',
		callbackUrl: text(data.callbackUrl),
	};
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
	if (credential.callbackUrl && !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(credential.callbackUrl)) {
		problems.push('The callback URL must be an http(s) URL');
	}
	return problems;
}

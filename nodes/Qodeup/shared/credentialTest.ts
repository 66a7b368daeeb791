import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { credentialProblems, readQodeupCredential } from './secrets';

/**
 * Qodeup offers no endpoint to test a secret against, so this checks locally what can be
 * checked (length, variety, callback URL format) and says so in the message.
 */
export async function qodeupApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problems = credentialProblems(readQodeupCredential(credential.data ?? {}));
	if (problems.length) return { status: 'Error', message: problems.join('. ') };
	return {
		status: 'OK',
		message: 'The secrets are long enough. Qodeup has no test endpoint, so only their format was checked.',
	};
}

/**
 * Plain-words explanations of every way Lightspeed can refuse or lose a payment, keyed by
 * the package's error codes. Used for node error messages and for the failure email.
 * Codes from Lightspeed's `errors.account.type` keep their name; the rest are ours.
 */

export type FailureCode =
	| 'PAYMENT_API_DISABLED'
	| 'STAFF_NOT_FOUND'
	| 'MISSING_STAFF'
	| 'PAYMENT_METHOD_NOT_FOUND'
	| 'NATIVE_PAYMENT_NOT_SUPPORTED'
	| 'POS_TIMEOUT'
	| 'OVERPAID'
	| 'ACCOUNT_ALREADY_CLOSED'
	| 'ACCOUNT_NOT_FOUND'
	| 'AMOUNT_EXCEEDS_REMAINING'
	| 'MULTIPLE_OPEN_CHECKS'
	| 'REFERENCE_ALREADY_USED'
	| 'AUTHENTICATION_FAILED'
	| 'ACCESS_DENIED'
	| 'RATE_LIMITED'
	| 'LIGHTSPEED_UNAVAILABLE'
	| 'INVALID_REQUEST'
	| 'NOT_FOUND'
	| 'UNKNOWN';

export interface FailureExplanation {
	code: FailureCode;
	/** One line for a subject or a status page. */
	title: string;
	/** Why it happened, in words a restaurant manager understands. */
	why: string;
	/** What to do before pressing "Retry payment". */
	fix: string;
	/** Whether retrying without changing anything can help (network, overload). */
	transient: boolean;
}

const EXPLANATIONS: Record<FailureCode, Omit<FailureExplanation, 'code'>> = {
	PAYMENT_API_DISABLED: {
		title: 'The Lightspeed payment API is not enabled',
		why: 'Lightspeed refused the payment because the payment API is not switched on for this location.',
		fix: 'Ask Lightspeed support to enable the payment API (Online Ordering / Order & Pay) for this location, choosing a staff account that will never be deactivated and the iPad that should receive payments. Then press Retry payment.',
		transient: false,
	},
	STAFF_NOT_FOUND: {
		title: 'The staff account used for payments is no longer active',
		why: 'The staff account that sends the payment, or the one that opened the table, has been deactivated or closed in Lightspeed Back Office.',
		fix: 'In Lightspeed Back Office, reactivate that staff account, or ask Lightspeed support to set a staff account that will never be deactivated for the payment API (and update the staff choice in n8n if you set one). Then press Retry payment.',
		transient: false,
	},
	MISSING_STAFF: {
		title: 'No staff account is set for payments',
		why: 'Lightspeed needs a staff account to book the payment and none is configured for the payment API.',
		fix: 'Ask Lightspeed support to set a staff account for the payment API on this location, or choose one in the n8n settings. Then press Retry payment.',
		transient: false,
	},
	PAYMENT_METHOD_NOT_FOUND: {
		title: 'The payment method was changed in Lightspeed Back Office',
		why: 'The payment method chosen for Qodeup payments no longer exists in Lightspeed: it was renamed, recoded or deleted in Back Office.',
		fix: 'Open the "Merchant settings" workflow in n8n, reselect the card and voucher payment methods from the list, save and publish. Then press Retry payment.',
		transient: false,
	},
	NATIVE_PAYMENT_NOT_SUPPORTED: {
		title: 'This payment method cannot be used for app payments',
		why: 'The chosen Lightspeed payment method is of a type that cannot receive payments from another app.',
		fix: 'In Lightspeed Back Office create an "other" payment method for Qodeup, then select it in the n8n merchant settings, save and publish. Then press Retry payment.',
		transient: false,
	},
	POS_TIMEOUT: {
		title: 'The register (iPad) did not take the payment in time',
		why: 'No Lightspeed register picked up the payment before it expired. The iPad that receives payments is probably switched off, asleep, offline or not selected to receive payments.',
		fix: 'Switch on the iPad that receives payments, open Lightspeed on it and check it is online (its name button should be blue). Then press Retry payment.',
		transient: false,
	},
	OVERPAID: {
		title: 'The payment is more than what is left to pay',
		why: 'The amount is greater than the amount still due on the check, so Lightspeed refused it. Another payment or a change on the register probably reduced the bill first.',
		fix: 'Look at the check on the register. If the guest paid too much, refund the difference in Qodeup. Only press Retry payment if the check still shows the amount as due.',
		transient: false,
	},
	ACCOUNT_ALREADY_CLOSED: {
		title: 'The check was already closed',
		why: 'The check had been closed on the register before the payment arrived.',
		fix: 'Check on the register how the bill was settled. If the guest paid twice, refund them in Qodeup. Retrying cannot add a payment to a closed check.',
		transient: false,
	},
	ACCOUNT_NOT_FOUND: {
		title: 'The check could not be found',
		why: 'Lightspeed could not find an open check for this table: it may have been moved, merged or closed.',
		fix: 'Find the bill on the register. If it was moved to another table, book the payment there by hand or ask the guest to pay again from the right table.',
		transient: false,
	},
	AMOUNT_EXCEEDS_REMAINING: {
		title: 'The amount is more than what is left to pay',
		why: 'The amount is greater than the remaining amount on the check, counting payments still being processed.',
		fix: 'Ask the guest to refresh the bill in Qodeup and pay the remaining amount.',
		transient: false,
	},
	MULTIPLE_OPEN_CHECKS: {
		title: 'The table has more than one open check',
		why: 'Several checks are open on this table, so the payment must name the check it is for.',
		fix: 'Ask the guest to choose their check in Qodeup.',
		transient: false,
	},
	REFERENCE_ALREADY_USED: {
		title: 'This payment was already sent to Lightspeed',
		why: 'Lightspeed already received a payment with this reference, so it was not sent again.',
		fix: 'Nothing to do: the payment is being processed or is already on the check.',
		transient: false,
	},
	AUTHENTICATION_FAILED: {
		title: 'The connection to Lightspeed has expired',
		why: 'n8n could not sign in to Lightspeed: the connection was revoked or its access expired.',
		fix: 'In n8n, open Credentials, open the Lightspeed K-Series credential and press "Reconnect". Then press Retry payment.',
		transient: false,
	},
	ACCESS_DENIED: {
		title: 'Lightspeed denied access',
		why: 'The Lightspeed user who connected n8n has no access to this location or lacks a permission.',
		fix: 'Reconnect the Lightspeed credential in n8n with a user who can access this location. Then press Retry payment.',
		transient: false,
	},
	RATE_LIMITED: {
		title: 'Lightspeed asked us to slow down',
		why: 'Lightspeed was receiving too many requests and asked n8n to wait.',
		fix: 'Nothing to change. Press Retry payment in a few minutes.',
		transient: true,
	},
	LIGHTSPEED_UNAVAILABLE: {
		title: 'Lightspeed could not be reached',
		why: 'Lightspeed did not answer or answered with a server error, several times in a row.',
		fix: 'Nothing to change on your side. Press Retry payment in a few minutes.',
		transient: true,
	},
	INVALID_REQUEST: {
		title: 'Lightspeed rejected the request',
		why: 'Lightspeed said the request n8n sent was not valid.',
		fix: 'Forward this email to your integration operator; the technical detail below tells them what to fix.',
		transient: false,
	},
	NOT_FOUND: {
		title: 'Lightspeed could not find what was asked for',
		why: 'Lightspeed answered that the location, floor plan, webhook endpoint or other item asked for does not exist (or is not visible to the connected user).',
		fix: 'Check the location and the other choices in the node, and that the Lightspeed user who connected n8n can see this location.',
		transient: false,
	},
	UNKNOWN: {
		title: 'Lightspeed refused the payment',
		why: 'Lightspeed refused the payment without a known reason.',
		fix: 'Check the register, then press Retry payment. If it fails again, forward this email to your integration operator.',
		transient: false,
	},
};

const CODES = new Set(Object.keys(EXPLANATIONS));

export function isFailureCode(code: unknown): code is FailureCode {
	return typeof code === 'string' && CODES.has(code);
}

export function explainFailure(code: string | undefined): FailureExplanation {
	const known: FailureCode = isFailureCode(code) ? code : 'UNKNOWN';
	return { code: known, ...EXPLANATIONS[known] };
}

/** Lightspeed's `errors.account.type` values that name the same thing as one of ours. */
const ACCOUNT_ERROR_ALIASES: Record<string, FailureCode> = {
	ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
	ACCOUNT_ALREADY_CLOSED: 'ACCOUNT_ALREADY_CLOSED',
	MISSING_STAFF: 'MISSING_STAFF',
	NATIVE_PAYMENT_NOT_SUPPORTED: 'NATIVE_PAYMENT_NOT_SUPPORTED',
	OVERPAID: 'OVERPAID',
	PAYMENT_METHOD_NOT_FOUND: 'PAYMENT_METHOD_NOT_FOUND',
	STAFF_NOT_FOUND: 'STAFF_NOT_FOUND',
};

/** Maps a PAYMENT FAILURE webhook's `errors`/`reason` to one of our codes. */
export function failureCodeFromWebhook(errors: unknown, reason: unknown): FailureCode {
	if (errors && typeof errors === 'object') {
		const e = errors as { timeout?: unknown; account?: { type?: unknown } };
		if (e.timeout) return 'POS_TIMEOUT';
		const type = e.account && typeof e.account.type === 'string' ? e.account.type : undefined;
		if (type && ACCOUNT_ERROR_ALIASES[type]) return ACCOUNT_ERROR_ALIASES[type];
	}
	const text = typeof reason === 'string' ? reason.toLowerCase() : '';
	if (text.includes('greater than the amount due')) return 'OVERPAID';
	if (text.includes('not processed before validity ended')) return 'POS_TIMEOUT';
	if (text.includes('payment api') && text.includes('not enabled')) return 'PAYMENT_API_DISABLED';
	return 'UNKNOWN';
}

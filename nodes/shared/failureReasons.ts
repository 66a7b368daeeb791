/**
 * Every way a payment or an order can fail, keyed by the package's codes, with what a
 * restaurant manager reads: a title, why in plain words, and the fix that fits that cause.
 * This is the one list: node errors, Qodeup's answers, the ledger, the emails and the retry
 * page all take their words and their rules (who is told, can a retry help) from here.
 * Codes from Lightspeed's `errors.account.type` keep their name; the rest are ours.
 */

export type FailureCode =
	| 'PAYMENT_API_DISABLED'
	| 'STAFF_NOT_FOUND'
	| 'MISSING_STAFF'
	| 'PAYMENT_METHOD_NOT_FOUND'
	| 'SETTINGS_INCOMPLETE'
	| 'NATIVE_PAYMENT_NOT_SUPPORTED'
	| 'POS_TIMEOUT'
	| 'NO_OUTCOME'
	| 'OVERPAID'
	| 'ACCOUNT_ALREADY_CLOSED'
	| 'ACCOUNT_NOT_FOUND'
	| 'AMOUNT_EXCEEDS_REMAINING'
	| 'MULTIPLE_OPEN_CHECKS'
	| 'REFERENCE_ALREADY_USED'
	| 'PAYMENT_ID_REUSED'
	| 'LIGHTSPEED_DISCONNECTED'
	| 'AUTHENTICATION_FAILED'
	| 'ACCESS_DENIED'
	| 'RATE_LIMITED'
	| 'LIGHTSPEED_UNAVAILABLE'
	| 'INVALID_REQUEST'
	| 'NOT_FOUND'
	| 'LEDGER_FULL'
	| 'LEDGER_UNAVAILABLE'
	| 'SKU_NOT_FOUND'
	| 'TABLE_NOT_FOUND'
	| 'TABLE_INACTIVE'
	| 'DISCOUNT_REFUSED'
	| 'ORDER_PAYMENT_TOO_HIGH'
	| 'ORDER_ID_REUSED'
	| 'ORDER_REFUSED'
	| 'UNKNOWN';

/**
 * Who has to act:
 * - `guest`: Qodeup is answered at once (409/404) and nothing was sent; no email;
 * - `merchant`: the restaurant must fix something in Lightspeed or n8n (email with the fix);
 * - `connection`: the Lightspeed connection is lost (one "Reconnect" email per outage);
 * - `transient`: Lightspeed was unreachable after our own retries (email; retrying later helps);
 * - `caller`: Qodeup sent something inconsistent (answered, never emailed).
 */
export type FailureAudience = 'guest' | 'merchant' | 'connection' | 'transient' | 'caller';

export interface FailureExplanation {
	code: FailureCode;
	/** One line for a subject or a status page. */
	title: string;
	/** Why it happened, in words a restaurant manager understands. */
	why: string;
	/** What to do before retrying. */
	fix: string;
	audience: FailureAudience;
	/** Whether a retry (the email's link) can help once the fix is done. */
	retryable: boolean;
	/** The HTTP status Qodeup gets when this refuses a request before anything was sent. */
	answerStatus?: 404 | 409 | 503;
}

type Entry = Omit<FailureExplanation, 'code'>;

const RECONNECT_FIX =
	'Open n8n, go to Credentials, open the Lightspeed K-Series credential of this restaurant and press Connect (sign in with a Lightspeed user who can see the location). Payments that failed meanwhile can then be retried from the email n8n sends once the connection works again.';

const EXPLANATIONS: Record<FailureCode, Entry> = {
	PAYMENT_API_DISABLED: {
		title: 'The Lightspeed payment API is not enabled',
		why: 'Lightspeed refused the payment because the payment API (Order & Pay) is not switched on for this location.',
		fix: 'Ask Lightspeed support to enable the payment API for this location, with a staff account that will never be deactivated and the iPad that should receive payments.',
		audience: 'merchant',
		retryable: true,
	},
	STAFF_NOT_FOUND: {
		title: 'The staff account used for payments is no longer active',
		why: 'The staff account that books the payment, or the one that opened the table, was deactivated or closed in Lightspeed Back Office.',
		fix: 'In Lightspeed Back Office reactivate that staff account, or ask Lightspeed support to set a staff account for the payment API that will never be deactivated (and choose it in the restaurant settings in n8n if one is set there).',
		audience: 'merchant',
		retryable: true,
	},
	MISSING_STAFF: {
		title: 'No staff account is set for payments',
		why: 'Lightspeed needs a staff account to book the payment and none is configured for the payment API.',
		fix: 'Ask Lightspeed support to set a staff account for the payment API on this location, or choose one in the restaurant settings in n8n.',
		audience: 'merchant',
		retryable: true,
	},
	PAYMENT_METHOD_NOT_FOUND: {
		title: 'The payment method was changed in Lightspeed Back Office',
		why: 'The payment method chosen for Qodeup payments no longer exists in Lightspeed: it was renamed, recoded or deleted in Back Office.',
		fix: 'Open the restaurant settings workflow in n8n, choose the card and voucher payment methods again from the list, save and publish.',
		audience: 'merchant',
		retryable: true,
	},
	SETTINGS_INCOMPLETE: {
		title: "The restaurant's settings in n8n are incomplete",
		why: 'Nothing was sent to Lightspeed: the restaurant settings saved in n8n do not say which Lightspeed payment method (or staff) to book this with, or were never saved.',
		fix: 'Open the Restaurant settings workflow of this restaurant in n8n, choose the card and voucher payment methods from the list, save and publish; then retry.',
		audience: 'merchant',
		retryable: true,
	},
	NATIVE_PAYMENT_NOT_SUPPORTED: {
		title: 'This payment method cannot take payments from an app',
		why: 'The Lightspeed payment method chosen for Qodeup is of a kind that cannot receive payments from another app.',
		fix: 'In Lightspeed Back Office create an "other" payment method for Qodeup, choose it in the restaurant settings in n8n, save and publish.',
		audience: 'merchant',
		retryable: true,
	},
	POS_TIMEOUT: {
		title: 'The register (iPad) did not take the payment in time',
		why: 'Lightspeed reported that no register picked up the payment before it expired. The iPad that receives payments is probably off, asleep, offline or not chosen to receive payments.',
		fix: 'Switch on the iPad that receives payments, open Lightspeed on it and check it is online (its name button is blue).',
		audience: 'merchant',
		retryable: true,
	},
	NO_OUTCOME: {
		title: 'Lightspeed never said whether the payment went through',
		why: 'The payment was handed to Lightspeed, but no outcome arrived within the time the register had to take it, and the check does not show it.',
		fix: 'Look at the check on the register. If the payment is not there, check that the iPad that receives payments is on and online (its name button is blue).',
		audience: 'merchant',
		retryable: true,
	},
	OVERPAID: {
		title: 'The payment is more than what is left to pay',
		why: 'The amount is greater than what is still due on the check, so the register refused it. Another payment or a change on the register reduced the bill first.',
		fix: 'Look at the check on the register. If the guest paid too much, refund the difference in Qodeup. Retry only if the check still shows the amount as due.',
		audience: 'merchant',
		retryable: true,
	},
	ACCOUNT_ALREADY_CLOSED: {
		title: 'The check was already closed',
		why: 'The check was closed on the register before the payment arrived.',
		fix: 'See on the register how the bill was settled. If the guest paid twice, refund them in Qodeup. A payment cannot be added to a closed check.',
		audience: 'guest',
		retryable: false,
		answerStatus: 404,
	},
	ACCOUNT_NOT_FOUND: {
		title: 'The check could not be found',
		why: 'Lightspeed has no open check for this table or check id: it may have been moved, merged or closed.',
		fix: 'Find the bill on the register. If it moved to another table, the guest pays again from the right table.',
		audience: 'guest',
		retryable: false,
		answerStatus: 404,
	},
	AMOUNT_EXCEEDS_REMAINING: {
		title: 'The amount is more than what is left to pay',
		why: 'The amount is greater than what is left on the check, counting payments that are still on their way to the register.',
		fix: 'Refresh the bill in Qodeup and pay what is left.',
		audience: 'guest',
		retryable: false,
		answerStatus: 409,
	},
	MULTIPLE_OPEN_CHECKS: {
		title: 'The table has more than one open check',
		why: 'Several checks are open on this table, so the payment must name the check it is for.',
		fix: 'Choose the check in Qodeup (send its checkId).',
		audience: 'guest',
		retryable: false,
		answerStatus: 409,
	},
	REFERENCE_ALREADY_USED: {
		title: 'This payment was already sent to Lightspeed',
		why: 'Lightspeed already has a payment with this reference, so it was not sent again.',
		fix: 'Nothing to do: the payment is on its way or already on the check.',
		audience: 'caller',
		retryable: false,
	},
	PAYMENT_ID_REUSED: {
		title: 'This payment id was already used for another payment',
		why: 'Qodeup sent a payment id that belongs to an earlier payment with different details.',
		fix: 'Send a new payment id for a new payment; a repeat must carry exactly the same details.',
		audience: 'caller',
		retryable: false,
		answerStatus: 409,
	},
	LIGHTSPEED_DISCONNECTED: {
		title: 'The connection to Lightspeed is lost',
		why: 'n8n has no working access to Lightspeed: the connection was removed in Lightspeed, the password or the permissions of the user who connected it changed, it was not used for too long, or Connect was never pressed for this restaurant.',
		fix: RECONNECT_FIX,
		audience: 'connection',
		retryable: true,
		answerStatus: 503,
	},
	AUTHENTICATION_FAILED: {
		title: 'The connection to Lightspeed is lost',
		why: 'Lightspeed did not accept n8n\'s access even after renewing it.',
		fix: RECONNECT_FIX,
		audience: 'connection',
		retryable: true,
		answerStatus: 503,
	},
	ACCESS_DENIED: {
		title: 'Lightspeed denied access',
		why: 'The Lightspeed user who connected n8n cannot access this location or lacks a permission.',
		fix: 'Press Connect on the restaurant\'s Lightspeed credential in n8n and sign in with a user who can access this location.',
		audience: 'merchant',
		retryable: true,
	},
	RATE_LIMITED: {
		title: 'Lightspeed asked us to slow down',
		why: 'Lightspeed received too many requests and asked n8n to wait, even after n8n waited and tried again.',
		fix: 'Nothing to change. Retry in a few minutes.',
		audience: 'transient',
		retryable: true,
	},
	LIGHTSPEED_UNAVAILABLE: {
		title: 'Lightspeed could not be reached',
		why: 'Lightspeed did not answer, or answered with a server error, several times in a row.',
		fix: 'Nothing to change on your side. Retry in a few minutes.',
		audience: 'transient',
		retryable: true,
	},
	INVALID_REQUEST: {
		title: 'Lightspeed rejected the request',
		why: 'Lightspeed said the request n8n sent was not valid.',
		fix: 'Forward this email to your integration operator; the technical detail tells them what to fix.',
		audience: 'merchant',
		retryable: true,
	},
	NOT_FOUND: {
		title: 'Lightspeed could not find what was asked for',
		why: 'Lightspeed answered that the location, floor plan or webhook endpoint asked for does not exist, or the connected user cannot see it.',
		fix: 'Check the location chosen for this restaurant in n8n and that the Lightspeed user who connected n8n can see it.',
		audience: 'merchant',
		retryable: true,
	},
	LEDGER_FULL: {
		title: 'The integration\'s storage in n8n is full',
		why: 'n8n refused to record the request: its Data tables have reached their size limit, so nothing new can be recorded.',
		fix: 'Ask your integration operator to lower the retention (days kept) or raise N8N_DATA_TABLES_MAX_SIZE_BYTES; payments and orders are refused until then.',
		audience: 'transient',
		retryable: false,
		answerStatus: 503,
	},
	LEDGER_UNAVAILABLE: {
		title: "The integration's storage in n8n refused to record the request",
		why: "n8n's Data tables did not record it, so nothing was sent to Lightspeed: they are at n8n's size limit (N8N_DATA_TABLES_MAX_SIZE_BYTES) or the database did not answer.",
		fix: 'Ask your integration operator: lower the retention (days kept) or raise N8N_DATA_TABLES_MAX_SIZE_BYTES (npm run merchant -- list shows the size), and check n8n\'s log. Qodeup may send the request again once there is room.',
		audience: 'transient',
		retryable: false,
		answerStatus: 503,
	},
	SKU_NOT_FOUND: {
		title: 'An ordered item is not in Lightspeed',
		why: 'The order names a product (SKU) that Lightspeed does not know at this location.',
		fix: 'Fix the item in the Qodeup menu mapping, or create the item with that SKU in Lightspeed Back Office.',
		audience: 'merchant',
		retryable: true,
	},
	TABLE_NOT_FOUND: {
		title: 'The table does not exist in Lightspeed',
		why: 'The order is for a table number that is not on any floor plan of this location.',
		fix: 'Check the table numbers in the Qodeup table mapping against the floor plans in Lightspeed Back Office.',
		audience: 'merchant',
		retryable: true,
		answerStatus: 404,
	},
	TABLE_INACTIVE: {
		title: 'The table is switched off in Lightspeed',
		why: 'The order is for a table that is inactive on the floor plan.',
		fix: 'Activate the table on the floor plan in Lightspeed Back Office, or fix the table mapping in Qodeup.',
		audience: 'merchant',
		retryable: true,
	},
	DISCOUNT_REFUSED: {
		title: 'A discount on the order was refused',
		why: 'The order carries a discount that Lightspeed cannot apply (unknown discount code, or a discount that is not allowed for this item).',
		fix: 'Check the discount codes in the Qodeup menu mapping against the discounts in Lightspeed Back Office.',
		audience: 'merchant',
		retryable: true,
	},
	ORDER_PAYMENT_TOO_HIGH: {
		title: 'The payment sent with the order is more than the order',
		why: 'The order came with a payment larger than what the order costs, so the register refused the whole order.',
		fix: 'Check the prices in the Qodeup menu against Lightspeed, and refund the guest the difference in Qodeup.',
		audience: 'merchant',
		retryable: false,
	},
	ORDER_ID_REUSED: {
		title: 'This order id was already used for another order',
		why: 'Qodeup sent an order id that belongs to an earlier order with different content.',
		fix: 'Send a new order id for a new order; a repeat must carry exactly the same content.',
		audience: 'caller',
		retryable: false,
		answerStatus: 409,
	},
	ORDER_REFUSED: {
		title: 'Lightspeed refused the order',
		why: 'The register refused the order without a reason we recognise (Lightspeed\'s own words are below).',
		fix: 'Look at the order on the register and at Lightspeed\'s words below; fix what they name, then retry.',
		audience: 'merchant',
		retryable: true,
	},
	UNKNOWN: {
		title: 'Lightspeed refused the payment',
		why: 'Lightspeed refused the payment without a reason we recognise (its own words are below).',
		fix: 'Look at the check on the register and at Lightspeed\'s words below. If the payment is not on the check, retry; if it fails again, forward this email to your integration operator.',
		audience: 'merchant',
		retryable: true,
	},
};

const CODES = new Set(Object.keys(EXPLANATIONS));

export function isFailureCode(code: unknown): code is FailureCode {
	return typeof code === 'string' && CODES.has(code);
}

export function explainFailure(code: string | undefined | null): FailureExplanation {
	const known: FailureCode = isFailureCode(code) ? code : 'UNKNOWN';
	return { code: known, ...EXPLANATIONS[known] };
}

/** A lost connection (refused refresh, or access refused even after a refresh): press Connect. */
export function isConnectionCode(code: string | undefined | null): boolean {
	return isFailureCode(code) && EXPLANATIONS[code].audience === 'connection';
}

/** A refusal Qodeup hears about at once (409/404) because nothing was sent to Lightspeed. */
export function isGuestRefusal(code: string | undefined | null): boolean {
	return isFailureCode(code) && EXPLANATIONS[code].audience === 'guest';
}

/**
 * What Lightspeed's own words name, wherever they come from (an API error's message, a
 * notification's `reason`): the one list of phrases both the transport and the notifications
 * read. Undefined when the words name nothing we know.
 */
export function codeFromLightspeedWords(words: unknown): FailureCode | undefined {
	const text = typeof words === 'string' ? words.toLowerCase() : '';
	if (!text) return undefined;
	if (text.includes('reference has already been used')) return 'REFERENCE_ALREADY_USED';
	if (text.includes('payment api') && text.includes('not enabled')) return 'PAYMENT_API_DISABLED';
	if (/staff/.test(text) && /not found|inactive|deactivated|disabled|does not exist/.test(text)) return 'STAFF_NOT_FOUND';
	if (/missing staff|no staff/.test(text)) return 'MISSING_STAFF';
	if (/payment method/.test(text) && /not found|does not exist|unknown|invalid/.test(text)) return 'PAYMENT_METHOD_NOT_FOUND';
	if (/native payment/.test(text)) return 'NATIVE_PAYMENT_NOT_SUPPORTED';
	if (/greater than the amount due|more than (the )?(amount )?due|overpa/.test(text)) return 'OVERPAID';
	if (/already closed|account is closed|check is closed/.test(text)) return 'ACCOUNT_ALREADY_CLOSED';
	if (/account not found/.test(text)) return 'ACCOUNT_NOT_FOUND';
	if (/validity ended|not delivered|task_timeout|timed? ?out|pos .*offline|no (available )?device/.test(text)) return 'POS_TIMEOUT';
	return undefined;
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

/** Maps a PAYMENT FAILURE notification's `errors`/`reason` to one of our codes. */
export function failureCodeFromWebhook(errors: unknown, reason: unknown): FailureCode {
	if (errors && typeof errors === 'object') {
		const e = errors as { timeout?: unknown; account?: { type?: unknown } };
		if (e.timeout) return 'POS_TIMEOUT';
		const type = e.account && typeof e.account.type === 'string' ? e.account.type : undefined;
		if (type && ACCOUNT_ERROR_ALIASES[type]) return ACCOUNT_ERROR_ALIASES[type];
	}
	return codeFromLightspeedWords(reason) ?? 'UNKNOWN';
}

/**
 * Maps an ORDER FAILURE notification's reason (Lightspeed sends words, no typed error) to one
 * of our codes. Unrecognised words stay `ORDER_REFUSED` and are shown as Lightspeed said them.
 */
export function orderFailureCodeFromReason(reason: unknown): FailureCode {
	const text = typeof reason === 'string' ? reason.toLowerCase() : '';
	if (/sku|item not found|product not found/.test(text)) return 'SKU_NOT_FOUND';
	if (/table/.test(text) && /inactive|disabled|not active/.test(text)) return 'TABLE_INACTIVE';
	if (/table/.test(text) && /not found|does not exist|unknown/.test(text)) return 'TABLE_NOT_FOUND';
	if (/discount/.test(text)) return 'DISCOUNT_REFUSED';
	const named = codeFromLightspeedWords(reason);
	if (named === 'OVERPAID') return 'ORDER_PAYMENT_TOO_HIGH';
	return named ?? 'ORDER_REFUSED';
}

/**
 * Order causes a plain resend of the same order can fix once the cause is gone, and where the
 * first send surely did not reach the kitchen (the order email's retry link is for these only).
 */
const ORDER_RESEND_FIXES = new Set<FailureCode>([
	'POS_TIMEOUT',
	'LIGHTSPEED_UNAVAILABLE',
	'RATE_LIMITED',
	'LIGHTSPEED_DISCONNECTED',
	'AUTHENTICATION_FAILED',
	'SETTINGS_INCOMPLETE',
	'STAFF_NOT_FOUND',
	'MISSING_STAFF',
	'PAYMENT_METHOD_NOT_FOUND',
]);

/** Order wording for the causes payments and orders share; `retryable` is the order's own rule. */
export function explainOrderFailure(code: string | undefined | null, reason = ''): FailureExplanation {
	const worded = orderWording(code, reason);
	return { ...worded, retryable: ORDER_RESEND_FIXES.has(worded.code) };
}

function orderWording(code: string | undefined | null, reason: string): FailureExplanation {
	const explanation = explainFailure(code);
	const sku = /sku[^A-Za-z0-9]*([A-Za-z0-9._-]+)/i.exec(reason)?.[1];
	const table = /table[^0-9]*(\d+)/i.exec(reason)?.[1];
	switch (explanation.code) {
		case 'POS_TIMEOUT':
			return {
				...explanation,
				title: 'The register (iPad) did not take the order in time',
				why: 'No Lightspeed register picked up the order before it expired: the iPad that receives online orders is probably off, asleep or offline.',
				fix: 'Switch on the iPad that receives orders, open Lightspeed on it and check it is online (its name button is blue).',
			};
		case 'NO_OUTCOME':
			return {
				...explanation,
				title: 'Lightspeed never said whether the order went through',
				why: 'The order was handed to Lightspeed, but no outcome arrived in time and no check shows it.',
				fix: 'Look for the order on the register. If it is not there, check that the iPad that receives orders is on and online (its name button is blue), then retry.',
			};
		case 'SKU_NOT_FOUND':
			return sku ? { ...explanation, fix: `SKU ${sku} is not in Lightspeed: fix the item in the Qodeup menu mapping, or the item in Lightspeed Back Office.` } : explanation;
		case 'TABLE_INACTIVE':
			return table ? { ...explanation, fix: `Table ${table} is inactive: activate it on the floor plan in Lightspeed Back Office, or fix the table mapping in Qodeup.` } : explanation;
		case 'TABLE_NOT_FOUND':
			return table ? { ...explanation, fix: `Table ${table} is not on any floor plan: add it in Lightspeed Back Office, or fix the table mapping in Qodeup.` } : explanation;
		case 'ACCOUNT_NOT_FOUND':
			return { ...explanation, title: 'The check to add the order to was not found', fix: 'Look for the table on the register; the guest sends the order again from the right table.' };
		case 'ACCOUNT_ALREADY_CLOSED':
			return {
				...explanation,
				title: 'The check to add the order to was already closed',
				why: 'The check was closed on the register before the order arrived.',
				fix: 'The table was closed on the register; the guest orders again (a new check is opened).',
			};
		case 'UNKNOWN':
			return explainFailure('ORDER_REFUSED');
		default:
			return explanation;
	}
}


import { failureCodeFromWebhook, orderFailureCodeFromReason } from '../../shared/failureReasons';
import type { FailureCode } from '../../shared/failureReasons';
import { formatMinor, parseLightspeedAmount } from '../../shared/money';

/**
 * Turns any notification Lightspeed sends us into one flat shape (docs/contracts.md,
 * "Lightspeed trigger output"). Lightspeed spells the same field several ways
 * (`ikentooAccountId` / `iKentooAccountId`, numbers as strings), so every read here is
 * case-insensitive and every amount goes through the exact decimal parser.
 */

export const LIGHTSPEED_EVENTS = [
	'paymentSuccess',
	'paymentFailure',
	'checkUpdated',
	'checkClosed',
	'orderAccepted',
	'orderFailed',
	'rtnOpen',
	'rtnUpdate',
	'rtnClose',
] as const;
export type LightspeedEvent = (typeof LIGHTSPEED_EVENTS)[number];

export interface NormalisedNotification {
	eventKey: string;
	source: 'orderAndPay' | 'rtn';
	event: LightspeedEvent | null;
	type: string | null;
	status: string | null;
	reference: string | null;
	checkId: string | null;
	businessLocationId: number | string | null;
	tableNumber: number | null;
	currentAmount: string | null;
	paidAmount: string | null;
	remaining: string | null;
	errorCode: FailureCode | null;
	reason: string | null;
	/** RTN only: SALE, or TRANSITORY for the reversal record of a superseded check. */
	accountType?: string | null;
	/** RTN only: the account number this one replaces (`originAccountNumber`). */
	originCheckId?: string | null;
	raw: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the first of `names` present in `object`, ignoring case. */
export function pick(object: unknown, ...names: string[]): unknown {
	if (!isObject(object)) return undefined;
	for (const name of names) {
		if (object[name] !== undefined) return object[name];
	}
	const wanted = names.map((name) => name.toLowerCase());
	for (const [key, value] of Object.entries(object)) {
		if (value !== undefined && wanted.includes(key.toLowerCase())) return value;
	}
	return undefined;
}

function text(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function upper(value: unknown): string | null {
	const result = text(value);
	return result === null ? null : result.toUpperCase();
}

function integer(value: unknown): number | null {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
	if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
	return null;
}

function locationId(value: unknown): number | string | null {
	const asInteger = integer(value);
	if (asInteger !== null) return asInteger;
	return text(value);
}

function amount(value: unknown, field: string): number | null {
	if (value === undefined || value === null || value === '') return null;
	try {
		return parseLightspeedAmount(value, field);
	} catch {
		return null;
	}
}

function amounts(current: number | null, paid: number | null) {
	if (current === null && paid === null) return { currentAmount: null, paidAmount: null, remaining: null };
	const currentMinor = current ?? 0;
	const paidMinor = paid ?? 0;
	return {
		currentAmount: formatMinor(currentMinor),
		paidAmount: formatMinor(paidMinor),
		remaining: formatMinor(currentMinor - paidMinor),
	};
}

/** RTN accounts carry no table number, only a name like "Table 2" (or a `tables` list). */
function rtnTableNumber(account: Json): number | null {
	const direct = integer(pick(account, 'tableNumber'));
	if (direct !== null) return direct;
	const tables = pick(account, 'tables');
	const candidates = [pick(account, 'tableName'), Array.isArray(tables) ? tables[0] : undefined];
	for (const candidate of candidates) {
		if (typeof candidate !== 'string') continue;
		const match = /(\d+)\s*$/.exec(candidate.trim());
		if (match) return Number(match[1]);
	}
	return null;
}

const OAP_EVENTS: Record<string, LightspeedEvent> = {
	'PAYMENT:SUCCESS': 'paymentSuccess',
	'PAYMENT:FAILURE': 'paymentFailure',
	'ORDER:SUCCESS': 'orderAccepted',
	'ORDER:FAILURE': 'orderFailed',
	'ORDER:CHECK_WAS_UPDATED': 'checkUpdated',
	'ORDER:CLOSED': 'checkClosed',
};

const RTN_EVENTS: Record<string, LightspeedEvent> = {
	OPEN: 'rtnOpen',
	UPDATE: 'rtnUpdate',
	CLOSE: 'rtnClose',
};

// Our payment references (paymentReference.ts: a restaurant's Q<tag>- / QH<tag>-, or QD- / QDH-),
// never an order's (QO<tag>- / QOH…): used when Lightspeed leaves `type` out.
const PAYMENT_REFERENCE = /^(QDH?-|QH?[0-9a-f]{8}-)/;

export function isRtnPayload(payload: unknown): boolean {
	return isObject(payload) && pick(payload, 'notificationType') !== undefined && isObject(pick(payload, 'account'));
}

function normaliseOrderAndPay(payload: Json): NormalisedNotification {
	const status = upper(pick(payload, 'status'));
	const reference = text(pick(payload, 'thirdPartyReference'));
	let type = upper(pick(payload, 'type'));
	if (type === null) {
		// The official ORDER FAILURE example has no `type`; account events are always ORDER.
		type = reference !== null && PAYMENT_REFERENCE.test(reference) && (status === 'SUCCESS' || status === 'FAILURE') ? 'PAYMENT' : 'ORDER';
	}
	const account = pick(payload, 'account');
	const accountJson = isObject(account) ? account : undefined;
	const checkId = text(pick(payload, 'ikentooAccountIdentifier')) ?? text(pick(accountJson, 'ikaccountId', 'accountIdentifier'));
	const tableNumber = integer(pick(accountJson, 'tableNumber'));
	const money = accountJson
		? amounts(amount(pick(accountJson, 'currentAmount'), 'currentAmount'), amount(pick(accountJson, 'paidAmount'), 'paidAmount'))
		: amounts(null, null);
	const errors = pick(payload, 'errors');
	const timeout = isObject(errors) ? pick(errors, 'timeout') : undefined;
	const reason = text(pick(payload, 'reason')) ?? text(pick(timeout, 'message'));
	const failed = status === 'FAILURE';
	const event = OAP_EVENTS[`${type}:${status}`] ?? null;
	const key = [type, status ?? '', reference ?? '', checkId ?? ''];
	// Several CHECK_WAS_UPDATED for one check differ by their amounts; the same amounts twice is a duplicate.
	if (event === 'checkUpdated' || event === 'checkClosed') key.push(`${money.currentAmount ?? ''}/${money.paidAmount ?? ''}`);
	return {
		eventKey: key.join(':'),
		source: 'orderAndPay',
		event,
		type,
		status,
		reference,
		checkId,
		businessLocationId: locationId(pick(payload, 'businessLocationId') ?? pick(accountJson, 'businessLocationId')),
		tableNumber,
		...money,
		errorCode: failed ? (type === 'ORDER' ? orderFailureCodeFromReason(reason) : failureCodeFromWebhook(errors, reason)) : null,
		reason,
		raw: payload,
	};
}

function normaliseRtn(payload: Json): NormalisedNotification {
	const notificationType = upper(pick(payload, 'notificationType'));
	const account = pick(payload, 'account') as Json;
	const checkId = text(pick(account, 'accountNumber'));
	const money = amounts(amount(pick(account, 'totalAmount'), 'totalAmount'), amount(pick(account, 'paidAmount'), 'paidAmount'));
	const updated = text(pick(account, 'updateDate')) ?? text(pick(account, 'closeDate')) ?? text(pick(account, 'openDate'));
	return {
		eventKey: ['RTN', notificationType ?? '', checkId ?? '', updated ?? '', money.currentAmount ?? '', money.paidAmount ?? ''].join(':'),
		source: 'rtn',
		event: (notificationType && RTN_EVENTS[notificationType]) || null,
		type: 'RTN',
		status: notificationType,
		reference: null,
		checkId,
		businessLocationId: locationId(pick(payload, 'businessLocationId') ?? pick(account, 'businessLocationId')),
		tableNumber: rtnTableNumber(account),
		...money,
		errorCode: null,
		reason: null,
		accountType: upper(pick(account, 'type')),
		originCheckId: text(pick(account, 'originAccountNumber')),
		raw: payload,
	};
}

/** Returns null for something that is not a JSON object at all. */
export function normaliseNotification(payload: unknown): NormalisedNotification | null {
	if (!isObject(payload)) return null;
	return isRtnPayload(payload) ? normaliseRtn(payload) : normaliseOrderAndPay(payload);
}

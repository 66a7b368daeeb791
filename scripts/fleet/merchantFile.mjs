// The merchant file (one restaurant) and the fleet settings file: load (JSON or YAML) and
// validate. Validation names every bad field at once; nothing touches n8n until the file is good.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_FLEET } from '../templates/render.mjs';

export const INTEGRATION_ID = /^[A-Za-z0-9-]{1,40}$/;
// n8n keeps workflow names to 128 characters; the longest suffix is " — Lightspeed notifications"
export const MAX_NAME = 80;
const EMAIL = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()"]+$/;

const MERCHANT_FIELDS = [
	'integrationId',
	'name',
	'lightspeed',
	'businessLocationId',
	'cardPaymentMethod',
	'voucherPaymentMethod',
	'staffId',
	'notificationEmails',
	'qodeup',
	'retentionDays',
	'timezone',
	'currency',
	'smtpCredential',
];
const LIGHTSPEED_FIELDS = ['environment', 'clientId', 'clientSecret', 'apiBaseUrl', 'authUrl', 'tokenUrl', 'includeStaffScope', 'rtnPassword'];
const QODEUP_FIELDS = ['callbackUrl'];
const ENVIRONMENTS = ['production', 'trial', 'custom'];

/** Reads a JSON or YAML file (by extension; YAML is a superset of JSON, so anything else is tried as YAML). */
export function loadFile(file, what = 'file') {
	let text;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (err) {
		throw new Error(`cannot read the ${what} ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
	}
	try {
		const value = path.extname(file).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
		if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('it must hold one object (field: value …)');
		return value;
	} catch (err) {
		throw new Error(`the ${what} ${file} is not valid ${path.extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML/JSON'}: ${err.message.split('\n')[0]}`);
	}
}

const isBlank = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const text = (v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined);

function isHttpUrl(value) {
	try {
		const u = new URL(value);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

/** A Lightspeed id: a whole number (as a number or digits). */
function wholeId(value) {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
	if (typeof value === 'string' && /^\s*\d{1,16}\s*$/.test(value) && Number(value) > 0) return value.trim();
	return undefined;
}

export function parseEmails(value) {
	const raw = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
	const parts = raw.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean);
	return { emails: parts.filter((p) => EMAIL.test(p)), invalid: parts.filter((p) => !EMAIL.test(p)) };
}

function validTimezone(zone) {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

function unknownFields(object, allowed, prefix, errors) {
	for (const key of Object.keys(object)) {
		if (!allowed.includes(key)) errors.push({ field: `${prefix}${key}`, message: `is not a known field (known: ${allowed.join(', ')})` });
	}
}

/**
 * Validates a merchant file's content. Returns { merchant, errors }: `merchant` is normalised
 * (strings trimmed, ids as strings, emails joined with ", "); `errors` is [{field, message}].
 * `fleet.smtpCredential` stands in for a missing `smtpCredential`.
 */
export function validateMerchant(input, { fleet = {} } = {}) {
	const errors = [];
	const bad = (field, message) => errors.push({ field, message });
	if (!input || typeof input !== 'object' || Array.isArray(input)) return { merchant: undefined, errors: [{ field: '(file)', message: 'must be an object of fields' }] };
	unknownFields(input, MERCHANT_FIELDS, '', errors);
	const m = {};

	const integrationId = text(input.integrationId);
	if (isBlank(input.integrationId)) bad('integrationId', 'is required (1-40 letters, digits or dashes, e.g. "pizza-roma-centre")');
	else if (!INTEGRATION_ID.test(integrationId ?? '')) bad('integrationId', `must be 1-40 letters, digits or dashes, got ${JSON.stringify(input.integrationId)}`);
	else m.integrationId = integrationId;

	const name = text(input.name);
	if (isBlank(input.name)) bad('name', 'is required (the restaurant name merchants and guests see)');
	else if (typeof input.name !== 'string') bad('name', 'must be text');
	else if (name.length > MAX_NAME) bad('name', `must be at most ${MAX_NAME} characters (workflow names are "<name> — <role>"), got ${name.length}`);
	else if (/[\u0000-\u001f]/.test(name)) bad('name', 'must not contain control characters');
	else m.name = name;

	const ls = input.lightspeed;
	if (ls === undefined || ls === null) bad('lightspeed', 'is required: {environment, clientId, clientSecret} (and apiBaseUrl, authUrl, tokenUrl for environment custom)');
	else if (typeof ls !== 'object' || Array.isArray(ls)) bad('lightspeed', 'must be an object {environment, clientId, clientSecret, …}');
	else {
		unknownFields(ls, LIGHTSPEED_FIELDS, 'lightspeed.', errors);
		const out = {};
		if (!ENVIRONMENTS.includes(ls.environment)) bad('lightspeed.environment', `must be one of ${ENVIRONMENTS.join(', ')}, got ${JSON.stringify(ls.environment)}`);
		else out.environment = ls.environment;
		for (const key of ['clientId', 'clientSecret']) {
			if (isBlank(ls[key]) || typeof ls[key] !== 'string') bad(`lightspeed.${key}`, `is required (the API client's ${key === 'clientId' ? 'client ID' : 'client secret'} from Lightspeed)`);
			else out[key] = ls[key].trim();
		}
		for (const key of ['apiBaseUrl', 'authUrl', 'tokenUrl']) {
			if (ls.environment === 'custom') {
				if (isBlank(ls[key])) bad(`lightspeed.${key}`, 'is required for environment custom (an http(s) URL)');
				else if (typeof ls[key] !== 'string' || !isHttpUrl(ls[key].trim())) bad(`lightspeed.${key}`, `must be an http(s) URL, got ${JSON.stringify(ls[key])}`);
				else out[key] = ls[key].trim().replace(/\/+$/, '');
			} else if (!isBlank(ls[key]) && ENVIRONMENTS.includes(ls.environment)) {
				bad(`lightspeed.${key}`, `is only used with environment custom (environment is ${ls.environment}); remove it`);
			}
		}
		if (ls.includeStaffScope !== undefined && typeof ls.includeStaffScope !== 'boolean') bad('lightspeed.includeStaffScope', `must be true or false, got ${JSON.stringify(ls.includeStaffScope)}`);
		else out.includeStaffScope = ls.includeStaffScope ?? false;
		if (!isBlank(ls.rtnPassword)) {
			if (typeof ls.rtnPassword !== 'string' || ls.rtnPassword.length < 16) bad('lightspeed.rtnPassword', 'must be at least 16 characters (e.g. openssl rand -hex 16)');
			else out.rtnPassword = ls.rtnPassword;
		}
		m.lightspeed = out;
	}

	const location = wholeId(input.businessLocationId);
	if (isBlank(input.businessLocationId)) bad('businessLocationId', 'is required (the Lightspeed business location id, a whole number)');
	else if (!location) bad('businessLocationId', `must be a whole number (Lightspeed business location id), got ${JSON.stringify(input.businessLocationId)}`);
	else m.businessLocationId = location;

	for (const [key, required] of [['cardPaymentMethod', true], ['voucherPaymentMethod', false]]) {
		const value = input[key];
		if (isBlank(value)) {
			if (required) bad(key, 'is required (the code of the Lightspeed payment method Qodeup card payments are booked with)');
			else m[key] = '';
		} else if (typeof value !== 'string') bad(key, `must be a payment method code (text), got ${JSON.stringify(value)}`);
		else if (value.trim().length > 100) bad(key, 'must be at most 100 characters');
		else m[key] = value.trim();
	}

	if (isBlank(input.staffId)) m.staffId = '';
	else if (!wholeId(input.staffId)) bad('staffId', `must be a whole number (Lightspeed staff id) or left out, got ${JSON.stringify(input.staffId)}`);
	else m.staffId = wholeId(input.staffId);

	if (isBlank(input.notificationEmails)) bad('notificationEmails', 'is required: comma-separated addresses that get failure emails (at least one)');
	else if (typeof input.notificationEmails !== 'string' && !Array.isArray(input.notificationEmails)) bad('notificationEmails', 'must be comma-separated addresses');
	else {
		const { emails, invalid } = parseEmails(input.notificationEmails);
		if (invalid.length) bad('notificationEmails', `has invalid address(es): ${invalid.join(', ')}`);
		else if (!emails.length) bad('notificationEmails', 'needs at least one valid address');
		else m.notificationEmails = emails.join(', ');
	}

	const qd = input.qodeup;
	m.qodeup = {};
	if (qd !== undefined && qd !== null) {
		if (typeof qd !== 'object' || Array.isArray(qd)) bad('qodeup', 'must be an object {callbackUrl?}');
		else {
			unknownFields(qd, QODEUP_FIELDS, 'qodeup.', errors);
			if (!isBlank(qd.callbackUrl)) {
				if (typeof qd.callbackUrl !== 'string' || !isHttpUrl(qd.callbackUrl.trim())) bad('qodeup.callbackUrl', `must be an http(s) URL, got ${JSON.stringify(qd.callbackUrl)}`);
				else m.qodeup.callbackUrl = qd.callbackUrl.trim();
			}
		}
	}

	if (isBlank(input.retentionDays)) m.retentionDays = 0;
	else if (!Number.isInteger(Number(input.retentionDays)) || Number(input.retentionDays) < 0 || Number(input.retentionDays) > 3650 || typeof input.retentionDays === 'boolean') {
		bad('retentionDays', `must be a whole number of days from 0 (the fleet's setting) to 3650, got ${JSON.stringify(input.retentionDays)}`);
	} else m.retentionDays = Number(input.retentionDays);

	if (!isBlank(input.timezone)) {
		if (typeof input.timezone !== 'string' || !validTimezone(input.timezone.trim())) bad('timezone', `must be an IANA time zone like Europe/Paris, got ${JSON.stringify(input.timezone)}`);
		else m.timezone = input.timezone.trim();
	}
	if (!isBlank(input.currency)) {
		if (typeof input.currency !== 'string' || !/^[A-Z]{3}$/.test(input.currency.trim())) bad('currency', `must be a 3-letter ISO currency code like EUR, got ${JSON.stringify(input.currency)}`);
		else m.currency = input.currency.trim();
	}

	const smtp = isBlank(input.smtpCredential) ? fleet.smtpCredential : input.smtpCredential;
	if (isBlank(smtp)) bad('smtpCredential', 'is required: the id or name of an SMTP credential in n8n (or smtpCredential in the --fleet file)');
	else if (typeof smtp !== 'string') bad('smtpCredential', 'must be the id or name of an SMTP credential');
	else m.smtpCredential = smtp.trim();

	return { merchant: errors.length ? undefined : m, errors };
}

const FLEET_NUMBERS = {
	sweepSeconds: [1, 3600],
	claimedGraceSeconds: [1, 86400],
	settleAfterSeconds: [1, 86400],
	orderSettleAfterSeconds: [1, 86400],
	giveUpSeconds: [1, 604800],
	retryLinkHours: [1, 8760],
	retentionDays: [1, 3650],
	retentionMinutes: [1, 1440],
	limitBytes: [1, Number.MAX_SAFE_INTEGER],
	warnPercent: [1, 100],
	paymentRowBytes: [1, 1_000_000],
	orderRowBytes: [1, 1_000_000],
};
export const FLEET_FIELDS = [...Object.keys(DEFAULT_FLEET), 'smtpCredential'];

/** Validates a fleet settings file: known keys of DEFAULT_FLEET plus smtpCredential. */
export function validateFleet(input) {
	const errors = [];
	const bad = (field, message) => errors.push({ field, message });
	if (!input || typeof input !== 'object' || Array.isArray(input)) return { fleet: undefined, errors: [{ field: '(file)', message: 'must be an object of fields' }] };
	unknownFields(input, FLEET_FIELDS, '', errors);
	const f = {};
	for (const [key, [min, max]] of Object.entries(FLEET_NUMBERS)) {
		if (input[key] === undefined) continue;
		const n = Number(input[key]);
		if (typeof input[key] === 'boolean' || !Number.isInteger(n) || n < min || n > max) bad(key, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(input[key])}`);
		else f[key] = n;
	}
	if (input.name !== undefined) {
		if (typeof input.name !== 'string' || !input.name.trim()) bad('name', 'must be text');
		else f.name = input.name.trim();
	}
	if (input.senderEmail !== undefined) {
		if (typeof input.senderEmail !== 'string' || !EMAIL.test(input.senderEmail.trim())) bad('senderEmail', `must be an email address, got ${JSON.stringify(input.senderEmail)}`);
		else f.senderEmail = input.senderEmail.trim();
	}
	if (input.operatorEmails !== undefined) {
		const { emails, invalid } = parseEmails(input.operatorEmails);
		if (invalid.length) bad('operatorEmails', `has invalid address(es): ${invalid.join(', ')}`);
		else f.operatorEmails = emails.join(', ');
	}
	if (input.webhookBaseUrl !== undefined && input.webhookBaseUrl !== '') {
		if (typeof input.webhookBaseUrl !== 'string' || !isHttpUrl(input.webhookBaseUrl)) bad('webhookBaseUrl', 'must be an http(s) URL (n8n\'s …/webhook)');
		else f.webhookBaseUrl = input.webhookBaseUrl.replace(/\/+$/, '');
	}
	if (input.smtpCredential !== undefined) {
		if (typeof input.smtpCredential !== 'string' || !input.smtpCredential.trim()) bad('smtpCredential', 'must be the id or name of an SMTP credential');
		else f.smtpCredential = input.smtpCredential.trim();
	}
	if (f.claimedGraceSeconds !== undefined && f.claimedGraceSeconds <= 90) {
		bad('claimedGraceSeconds', 'must be more than 90 (the longest a Qodeup request runs), so recovery never races a live request');
	}
	return { fleet: errors.length ? undefined : f, errors };
}

/** "field: message" lines for the operator. */
export function formatErrors(errors) {
	return errors.map((e) => `  ${e.field}: ${e.message}`).join('\n');
}

import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';


/** Parameter readers that validate and name the field in their error. */

function fail(context: IExecuteFunctions, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

function raw(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	return context.getNodeParameter(name, itemIndex, fallback, { extractValue: true }) as unknown;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A positive whole number id (location, staff, device); accepts numbers and digit strings. */
export function parseId(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
	if (typeof value === 'string' && /^\s*\d{1,16}\s*$/.test(value)) {
		const number = Number(value.trim());
		if (Number.isSafeInteger(number) && number > 0) return number;
	}
	return undefined;
}

export function readLocationId(context: IExecuteFunctions, itemIndex: number): number {
	const value = raw(context, 'businessLocationId', itemIndex);
	const id = parseId(value);
	if (id === undefined) {
		fail(
			context,
			itemIndex,
			`businessLocationId must be a Lightspeed business location id (a whole number), got ${JSON.stringify(value)}`,
			'Choose the location from the list, or map the id of the location (for example 45454565682155).',
		);
	}
	return id;
}

export function readRequiredString(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	options: { maxLength?: number } = {},
): string {
	const value = raw(context, name, itemIndex, '');
	if (isBlank(value)) fail(context, itemIndex, `${name} is required`);
	const text = String(value).trim();
	if (options.maxLength !== undefined && text.length > options.maxLength) {
		fail(context, itemIndex, `${name} must be at most ${options.maxLength} characters`);
	}
	return text;
}

export function readOptionalString(context: IExecuteFunctions, name: string, itemIndex: number): string | undefined {
	const value = raw(context, name, itemIndex, '');
	return isBlank(value) ? undefined : String(value).trim();
}

export function readOptionalId(context: IExecuteFunctions, name: string, itemIndex: number): number | undefined {
	const value = raw(context, name, itemIndex, '');
	if (isBlank(value) || value === 0) return undefined;
	const id = parseId(value);
	if (id === undefined) fail(context, itemIndex, `${name} must be a whole number id, got ${JSON.stringify(value)}`);
	return id;
}

export function readTableNumber(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	required: boolean,
): number | undefined {
	const value = raw(context, name, itemIndex, '');
	if (isBlank(value)) {
		if (required) fail(context, itemIndex, `${name} is required`);
		return undefined;
	}
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isSafeInteger(number) || number < 0) {
		fail(context, itemIndex, `${name} must be a whole table number, got ${JSON.stringify(value)}`);
	}
	return number;
}

export function readPositiveInteger(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: number,
	bounds: { min: number; max: number },
): number {
	const value = raw(context, name, itemIndex, fallback);
	const number = isBlank(value) ? fallback : typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isSafeInteger(number) || number < bounds.min || number > bounds.max) {
		fail(
			context,
			itemIndex,
			`${name} must be a whole number from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(value)}`,
		);
	}
	return number;
}

const EMAIL = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()"]+$/;

/** Comma (or semicolon / newline) separated addresses → validated list. */
export function parseEmailList(value: unknown): { emails: string[]; invalid: string[] } {
	const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
	const parts = text
		.split(/[,;\n]/)
		.map((part) => part.trim())
		.filter(Boolean);
	const emails: string[] = [];
	const invalid: string[] = [];
	for (const part of parts) {
		if (EMAIL.test(part)) {
			if (!emails.includes(part.toLowerCase())) emails.push(part.toLowerCase());
		} else invalid.push(part);
	}
	return { emails, invalid };
}

export function readJson(context: IExecuteFunctions, name: string, itemIndex: number, fallback: unknown): unknown {
	const value = raw(context, name, itemIndex, fallback);
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (text === '') return fallback;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return fail(context, itemIndex, `${name} must be valid JSON`);
	}
}

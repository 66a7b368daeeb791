'use strict';
// Request-body validation that answers like Lightspeed's Spring services: a type Jackson
// cannot convert → 400 "JSON parse error" (no errors[]); a bean-validation constraint →
// 400 "Validation failed for object='<name>'. Error count: N" with errors[].
// Scalars are coerced the way Jackson does by default ("12" → 12, 12 → "12").

const { springError, springBody, HttpError } = require('./http');
const { toCents, MoneyError } = require('./money');

const JAVA_TYPES = { long: 'java.lang.Long', int: 'java.lang.Integer', string: 'java.lang.String', money: 'java.math.BigDecimal', boolean: 'java.lang.Boolean', object: 'java.lang.Object', array: 'java.util.List' };

function fieldError(objectName, field, code, defaultMessage, javaType, rejectedValue, args = []) {
	const e = {
		codes: [`${code}.${objectName}.${field}`, `${code}.${field}`, `${code}.${javaType}`, code],
		arguments: [{ codes: [`${objectName}.${field}`, field], defaultMessage: field, code: field }, ...args],
		defaultMessage,
		objectName,
		field,
		bindingFailure: false,
		code,
	};
	if (rejectedValue !== undefined) e.rejectedValue = rejectedValue;
	return e;
}

function parseError(ctx, type, value) {
	return springError(
		400,
		`JSON parse error: Cannot deserialize value of type \`${JAVA_TYPES[type]}\` from ${typeof value === 'object' ? 'Object value' : `value ${JSON.stringify(value)}`}`,
		ctx.path,
	);
}

function coerce(ctx, spec, value) {
	switch (spec.type) {
		case 'long':
		case 'int': {
			if (typeof value === 'number' && Number.isInteger(value)) return value;
			if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
			throw parseError(ctx, spec.type, value);
		}
		case 'string':
			if (typeof value === 'string') return value;
			if (typeof value === 'number' || typeof value === 'boolean') return String(value);
			throw parseError(ctx, 'string', value);
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (value === 'true' || value === 'false') return value === 'true';
			throw parseError(ctx, 'boolean', value);
		case 'money':
			if (typeof value === 'number' || (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value))) return value;
			throw parseError(ctx, 'money', value);
		case 'object':
			if (value && typeof value === 'object' && !Array.isArray(value)) return value;
			throw parseError(ctx, 'object', value);
		case 'array':
			if (Array.isArray(value)) return value;
			throw parseError(ctx, 'array', value);
		default:
			return value;
	}
}

function walk(ctx, objectName, fields, input, prefix, errors) {
	const out = {};
	for (const [name, spec] of Object.entries(fields)) {
		const path = prefix ? `${prefix}.${name}` : name;
		const raw = input[name];
		if (raw === undefined || raw === null) {
			if (spec.required) errors.push(fieldError(objectName, path, 'NotNull', 'must not be null', JAVA_TYPES[spec.type]));
			continue;
		}
		const v = coerce(ctx, spec, raw);
		if (spec.type === 'string') {
			if ((spec.minLength !== undefined && v.length < spec.minLength) || (spec.maxLength !== undefined && v.length > spec.maxLength)) {
				const min = spec.minLength ?? 0;
				const max = spec.maxLength ?? 2147483647;
				errors.push(fieldError(objectName, path, 'Size', `size must be between ${min} and ${max}`, JAVA_TYPES.string, v,
					[{ codes: [], defaultMessage: String(max), code: 'max' }, { codes: [], defaultMessage: String(min), code: 'min' }]));
			}
			if (spec.enum && !spec.enum.includes(v)) throw parseError(ctx, 'string', v);
		}
		if ((spec.type === 'long' || spec.type === 'int') && spec.minimum !== undefined && v < spec.minimum) {
			errors.push(fieldError(objectName, path, 'Min', `must be greater than or equal to ${spec.minimum}`, JAVA_TYPES[spec.type], v,
				[{ codes: [], defaultMessage: String(spec.minimum), code: 'value' }]));
		}
		if (spec.type === 'money') {
			try {
				const cents = toCents(v);
				if (spec.positive && cents <= 0) {
					errors.push(fieldError(objectName, path, 'DecimalMin', 'must be greater than 0', JAVA_TYPES.money, v));
				} else if (cents < 0) {
					errors.push(fieldError(objectName, path, 'DecimalMin', 'must be greater than or equal to 0', JAVA_TYPES.money, v));
				}
				out[`${name}Cents`] = cents;
			} catch (e) {
				if (!(e instanceof MoneyError)) throw e;
				errors.push(fieldError(objectName, path, 'Digits', 'numeric value out of bounds (<integer digits>.<2 digits> expected)', JAVA_TYPES.money, v));
			}
		}
		if (spec.type === 'object' && spec.fields) {
			out[name] = walk(ctx, objectName, spec.fields, v, path, errors);
			continue;
		}
		if (spec.type === 'array' && spec.items) {
			out[name] = v.map((item, i) => {
				const itemPath = `${path}[${i}]`;
				if (!item || typeof item !== 'object' || Array.isArray(item)) throw parseError(ctx, 'object', item);
				return walk(ctx, objectName, spec.items, item, itemPath, errors);
			});
			continue;
		}
		out[name] = v;
	}
	return out;
}

// Returns the coerced body (money fields also as `<name>Cents`) or throws the Spring 400.
function validate(ctx, body, { objectName, fields }) {
	const errors = [];
	const out = walk(ctx, objectName, fields, body, '', errors);
	if (errors.length) {
		throw new HttpError(400, springBody(400, `Validation failed for object='${objectName}'. Error count: ${errors.length}`, ctx.path, { errors }));
	}
	return out;
}

module.exports = { validate };

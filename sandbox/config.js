'use strict';
// Run-time settings (CLI flags, startSandbox options, POST /_admin/config).

const SPEC = {
	posDelayMs: { type: 'int', min: 0, dflt: 1000 },
	accessTokenTtlSeconds: { type: 'int', min: 1, dflt: 1800 },
	refreshTokenTtlSeconds: { type: 'int', min: 0, dflt: 0 }, // 0 = never expires (offline_access)
	taskTtlScale: { type: 'number', min: 0, dflt: 1 },
	rtnUrl: { type: 'string', dflt: null },
	rtnUsername: { type: 'string', dflt: null },
	rtnPassword: { type: 'string', dflt: null },
	webhookRetries: { type: 'int', min: 0, dflt: 3 },
	webhookRetryBaseMs: { type: 'int', min: 0, dflt: 200 },
	webhookTimeoutMs: { type: 'int', min: 1, dflt: 5000 },
};

class ConfigError extends Error {}

function defaults() {
	return Object.fromEntries(Object.entries(SPEC).map(([k, s]) => [k, s.dflt]));
}

// Validates a patch; returns the cleaned values. Unknown keys are refused so a typo in a test
// does not silently do nothing.
function checkPatch(patch) {
	if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new ConfigError('config must be a JSON object');
	const out = {};
	for (const [k, v] of Object.entries(patch)) {
		const s = SPEC[k];
		if (!s) throw new ConfigError(`unknown config key "${k}"; known: ${Object.keys(SPEC).join(', ')}`);
		if (v === null && s.type === 'string') {
			out[k] = null;
			continue;
		}
		const n = typeof v === 'string' && s.type !== 'string' ? Number(v) : v;
		if (s.type === 'string') {
			if (typeof v !== 'string') throw new ConfigError(`${k} must be a string or null`);
			out[k] = v === '' ? null : v;
		} else if (typeof n !== 'number' || !Number.isFinite(n) || (s.type === 'int' && !Number.isInteger(n)) || n < s.min) {
			throw new ConfigError(`${k} must be ${s.type === 'int' ? 'an integer' : 'a number'} >= ${s.min}`);
		} else {
			out[k] = n;
		}
	}
	return out;
}

module.exports = { defaults, checkPatch, ConfigError };

'use strict';
// Polling helpers. Every wait is bounded; the error says what was awaited and the last value seen.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it returns a truthy value (which is returned). `fn` may throw; the last error
 * or value is included in the timeout message.
 */
async function waitFor(fn, { timeoutMs = 30_000, intervalMs = 250, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
			last = v;
		} catch (err) {
			last = err;
		}
		if (Date.now() >= deadline) {
			const detail = last instanceof Error ? last.message : JSON.stringify(last);
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`);
		}
		await sleep(intervalMs);
	}
}

module.exports = { sleep, waitFor };

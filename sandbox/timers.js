'use strict';
// Every timer the sandbox starts goes through here, so close() can stop them all and a
// test runner exits cleanly.

class Timers {
	constructor() {
		this.active = new Set();
		this.closed = false;
	}

	after(ms, fn) {
		if (this.closed) return null;
		const t = setTimeout(() => {
			this.active.delete(t);
			fn();
		}, Math.max(0, ms));
		this.active.add(t);
		return t;
	}

	cancel(t) {
		if (!t) return;
		clearTimeout(t);
		this.active.delete(t);
	}

	// Resolves after ms; after close() it resolves at once so no caller is left hanging.
	sleep(ms) {
		if (this.closed || ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const t = this.after(ms, resolve);
			if (t) t.resolveEarly = resolve;
		});
	}

	clearAll() {
		this.closed = true;
		for (const t of this.active) {
			clearTimeout(t);
			if (t.resolveEarly) t.resolveEarly();
		}
		this.active.clear();
	}
}

module.exports = { Timers };

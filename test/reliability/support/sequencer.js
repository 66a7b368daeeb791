'use strict';
// A fixed order for the reliability files (jest would otherwise order them by past durations):
// the short ones first, the crash (which restarts n8n) after the load.
const Sequencer = require('@jest/test-sequencer').default;

const ORDER = ['contention', 'hostile', 'load', 'crash'];
const rank = (file) => {
	const i = ORDER.findIndex((name) => file.endsWith(`/${name}.rel.test.js`));
	return i === -1 ? ORDER.length : i;
};

class ReliabilitySequencer extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
	}
}

module.exports = ReliabilitySequencer;

// `npm run test:reliability`: properties under contention, hostile input, faults and a crash,
// against the normal single-process stack (globalSetup.mjs: its own ports, .run/reliability/,
// short sweeper waits on the real clock). Tests run in band; every test judges its payments and
// orders (support/tally.js) and globalTeardown prints and writes the totals
// (.run/reliability/tally.json).
module.exports = {
	rootDir: '../..',
	displayName: 'reliability',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/reliability/**/*.rel.test.js'],
	// the long ones last: a failing contention or hostile test shows early
	testSequencer: '<rootDir>/test/reliability/support/sequencer.js',
	transform: {},
	globalSetup: '<rootDir>/test/reliability/globalSetup.mjs',
	globalTeardown: '<rootDir>/test/reliability/globalTeardown.mjs',
	testTimeout: 600_000,
	maxWorkers: 1,
	roots: ['<rootDir>/test/reliability'],
};

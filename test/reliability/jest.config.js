// `npm run test:reliability`: properties under concurrency, hostile input and faults, against
// the normal single-process stack (globalSetup.mjs: its own ports and .run/reliability/). Tests
// run in band; every test counts its payments (support/tally.js) and globalTeardown prints and
// writes the totals (.run/reliability/tally.json).
module.exports = {
	rootDir: '../..',
	displayName: 'reliability',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/reliability/**/*.rel.test.js'],
	transform: {},
	globalSetup: '<rootDir>/test/reliability/globalSetup.mjs',
	globalTeardown: '<rootDir>/test/reliability/globalTeardown.mjs',
	testTimeout: 600_000,
	maxWorkers: 1,
	roots: ['<rootDir>/test/reliability'],
};

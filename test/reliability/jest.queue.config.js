// `npm run test:queue`: the reliability suite's contention and race tests against the stack in
// queue mode (queue/globalSetup.mjs: PostgreSQL + Redis, main + worker + webhook process), with
// the same bookkeeping; the global teardown prints the tally (.run/queue/tally.json).
module.exports = {
	rootDir: '../..',
	displayName: 'queue',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/reliability/contention.rel.test.js'],
	transform: {},
	globalSetup: '<rootDir>/test/reliability/queue/globalSetup.mjs',
	globalTeardown: '<rootDir>/test/reliability/globalTeardown.mjs',
	testTimeout: 600_000,
	maxWorkers: 1,
	roots: ['<rootDir>/test/reliability'],
};

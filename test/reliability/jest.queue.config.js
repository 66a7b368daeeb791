// `npm run test:queue`: the existing e2e scenario files for table lookups, payments and
// idempotency, run unchanged against the stack in queue mode (queue/globalSetup.mjs).
module.exports = {
	rootDir: '../..',
	displayName: 'queue',
	testEnvironment: 'node',
	testMatch: [
		'<rootDir>/test/e2e/scenarios/tables.e2e.test.js',
		'<rootDir>/test/e2e/scenarios/payments.e2e.test.js',
		'<rootDir>/test/e2e/scenarios/idempotency.e2e.test.js',
	],
	transform: {},
	globalSetup: '<rootDir>/test/reliability/queue/globalSetup.mjs',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.mjs',
	testTimeout: 180_000,
	maxWorkers: 1,
	roots: ['<rootDir>/test/e2e', '<rootDir>/test/reliability'],
};

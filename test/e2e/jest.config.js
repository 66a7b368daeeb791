// End-to-end suite against a real n8n (see scripts/lib/stack.mjs). globalSetup starts the whole
// stack once — sandbox, mail catcher, n8n with this package installed from its packed tarball,
// templates (workflows/) and harness fixtures (test/e2e/fixtures/) imported and published — on
// ports that do not clash with `npm start`; globalTeardown stops it. Tests run in band.
module.exports = {
	rootDir: '../..',
	displayName: 'e2e',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.js'],
	transform: {},
	globalSetup: '<rootDir>/test/e2e/globalSetup.mjs',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.mjs',
	testTimeout: 120_000,
	maxWorkers: 1,
	// crawl only the suite: .run/ (n8n user folders) and dist/ hold package.json copies jest would flag
	roots: ['<rootDir>/test/e2e'],
};

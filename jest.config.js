// Test projects: `unit` (nodes and credentials, jest + nock), `contract` (what we send and
// what the sandbox answers, validated against the OpenAPI documents), `sandbox` (the
// emulator itself). The end-to-end suite against a real n8n runs separately (test/e2e).
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }] };

module.exports = {
	// CI shares 2 cores with n8n, a browser and the sandbox: slow is not wrong.
	testTimeout: 30000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.run'],
			transform: tsJest,
			setupFilesAfterEnv: ['<rootDir>/test/helpers/restoreNock.ts'],
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			displayName: 'contract',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.run'],
			transform: tsJest,
			setupFilesAfterEnv: ['<rootDir>/test/helpers/restoreNock.ts'],
			testMatch: ['<rootDir>/test/contract/**/*.test.{ts,js}'],
		},
		{
			displayName: 'sandbox',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.run'],
			setupFilesAfterEnv: ['<rootDir>/test/sandbox/realHttp.js'],
			testMatch: ['<rootDir>/test/sandbox/**/*.test.js'],
		},
	],
};

// Two projects: fast unit tests (`npm run test:unit`) and end-to-end tests in a real n8n (`npm run test:e2e`).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			transform: { '^.+\\.tsx?$': tsJest },
			testMatch: ['**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			transform: { '^.+\\.tsx?$': tsJest },
			testMatch: ['**/*.test.ts'],
			testTimeout: 600000,
		},
	],
};

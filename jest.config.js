// Two projects: fast unit tests (`npm run test:unit`) and end-to-end tests in a real n8n (`npm run test:e2e`).
const os = require('os');
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

const project = (name) => ({
	displayName: name,
	testEnvironment: 'node',
	roots: [`<rootDir>/test/${name}`],
	transform: { '^.+\\.tsx?$': tsJest },
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/helpers/env.js'],
	// e2e: 60 s per test instead of jest's 5 s (test/helpers/e2e-timeout.js).
	...(name === 'e2e' ? { setupFilesAfterEnv: ['<rootDir>/test/helpers/e2e-timeout.js'] } : {}),
});

module.exports = {
	projects: [project('unit'), project('e2e')],
	// The e2e suites spend most of their time waiting (n8n's once-a-minute polls, restarts, bursts in
	// flight), so two run side by side even on a 2-CPU machine, where jest would otherwise run one.
	maxWorkers: Math.max(2, os.availableParallelism() - 1),
};

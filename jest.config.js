// Two projects: fast unit tests (`npm run test:unit`) and end-to-end tests in a real n8n (`npm run test:e2e`).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

const project = (name) => ({
	displayName: name,
	testEnvironment: 'node',
	roots: [`<rootDir>/test/${name}`],
	transform: { '^.+\\.tsx?$': tsJest },
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/helpers/env.js'],
});

module.exports = {
	projects: [project('unit'), project('e2e')],
};

// The rules n8n's package scanner (@n8n/scan-community-package 0.32.0) checks the package's source with:
// the same plugins and versions (@n8n/eslint-plugin-community-nodes 0.29.0 "recommended",
// eslint-plugin-n8n-nodes-base 1.16.7) and the same files and overrides as its buildScanConfig() and
// SOURCE_FILE_PATTERNS (package.json, {nodes,credentials}/**/*.{js,ts,json}). Keep them in step:
// test/e2e/package-scan.test.ts runs the real scanner on the source too.
//
// Like the scanner, eslint-disable comments count for nothing (noInlineConfig). Our only departure:
// the design needs jsonwebtoken at run time (so n8n Cloud cannot install the package, README), which
// the scanner reports as "no-runtime-dependencies" on package.json and "no-restricted-imports" in the
// two files that import it; both are off here, for those files only. The scan test checks that these
// are all it reports, and that jsonwebtoken is the only dependency.
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', 'tooling/**', 'examples/**', '*.js', '*.mjs'] },
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'error' } },
	// What the scanner lints, so that `eslint nodes credentials package.json` covers the .json files too.
	{ files: ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'] },
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		rules: {
			...n8nNodesBase.configs.community.rules,
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Not valid for community nodes (the scanner's own overrides)
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// The scanner's own overrides: inputs/outputs may be NodeConnectionTypes, maxValue may be real
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['nodes/BadgeKit/webhook/verification.ts', 'nodes/BadgeKit/transport/signing.ts'],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
];

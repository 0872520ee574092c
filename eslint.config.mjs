// n8n's community-node lint rules: the classic eslint-plugin-n8n-nodes-base sets (as n8n-nodes-starter
// uses them) plus @n8n/eslint-plugin-community-nodes. The "without n8n Cloud support" set is used
// because the package depends on jsonwebtoken, which n8n Cloud's import allow-list does not include.
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const tsFiles = { languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } } };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', '*.js', '*.mjs'] },
	{
		files: ['package.json'],
		languageOptions: { parser: (await import('jsonc-eslint-parser')).default },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.community.rules,
			// The repository URL is a placeholder until the package is published.
			'n8n-nodes-base/community-package-json-repository-url-still-default': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		...tsFiles,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Our documentation links point at the README, not at n8n's docs site.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		...tsFiles,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// One file per resource/operation (resources/<resource>/<operation>.ts), as n8n-nodes-starter does.
			'n8n-nodes-base/node-resource-description-filename-against-convention': 'off',
		},
	},
	{ files: ['credentials/**/*.ts', 'nodes/**/*.ts'], ...tsFiles, ...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport },
];

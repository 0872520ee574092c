// GitHub Actions workflow files checked offline against GitHub's workflow schema, by action-validator's
// WebAssembly build (no binary to download, no network).
import { validateWorkflow } from '@action-validator/core';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WorkflowProblem {
	file: string;
	problems: string[];
}

type ValidationError = ReturnType<typeof validateWorkflow>['errors'][number];

/** One line per problem: where in the file, and what is wrong (nested alternatives flattened). */
function describe(error: ValidationError, prefix = ''): string[] {
	const where = 'path' in error ? error.path : 'location' in error && error.location ? `line ${error.location.line}` : '';
	const here = `${prefix}${where ? `${where}: ` : ''}${error.title}${error.detail ? ` (${error.detail})` : ''}`;
	const nested = 'states' in error && error.states ? error.states.flatMap((s) => s.errors.flatMap((e) => describe(e, `${prefix}  `))) : [];
	return [here, ...nested];
}

/** Every *.yml / *.yaml file of a workflows folder with the problems found (an empty list when valid). */
export function lintWorkflows(dir: string): WorkflowProblem[] {
	return fs
		.readdirSync(dir)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((file) => ({ file, problems: validateWorkflow(fs.readFileSync(path.join(dir, file), 'utf8')).errors.flatMap((e) => describe(e)) }));
}

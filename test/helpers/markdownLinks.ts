// Relative links in the repository's Markdown (README, docs/, examples/…): each must name a file that
// exists and, with a #fragment, a heading of that file as GitHub numbers its anchors.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders that hold no documentation of ours (installed, built or generated). */
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.cache-ci', 'test-output', '.n8n-local', 'coverage', 'results']);

export function markdownFiles(root: string): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			if (entry.isDirectory()) {
				if (!SKIP_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
			} else if (entry.name.endsWith('.md')) found.push(path.relative(root, path.join(dir, entry.name)));
		}
	};
	walk(root);
	return found.sort();
}

/** The lines outside fenced code blocks, with inline code removed (a link shown as code is no link). */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
	const out: Array<{ line: number; text: string }> = [];
	let fence: string | undefined;
	markdown.split('\n').forEach((raw, i) => {
		const opener = /^\s*(```|~~~)/.exec(raw);
		if (opener) {
			if (fence === undefined) fence = opener[1];
			else if (opener[1] === fence) fence = undefined;
			return;
		}
		if (fence === undefined) out.push({ line: i + 1, text: raw.replace(/`[^`]*`/g, '') });
	});
	return out;
}

/** GitHub's anchor for a heading: its text as rendered, lower case, punctuation dropped, spaces as hyphens. */
export function githubSlug(heading: string): string {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`/g, '')
		.trim()
		.toLowerCase();
	return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings (repeats get -1, -2… as on GitHub) and <a id/name>. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	const all = markdown.split('\n');
	let fence: string | undefined;
	for (const raw of all) {
		const opener = /^\s*(```|~~~)/.exec(raw);
		if (opener) {
			if (fence === undefined) fence = opener[1];
			else if (opener[1] === fence) fence = undefined;
			continue;
		}
		if (fence !== undefined) continue;
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
		if (heading) {
			const slug = githubSlug(heading[1]);
			const n = seen.get(slug) ?? 0;
			seen.set(slug, n + 1);
			anchors.add(n === 0 ? slug : `${slug}-${n}`);
		}
		for (const m of raw.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
	}
	return anchors;
}

export interface BrokenLink {
	file: string;
	line: number;
	target: string;
	problem: string;
}

/** The relative links of the given Markdown files (paths relative to root) that lead nowhere. */
export function brokenLinks(root: string, files: string[]): BrokenLink[] {
	const broken: BrokenLink[] = [];
	const anchorCache = new Map<string, Set<string>>();
	const anchorsOfFile = (file: string) => {
		if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(fs.readFileSync(file, 'utf8')));
		return anchorCache.get(file)!;
	};
	for (const file of files) {
		const abs = path.join(root, file);
		for (const { line, text } of proseLines(fs.readFileSync(abs, 'utf8'))) {
			for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
				const target = m[1];
				if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:…: not ours to check here
				const [filePart, fragment] = target.split('#', 2);
				const targetFile = filePart === '' ? abs : path.resolve(path.dirname(abs), decodeURIComponent(filePart));
				if (!targetFile.startsWith(root + path.sep) && targetFile !== root) {
					broken.push({ file, line, target, problem: 'leads out of the repository' });
				} else if (!fs.existsSync(targetFile)) {
					broken.push({ file, line, target, problem: 'no such file' });
				} else if (fragment !== undefined) {
					if (!targetFile.endsWith('.md')) broken.push({ file, line, target, problem: 'an anchor into a file that is not Markdown' });
					else if (!anchorsOfFile(targetFile).has(decodeURIComponent(fragment)))
						broken.push({ file, line, target, problem: `no heading with the anchor #${fragment}` });
				}
			}
		}
	}
	return broken;
}

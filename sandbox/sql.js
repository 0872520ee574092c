'use strict';
// The statements an issuer runs in BadgeKit's MySQL database to register a webhook (the SQL the
// BadgeKit Trigger shows, and the README's), executed on the sandbox's store. BadgeKit has no API for
// webhooks: this is the only way a row gets into its `webhooks` table. Only these forms are
// understood; anything else throws, naming the statement:
//
//   START TRANSACTION;  (or BEGIN;)   COMMIT;   ROLLBACK;
//   DELETE FROM webhooks WHERE systemId = (SELECT id FROM systems WHERE slug = '…');   (= or IN)
//   INSERT INTO webhooks (url, secret, systemId) SELECT '…', '…', id FROM systems WHERE slug = '…';
//
// Statements between START TRANSACTION and COMMIT take effect together at COMMIT (BadgeKit's tables
// are InnoDB), so no delivery can find the system without a row in between; ROLLBACK drops them.
// Identifiers are case-insensitive and may be back-quoted, like MySQL's; a slug that matches no
// system changes nothing (the subquery finds no id), as in MySQL.

const STRING = "'((?:[^'\\\\]|''|\\\\.)*)'";
const ID = (name) => '`?' + name + '`?';
const SYSTEM_ID_BY_SLUG = `\\(\\s*SELECT\\s+${ID('id')}\\s+FROM\\s+${ID('systems')}\\s+WHERE\\s+${ID('slug')}\\s*=\\s*${STRING}\\s*\\)`;

const DELETE = new RegExp(`^DELETE\\s+FROM\\s+${ID('webhooks')}\\s+WHERE\\s+${ID('systemId')}\\s*(?:=|IN)\\s*${SYSTEM_ID_BY_SLUG}$`, 'i');
const INSERT = new RegExp(
	`^INSERT\\s+INTO\\s+${ID('webhooks')}\\s*\\(\\s*${ID('url')}\\s*,\\s*${ID('secret')}\\s*,\\s*${ID('systemId')}\\s*\\)\\s*` +
		`SELECT\\s+${STRING}\\s*,\\s*${STRING}\\s*,\\s*${ID('id')}\\s+FROM\\s+${ID('systems')}\\s+WHERE\\s+${ID('slug')}\\s*=\\s*${STRING}$`,
	'i',
);

function unquote(text) {
	return text.replace(/''/g, "'").replace(/\\(.)/g, '$1');
}

/** Splits on semicolons outside quoted strings; drops empty statements and `-- comments`. */
function statements(sql) {
	const out = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < sql.length; i++) {
		const c = sql[i];
		if (quoted && c === '\\') {
			current += c + (sql[++i] ?? '');
			continue;
		}
		if (c === "'") quoted = !quoted;
		if (c === ';' && !quoted) {
			out.push(current);
			current = '';
		} else current += c;
	}
	if (quoted) throw new Error('SQL: a quoted string is not closed');
	out.push(current);
	return out
		.map((s) =>
			s
				.split('\n')
				.filter((line) => !line.trim().startsWith('--'))
				.join('\n')
				.trim(),
		)
		.filter(Boolean);
}

/**
 * Runs `sql` against `store`. Returns what each statement did:
 * [{statement, rows}] (rows affected; for START TRANSACTION/COMMIT 0).
 */
function runWebhookSql(store, sql) {
	const results = [];
	let pending = null; // statements of an open transaction, applied at COMMIT
	const systemIdOf = (slug) => {
		const system = store.findSystem(slug);
		return system ? system.id : undefined;
	};
	const apply = (op) => {
		const systemId = systemIdOf(op.slug);
		if (systemId === undefined) return 0;
		if (op.kind === 'delete') return store.deleteWebhooks(systemId);
		store.addWebhook(systemId, { url: op.url, secret: op.secret });
		return 1;
	};
	for (const statement of statements(sql)) {
		const flat = statement.replace(/\s+/g, ' ');
		let op;
		let match;
		if (/^(START TRANSACTION|BEGIN)$/i.test(flat)) {
			if (pending) throw new Error('SQL: START TRANSACTION inside a transaction is not supported here');
			pending = [];
		} else if (/^COMMIT$/i.test(flat)) {
			if (pending) for (const staged of pending) staged.result.rows = apply(staged.op);
			pending = null;
		} else if (/^ROLLBACK$/i.test(flat)) {
			pending = null;
		} else if ((match = DELETE.exec(flat))) {
			op = { kind: 'delete', slug: unquote(match[1]) };
		} else if ((match = INSERT.exec(flat))) {
			op = { kind: 'insert', url: unquote(match[1]), secret: unquote(match[2]), slug: unquote(match[3]) };
		} else {
			throw new Error('SQL: the sandbox only runs the webhook registration statements; not understood: ' + flat.slice(0, 200));
		}
		const result = { statement: flat, rows: 0 };
		results.push(result);
		if (!op) continue;
		if (pending) pending.push({ op, result });
		else result.rows = apply(op);
	}
	// A session that ends without COMMIT rolls back, as MySQL does.
	return results;
}

module.exports = { runWebhookSql };

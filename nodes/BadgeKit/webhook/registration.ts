/**
 * Registering the trigger in BadgeKit: a row in its `webhooks` table (BadgeKit has no API for it).
 *
 * The table is unique only on (url, systemId) and BadgeKit calls the first row it finds for a system,
 * so a plain INSERT next to an older row is never called (measured on BadgeKit 0.2.22). The SQL
 * therefore replaces the system's rows, inside one transaction: the table is InnoDB, so no delivery
 * finds the system without a row in between, and running it again changes nothing.
 */

export const URL_PLACEHOLDER = 'PRODUCTION_URL';
export const SECRET_PLACEHOLDER = 'WEBHOOK_SECRET';
export const SYSTEM_PLACEHOLDER = 'SYSTEM_SLUG';

// "ID", not "id": n8n's lint wants ID upper-cased in display names (the SQL is shown as a notice),
// and MySQL column names ignore case.
export const REGISTRATION_SQL =
	'START TRANSACTION; ' +
	`DELETE FROM webhooks WHERE systemId IN (SELECT ID FROM systems WHERE slug = '${SYSTEM_PLACEHOLDER}'); ` +
	`INSERT INTO webhooks (url, secret, systemId) SELECT '${URL_PLACEHOLDER}', '${SECRET_PLACEHOLDER}', ID FROM systems WHERE slug = '${SYSTEM_PLACEHOLDER}'; ` +
	'COMMIT;';

export const REGISTRATION_NOTICE =
	"Register this trigger in BadgeKit: BadgeKit calls one webhook per system, set by a row in its database. Copy the Production URL with the copy button above (not the Test URL, which BadgeKit never calls). Then run the SQL below in BadgeKit's MySQL database, with PRODUCTION_URL, WEBHOOK_SECRET and SYSTEM_SLUG replaced by that URL, the secret of your BadgeKit Webhook credential and your system's ID (its slug in BadgeKit), and activate the workflow. The SQL replaces any older row of the system, so it is safe to run again. Deliveries not signed with that secret are refused.";

/** A MySQL string literal's content: quotes doubled, backslashes escaped. */
function sqlText(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/'/g, "''");
}

/**
 * The registration SQL with what is known filled in. The secret is never filled in here: the result
 * is written to n8n's log, which must not hold it.
 */
export function registrationSql(fill: { url?: string; systemSlug?: string }): string {
	let sql = REGISTRATION_SQL;
	if (fill.url) sql = sql.split(`'${URL_PLACEHOLDER}'`).join(`'${sqlText(fill.url)}'`);
	if (fill.systemSlug) sql = sql.split(`'${SYSTEM_PLACEHOLDER}'`).join(`'${sqlText(fill.systemSlug)}'`);
	return sql;
}

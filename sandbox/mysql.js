'use strict';
// What BadgeKit's MySQL tables do to text: they are 3-byte `utf8` with the `utf8_general_ci`
// collation (measured on a real 0.2.22 deployment).

/**
 * A character outside the Basic Multilingual Plane (an emoji, U+1F600…) needs 4 bytes in UTF-8;
 * a 3-byte `utf8` column cannot hold it and MySQL (non-strict mode) stores `?` instead. Applied to
 * every string a row stores, so reads return what BadgeKit would.
 */
const SURROGATE = /[\uD800-\uDFFF]/;
const ASCII = /^[\x00-\x7F]*$/;

function storedText(value) {
	// fast path (the benchmarks store thousands of rows): no surrogate, nothing to replace
	if (typeof value !== 'string' || !SURROGATE.test(value)) return value;
	return value.replace(/[\u{10000}-\u{10FFFF}]/gu, '?');
}

/** `storedText` on every string value of a row (non-string columns pass through). */
function storedRow(fields) {
	const out = {};
	for (const [key, value] of Object.entries(fields)) out[key] = storedText(value);
	return out;
}

/**
 * The key `utf8_general_ci` compares by: case and accents ignored (`SHARED-1` = `shared-1`,
 * `é` = `e`), trailing spaces ignored (PAD SPACE). Used for every lookup and unique key on a
 * text column: slugs, emails, claim codes.
 */
function collationKey(value) {
	const text = String(value);
	if (ASCII.test(text)) return text.toLowerCase().replace(/ +$/, '');
	return storedText(text)
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/ +$/, '');
}

module.exports = { storedText, storedRow, collationKey };

'use strict';
// Date handling. The real server keeps dates in MySQL DATETIME columns (second precision, so
// everything read back ends in `.000Z`) and converts user input with a few quirky helpers; the
// quirks are reproduced here because clients must live with them.

/** MySQL's `0000-00-00 00:00:00`. The mysql driver reads it back as an Invalid Date, which
 * JSON.stringify renders as null, so we store exactly that. */
function zeroDate() {
	return new Date(NaN);
}

function isValidDate(d) {
	return d instanceof Date && !Number.isNaN(d.getTime());
}

/** What a DATETIME column keeps of a valid JS date: whole seconds. */
function truncateToSeconds(d) {
	return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function now() {
	return truncateToSeconds(new Date());
}

/** Render a stored date: ISO string, or null for NULL and zero dates. */
function iso(d) {
	if (d === null || d === undefined) return null;
	return isValidDate(d) ? d.toISOString() : null;
}

/** The real server's lib/date-from-unixtime: 13 characters = ms, otherwise seconds (parseInt!). */
function dateFromUnixtime(time, fallback = null) {
	if (String(time).length === 13) return new Date(parseInt(time, 10));
	const date = new Date(parseInt(time, 10) * 1000);
	return isValidDate(date) ? date : fallback;
}

/** The real server's lib/unixtime-from-date: 10-digit numbers pass through raw, anything else is
 * treated as a date/ms value; 0 and NaN fall back (i.e. the key disappears from the JSON). */
function unixtimeFromDate(date, fallback) {
	if (typeof date === 'number' && !Number.isNaN(date) && String(date).length === 10) return date;
	return (+date / 1000) | 0 || fallback;
}

/**
 * How a user-supplied `issuedOn` ends up in the DATETIME column. Measured on the real server:
 * ISO strings and ms numbers work, unix seconds become `0000-00-00 00:00:00`.
 */
function storeIssuedOn(value) {
	if (value instanceof Date) return isValidDate(value) ? truncateToSeconds(value) : zeroDate();
	if (typeof value === 'number') {
		// Seconds-sized numbers are not a valid DATETIME literal → zero date; ms work.
		return Math.abs(value) < 1e11 ? zeroDate() : truncateToSeconds(new Date(value));
	}
	const str = String(value);
	if (/^\s*-?\d+(\.\d+)?\s*$/.test(str)) return zeroDate(); // a numeric *string* is not a date to MySQL
	const parsed = new Date(str);
	return isValidDate(parsed) ? truncateToSeconds(parsed) : zeroDate();
}

/** Stores an already converted JS Date (expires, processed...) as DATETIME. */
function storeDate(value) {
	if (value === null || value === undefined) return null;
	if (value instanceof Date) return isValidDate(value) ? truncateToSeconds(value) : zeroDate();
	return storeIssuedOn(value);
}

/** validator's isDate(): whatever Date.parse understands once turned into a string. */
function looksLikeDate(value) {
	return !Number.isNaN(Date.parse(String(value)));
}

module.exports = {
	zeroDate,
	isValidDate,
	truncateToSeconds,
	now,
	iso,
	dateFromUnixtime,
	unixtimeFromDate,
	storeIssuedOn,
	storeDate,
	looksLikeDate,
};

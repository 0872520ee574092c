/** transport/: every request to BadgeKit (request.ts), lists (paging.ts), errors, signing, stored text. */

export { badgeKitMessageOf, httpStatusOf, isNotFound, nodeErrorOf, toBadgeKitError, useFieldLabels, type FieldLabels } from './errors';
export { DEFAULT_TIMEOUT_MS, timeoutMsOf, timeoutOption } from './options';
export { badgeKitApiRequestAllItems, PAGE_SIZE, readPage, type ListOptions, type ListPage } from './paging';
export { badgeKitApiRequest, baseUrlOf, CREDENTIAL_TYPE, getBadgeKitCredentials, unwrap, type BadgeKitContext, type RequestOptions } from './request';

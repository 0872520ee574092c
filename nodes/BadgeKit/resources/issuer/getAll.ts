import type { BadgeKitOperation } from '../types';
import { containerGetAll } from '../system/containerOperations';

/** Issuer Get Many: the issuers, page by page. */
export const operation: BadgeKitOperation = containerGetAll('issuer');

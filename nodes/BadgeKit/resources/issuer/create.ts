import type { BadgeKitOperation } from '../types';
import { containerCreate } from '../system/containerOperations';

/** Issuer Create: a new issuer from its slug, name and URL. */
export const operation: BadgeKitOperation = containerCreate('issuer');

import type { BadgeKitOperation } from '../types';
import { containerUpdate } from '../system/containerOperations';

/** Issuer Update: only the fields chosen under "Update Fields" are sent. */
export const operation: BadgeKitOperation = containerUpdate('issuer');

import type { BadgeKitOperation } from '../types';
import { containerCreate } from '../system/containerOperations';

/** Program Create: a new program from its slug, name and URL. */
export const operation: BadgeKitOperation = containerCreate('program');

import type { BadgeKitOperation } from '../types';
import { containerCreate } from './containerOperations';

/** System Create: a new system from its slug, name and URL. */
export const operation: BadgeKitOperation = containerCreate('system');

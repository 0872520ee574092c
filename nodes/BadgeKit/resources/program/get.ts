import type { BadgeKitOperation } from '../types';
import { containerGet } from '../system/containerOperations';

/** Program Get: one program by its slug. */
export const operation: BadgeKitOperation = containerGet('program');

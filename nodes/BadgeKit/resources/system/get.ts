import type { BadgeKitOperation } from '../types';
import { containerGet } from './containerOperations';

/** System Get: one system by its slug. */
export const operation: BadgeKitOperation = containerGet('system');

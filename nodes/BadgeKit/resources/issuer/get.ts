import type { BadgeKitOperation } from '../types';
import { containerGet } from '../system/containerOperations';

/** Issuer Get: one issuer by its slug. */
export const operation: BadgeKitOperation = containerGet('issuer');

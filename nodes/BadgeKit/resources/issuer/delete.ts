import type { BadgeKitOperation } from '../types';
import { containerDelete } from '../system/containerOperations';

/** Issuer Delete: the output item is the deleted issuer as BadgeKit returns it. */
export const operation: BadgeKitOperation = containerDelete('issuer');

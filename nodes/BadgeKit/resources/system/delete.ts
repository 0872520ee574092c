import type { BadgeKitOperation } from '../types';
import { containerDelete } from './containerOperations';

/** System Delete: the output item is the deleted system as BadgeKit returns it. */
export const operation: BadgeKitOperation = containerDelete('system');

import type { BadgeKitOperation } from '../types';
import { containerDelete } from '../system/containerOperations';

/** Program Delete: the output item is the deleted program as BadgeKit returns it. */
export const operation: BadgeKitOperation = containerDelete('program');

import type { BadgeKitOperation } from '../types';
import { containerGetAll } from '../system/containerOperations';

/** Program Get Many: the programs, page by page. */
export const operation: BadgeKitOperation = containerGetAll('program');

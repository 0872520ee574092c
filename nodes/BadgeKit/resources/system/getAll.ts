import type { BadgeKitOperation } from '../types';
import { containerGetAll } from './containerOperations';

/** System Get Many: the systems, page by page. */
export const operation: BadgeKitOperation = containerGetAll('system');

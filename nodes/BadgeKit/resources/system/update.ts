import type { BadgeKitOperation } from '../types';
import { containerUpdate } from './containerOperations';

/** System Update: only the fields chosen under "Update Fields" are sent. */
export const operation: BadgeKitOperation = containerUpdate('system');

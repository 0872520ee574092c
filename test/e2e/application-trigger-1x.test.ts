// The BadgeKit Application Trigger across restarts in the last n8n 1.x: see application-trigger.suite.ts.
import { describeApplicationTrigger } from './application-trigger.suite';
import { N8N_1X_VERSION } from './harness';

describeApplicationTrigger(N8N_1X_VERSION);

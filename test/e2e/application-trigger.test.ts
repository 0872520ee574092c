// The BadgeKit Application Trigger across restarts in the pinned n8n 2.x: see application-trigger.suite.ts.
import { describeApplicationTrigger } from './application-trigger.suite';
import { N8N_VERSION } from './harness';

describeApplicationTrigger(N8N_VERSION);

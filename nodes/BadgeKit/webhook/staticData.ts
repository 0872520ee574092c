import { sleep, type IDataObject } from 'n8n-workflow';

/**
 * Makes sure n8n saves what a trigger wrote into its node static data during this call, also on
 * n8n 2.x, where it otherwise would not be.
 *
 * The n8n cause (seen in 2.41.1): for a webhook call n8n loads the workflow and its static data from
 * the database and runs the trigger; then `WorkflowRunner.run()` (cli/src/workflow-runner.ts,
 * `establishContextForPersistence`) builds a second `Workflow` on the same static-data object, whose
 * `ObservableObject.create` (workflow/src/observable-object.ts) resets the object's `__dataChanged`
 * flag; `WorkflowStaticDataService.saveStaticData` (cli/src/workflows/workflow-static-data.service.ts)
 * runs only after `run()` has started the execution, sees no change and skips the save. The reset
 * happens in the same turn of the event loop as the trigger's return, the check several database
 * round trips later: writing again on the next turn (a 0 ms timer, after the reset and before the
 * check) sets the flag again. n8n 1.x (1.123) saves before `run()`: there the second write is
 * harmless (nobody saves that object again). Remove this once n8n no longer resets the flag; the
 * restart e2e tests (test/e2e/replay-restart.test.ts) fail if the order changes.
 *
 * `update` (optional) refreshes the data first, so that the save carries the latest state of this
 * process rather than the state at the time of the call.
 */
export function saveAfterN8nResets(staticData: IDataObject, update?: () => void): void {
	void sleep(0).then(() => {
		update?.();
		const [key] = Object.keys(staticData);
		// Assigning any key marks the whole static data as changed, even with the same value.
		if (key !== undefined) staticData[key] = staticData[key];
	});
}

import { sleep, type IDataObject } from 'n8n-workflow';

/**
 * Makes sure n8n saves what a trigger wrote into its node static data during this call, also on n8n
 * 2.x: there n8n resets the data's "changed" flag after the trigger returns and then skips the save;
 * writing again on the next turn of the event loop sets the flag again. The n8n cause, and when to
 * remove this: docs/architecture.md, "n8n's static data and webhook calls".
 *
 * `update` (optional) refreshes the data first, so the save carries this process's latest state.
 */
export function saveAfterN8nResets(staticData: IDataObject, update?: () => void): void {
	void sleep(0).then(() => {
		update?.();
		const [key] = Object.keys(staticData);
		// Assigning any key marks the whole static data as changed, even with the same value.
		if (key !== undefined) staticData[key] = staticData[key];
	});
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Outputs that changed with the node's type version 1.1. A saved workflow keeps the version it was
 * built with, so it keeps the old outputs (see docs in README, "BadgeKit node").
 */

/** Whether the node is type version 1.1 or later (one item per email in Issue to Many, deletes alike). */
export function hasUniformOutputs(this: IExecuteFunctions): boolean {
	return this.getNode().typeVersion >= 1.1;
}

/**
 * What a Delete outputs. From 1.1, every resource answers alike: the deleted object as it was, with
 * `deleted: true`. Version 1 output the object as BadgeKit answered it (Milestone: `{deleted, id}`).
 */
export function deletedOutput(this: IExecuteFunctions, deleted: IDataObject): IDataObject {
	return hasUniformOutputs.call(this) ? { ...deleted, deleted: true } : deleted;
}

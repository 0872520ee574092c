import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

/** Reading and checking the values users type: required text, email addresses, update fields. */

/** A required text parameter, trimmed; empty is a clear error. */
export function requiredString(this: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), `"${label}" is empty`, {
			description: `Enter a value for "${label}".`,
			itemIndex,
		});
	}
	return value;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a text looks like an email address (something@domain.tld, no spaces). */
export function isEmailAddress(value: string): boolean {
	return EMAIL_PATTERN.test(value);
}

/** A trimmed email address; a malformed one fails here, naming the field, before any request. */
export function checkedEmail(node: INode, value: unknown, label: string, itemIndex: number): string {
	const email = String(value ?? '').trim();
	if (!isEmailAddress(email)) {
		throw new NodeOperationError(node, `"${label}" is not an email address: "${email}"`, {
			description: `Enter an email address such as earner@example.org in "${label}".`,
			itemIndex,
		});
	}
	return email;
}

/** A required email parameter. */
export function requiredEmail(this: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	return checkedEmail(this.getNode(), requiredString.call(this, name, itemIndex, label), label, itemIndex);
}

/** An update that changes nothing is a mistake: it fails, saying so, instead of sending an empty body. */
export function requireSomeFields(node: INode, body: IDataObject, what: string, itemIndex: number): IDataObject {
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(node, 'Choose at least one field to update', {
			description: `Add a field under "Update Fields" and enter the new value: the ${what} is left as it is otherwise.`,
			itemIndex,
		});
	}
	return body;
}

/** The "Update Fields" collection without unset entries; an empty one is an error. */
export function updateFieldsOf(this: IExecuteFunctions, itemIndex: number, what: string): IDataObject {
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const set: IDataObject = {};
	for (const [key, value] of Object.entries(fields ?? {})) if (value !== undefined && value !== null) set[key] = value;
	return requireSomeFields(this.getNode(), set, what, itemIndex);
}

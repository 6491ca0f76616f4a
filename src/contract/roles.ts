import { type Contract, type Operation } from './load';
import { dereference, isObject } from './refs';

/**
 * Which operation creates, lists and revokes keys, recognised by shape rather than by name:
 * create is a POST whose success body has `id` and `key`; list a GET whose success body is an array
 * of objects with `id`; revoke a DELETE with one path parameter.
 */
export interface KeyRoles {
  create?: Operation;
  list?: Operation;
  revoke?: Operation;
  /** The secret-bearing property of the create response. */
  secretProperty: string;
}

function successSchema(contract: Contract, operation: Operation): Record<string, unknown> | undefined {
  const response = operation.responses.find((r) => r.status.startsWith('2') && r.content.length > 0);
  const schema = response ? dereference(contract.doc, response.content[0].schema) : undefined;
  return isObject(schema) ? schema : undefined;
}

const hasProperties = (schema: unknown, ...names: string[]) => isObject(schema) && isObject(schema.properties) && names.every((n) => n in (schema.properties as object));

export function keyRoles(contract: Contract): KeyRoles {
  const roles: KeyRoles = { secretProperty: 'key' };
  for (const op of contract.operations) {
    const schema = successSchema(contract, op);
    if (op.method === 'POST' && hasProperties(schema, 'id', roles.secretProperty)) roles.create ??= op;
    if (op.method === 'GET' && schema?.type === 'array' && hasProperties(schema.items, 'id')) roles.list ??= op;
    if (op.method === 'DELETE' && op.parameters.filter((p) => p.in === 'path').length === 1) roles.revoke ??= op;
  }
  return roles;
}

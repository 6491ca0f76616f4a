import { type Contract, type Operation } from './load';
import { resourcesOf, successSchema } from './resources';

/**
 * Which operations create, list and revoke keys: those of the one resource whose producer answers
 * with the secret property. Found from the resource map, so other resources' lists and deletes are
 * never taken for the key's.
 */
export interface KeyRoles {
  create?: Operation;
  list?: Operation;
  revoke?: Operation;
  /** The secret-bearing property of the create response. */
  secretProperty: string;
}

export function keyRoles(contract: Contract): KeyRoles {
  const roles: KeyRoles = { secretProperty: 'key' };
  for (const resource of resourcesOf(contract)) {
    const create = resource.producers.find((op) => roles.secretProperty in ((successSchema(contract, op)?.properties as object | undefined) ?? {}));
    if (!create) continue;
    roles.create = create;
    roles.list = resource.lister;
    roles.revoke = resource.consumers.find((op) => op.method === 'DELETE');
    break;
  }
  return roles;
}

import type { Contract, Operation } from './load';
import { resourcesOf, schemaProperties, successSchema, type Resource } from './resources';

/**
 * Which operations create, list and revoke keys: those of the one resource whose producer answers
 * with a secret, the property its words say is shown once and its list never shows. Found from the
 * resource map and the schemas' words, so no property or resource is named in code.
 */
export interface KeyRoles {
  /** The resource itself: made, listed and deleted like every other, with a secret besides. */
  resource?: Resource;
  create?: Operation;
  list?: Operation;
  revoke?: Operation;
  /** The secret-bearing property of the create response; empty when the contract has no such resource. */
  secretProperty: string;
}

/** Words that say a property is returned once: a secret the API cannot show again. */
const SHOWN_ONCE = /\bonce\b/i;

export function keyRoles(contract: Contract): KeyRoles {
  for (const resource of resourcesOf(contract)) {
    const listedSchema = resource.lister && successSchema(contract, resource.lister);
    const listed = new Set(Object.keys(schemaProperties(contract, listedSchema?.items)));
    for (const create of resource.producers) {
      const secret = Object.entries(schemaProperties(contract, successSchema(contract, create))).find(
        ([name, property]) => !listed.has(name) && typeof property.description === 'string' && SHOWN_ONCE.test(property.description),
      );
      if (secret) return { resource, create, list: resource.lister, revoke: resource.consumers.find((op) => op.method === 'DELETE'), secretProperty: secret[0] };
    }
  }
  return { secretProperty: '' };
}

import { type Contract, type Operation } from './load';
import { dereference, isObject } from './refs';
import { resourcesOf, successSchema } from './resources';

/**
 * Which operations create, list and revoke keys: those of the one resource whose producer answers
 * with a secret, the property its words say is shown once and its list never shows. Found from the
 * resource map and the schemas' words, so no property or resource is named in code.
 */
export interface KeyRoles {
  create?: Operation;
  list?: Operation;
  revoke?: Operation;
  /** The secret-bearing property of the create response; empty when the contract has no such resource. */
  secretProperty: string;
}

/** Words that say a property is returned once: a secret the API cannot show again. */
const SHOWN_ONCE = /\bonce\b/i;

const propertiesOf = (contract: Contract, schema: unknown): Record<string, unknown> => {
  const resolved = dereference(contract.doc, schema);
  return isObject(resolved) && isObject(resolved.properties) ? resolved.properties : {};
};

export function keyRoles(contract: Contract): KeyRoles {
  for (const resource of resourcesOf(contract)) {
    const listedSchema = resource.lister && successSchema(contract, resource.lister);
    const listed = new Set(Object.keys(propertiesOf(contract, listedSchema?.items)));
    for (const create of resource.producers) {
      const secret = Object.entries(propertiesOf(contract, successSchema(contract, create))).find(([name, sub]) => {
        const property = dereference(contract.doc, sub);
        return !listed.has(name) && isObject(property) && typeof property.description === 'string' && SHOWN_ONCE.test(property.description);
      });
      if (secret) return { create, list: resource.lister, revoke: resource.consumers.find((op) => op.method === 'DELETE'), secretProperty: secret[0] };
    }
  }
  return { secretProperty: '' };
}

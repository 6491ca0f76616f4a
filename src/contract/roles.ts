import type { Contract, Operation } from './load';
import { mainType } from './refs';
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

/** The operations of a resource: what makes, lists and uses it. */
const operationsOf = (resource: Resource): Operation[] => [...resource.producers, ...(resource.lister ? [resource.lister] : []), ...resource.consumers];

/**
 * Found by the words when they say a property is returned once; else by the structure a contract
 * without those words still shows (as a generated one does): the one resource whose routes take a
 * scheme of their own, no other resource's, and whose create answers one required string its list never shows.
 */
export function keyRoles(contract: Contract): KeyRoles {
  const resources = resourcesOf(contract);
  const roles = (resource: Resource, create: Operation, secretProperty: string): KeyRoles => ({ resource, create, list: resource.lister, revoke: resource.consumers.find((op) => op.method === 'DELETE'), secretProperty });
  const unlisted = (resource: Resource, create: Operation) => {
    const listed = new Set(Object.keys(schemaProperties(contract, resource.lister && successSchema(contract, resource.lister)?.items)));
    return Object.entries(schemaProperties(contract, successSchema(contract, create))).filter(([name]) => !listed.has(name));
  };
  for (const resource of resources) {
    for (const create of resource.producers) {
      const secret = unlisted(resource, create).find(([, property]) => typeof property.description === 'string' && SHOWN_ONCE.test(property.description));
      if (secret) return roles(resource, create, secret[0]);
    }
  }
  for (const resource of resources) {
    const own = new Set(operationsOf(resource).flatMap((op) => op.security.map((s) => s.name)));
    const shared = resources.filter((r) => r !== resource).some((r) => operationsOf(r).some((op) => op.security.some((s) => own.has(s.name))));
    if (own.size === 0 || shared || !resource.lister) continue;
    for (const create of resource.producers) {
      const required = successSchema(contract, create)?.required;
      const secrets = unlisted(resource, create).filter(([name, property]) => mainType(property) === 'string' && Array.isArray(required) && required.includes(name));
      if (secrets.length === 1) return roles(resource, create, secrets[0][0]);
    }
  }
  return { secretProperty: '' };
}

/**
 * Whether a key the run creates is a credential for this operation: everywhere when the key routes
 * share their scheme with the rest; else only where a scheme other than the key routes' own is
 * accepted (the developer key on data routes, not on the routes a Firebase token guards).
 */
export function takesCreatedKeys(contract: Contract, operation: Operation): boolean {
  const { create, list, revoke } = keyRoles(contract);
  const keyRoutes = [create, list, revoke].filter((op): op is Operation => op !== undefined);
  const others = contract.operations.filter((op) => !keyRoutes.includes(op));
  const own = new Set(keyRoutes.flatMap((op) => op.security.map((s) => s.name)).filter((name) => !others.some((op) => op.security.some((s) => s.name === name))));
  return own.size === 0 || operation.security.length === 0 || operation.security.some((s) => !own.has(s.name));
}

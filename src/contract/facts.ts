import { jsonRequestContent, type Contract } from './load';
import { dereference, isObject, mainType } from './refs';
import { keyRoles } from './roles';

/**
 * What the contract promises only in prose, read from the descriptions at load time. A fact the words
 * no longer state makes its checks not applicable, and `unstated` says which words are missing: a
 * note for spec maintainers, never a refused run.
 */
export interface ContractFacts {
  /** The documented prefix of every key (`omi_dev_`), from a bearer scheme's description; '' when none says it. */
  keyPrefix: string;
  /** The default of an optional array property when it is left out, from its description. */
  defaults: { operationId: string; property: string; values: string[] }[];
  /** The facts the checks would use that the words do not state: one line each. */
  unstated: string[];
}

const PREFIX_WORDING = /prefixed with `([^`]+)`/;
const DEFAULT_WORDING = /Defaults to [^(]*\(([^)]+)\)/;

export function readFacts(contract: Contract): ContractFacts {
  const schemes = isObject(contract.doc.components) && isObject(contract.doc.components.securitySchemes) ? contract.doc.components.securitySchemes : {};
  const bearerNames = new Set(contract.operations.flatMap((op) => op.security.map((s) => s.name)));
  let keyPrefix: string | undefined;
  for (const name of bearerNames) {
    const scheme = schemes[name];
    const match = isObject(scheme) && typeof scheme.description === 'string' ? PREFIX_WORDING.exec(scheme.description) : null;
    if (match) keyPrefix = match[1];
  }
  const unstated: string[] = [];
  const create = keyRoles(contract).create;
  if (create && !keyPrefix) unstated.push('no security scheme says what keys are "prefixed with `...`": key_documented_prefix is not applicable, and the unknown-token case is plain hex');
  // The key-creating operation's optional enum arrays (the scopes) must say their default: the
  // scopes check judges a key created without them against it.
  const defaults: ContractFacts['defaults'] = [];
  const content = create && jsonRequestContent(create);
  const schema = content ? dereference(contract.doc, content.schema) : undefined;
  const required = isObject(schema) && Array.isArray(schema.required) ? schema.required : [];
  for (const [property, sub] of Object.entries(isObject(schema) && isObject(schema.properties) ? schema.properties : {})) {
    const allowed = isObject(sub) && mainType(sub) === 'array' && isObject(sub.items) && Array.isArray(sub.items.enum) ? sub.items.enum : undefined;
    if (!allowed || required.includes(property)) continue;
    const description = isObject(sub) && typeof sub.description === 'string' ? sub.description : '';
    const values = DEFAULT_WORDING.exec(description)?.[1].split(',').map((v) => v.trim()).filter(Boolean) ?? [];
    if (values.length === 0 || values.some((v) => !allowed.includes(v))) {
      unstated.push(`${create!.id} "${property}": its description does not say its default ("Defaults to ... (a, b)") in values of its enum, so scopes_round_trip cannot judge a key created without it`);
    } else defaults.push({ operationId: create!.id, property, values });
  }
  return { keyPrefix: keyPrefix ?? '', defaults, unstated };
}

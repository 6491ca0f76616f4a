import { SuiteInputError } from './errors';
import { jsonRequestContent, type Contract } from './load';
import { dereference, isObject } from './refs';
import { keyRoles } from './roles';

/**
 * What the contract promises only in prose. Read from the descriptions at load time, so a change of
 * wording that no longer yields them fails the run instead of silently weakening a check.
 */
export interface ContractFacts {
  /** The documented prefix of every key (`omi_dev_`), from the bearer scheme's description. */
  keyPrefix: string;
  /** The default of an optional array property when it is left out, from its description. */
  defaults: { operationId: string; property: string; values: string[] }[];
}

const PREFIX_WORDING = /prefixed with `([^`]+)`/;
const DEFAULT_WORDING = /Defaults to [^(]*\(([^)]+)\)/;

export function readFacts(contract: Contract): ContractFacts {
  const schemes = isObject(contract.doc.components) && isObject(contract.doc.components.securitySchemes) ? contract.doc.components.securitySchemes : {};
  const bearerNames = new Set(contract.operations.flatMap((op) => op.bearerSchemes));
  let keyPrefix: string | undefined;
  for (const name of bearerNames) {
    const scheme = schemes[name];
    const match = isObject(scheme) && typeof scheme.description === 'string' ? PREFIX_WORDING.exec(scheme.description) : null;
    if (match) keyPrefix = match[1];
  }
  if (bearerNames.size > 0 && !keyPrefix) {
    throw new SuiteInputError('openapi.json: the bearer scheme description no longer says what keys are "prefixed with `...`"; the key checks need it');
  }
  // The key-creating operation's optional enum arrays (the scopes) must say their default: the
  // scopes check judges a key created without them against it.
  const defaults: ContractFacts['defaults'] = [];
  const create = keyRoles(contract).create;
  const content = create && jsonRequestContent(create);
  const schema = content ? dereference(contract.doc, content.schema) : undefined;
  const required = isObject(schema) && Array.isArray(schema.required) ? schema.required : [];
  for (const [property, sub] of Object.entries(isObject(schema) && isObject(schema.properties) ? schema.properties : {})) {
    const allowed = isObject(sub) && sub.type === 'array' && isObject(sub.items) && Array.isArray(sub.items.enum) ? sub.items.enum : undefined;
    if (!allowed || required.includes(property)) continue;
    const description = isObject(sub) && typeof sub.description === 'string' ? sub.description : '';
    const values = DEFAULT_WORDING.exec(description)?.[1].split(',').map((v) => v.trim()).filter(Boolean) ?? [];
    if (values.length === 0 || values.some((v) => !allowed.includes(v))) {
      throw new SuiteInputError(`openapi.json: the description of ${create!.id} "${property}" no longer says its default ("Defaults to ... (a, b)") in values of its enum`);
    }
    defaults.push({ operationId: create!.id, property, values });
  }
  return { keyPrefix: keyPrefix ?? '', defaults };
}

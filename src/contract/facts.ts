import { SuiteInputError } from './errors';
import { jsonRequestContent, type Contract } from './load';
import { dereference, isObject } from './refs';

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
  const defaults: ContractFacts['defaults'] = [];
  for (const operation of contract.operations) {
    const content = jsonRequestContent(operation);
    const schema = content ? dereference(contract.doc, content.schema) : undefined;
    if (!isObject(schema) || !isObject(schema.properties)) continue;
    for (const [property, sub] of Object.entries(schema.properties)) {
      if (!isObject(sub) || typeof sub.description !== 'string' || !/Defaults to/.test(sub.description)) continue;
      const match = DEFAULT_WORDING.exec(sub.description);
      const allowed = isObject(sub.items) && Array.isArray(sub.items.enum) ? sub.items.enum : undefined;
      const values = match?.[1].split(',').map((v) => v.trim()).filter(Boolean) ?? [];
      if (values.length === 0 || (allowed && values.some((v) => !allowed.includes(v)))) {
        throw new SuiteInputError(`openapi.json: the description of ${operation.id} "${property}" no longer yields its default values`);
      }
      defaults.push({ operationId: operation.id, property, values });
    }
  }
  return { keyPrefix: keyPrefix ?? '', defaults };
}

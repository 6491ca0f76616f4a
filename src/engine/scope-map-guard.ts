import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SuiteInputError } from '../contract/errors';
import type { Contract } from '../contract/load';
import { lostScopes } from '../contract/scopes';

/**
 * The run fails at start when the contract no longer says which scope an operation needs that the
 * recorded map gave one: the scope checks would stop judging it without a word.
 */
export function checkScopeMap(contract: Contract, file: string): void {
  if (!existsSync(file)) return;
  let recorded: Record<string, string | null>;
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | null>;
  } catch (error) {
    throw new SuiteInputError(`${path.basename(file)} is not valid JSON (${(error as Error).message})`);
  }
  const lost = lostScopes(contract, recorded);
  if (lost.length > 0) {
    const named = lost.map((l) => `${l.operationId} (was ${l.scope})`).join(', ');
    throw new SuiteInputError(`the contract no longer says which scope ${named} need(s): its 403 "Required scope" or its tag changed; if that is meant, record the new mapping with npm run scope-map -- record`);
  }
}

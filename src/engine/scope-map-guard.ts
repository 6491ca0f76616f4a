import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SuiteInputError } from '../contract/errors';
import type { Contract } from '../contract/load';
import { isObject } from '../contract/refs';
import { lostScopes } from '../contract/scopes';

type ScopeMap = Record<string, string | null>;

/** What a scope map file holds: each contract's map, under the contract's file as the run names it. */
export type ScopeMaps = Record<string, ScopeMap>;

/** The name a contract's map is kept under: its file relative to the map's folder, with forward slashes (the same from any working folder). */
export const contractKey = (contract: Contract, mapFile: string) => path.relative(path.dirname(mapFile), contract.file).split(path.sep).join('/');

/** The maps a file holds; a file of one flat map (an earlier format) is the map of openapi.json. */
export function readScopeMaps(file: string): ScopeMaps {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SuiteInputError(`${path.basename(file)} is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(raw)) throw new SuiteInputError(`${path.basename(file)} is not an object of scope maps`);
  const flat = Object.values(raw).every((v) => v === null || typeof v === 'string');
  return (flat ? { 'openapi.json': raw } : raw) as ScopeMaps;
}

/**
 * The run fails at start when the contract no longer says which scope an operation needs that the
 * map recorded for this contract gave one: the scope checks would stop judging it without a word.
 * A contract with no recorded map runs with what it yields; the summary prints it.
 */
export function checkScopeMap(contract: Contract, file: string): void {
  const key = contractKey(contract, file);
  const recorded = readScopeMaps(file)[key];
  if (!recorded) return;
  const lost = lostScopes(contract, recorded);
  if (lost.length > 0) {
    const named = lost.map((l) => `${l.operationId} (was ${l.scope})`).join(', ');
    throw new SuiteInputError(`${key} no longer says which scope ${named} need(s): its 403 "Required scope" or its tag changed; if that is meant, record the new mapping with npm run scope-map -- record`);
  }
}

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDataFault, SPLIT_SCHEME_FAULTS } from '../../fixtures/reference-server/faults';
import { startReferenceServer } from '../../fixtures/reference-server';
import type { ParsingName } from '../../fixtures/reference-server/parsing';
import { runGate, type GateRun } from '../../src/engine/run';
import { CONTRACT_PATH, scratchDir, WHOLE_CONTRACT_PATH } from './support';
import { RunContext } from '../../src/engine/context';
import type { PlannedPhase } from '../../src/engine/plan';

// The gate run in this process against a reference server it starts: with one fault or none, on the
// keys-only contract or the whole one (with a second account), read as a framework reads requests.

/** A token for the test servers only: fixed so a failing case replays, never a real credential. */
const TOKEN = 'omi_test_reference_credential';
/** The second account's token: whole-contract runs probe the walls between the two accounts. */
const OTHER_TOKEN = 'omi_test_reference_other_account';
/** Split schemes: each account's credential for the key routes (a Firebase ID token's stand-in). */
const KEY_TOKENS = ['omi_test_reference_firebase_main', 'omi_test_reference_firebase_other'];

/**
 * openapi.json with the key routes under a scheme of their own, `firebaseBearer`, as the generated
 * contract has them; the data routes keep the developer key's scheme.
 */
export function splitSchemesContract(): string {
  const doc = JSON.parse(readFileSync(WHOLE_CONTRACT_PATH, 'utf8'));
  doc.components.securitySchemes.firebaseBearer = { type: 'http', scheme: 'bearer', bearerFormat: 'Firebase ID token', description: 'Send `Authorization: Bearer <firebase_id_token>`.' };
  for (const item of Object.values(doc.paths) as Record<string, { operationId?: string; security?: unknown }>[]) {
    for (const operation of Object.values(item)) if (['createApiKey', 'listApiKeys', 'revokeApiKey'].includes(operation.operationId ?? '')) operation.security = [{ firebaseBearer: [] }];
  }
  const file = path.join(scratchDir('split'), 'openapi.split.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Short, so the hang fault is over quickly; the default (10 s) is for real servers. */
const REQUEST_TIMEOUT_MS = '2000';
export const SEED = '20261126';
/** The whole contract's runs use a smaller budget: 20 operations, one run per fault. */
const WHOLE_RUNS = '100';

/**
 * Faults whose answers hide what they hold: ids of what they made (a dropped batch item, ids
 * mangled), ids of what they did not make (a batch item answered but not stored: the gate counts it
 * as left behind, since its delete is refused), a delete answered with success that kept the
 * resource, or one answered as refused that removed it. No client can delete what it was not told of, or know that a delete it was told
 * succeeded did not; the checks named for these faults report them.
 */
export const HIDES_WHAT_IT_HOLDS = new Set(['data-batch-drops-last', 'data-memory-id-number', 'data-delete-keeps-listed', 'data-delete-keeps-readable', 'data-batch-stores-fewer', 'scope-refused-write-applied']);

/** Ids the reference server's data had before any run: every such resource must come out byte-identical. */
const preexisting = (id: string) => id.startsWith('pre-') || id.startsWith('folder_');

export interface FaultRun {
  run: GateRun;
  requests: number;
  /** Whether every resource that existed before the run is as it was, byte for byte, in both accounts. */
  untouched: boolean;
  /** Resources the run created that the server still holds, in both accounts. */
  leftOnServer: number;
  /** Per account (main, other): resources it held before the run, resources the run made in it, and those still there. */
  accounts: { preexisting: number; created: number; left: number }[];
}

/** How many resources a store holds that were there before any run. */
const preexistingCount = (store: ReturnType<Awaited<ReturnType<typeof startReferenceServer>>['data']>) =>
  [store.memories, store.conversations, store.actionItems, store.folders].reduce((n, map) => n + [...map.keys()].filter(preexisting).length, 0);

export async function gateAgainst(fault?: string, { whole = fault !== undefined && isDataFault(fault), split = fault !== undefined && SPLIT_SCHEME_FAULTS.has(fault), seed = SEED, parsing, runs = WHOLE_RUNS, only }: { whole?: boolean; split?: boolean; seed?: string; parsing?: ParsingName; runs?: string; only?: (phase: PlannedPhase) => boolean } = {}): Promise<FaultRun> {
  // The whole contract's runs have a second account, whose walls they probe; split schemes a credential per scheme and account.
  const server = await startReferenceServer({ token: TOKEN, fault, parsing, ...(whole ? { otherToken: OTHER_TOKEN } : {}), ...(split ? { keyTokens: KEY_TOKENS } : {}) });
  try {
    const stores = server.accountData();
    const before = stores.map((store) => store.fingerprint(preexisting));
    const budget = whole ? { OMI_CONTRACT: WHOLE_CONTRACT_PATH, OMI_FUZZ_RUNS: runs, OMI_API_TOKEN_OTHER: OTHER_TOKEN } : { OMI_CONTRACT: CONTRACT_PATH };
    const schemes = split ? { OMI_CONTRACT: splitSchemesContract(), OMI_API_TOKEN_FIREBASE_BEARER: KEY_TOKENS[0], OMI_API_TOKEN_OTHER_FIREBASE_BEARER: KEY_TOKENS[1] } : {};
    const gate = RunContext.fromEnvironment({ ...budget, ...schemes, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: seed, OMI_REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS });
    const run = await runGate(gate, only);
    const made = gate.resourceLedger.created;
    const accounts = stores.map((store, i) => ({ preexisting: preexistingCount(store), created: made.filter((r) => (r.account === 'other') === (i === 1)).length, left: store.createdCount(preexisting) }));
    return {
      run, requests: gate.target.sent, accounts,
      untouched: stores.every((store, i) => store.fingerprint(preexisting) === before[i]),
      leftOnServer: accounts.reduce((n, a) => n + a.left, 0),
    };
  } finally {
    await server.close();
  }
}


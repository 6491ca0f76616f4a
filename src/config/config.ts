import { randomInt } from 'node:crypto';
import path from 'node:path';
import { SuiteInputError } from '../contract/errors';
import { MIN_SECRET_LENGTH } from '../model/secrets';

/** Where the suite's own Prism listens: a fixed loopback port, so the HTML report's curl lines stay valid. */
export const MOCK_PORT = 4817;
/** The files a run writes in its report folder, beside Playwright's: what the commands read back. */
export const REPORT_FILES = { violations: 'violations.json', summary: 'summary.json', details: 'summary.txt', page: 'gate.html', journal: 'journal.jsonl', left: 'left-behind.json' } as const;

/** A stand-in credential for the mock, which accepts any bearer token; redacted like a real one. */
const MOCK_CREDENTIAL = 'omi_dev_mock_credential';
/** The default random budget and contract: replay lines name them only when a run used others. */
export const DEFAULT_RUNS = 400;
export const DEFAULT_CONTRACT_PATH = path.resolve('openapi.json');

const DEFAULTS = {
  runs: DEFAULT_RUNS,
  sequenceRuns: 25,
  requestTimeoutMs: 10_000,
  loopbackConcurrency: 8,
  maxKeys: 50,
  /** Off loopback: the Omi API documents 100 requests a minute per key. */
  remoteRequestsPerSecond: 100 / 60,
  createdAtToleranceMs: 5 * 60_000,
  /** A live run's wall time: at the documented 100 requests a minute, 15 minutes send 1,500. */
  liveTimeBudgetSeconds: 900,
};

export type TargetConfig =
  | { kind: 'mock'; mode: 'static' | 'dynamic'; baseUrl: string; port: number; token: string; loopback: true }
  | { kind: 'live'; baseUrl: string; token: string; loopback: boolean; otherToken?: string; schemeTokens?: SchemeTokens };

/**
 * Credentials of one security scheme each, by the scheme's name in upper snake case (`firebaseBearer`:
 * FIREBASE_BEARER): OMI_API_TOKEN_<SCHEME> for the run's account, OMI_API_TOKEN_OTHER_<SCHEME> for the
 * second one. A scheme with none uses OMI_API_TOKEN (OMI_API_TOKEN_OTHER).
 */
export interface SchemeTokens {
  main: Record<string, string>;
  other: Record<string, string>;
}

export interface GateConfig {
  contractPath: string;
  target: TargetConfig;
  /** Cases per fuzz phase. */
  runs: number;
  /** Live targets: random sequences of resource commands to try (OMI_SEQUENCE_RUNS), each of at most 12 commands. */
  sequenceRuns: number;
  seed: number;
  /** `operationId/phase:path`: replay exactly one case (a random sequence's also with the commands' hint, OMI_COMMANDS_REPLAY). */
  replay?: { phase: string; path: string; commands?: string };
  requestTimeoutMs: number;
  concurrency: number;
  /** Live targets off loopback: how many keys a run may create. */
  maxKeys: number;
  /** How fast each credential may send (OMI_RATE_LIMIT, per credential, per second): set, on every target; unset, off loopback only. */
  requestsPerSecond: number | undefined;
  /** Live targets: the wall time the phases share (OMI_TIME_BUDGET_S); cases past it are held back and counted. */
  timeBudgetMs: number | undefined;
  createdAtToleranceMs: number;
  /** Check names to run (empty: all) and to leave out, as reports name them. */
  selectedChecks: string[];
  excludedChecks: string[];
  /** Accepted violations (a missing file: none). */
  knownDiscrepanciesPath: string;
  /** The scope each operation needed when it was last recorded (a missing file: nothing to compare). */
  scopeMapPath: string;
  /** Saved regression cases, sent first on every run. */
  regressionsDir: string;
  /** Where reports and test output go. */
  reportDir: string;
  /** The run's journal, shared by the Playwright workers of one run and kept in the report folder (npm run cleanup reads it); undefined keeps it in memory. */
  journalPath: string | undefined;
}

type Env = Record<string, string | undefined>;

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new SuiteInputError(`${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

/** OMI_RATE_LIMIT as requests a second: `5`, `1.5/s`, `100/min`; undefined when unset. */
function readRate(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d+(?:\.\d+)?)(?:\/(s|min))?$/.exec(raw.trim());
  const count = match ? Number(match[1]) : 0;
  if (!match || count <= 0) throw new SuiteInputError(`OMI_RATE_LIMIT must be requests a second (5, 1.5) or a minute (100/min), more than 0, got "${raw}"`);
  return match[2] === 'min' ? count / 60 : count;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function readTarget(env: Env): TargetConfig {
  const baseUrl = env.OMI_API_BASE_URL;
  if (!baseUrl) {
    const mode = env.OMI_MOCK_MODE ?? 'static';
    if (mode !== 'static' && mode !== 'dynamic') throw new SuiteInputError(`OMI_MOCK_MODE must be "static" or "dynamic", got "${mode}"`);
    const port = readMockPort(env.OMI_MOCK_PORT);
    return { kind: 'mock', mode, baseUrl: `http://127.0.0.1:${port}`, port, token: MOCK_CREDENTIAL, loopback: true };
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new SuiteInputError(`OMI_API_BASE_URL is not a URL: "${baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SuiteInputError(`OMI_API_BASE_URL must be http or https, got "${url.protocol}"`);
  const token = env.OMI_API_TOKEN;
  if (!token) throw new SuiteInputError('OMI_API_BASE_URL is set but OMI_API_TOKEN is not: a live target needs its bearer credential');
  // Reports filter the token wherever it appears; a token of a few characters would blank them (and is no credential).
  if (token.length < MIN_SECRET_LENGTH) throw new SuiteInputError(`OMI_API_TOKEN is ${token.length} characters: too short to be a bearer credential (at least ${MIN_SECRET_LENGTH})`);
  const loopback = isLoopback(url.hostname);
  if (!loopback && env.OMI_LIVE !== '1') {
    throw new SuiteInputError(`OMI_API_BASE_URL points off this machine (${url.hostname}); set OMI_LIVE=1 to fuzz it on purpose`);
  }
  return { kind: 'live', baseUrl: baseUrl.replace(/\/+$/, ''), token, loopback, otherToken: readOtherToken(env, token), schemeTokens: readSchemeTokens(env) };
}

/**
 * Where a run writes its reports (OMI_REPORT_DIR, default reports/); a replay (OMI_FUZZ_PATH) writes
 * into `replay/` inside it, so the run's reports, journal and violations stay as the run left them.
 */
export const reportDirOf = (env: Env): string => path.resolve(env.OMI_REPORT_DIR ?? 'reports', env.OMI_FUZZ_PATH ? 'replay' : '.');

/** OMI_MOCK_PORT: where the suite's Prism listens, when 4817 is taken (another run, another tool). */
function readMockPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return MOCK_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SuiteInputError(`OMI_MOCK_PORT must be a port number (1-65535), got "${raw}"`);
  return port;
}

/** OMI_API_TOKEN_<SCHEME> and OMI_API_TOKEN_OTHER_<SCHEME>, each long enough to be a credential. */
function readSchemeTokens(env: Env): SchemeTokens {
  const tokens: SchemeTokens = { main: {}, other: {} };
  for (const [name, value] of Object.entries(env)) {
    const match = /^OMI_API_TOKEN_(OTHER_)?(.+)$/.exec(name);
    if (!match || name === 'OMI_API_TOKEN_OTHER' || value === undefined || value === '') continue;
    if (value.length < MIN_SECRET_LENGTH) throw new SuiteInputError(`${name} is ${value.length} characters: too short to be a credential (at least ${MIN_SECRET_LENGTH})`);
    tokens[match[1] ? 'other' : 'main'][match[2]] = value;
  }
  return tokens;
}

/** OMI_API_TOKEN_OTHER: the credential of a second, unrelated account, whose walls the run probes. */
function readOtherToken(env: Env, token: string): string | undefined {
  const other = env.OMI_API_TOKEN_OTHER;
  if (other === undefined || other === '') return undefined;
  if (other.length < MIN_SECRET_LENGTH) throw new SuiteInputError(`OMI_API_TOKEN_OTHER is ${other.length} characters: too short to be a bearer credential (at least ${MIN_SECRET_LENGTH})`);
  if (other === token) throw new SuiteInputError('OMI_API_TOKEN_OTHER is OMI_API_TOKEN: isolation needs the credential of a second, unrelated account');
  return other;
}

function readReplay(env: Env): GateConfig['replay'] {
  const raw = env.OMI_FUZZ_PATH;
  if (!raw) return undefined;
  const match = /^([^:]+\/[^:]+):(\d+(?::\d+)*)$/.exec(raw);
  if (!match) throw new SuiteInputError(`OMI_FUZZ_PATH must look like "createApiKey/negative:17:0", got "${raw}"`);
  return { phase: match[1], path: match[2], commands: env.OMI_COMMANDS_REPLAY || undefined };
}


const names = (raw: string | undefined) => (raw ?? '').split(',').map((n) => n.trim()).filter(Boolean);

/** The whole configuration, read once from the environment; bad values are one-line SuiteInputErrors. */
export function readGateConfig(env: Env = process.env): GateConfig {
  const target = readTarget(env);
  const seedRaw = env.OMI_FUZZ_SEED;
  if (seedRaw !== undefined && seedRaw !== '' && !/^-?\d+$/.test(seedRaw)) throw new SuiteInputError(`OMI_FUZZ_SEED must be a whole number, got "${seedRaw}"`);
  const remote = target.kind === 'live' && !target.loopback;
  return {
    contractPath: path.resolve(env.OMI_CONTRACT ?? 'openapi.json'),
    target,
    runs: positiveInteger(env, 'OMI_FUZZ_RUNS', DEFAULTS.runs),
    sequenceRuns: positiveInteger(env, 'OMI_SEQUENCE_RUNS', DEFAULTS.sequenceRuns),
    seed: seedRaw ? Number(seedRaw) | 0 : randomInt(0, 2 ** 31 - 1),
    replay: readReplay(env),
    requestTimeoutMs: positiveInteger(env, 'OMI_REQUEST_TIMEOUT_MS', DEFAULTS.requestTimeoutMs),
    // Every setting is validated on every target, also where it does not apply.
    concurrency: remote ? (positiveInteger(env, 'OMI_CONCURRENCY', 1), 1) : positiveInteger(env, 'OMI_CONCURRENCY', DEFAULTS.loopbackConcurrency),
    maxKeys: positiveInteger(env, 'OMI_MAX_KEYS', remote ? DEFAULTS.maxKeys : Number.MAX_SAFE_INTEGER),
    requestsPerSecond: readRate(env.OMI_RATE_LIMIT) ?? (remote ? DEFAULTS.remoteRequestsPerSecond : undefined),
    createdAtToleranceMs: positiveInteger(env, 'OMI_CLOCK_TOLERANCE_MS', DEFAULTS.createdAtToleranceMs),
    timeBudgetMs: target.kind === 'live' ? positiveInteger(env, 'OMI_TIME_BUDGET_S', DEFAULTS.liveTimeBudgetSeconds) * 1000 : (positiveInteger(env, 'OMI_TIME_BUDGET_S', 1), undefined),
    reportDir: reportDirOf(env),
    journalPath: env.OMI_RUN_ID ? path.join(reportDirOf(env), REPORT_FILES.journal) : undefined,
    knownDiscrepanciesPath: path.resolve(env.OMI_KNOWN_DISCREPANCIES ?? 'known-discrepancies.json'),
    scopeMapPath: path.resolve(env.OMI_SCOPE_MAP ?? 'scope-map.json'),
    regressionsDir: path.resolve(env.OMI_REGRESSIONS_DIR ?? path.join('fixtures', 'regressions')),
    selectedChecks: names(env.OMI_CHECKS),
    excludedChecks: names(env.OMI_EXCLUDE_CHECKS),
  };
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Contract } from '../contract/load';
import { SuiteInputError } from '../contract/errors';
import type { GateConfig } from '../config/config';

/** Prism's JS entry, run with this Node: no shell wrapper, nothing downloaded. */
export const PRISM_ENTRY = path.join('node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
const PRISM_START_TIMEOUT_MS = 60_000;
const READINESS_PROBE_TIMEOUT_MS = 1_000;
const READINESS_POLL_MS = 200;

function prismArgs(config: GateConfig): string[] {
  const target = config.target;
  if (target.kind !== 'mock') throw new Error('Prism is the mock target only');
  // No --seed: with one, Prism answers every request with the same generated body.
  const dynamic = target.mode === 'dynamic' ? ['--dynamic'] : [];
  return [PRISM_ENTRY, 'mock', config.contractPath, '--host', '127.0.0.1', '--port', String(target.port), '-v', 'warn', ...dynamic];
}

/** A URL that answers once Prism is up: a documented GET (a guarded route's 401 counts as up). */
function readinessUrl(config: GateConfig, contract: Contract): string {
  const probe = contract.operations.find((op) => op.method === 'GET') ?? contract.operations[0];
  return `${config.target.baseUrl}${probe.path.replace(/\{[^}]+\}/g, 'probe')}`;
}

/** The Playwright webServer entry that starts Prism on the contract under test, or none for a live target. */
export function prismWebServer(config: GateConfig, contract: Contract) {
  if (config.target.kind !== 'mock') return undefined;
  return {
    command: `node ${prismArgs(config).map((a) => JSON.stringify(a)).join(' ')}`,
    url: readinessUrl(config, contract),
    reuseExistingServer: false,
    timeout: PRISM_START_TIMEOUT_MS,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}

const answers = (url: string) => fetch(url, { signal: AbortSignal.timeout(READINESS_PROBE_TIMEOUT_MS) }).then(() => true, () => false);

/**
 * Starts Prism outside Playwright (the replay command), ready when it answers. Refuses a port that
 * something already answers on (the probe would take it for Prism), and stops Prism on exit or Ctrl-C.
 */
export async function startPrism(config: GateConfig, contract: Contract): Promise<{ stop: () => void }> {
  const url = readinessUrl(config, contract);
  if (await answers(url)) throw new SuiteInputError(`something already answers on ${config.target.baseUrl}: stop it, or point OMI_API_BASE_URL at it`);
  const child = spawn(process.execPath, prismArgs(config), { stdio: 'ignore', detached: true });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stop(), process.exit(130)));
  const deadline = Date.now() + PRISM_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new SuiteInputError(`Prism exited with code ${child.exitCode} before it was ready`);
    if (await answers(url)) return { stop };
    await new Promise((resolve) => setTimeout(resolve, READINESS_POLL_MS));
  }
  stop();
  throw new SuiteInputError(`Prism did not answer within ${PRISM_START_TIMEOUT_MS / 1000} s`);
}

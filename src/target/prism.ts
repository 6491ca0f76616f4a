import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Contract } from '../contract/load';
import { SuiteInputError } from '../contract/errors';
import type { GateConfig } from './config';

/** Prism's JS entry, run with this Node: no shell wrapper, nothing downloaded. */
const PRISM_ENTRY = path.join('node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
const PRISM_START_TIMEOUT_MS = 60_000;

function prismArgs(config: GateConfig): string[] {
  const target = config.target;
  if (target.kind !== 'mock') throw new Error('Prism is the mock target only');
  const dynamic = target.mode === 'dynamic' ? ['--dynamic', '--seed', String(config.seed)] : [];
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

/** Starts Prism outside Playwright (the replay command), ready when it answers; `stop` always ends it. */
export async function startPrism(config: GateConfig, contract: Contract): Promise<{ stop: () => void }> {
  const child = spawn(process.execPath, prismArgs(config), { stdio: 'ignore', detached: true });
  const stop = () => {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  };
  const deadline = Date.now() + PRISM_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new SuiteInputError(`Prism exited with code ${child.exitCode} before it was ready (is port ${config.target.kind === 'mock' ? config.target.port : ''} free?)`);
    const up = await fetch(readinessUrl(config, contract)).then(() => true, () => false);
    if (up) return { stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop();
  throw new SuiteInputError(`Prism did not answer within ${PRISM_START_TIMEOUT_MS / 1000} s`);
}

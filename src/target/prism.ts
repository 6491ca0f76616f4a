import path from 'node:path';
import type { Contract } from '../contract/load';
import type { GateConfig } from './config';

/** Prism's JS entry, run with this Node: no shell wrapper, nothing downloaded. */
const PRISM_ENTRY = path.join('node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

/** The Playwright webServer entry that starts Prism on the contract under test, or none for a live target. */
export function prismWebServer(config: GateConfig, contract: Contract) {
  const target = config.target;
  if (target.kind !== 'mock') return undefined;
  const dynamic = target.mode === 'dynamic' ? ` --dynamic --seed ${config.seed}` : '';
  // Ready when a documented GET answers at all: Playwright counts the 401 of a guarded route as up.
  const probe = contract.operations.find((op) => op.method === 'GET') ?? contract.operations[0];
  const probePath = probe.path.replace(/\{[^}]+\}/g, 'probe');
  return {
    command: `node ${JSON.stringify(PRISM_ENTRY)} mock ${JSON.stringify(config.contractPath)} --host 127.0.0.1 --port ${target.port} -v warn${dynamic}`,
    url: `${target.baseUrl}${probePath}`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}

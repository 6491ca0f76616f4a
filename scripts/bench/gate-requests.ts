/**
 * (d)'s fair floor: the very requests the default run sends, recorded by running the gate in this
 * process against a Prism on the gate's own port (no Playwright), then sent again by a plain client.
 * A fixed create costs Prism far less than the gate's mix of invalid, large and listing requests.
 */
import { Pool } from 'undici';
import { RunContext } from '../../src/engine/context';
import { runGate } from '../../src/engine/run';
import type { HttpRequest } from '../../src/model/exchange';
import { round } from './memory';
import { stopProcess } from './processes';
import { GATE_MOCK_PORT, startPrism } from './targets';

/** The requests of the default mock run with `env` (its seed pinned), in the order they were sent. */
export async function recordGateRequests(root: string, probePath: string, env: Record<string, string>): Promise<HttpRequest[]> {
  const prism = await startPrism(root, probePath, GATE_MOCK_PORT);
  const requests: HttpRequest[] = [];
  try {
    const gate = RunContext.fromEnvironment(env);
    gate.onExchange = (_testCase, exchange) => requests.push(exchange.request);
    await runGate(gate);
  } finally {
    await stopProcess(prism.process);
  }
  return requests;
}

/** How long a plain keep-alive client takes to have these requests answered, `connections` in flight. */
export async function timeToReplay(origin: string, requests: readonly HttpRequest[], connections: number): Promise<{ seconds: number; errors: number }> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let next = 0;
  let errors = 0;
  const start = performance.now();
  const loop = async () => {
    while (next < requests.length) {
      const request = requests[next++];
      const url = new URL(request.url);
      try {
        const response = await pool.request({ method: request.method as 'GET', path: url.pathname + url.search, headers: request.headers, body: request.body });
        await response.body.dump();
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, loop));
  } finally {
    await pool.destroy();
  }
  return { seconds: round((performance.now() - start) / 1000, 3), errors };
}

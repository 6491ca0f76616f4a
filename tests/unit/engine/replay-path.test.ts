import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { Gate } from '../../../src/harness/gate';
import { drawAtPath } from '../../../src/engine/run-phase';
import { scratchDir } from '../support';
import { createdKeyFor, scriptedServer, type ScriptedRequest } from './support';

// A random case's replay path names exactly the case that showed the violation, also when it was not
// shrunk (its path is then the case's own index, not one fast-check gave back).

const TOKEN = 'omi_test_replay_path_credential';
const SEED = '5';
const scratch = scratchDir('replay-path');
afterAll(scratch.remove);
// A known discrepancy is reported as found, never shrunk: the finding keeps the index it was sent at.
const KNOWN_500 = path.join(scratch.dir, 'known.json');
writeFileSync(KNOWN_500, JSON.stringify({ discrepancies: [{ operation: 'createApiKey', check: 'not_a_server_error', status: 500, location: '', reason: 'the test fault' }] }));

const gateFor = (url: string, extra: Record<string, string> = {}) =>
  Gate.fromEnvironment({ OMI_API_BASE_URL: url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: SEED, OMI_FUZZ_RUNS: '40', OMI_CONCURRENCY: '1', ...extra });
const positiveOf = (gate: Gate) => gate.phasesOf('createApiKey').find((p) => p.name === 'positive')!;
const creates = (received: ScriptedRequest[]) => received.filter((r) => r.method === 'POST').map((r) => r.body);

async function sentBodies(env: Record<string, string> = {}, failOn?: string) {
  const server = await scriptedServer((r) =>
    r.body === failOn ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' } : { status: 200, body: createdKeyFor(r.body) },
  );
  try {
    const gate = gateFor(server.url, env);
    const outcome = await gate.run(positiveOf(gate));
    await gate.close();
    return { outcome, bodies: creates(server.received), gate };
  } finally {
    await server.close();
  }
}

test('a case that is not shrunk is reported at its own index, and that path replays exactly it', async () => {
  const { bodies: all } = await sentBodies();
  expect(all).toHaveLength(40);
  for (const index of [0, 16, 39]) {
    const { outcome } = await sentBodies({ OMI_KNOWN_DISCREPANCIES: KNOWN_500 }, all[index]);
    const found = outcome.known.find((v) => v.check === 'not_a_server_error')!;
    expect(found.shrunk).toBe(false);
    expect(found.replayPath).toBe(`createApiKey/positive:${index}`);
    expect(found.exchange.request.body).toBe(all[index]);
    const replay = await sentBodies({ OMI_FUZZ_PATH: found.replayPath });
    expect(replay.bodies).toEqual([all[index]]);
  }
});

test('drawAtPath names the same case the run sent at that index, and refuses paths past the budget', async () => {
  const { bodies: all, gate } = await sentBodies();
  const phase = positiveOf(gate);
  if (phase.kind !== 'fuzz') throw new Error('positive is random');
  for (const index of [0, 7, 39]) {
    const { draw } = drawAtPath(phase, Number(SEED), String(index));
    expect(draw && 'case' in draw && JSON.stringify(draw.case.body.kind === 'json' ? draw.case.body.value : undefined)).toBe(all[index]);
  }
  expect(drawAtPath(phase, Number(SEED), '40').problem).toMatch(/has 40 cases, numbered from 0/);
});

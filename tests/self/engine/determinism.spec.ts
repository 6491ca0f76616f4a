import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { runGate } from '../../../src/engine/run';
import { CONTRACT_PATH } from '../support';
import { RunContext } from '../../../src/engine/context';

// The same seed gives the same cases and the same report, whatever the concurrency.

const TOKEN = 'omi_test_determinism_credential';

async function reportOf(fault: string, concurrency: string) {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = RunContext.fromEnvironment({ OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '424242', OMI_FUZZ_RUNS: '300', OMI_CONCURRENCY: concurrency });
    const { outcomes } = await runGate(gate);
    return outcomes.flatMap((o) => o.violations.map((v) => ({ identity: v.identity, replay: v.replayPath, label: v.caseLabel, body: v.exchange.request.body, firstSeenAt: v.firstSeenAt })));
  } finally {
    await server.close();
  }
}

for (const fault of ['crash-on-combining-mark', 'name-whitespace-stripped', 'null-scopes-accepted']) {
  test(`same seed, same report, one request or eight in flight (${fault})`, async () => {
    const serial = await reportOf(fault, '1');
    const concurrent = await reportOf(fault, '8');
    expect(serial.length).toBeGreaterThan(0);
    expect(concurrent).toEqual(serial);
  });
}

import { expect, test } from 'vitest';
import type { Case } from '../../../src/model/case';
import type { Phase } from '../../../src/model/phase';
import { testGate } from '../support/contract';
import { scriptedServer, type ScriptedAnswer } from '../support/servers';
import { runOperation } from '../../support/run';
import { startRun } from '../../../src/engine/run';
import { TIME_SPENT } from '../../../src/transport/target';

// A target that rate-limits is paced from its own headers, on loopback too: the run slows down
// instead of collecting 429s, reports the undocumented 429 once, and keeps to its time budget.

const TOKEN = 'omi_test_rate_limit_credential';
const list = (n: number): Phase => ({
  name: 'crafted', operationId: 'listApiKeys', kind: 'list', description: 'crafted',
  cases: Array.from({ length: n }, (_, i): Case => ({ operationId: 'listApiKeys', phase: 'crafted', expectation: 'accept', label: `list ${i}`, method: 'GET', pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' } })),
});

/** Allows `limit` requests a window of `windowMs`, says so in X-RateLimit-* headers, and answers 429 past it. */
function limitedServer(limit: number, windowMs: number) {
  let windowStart = Date.now();
  let used = 0;
  let refused = 0;
  const server = scriptedServer((): ScriptedAnswer => {
    const now = Date.now();
    if (now - windowStart >= windowMs) [windowStart, used] = [now, 0];
    const reset = String(Math.max(0, (windowStart + windowMs - now) / 1000));
    if (used >= limit) {
      refused++;
      return { status: 429, headers: { 'content-type': 'application/json', 'retry-after': reset, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: '{"detail":"slow down"}' };
    }
    used++;
    return { status: 200, headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': String(limit - used), 'x-ratelimit-reset': reset }, body: '[]' };
  });
  return { server, refused: () => refused };
}

test('a rate-limited target is paced from its headers: every case is answered, at most one 429 is met, and it is reported once', async () => {
  const { server: started, refused } = limitedServer(8, 400);
  const server = await started;
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '3' });
    const outcome = await runOperation(gate, list(30));
    await gate.close();
    expect(outcome.sent).toBe(30);
    // Unpaced, the eight requests in flight at a time met a 429 on 17 of 30; paced, at most a window's edge.
    expect(refused()).toBeLessThanOrEqual(2);
    // The checks that see it (an undocumented status, a valid request refused) all judged the one exchange.
    const about429 = new Set(outcome.violations.filter((v) => v.received === '429').map((v) => v.caseLabel));
    expect(about429.size).toBeLessThanOrEqual(1);
  } finally {
    await server.close();
  }
});

test('a 429 is waited out and sent again, and the first one is judged as the undocumented status it is', async () => {
  let calls = 0;
  const server = await scriptedServer(() => (++calls === 1 ? { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '0' }, body: '{"detail":"slow down"}' } : { status: 200, body: '[]' }));
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '3', OMI_CONCURRENCY: '1' });
    const first = await runOperation(gate, list(1));
    expect(first.violations.map((v) => [v.check, v.received])).toContainEqual(['status_code_conformance', '429']);
    // Once reported, later 429s are paced through, not collected.
    calls = 0;
    const later = await runOperation(gate, list(2));
    expect(later.violations).toEqual([]);
    expect(server.received).toHaveLength(4);
    await gate.close();
  } finally {
    await server.close();
  }
});

test('past its time budget a live run holds its cases back, counted and named', async () => {
  const server = await scriptedServer(() => ({ status: 200, body: '[]' }));
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '3', OMI_TIME_BUDGET_S: '1' });
    gate.journal.startedAtOr(Date.now() - 5_000);
    await startRun(gate);
    const outcome = await runOperation(gate, list(3));
    await gate.close();
    expect({ sent: outcome.sent, skipped: outcome.skipped, limited: outcome.limited }).toEqual({ sent: 0, skipped: 3, limited: TIME_SPENT });
  } finally {
    await server.close();
  }
});

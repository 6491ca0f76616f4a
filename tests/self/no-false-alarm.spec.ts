import { expect, test } from '@playwright/test';
import { PARSINGS } from '../../fixtures/reference-server/parsing';
import { gateAgainst } from './gate-runs';

// No false alarm on behaviour the contract leaves open: the whole contract, with two accounts, against
// the conforming reference server read as the gate reads requests and as FastAPI (pydantic 2) and Go's
// net/http do (fixtures/reference-server/parsing.ts), over 100 seeds each. A smaller random budget per
// seed keeps each mode to about a minute; every deterministic phase (breaks, spellings, transport,
// auth, scenarios, probes) runs in full every time.

const SEEDS = 100;
const RUNS = '20';

for (const parsing of PARSINGS) {
  test(`read as ${parsing} reads requests, the conforming server gets no false alarm over ${SEEDS} seeds, and keeps its data as it was`, async () => {
    test.setTimeout(600_000);
    const alarms: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { run, untouched, leftOnServer, requests } = await gateAgainst(undefined, { whole: true, seed: String(seed), parsing, runs: RUNS });
      alarms.push(...run.outcomes.flatMap((o) => o.violations.map((v) => `seed ${seed}: ${v.check} on ${o.key}: ${v.message} (${v.caseLabel})`)));
      expect({ seed, untouched, leftOnServer, notDeleted: run.notDeleted, notRevoked: run.notRevoked }).toEqual({ seed, untouched: true, leftOnServer: 0, notDeleted: [], notRevoked: [] });
      expect(requests).toBeGreaterThan(1500);
    }
    expect(alarms).toEqual([]);
  });
}

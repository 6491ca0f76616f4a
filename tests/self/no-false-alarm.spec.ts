import { expect, test } from '@playwright/test';
import { PARSINGS } from '../../fixtures/reference-server/parsing';
import type { PlannedPhase } from '../../src/engine/plan';
import { gateAgainst } from './gate-runs';

// No false alarm on behaviour the contract leaves open: the whole contract, with two accounts, against
// the conforming reference server read as the gate reads requests and as FastAPI (pydantic 2) and Go's
// net/http do (fixtures/reference-server/parsing.ts), over 100 seeds each. The first seed runs every
// phase; the others run the phases whose cases the seed draws (the random phases and sequences, and
// the scenarios, whose update values it draws): the rest send the same cases under every seed.

const SEEDS = Number(process.env.NFA_SEEDS ?? 100);
const RUNS = '20';
const drawnFromSeed = (phase: PlannedPhase) => phase.random || phase.kind === 'scenario';

for (const parsing of PARSINGS) {
  test(`read as ${parsing} reads requests, the conforming server gets no false alarm over ${SEEDS} seeds, and keeps its data as it was`, async () => {
    test.setTimeout(900_000);
    const alarms: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { run, untouched, leftOnServer, requests } = await gateAgainst(undefined, { whole: true, seed: String(seed), parsing, runs: RUNS, only: seed === 1 ? undefined : drawnFromSeed });
      alarms.push(...run.outcomes.flatMap((o) => o.violations.map((v) => `seed ${seed}: ${v.check} on ${o.key}: ${v.message} (${v.caseLabel})`)));
      expect({ seed, untouched, leftOnServer, notDeleted: run.notDeleted, notRevoked: run.notRevoked }).toEqual({ seed, untouched: true, leftOnServer: 0, notDeleted: [], notRevoked: [] });
      expect(requests).toBeGreaterThan(seed === 1 ? 1500 : 500);
    }
    expect(alarms).toEqual([]);
  });
}

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

// Split schemes (the key routes under a Firebase scheme of their own, as the generated contract has
// them): each credential where its scheme is asked for, created keys on the data routes only.
const SPLIT_SEEDS = Number(process.env.NFA_SPLIT_SEEDS ?? 25);
test(`with split schemes, read as fastapi reads requests, the conforming server gets no false alarm over ${SPLIT_SEEDS} seeds`, async () => {
  test.setTimeout(600_000);
  const alarms: string[] = [];
  for (let seed = 1; seed <= SPLIT_SEEDS; seed++) {
    const { run, untouched, leftOnServer } = await gateAgainst(undefined, { whole: true, split: true, seed: String(seed), parsing: 'fastapi', runs: RUNS, only: seed === 1 ? undefined : drawnFromSeed });
    alarms.push(...run.outcomes.flatMap((o) => o.violations.map((v) => `seed ${seed}: ${v.check} on ${o.key}: ${v.message} (${v.caseLabel})`)));
    expect({ seed, untouched, leftOnServer, notDeleted: run.notDeleted, notRevoked: run.notRevoked }).toEqual({ seed, untouched: true, leftOnServer: 0, notDeleted: [], notRevoked: [] });
  }
  expect(alarms).toEqual([]);
});

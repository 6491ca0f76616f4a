import { requiredScope, scopeValues } from '../../../src/contract/scopes';
import type { AccountProbeDeps } from '../../../src/engine/phases/account-probes';
import type { ScopeProbeDeps } from '../../../src/engine/phases/scope-probes';
import type { ProbeDeps } from '../../../src/engine/phases/step';
import type { Case } from '../../../src/model/case';
import type { Exchange } from '../../../src/model/exchange';
import type { Target } from '../../../src/transport/target';
import { RunContext } from '../../../src/engine/context';
import { probeDeps } from '../../../src/engine/executors';

// The probes run directly on a gate's own dependencies, with the target wrapped: every case sent is
// written down in order (with the answer it got and whether a key's secret went with it), and a test
// may change an answer or stop the target, to see what the probes send next.

export interface SentCase {
  testCase: Case;
  status?: number;
  viaKey: boolean;
}

export interface ProbeHarnessOptions {
  /** Changes an answer before the probes see it. */
  rewrite?: (testCase: Case, exchange: Exchange) => Exchange;
  /** The target counts as broken once this many cases were sent. */
  breakAfter?: number;
  /** Keys the probes may still create. */
  keyBudget?: number;
}

export function probeHarness(gate: RunContext, options: ProbeHarnessOptions = {}) {
  const sent: SentCase[] = [];
  const revoked: string[] = [];
  const real = gate.target;
  const target = {
    config: real.config,
    get broken() {
      return options.breakAfter !== undefined && sent.length >= options.breakAfter ? ({ failure: { kind: 'timeout', message: 'stopped by the test' } } as Exchange) : real.broken;
    },
    send: async (testCase: Case, credential?: string) => {
      const exchange = await real.send(testCase, credential);
      const answer = options.rewrite ? options.rewrite(testCase, exchange) : exchange;
      sent.push({ testCase, status: answer.response?.status, viaKey: credential !== undefined });
      return answer;
    },
  } as unknown as Target;
  // The run's own dependencies, as its phases get them: the probes are tested apart from the phases that call them.
  const base = probeDeps(gate, gate.newJudge(), 'none');
  const deps: ProbeDeps = {
    ...base,
    target,
    keyBudgetLeft: () => options.keyBudget ?? base.keyBudgetLeft(),
    // The key is one of the resources the probes make: it has the key budget too.
    mayCreate: (resource) => (resource === gate.roles.resource && options.keyBudget !== undefined ? options.keyBudget > 0 : base.mayCreate(resource)),
    // A key revoked with success: the gate's ledger then owes it no cleanup.
    record: (exchange, testCase) => {
      base.record(exchange, testCase);
      const status = exchange.response?.status ?? 0;
      if (testCase.operationId === gate.roles.revoke?.id && status >= 200 && status < 300) revoked.push(Object.values(testCase.pathParams)[0]);
    },
  };
  const scopeDefault = gate.facts.defaults.find((d) => d.operationId === gate.roles.create?.id)!;
  const values = scopeValues(gate.contract);
  const scopeDeps: ScopeProbeDeps = {
    ...deps,
    createKey: gate.roles.create!, revokeKey: gate.roles.revoke!, secretProperty: gate.roles.secretProperty,
    scopeProperty: scopeDefault.property, scopes: values, defaultScopes: scopeDefault.values,
    requiredScope: (operation) => requiredScope(gate.contract, operation, values) ?? null,
  };
  const accountDeps: AccountProbeDeps = {
    ...deps,
    keys: { create: gate.roles.create!, revoke: gate.roles.revoke!, secretProperty: gate.roles.secretProperty, scopeProperty: scopeDefault.property, scopes: values },
  };
  return { sent, revoked, scopeDeps, accountDeps };
}

/** The cases sent, as `operationId label` lines: what a reader of the report sees of each step. */
export const labelsOf = (sent: readonly SentCase[]) => sent.map((s) => `${s.testCase.operationId} ${s.testCase.label}`);

/**
 * (c) What one case costs the gate besides the network: drawing it (as the engine does, through
 * fc.check over a property), serialising its body and validating a documented 200 with the Oracle.
 */
import fc from 'fast-check';
import type { Draw, Phase } from '../../src/model/phase';
import { RunContext } from '../../src/engine/context';
import { round } from './memory';

const OPERATION = 'createApiKey';
const MEASURED_PHASES = ['positive', 'negative'];

export interface GenerationSettings {
  warmupCases: number;
  cases: number;
  seed: number;
}

export interface PhaseCost {
  phase: string;
  cases: number;
  skipped: number;
  generationUsPerCase: number;
  /** Generation, JSON.stringify of the body and validation of the documented 200, together. */
  totalUsPerCase: number;
}

export interface GenerationCost {
  phases: PhaseCost[];
  /** The default mix: as many positive as negative cases (both phases run OMI_FUZZ_RUNS). */
  mix: { cases: number; generationUsPerCase: number; totalUsPerCase: number };
}

export function measureGeneration(settings: GenerationSettings): GenerationCost {
  // The mock configuration opens no connection: only the contract, the Oracle and the generators.
  const gate = RunContext.fromEnvironment({});
  const { pointer, example } = documentedSuccess(gate);
  const judgeOffline = (draw: Draw) => {
    if ('skip' in draw) return;
    const body = draw.case.body;
    if (body.kind === 'json') JSON.stringify(body.value);
    gate.oracle.validate(pointer, example);
  };
  const phases = gate.phasesOf(OPERATION).filter((p): p is Extract<Phase, { kind: 'fuzz' }> => p.kind === 'fuzz' && MEASURED_PHASES.includes(p.name));
  if (phases.length !== MEASURED_PHASES.length) throw new Error(`${OPERATION} lacks one of the phases ${MEASURED_PHASES.join(', ')}`);
  const costs = phases.map((phase) => measurePhase(phase, judgeOffline, settings));
  const cases = costs.reduce((n, c) => n + c.cases, 0);
  const weighted = (key: 'generationUsPerCase' | 'totalUsPerCase') => round(costs.reduce((sum, c) => sum + c[key] * c.cases, 0) / cases, 2);
  return { phases: costs, mix: { cases, generationUsPerCase: weighted('generationUsPerCase'), totalUsPerCase: weighted('totalUsPerCase') } };
}

/** The schema pointer and the spec's example of createApiKey's 200: a fixed response to judge. */
function documentedSuccess(gate: RunContext): { pointer: string; example: unknown } {
  const content = gate.operation(OPERATION).responses.find((r) => r.status === '200')?.content[0];
  if (!content || content.examples.length === 0) throw new Error(`${OPERATION} documents no 200 example`);
  if (gate.oracle.validate(content.pointer, content.examples[0]).length > 0) throw new Error(`${OPERATION}'s 200 example breaks its own schema`);
  return { pointer: content.pointer, example: content.examples[0] };
}

function measurePhase(phase: Extract<Phase, { kind: 'fuzz' }>, judgeOffline: (draw: Draw) => void, settings: GenerationSettings): PhaseCost {
  const draw = (numRuns: number, seed: number, work: (draw: Draw) => void) => {
    let skipped = 0;
    const started = performance.now();
    fc.check(fc.property(phase.arbitrary, (d) => { if ('skip' in d) skipped++; work(d); return true; }), { seed, numRuns });
    return { microseconds: (performance.now() - started) * 1000, skipped };
  };
  const nothing = () => undefined;
  // Warm-up: the JIT and Ajv's first calls, on other cases than the measured ones.
  draw(settings.warmupCases, settings.seed + 1, judgeOffline);
  const generation = draw(settings.cases, settings.seed, nothing);
  const total = draw(settings.cases, settings.seed, judgeOffline);
  return {
    phase: phase.name,
    cases: settings.cases,
    skipped: total.skipped,
    generationUsPerCase: round(generation.microseconds / settings.cases, 2),
    totalUsPerCase: round(total.microseconds / settings.cases, 2),
  };
}

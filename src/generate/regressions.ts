import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SuiteInputError } from '../contract/errors';
import type { Case } from '../model/case';

/** A violation saved as an input: the case that showed it, and what it broke where. */
export interface RegressionCase {
  /** What it reproduces, for people: also the file's name. */
  name: string;
  check: string;
  operationId: string;
  /** The kind of target it was found on: mock or live. */
  targetKind: string;
  status: number | 'no-response';
  location: string;
  /** The run's seed and the replay path it was found with. */
  seed: number;
  path: string;
  /** The request, as generated: no credential in it (the target adds that). */
  case: Case;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** `<check>--<operation>--<what>--<target>--<hash>`: the file says what it reproduces; the hash of the request tells apart cases whose labels read alike. */
export function regressionName(r: Omit<RegressionCase, 'name'>): string {
  // Hashed as generated: a case replayed from a file (with its source) is the same case.
  const { source: _replayedFrom, ...generated } = r.case;
  const hash = createHash('sha256').update(JSON.stringify(generated)).digest('hex').slice(0, 8);
  return [r.check, r.operationId, slug(r.case.label) || 'case', r.targetKind, hash].join('--');
}

/** Saved cases by operation, in file-name order (so their indices, and replay paths, are stable). */
export function loadRegressions(dir: string): Map<string, RegressionCase[]> {
  const byOperation = new Map<string, RegressionCase[]>();
  if (!existsSync(dir)) return byOperation;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const full = path.join(dir, file);
    let saved: RegressionCase;
    try {
      // Stryker disable next-line StringLiteral: with no encoding the file is a Buffer, which JSON.parse reads as UTF-8 text all the same
      saved = JSON.parse(readFileSync(full, 'utf8'));
    } catch (error) {
      throw new SuiteInputError(`${full} is not valid JSON: ${(error as Error).message}`);
    }
    if (!saved?.case || typeof saved.case.operationId !== 'string' || typeof saved.case.method !== 'string') {
      throw new SuiteInputError(`${full} is not a saved regression case (no "case" with operationId and method)`);
    }
    const list = byOperation.get(saved.case.operationId) ?? [];
    list.push({ ...saved, case: { ...saved.case, source: path.relative(process.cwd(), full) } });
    byOperation.set(saved.case.operationId, list);
  }
  return byOperation;
}

/** Writes one case file; an existing file of the same name is the same regression and is kept as it is. */
export function saveRegression(dir: string, regression: Omit<RegressionCase, 'name'>): { file: string; created: boolean } {
  const name = regressionName(regression);
  const file = path.join(dir, `${name}.json`);
  if (existsSync(file)) return { file, created: false };
  const { source: _replayedFrom, ...generated } = regression.case;
  const saved: RegressionCase = { name, ...regression, case: generated };
  writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
  return { file, created: true };
}

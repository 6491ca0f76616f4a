import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SuiteInputError } from '../contract/errors';
import { identityOfKnown, type KnownDiscrepancy } from '../model/identity';


export interface KnownDiscrepancyFile {
  $comment?: string;
  discrepancies: KnownDiscrepancy[];
}

const COMMENT = 'Accepted violations, by identity (operation, check, status, location), each with why. A run reports them as known and stays green for them; `npm run known-discrepancies -- record` rewrites this file from the last run.';


/** The accepted violations of a run, looked up by identity. A missing file means none. */
export class KnownDiscrepancies {
  private readonly byIdentity: Map<string, KnownDiscrepancy>;

  constructor(readonly entries: KnownDiscrepancy[] = []) {
    this.byIdentity = new Map(entries.map((k) => [identityOfKnown(k), k]));
  }

  static load(file: string | undefined): KnownDiscrepancies {
    if (!file || !existsSync(file)) return new KnownDiscrepancies();
    let parsed: unknown;
    try {
      // Stryker disable next-line StringLiteral: without an encoding JSON.parse reads the Buffer as UTF-8 all the same
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new SuiteInputError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const list = (parsed as KnownDiscrepancyFile | undefined)?.discrepancies;
    if (!Array.isArray(list)) throw new SuiteInputError(`${file} has no "discrepancies" list`);
    list.forEach((entry, i) => {
      const ok = entry && typeof entry.operation === 'string' && typeof entry.check === 'string' && typeof entry.location === 'string' &&
        (typeof entry.status === 'number' || entry.status === 'no-response') && typeof entry.reason === 'string' && entry.reason.trim() !== '';
      if (!ok) throw new SuiteInputError(`${file}: discrepancy ${i + 1} needs operation, check, status, location and a reason`);
    });
    return new KnownDiscrepancies(list);
  }

  find(identity: string): KnownDiscrepancy | undefined {
    return this.byIdentity.get(identity);
  }
}

export function writeKnownDiscrepancies(file: string, entries: KnownDiscrepancy[]): void {
  // Code-unit order, not the locale's: the file must read the same on every machine.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether the result is below 0, so 1 and 0 order alike
  const sorted = [...entries].sort((a, b) => (identityOfKnown(a) < identityOfKnown(b) ? -1 : identityOfKnown(a) > identityOfKnown(b) ? 1 : 0));
  const body: KnownDiscrepancyFile = { $comment: COMMENT, discrepancies: sorted };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}

import type { Change, Json } from './types';

export interface DiffReport {
  old: string;
  new: string;
  /** "contract" = the operations the project's openapi.json covers; "all" = every operation. */
  scope: 'contract' | 'all';
  operations: string[];
  changes: Change[];
}

export function countChanges(changes: Change[]): { total: number; breaking: number; nonBreaking: number } {
  const breaking = changes.filter((change) => change.breaking).length;
  return { total: changes.length, breaking, nonBreaking: changes.length - breaking };
}

function renderValue(value: Json | undefined): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** One line per change, then a count line. */
export function formatText(report: DiffReport): string {
  const lines = report.changes.map((change) =>
    [
      (change.breaking ? 'BREAKING' : 'ok').padEnd(8),
      change.side.padEnd(8),
      change.operation,
      change.location || '/',
      `${change.summary}: ${renderValue(change.old)} -> ${renderValue(change.new)}`,
      `(${change.reason})`,
    ].join('  '),
  );
  const { total, breaking, nonBreaking } = countChanges(report.changes);
  const scope = report.scope === 'all' ? 'every operation of OLD' : 'the operations the contract covers';
  const count = report.operations.length;
  lines.push(
    `${total} change${total === 1 ? '' : 's'}: ${breaking} breaking, ${nonBreaking} not breaking ` +
      `(${count} operation${count === 1 ? '' : 's'} compared: ${scope})`,
  );
  return lines.join('\n') + '\n';
}

export function formatJson(report: DiffReport): string {
  const output = {
    old: report.old,
    new: report.new,
    scope: report.scope,
    operations: report.operations,
    summary: countChanges(report.changes),
    changes: report.changes.map((change) => ({
      breaking: change.breaking,
      side: change.side,
      operation: change.operation,
      location: change.location,
      kind: change.kind,
      summary: change.summary,
      old: change.old ?? null,
      new: change.new ?? null,
      reason: change.reason,
    })),
  };
  return JSON.stringify(output, null, 2) + '\n';
}

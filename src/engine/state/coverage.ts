import type { Case } from '../../model/case';
import type { Coverage, OperationCoverage } from '../../model/coverage';
import type { Exchange } from '../../model/exchange';
import { addOnce } from '../../model/coverage';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The inputs a case sends, by the names negative cases use for them (a body property as its pointer). */
export function inputsOf(testCase: Case): string[] {
  const inputs = [
    ...Object.keys(testCase.pathParams).map((name) => `path:${name}`),
    ...(testCase.queryParams ?? []).map(([name]) => `query:${name}`),
    ...Object.keys(testCase.headerParams ?? {}).map((name) => `header:${name}`),
  ];
  if (testCase.body.kind === 'json' && isPlainObject(testCase.body.value)) inputs.push(...Object.keys(testCase.body.value).map((name) => `/${name}`));
  return [...new Set(inputs)];
}


/** Adds one exchange to `coverage` (changed in place): its status, and what its case sent valid or broke. */
export function recordCoverage(coverage: Coverage, testCase: Case, exchange: Exchange): void {
  const entry: OperationCoverage = (coverage[testCase.operationId] ??= { statuses: {}, valid: [], broken: [] });
  const status = exchange.response ? String(exchange.response.status) : 'no-response';
  entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
  if (testCase.expectation === 'accept') addOnce(entry.valid, inputsOf(testCase));
  if (testCase.expectation === 'reject-input' && testCase.field) addOnce(entry.broken, [testCase.field]);
}

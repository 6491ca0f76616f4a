import { fieldOf } from '../contract/filters';
import { isObject } from '../contract/refs';
import type { ResourceStep, ResourceStepName } from '../model/case';
import { jsonOf } from '../model/exchange';
import { show } from './created-key';
import type { CheckContext } from '../model/check';
import type { Finding } from '../model/finding';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Whether a value read back is the one expected, as JSON allows: instants as instants, arrays as sets. */
export function sameAs(expected: unknown, received: unknown): boolean {
  if (typeof expected === 'string' && typeof received === 'string' && INSTANT.test(expected) && INSTANT.test(received)) return Date.parse(expected) === Date.parse(received);
  if (Array.isArray(expected)) return sameSet(expected, received);
  return expected === received;
}

/** Whether two lists hold the same values, order and repeats aside (a list whose order the contract leaves open). */
export function sameSet(expected: unknown[], received: unknown): boolean {
  if (!Array.isArray(received)) return false;
  // Joined with a character JSON never leaves raw, so [1, 2] and [12] stay apart.
  const set = (values: unknown[]) => [...new Set(values.map((v) => JSON.stringify(v)))].sort().join('\u0000');
  return set(expected) === set(received);
}

export { fieldOf };

/** Each expected field the item holds otherwise; a field the item does not carry is not judged (no schema requires one). */
export function fieldsDiffering(item: Record<string, unknown>, expected: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  for (const [name, value] of Object.entries(expected)) {
    const found = fieldOf(item, name);
    if (found && !sameAs(value, found.value)) findings.push({ message: `${found.path} does not hold what was written`, received: show(found.value), documented: show(value), location: found.path });
  }
  return findings;
}

/** The resource step this exchange is, when it is one of `names`. */
export function resourceStep(ctx: CheckContext, ...names: ResourceStepName[]): ResourceStep | undefined {
  const step = ctx.testCase.step;
  return step?.resourceId !== undefined && names.includes(step.name) ? step : undefined;
}

/** The JSON body of a 2xx answer, or undefined. */
export function successBody(ctx: CheckContext): unknown {
  const response = ctx.exchange.response;
  return response && response.status >= 200 && response.status < 300 ? jsonOf(response)?.value : undefined;
}

/** The listed item with the step's id, if the list showed it. */
export const listedItem = (step: ResourceStep) => step.listed?.items.find((item): item is Record<string, unknown> => isObject(item) && String(item.id) === step.resourceId);

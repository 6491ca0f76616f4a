import { needsOneField, proseRefusals } from '../contract/prose';
import { inputRejectionStatuses } from './statuses';
import type { CheckContext } from '../model/check';

/**
 * Whether the contract's words allow this status for this request, though its schema does not: a
 * documented refusal whose description names an input the case sends (`categories`), or the
 * documented validation error for an update sent with no field where the words ask for one.
 */
export function refusedAsWorded(ctx: CheckContext, status: number): boolean {
  const code = String(status);
  const sent = new Set([...(ctx.testCase.queryParams ?? []).map(([name]) => name), ...Object.keys(ctx.testCase.headerParams ?? {})]);
  const body = ctx.testCase.body.kind === 'json' ? ctx.testCase.body.value : undefined;
  const bodyObject = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  for (const name of Object.keys(bodyObject ?? {})) sent.add(name);
  if (proseRefusals(ctx.contract, ctx.operation).some((r) => r.status === code && r.names.some((n) => sent.has(n)))) return true;
  return bodyObject !== undefined && Object.keys(bodyObject).length === 0 && needsOneField(ctx.operation) && inputRejectionStatuses(ctx.operation).includes(code);
}

import { jsonOf } from '../model/exchange';
import type { CheckContext } from '../model/check';

/** The items of a successful list response, or undefined when this exchange is not one. */
export function listedKeys(ctx: CheckContext): Record<string, unknown>[] | undefined {
  const response = ctx.exchange.response;
  if (ctx.operation !== ctx.run.roles.list || !response || response.status !== 200) return undefined;
  const body = jsonOf(response)?.value;
  return Array.isArray(body) ? body.filter((item) => typeof item === 'object' && item !== null) : undefined;
}

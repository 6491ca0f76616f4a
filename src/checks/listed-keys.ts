import type { CheckContext } from './types';

/** The items of a successful list response, or undefined when this exchange is not one. */
export function listedKeys(ctx: CheckContext): Record<string, unknown>[] | undefined {
  const response = ctx.exchange.response;
  if (ctx.operation !== ctx.run.roles.list || !response || response.status !== 200) return undefined;
  try {
    const body = JSON.parse(response.body);
    return Array.isArray(body) ? body.filter((item) => typeof item === 'object' && item !== null) : undefined;
  } catch {
    return undefined;
  }
}

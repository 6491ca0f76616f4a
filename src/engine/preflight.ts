import type { Operation } from '../contract/load';
import { caseOf } from '../model/case';
import type { Exchange } from '../model/exchange';
import type { RunContext } from './context';

const clip = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);
const REFUSED = new Set([401, 403]);

/** What the preflight found: a reason the run cannot start, or the routes that refused the credential (a key with fewer scopes?). */
export interface Preflight {
  stop?: string;
  refusedRoutes?: string;
}

/** One harmless list per resource that needs no parameter: what the preflight sends with each credential. */
function listers(ctx: RunContext): Operation[] {
  return ctx.resources.flatMap((r) => (r.lister && !r.lister.parameters.some((p) => p.required) && r.lister.bearerSchemes.length > 0 ? [r.lister] : []));
}

/**
 * Before the first case, on a live target: one documented, harmless list request per resource with
 * each credential. If none is answered, or every one is refused 401 or 403 and no refusal speaks of a
 * missing scope, the run ends before it starts, in one line naming the cause: phases against a
 * credential the target refuses would only blame the backend, route after route.
 */
export async function preflight(ctx: RunContext): Promise<Preflight> {
  const target = ctx.config.target;
  if (target.kind !== 'live') return {};
  const accounts: (undefined | 'other')[] = target.otherToken ? [undefined, 'other'] : [undefined];
  const out: Preflight = {};
  for (const account of accounts) {
    const answers: { operationId: string; exchange: Exchange }[] = [];
    for (const lister of listers(ctx)) {
      const testCase = caseOf(lister, 'preflight', 'preflight', account ? { account } : {});
      answers.push({ operationId: lister.id, exchange: await ctx.target.sendRaw(ctx.target.requestFor(testCase), { evenIfBroken: true, returnFirstRateLimit: false }) });
    }
    if (answers.length === 0) return out;
    const credential = account ? "the second account's credential" : 'the credential';
    const variable = account ? 'OMI_API_TOKEN_OTHER' : 'OMI_API_TOKEN';
    if (answers.every((a) => !a.exchange.response)) return { stop: `the target does not answer at ${target.baseUrl}: ${answers[0].exchange.failure?.message}` };
    const refused = answers.filter((a) => a.exchange.response && REFUSED.has(a.exchange.response.status));
    const aboutScope = refused.some((a) => /scope/i.test(a.exchange.response!.body));
    if (refused.length === answers.length && !aboutScope) {
      const first = refused[0].exchange.response!;
      return { stop: `the target refused ${credential}: ${first.status} ${clip(first.body)} (on ${refused.map((a) => a.operationId).join(', ')}); check ${variable}` };
    }
    if (refused.length > 0 && !account) out.refusedRoutes = refused.map((a) => `${a.operationId} (${a.exchange.response!.status})`).join(', ');
  }
  return out;
}

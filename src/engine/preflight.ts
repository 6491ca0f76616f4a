import type { Operation } from '../contract/load';
import { upperSnake } from '../contract/security';
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

/** One harmless list per resource that needs no parameter and is guarded: what the preflight sends with each credential. */
function listers(ctx: RunContext): Operation[] {
  return ctx.resources.flatMap((r) => (r.lister && !r.lister.parameters.some((p) => p.required) && r.lister.security.length > 0 ? [r.lister] : []));
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
  // Each scheme's credential is tried on the lists its scheme guards: a refused Firebase token is named as such.
  const bySchemes = new Map<string, Operation[]>();
  for (const lister of listers(ctx)) bySchemes.set(lister.security[0].name, [...(bySchemes.get(lister.security[0].name) ?? []), lister]);
  const out: Preflight = {};
  for (const account of accounts) {
    for (const [scheme, lists] of bySchemes) {
      const answers: { operationId: string; exchange: Exchange }[] = [];
      for (const lister of lists) {
        const testCase = caseOf(lister, 'preflight', 'preflight', account ? { account } : {});
        answers.push({ operationId: lister.id, exchange: await ctx.target.sendRaw(ctx.target.requestFor(testCase), { evenIfBroken: true, returnFirstRateLimit: false }) });
      }
      const own = `OMI_API_TOKEN_${account ? 'OTHER_' : ''}${upperSnake(scheme)}`;
      const variable = target.schemeTokens?.[account ? 'other' : 'main'][upperSnake(scheme)] !== undefined ? own : account ? 'OMI_API_TOKEN_OTHER' : 'OMI_API_TOKEN';
      const credential = `${account ? "the second account's credential" : 'the credential'}${bySchemes.size > 1 ? ` of scheme ${scheme}` : ''}`;
      if (answers.every((a) => !a.exchange.response)) return { stop: `the target does not answer at ${target.baseUrl}: ${answers[0].exchange.failure?.message}` };
      const refused = answers.filter((a) => a.exchange.response && REFUSED.has(a.exchange.response.status));
      const aboutScope = refused.some((a) => /scope/i.test(a.exchange.response!.body));
      if (refused.length === answers.length && !aboutScope) {
        const first = refused[0].exchange.response!;
        const hint = variable === own ? '' : ` (or set ${own}, its own credential)`;
        return { stop: `the target refused ${credential}: ${first.status} ${clip(first.body)} (on ${refused.map((a) => a.operationId).join(', ')}); check ${variable}${bySchemes.size > 1 ? hint : ''}` };
      }
      if (refused.length > 0 && !account) out.refusedRoutes = [out.refusedRoutes, refused.map((a) => `${a.operationId} (${a.exchange.response!.status})`).join(', ')].filter(Boolean).join(', ');
    }
  }
  return out;
}

import type { Exchange } from '../model/exchange';
import { Gate } from './gate';
const clip = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);
const REFUSED = new Set([401, 403]);
/** Where the preflight leaves the routes that refused the credential, for the summary. */
export const PREFLIGHT_REFUSED_ENV = 'OMI_GATE_PREFLIGHT_REFUSED';

/**
 * Before the first case, on a live target: one documented, harmless list request per resource with
 * the run's credential. If none is answered, or every one is refused 401 or 403 and no refusal
 * speaks of a missing scope, the run ends here with one line naming the cause and exit 2: phases
 * against a credential the target refuses would only blame the backend, route after route.
 */
export default async function globalSetup(): Promise<void> {
  const gate = Gate.forThisProcess();
  if (!gate.isLive) return;
  const target = gate.config.target;
  const accounts: (undefined | 'other')[] = target.kind === 'live' && target.otherToken ? [undefined, 'other'] : [undefined];
  const answersOf = new Map<undefined | 'other', { operationId: string; exchange: Exchange }[]>();
  try {
    for (const account of accounts) {
      const answers: { operationId: string; exchange: Exchange }[] = [];
      for (const lister of gate.preflightListers()) {
        const testCase = { operationId: lister.id, phase: 'preflight', expectation: 'accept' as const, label: 'preflight', method: 'GET', pathParams: {}, auth: { kind: 'credential' as const, scheme: 'Bearer' }, body: { kind: 'none' as const }, ...(account ? { account } : {}) };
        answers.push({ operationId: lister.id, exchange: await gate.target.sendRaw(gate.target.requestFor(testCase), { evenIfBroken: true, returnFirstRateLimit: false }) });
      }
      answersOf.set(account, answers);
    }
  } finally {
    await gate.close();
  }
  const say = (line: string) => {
    process.stderr.write(`omi-contract-gate: ${gate.redactor.redact(line)}\n`);
    process.exit(2);
  };
  for (const [account, answers] of answersOf) {
    if (answers.length === 0) return;
    const credential = account ? "the second account's credential" : 'the credential';
    const variable = account ? 'OMI_API_TOKEN_OTHER' : 'OMI_API_TOKEN';
    const unanswered = answers.find((a) => !a.exchange.response);
    if (answers.every((a) => !a.exchange.response)) say(`the target does not answer at ${gate.config.target.baseUrl}: ${unanswered?.exchange.failure?.message}`);
    const refused = answers.filter((a) => a.exchange.response && REFUSED.has(a.exchange.response.status));
    const aboutScope = refused.some((a) => /scope/i.test(a.exchange.response!.body));
    if (refused.length === answers.length && !aboutScope) {
      const first = refused[0].exchange.response!;
      say(`the target refused ${credential}: ${first.status} ${clip(first.body)} (on ${refused.map((a) => a.operationId).join(', ')}); check ${variable}`);
    }
    if (refused.length > 0 && !account) {
      const routes = refused.map((a) => `${a.operationId} (${a.exchange.response!.status})`).join(', ');
      process.stdout.write(`Note: the credential was refused on ${routes}: a key with fewer scopes?\n`);
      // The summary reporter runs in this process and says it again at the end, where it is read.
      process.env[PREFLIGHT_REFUSED_ENV] = routes;
    }
  }
}

import { RunContext } from '../engine/context';
import { preflight } from '../engine/preflight';

/** Where the preflight leaves the routes that refused the credential, for the summary. */
export const PREFLIGHT_REFUSED_ENV = 'OMI_GATE_PREFLIGHT_REFUSED';

/**
 * Before the first test, on a live target: the preflight (src/engine/preflight.ts). A credential the
 * target refuses, or a target that does not answer, is one line on stderr and exit 2.
 */
export default async function globalSetup(): Promise<void> {
  const ctx = RunContext.forThisProcess();
  if (!ctx.isLive) return;
  let found;
  try {
    found = await preflight(ctx);
  } finally {
    await ctx.close();
  }
  if (found.stop) {
    process.stderr.write(`omi-contract-gate: ${ctx.redactor.redact(found.stop)}\n`);
    process.exit(2);
  }
  if (found.refusedRoutes) {
    process.stdout.write(`Note: the credential was refused on ${found.refusedRoutes}: a key with fewer scopes?\n`);
    // The summary reporter runs in this process and says it again at the end, where it is read.
    process.env[PREFLIGHT_REFUSED_ENV] = found.refusedRoutes;
  }
}

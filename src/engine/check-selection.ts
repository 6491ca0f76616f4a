import { EXCHANGE_CHECKS } from '../checks';
import { targetResponds } from '../checks/target-responds';
import type { GateConfig } from '../config/config';
import { SuiteInputError } from '../contract/errors';
import type { Check } from '../model/check';

const NOT_ON_MOCK = 'the mock answers fixed or random examples whatever was sent, accepts any token and keeps no state';

/**
 * The checks this run judges with: those the target can answer, less what OMI_CHECKS and
 * OMI_EXCLUDE_CHECKS leave out (an unknown name is an error); and the checks this target cannot answer, with why.
 */
export function selectChecks(config: GateConfig): { checks: readonly Check[]; notChecked: { check: string; reason: string }[] } {
  const known = new Set(EXCHANGE_CHECKS.map((c) => c.name));
  const unknown = [...config.selectedChecks, ...config.excludedChecks].filter((n) => !known.has(n));
  if (unknown.length > 0) throw new SuiteInputError(`unknown check name(s) in OMI_CHECKS/OMI_EXCLUDE_CHECKS: ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  // target_responds cannot be left out: a target that does not answer must never pass.
  if (config.excludedChecks.includes(targetResponds.name)) throw new SuiteInputError(`${targetResponds.name} cannot be left out: a target that does not answer must fail the run`);
  const chosen = (c: Check) => c === targetResponds || ((config.selectedChecks.length === 0 || config.selectedChecks.includes(c.name)) && !config.excludedChecks.includes(c.name));
  const kind = config.target.kind;
  return {
    checks: EXCHANGE_CHECKS.filter((c) => c.targets.includes(kind) && chosen(c)),
    notChecked: EXCHANGE_CHECKS.filter((c) => !c.targets.includes(kind)).map((c) => ({ check: c.name, reason: NOT_ON_MOCK })),
  };
}

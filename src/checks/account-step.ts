import type { AccountStep, AccountStepName } from '../model/case';
import type { CheckContext } from '../model/check';

/** The account probe step this exchange is, when it is one of `names`. */
export function accountStep(ctx: CheckContext, ...names: AccountStepName[]): AccountStep | undefined {
  const step = ctx.testCase.step;
  return step && 'owner' in step && names.includes(step.name) ? step : undefined;
}

/** Who asked, for people: "the second account's credential", "a key the main account made". */
export const intruderOf = (step: AccountStep) => `${step.viaKey ? 'a key made by' : 'the credential of'} the ${step.intruder === 'other' ? 'second' : 'main'} account`;

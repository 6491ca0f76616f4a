import { isObject } from '../contract/refs';
import { show } from './created-key';
import { resourceStep } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const splitFilterPartitions: Check = {
  name: 'split_filter_partitions',
  reason: 'A boolean filter splits its list: the true and false answers share no item and together are the unfiltered list.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-split');
    if (!step?.split || !step.listed?.complete) return 'not-applicable';
    const no = step.listed.items.flatMap((item) => (isObject(item) && item.id !== undefined ? [String(item.id)] : []));
    const { all, yes } = step.split;
    const name = (ctx.testCase.queryParams ?? [])[0]?.[0] ?? 'filter';
    const both = yes.filter((id) => no.includes(id));
    const halves = new Set([...yes, ...no]);
    const missing = all.filter((id) => !halves.has(id));
    const extra = [...halves].filter((id) => !all.includes(id));
    const findings = [];
    if (both.length > 0) findings.push({ message: `Items are in both the ${name}=true and the ${name}=false answers`, received: `ids ${show(both)} in both`, documented: 'each item in one half only', location: `query:${name}` });
    if (missing.length > 0 || extra.length > 0) findings.push({ message: `The ${name}=true and ${name}=false answers together are not the unfiltered list`, received: `${missing.length} listed item(s) in neither half${missing.length ? ` (${show(missing.slice(0, 5))})` : ''}, ${extra.length} in a half but not listed`, documented: 'the two halves together make the unfiltered list', location: `query:${name}` });
    return findings;
  },
};

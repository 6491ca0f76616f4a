import { listedItem, resourceStep } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const createdResourceListed: Check = {
  name: 'created_resource_listed',
  reason: 'A resource just created is in its list, paged to the end, unless the list\'s words exclude the state it is in.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-listed', 'resource-listed-after-update');
    // A list not read whole cannot show that something is missing from it.
    // Nor can one whose words name a state the resource does not show.
    if (!step?.listed || step.expectListed === undefined || (step.expectListed && !step.listed.complete)) return 'not-applicable';
    const listed = listedItem(step) !== undefined;
    if (listed === step.expectListed) return [];
    return [!step.expectListed
      ? { message: 'A resource the list\'s description excludes was listed', received: `id ${step.resourceId} listed`, documented: 'absent (the list excludes its state)', location: 'list' }
      : { message: 'The resource just created is not in its list', received: `${step.listed.items.length} item(s) without id ${step.resourceId}`, documented: `id ${step.resourceId} listed`, location: 'list' }];
  },
};

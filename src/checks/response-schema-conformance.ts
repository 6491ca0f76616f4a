import { isJsonMediaType, mediaEssence } from '../contract/load';
import { valueAtPointer } from '../contract/refs';
import { jsonOf } from '../model/exchange';
import { ANY_TARGET, answeredAsDocumented } from './types';
import type { Check } from '../model/check';

export const responseSchemaConformance: Check = {
  name: 'response_schema_conformance',
  reason: 'Clients decode the body with the schema documented for the status they received.',
  targets: ANY_TARGET,
  protocol: true,
  judge(ctx) {
    const answered = answeredAsDocumented(ctx);
    if (!answered || answered.documented.content.length === 0) return 'not-applicable';
    const { response, documented } = answered;
    // Stryker disable next-line StringLiteral: a missing Content-Type matches no documented media type, whatever it stands in for, so the first is judged
    const received = mediaEssence(response.headers['content-type'] ?? '');
    // A body of an undocumented media type is content_type_conformance's finding; judge it as the first documented one.
    const media = documented.content.find((c) => mediaEssence(c.mediaType) === received) ?? documented.content[0];
    if (!isJsonMediaType(media.mediaType)) return 'not-applicable';
    const parsed = jsonOf(response);
    if (!parsed) {
      return [{ message: 'The body is not JSON', received: response.body || '(empty body)', documented: `${media.mediaType} per ${media.pointer}`, location: '(body is not JSON)' }];
    }
    const body = parsed.value;
    return ctx.oracle.validate(media.pointer, body).map((error) => {
      // Stryker disable next-line Regex: ajv's schema paths always start with the document's id, anchored or not
      const schemaPath = error.schemaPath;
      return {
        message: `The body breaks the schema at ${error.instancePath || '/'}: ${error.message}`,
        // Stryker disable next-line StringLiteral: ajv points at a value that is there, so JSON.stringify never gives undefined
        received: JSON.stringify(valueAtPointer(body, error.instancePath)) ?? 'undefined',
        documented: schemaPath,
        location: schemaPath,
      };
    });
  },
};

import { documentedResponse, isJsonMediaType } from '../contract/load';
import { mediaEssence } from './content-type-conformance';
import { ANY_TARGET, responseOf, type Check } from './types';

const shorten = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

export const responseSchemaConformance: Check = {
  name: 'response_schema_conformance',
  reason: 'Clients decode the body with the schema documented for the status they received.',
  targets: ANY_TARGET,
  judge(ctx) {
    const response = responseOf(ctx);
    const documented = response && documentedResponse(ctx.operation, response.status);
    if (!response || !documented || documented.content.length === 0) return 'not-applicable';
    const received = mediaEssence(response.headers['content-type'] ?? '');
    // A body of an undocumented media type is content_type_conformance's finding; judge it as the first documented one.
    const media = documented.content.find((c) => mediaEssence(c.mediaType) === received) ?? documented.content[0];
    if (!isJsonMediaType(media.mediaType)) return 'not-applicable';
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [{ message: 'The body is not JSON', received: shorten(response.body) || '(empty body)', documented: `${media.mediaType} per ${media.pointer}`, location: '(body is not JSON)' }];
    }
    return ctx.oracle.validate(media.pointer, body).map((error) => ({
      message: `The body breaks the schema at ${error.instancePath || '/'}: ${error.message}`,
      received: shorten(JSON.stringify(valueAt(body, error.instancePath)) ?? 'undefined'),
      documented: error.schemaPath.replace(/^openapi\.json/, ''),
      location: error.schemaPath.replace(/^openapi\.json/, ''),
    }));
  },
};

function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const token of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

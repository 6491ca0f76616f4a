// A small contract whose single breaks can be written out by hand: one body with each kind of
// constraint, a bounded query parameter and a required boolean one.

const reply = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

export const CENSUS_DOC = {
  openapi: '3.1.0',
  info: { title: 'census fixture', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'addThing',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'mode', in: 'query', required: true, schema: { type: 'boolean' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 5 },
                  kind: { type: 'string', enum: ['a', 'b'] },
                  count: { type: 'integer', minimum: 0, maximum: 9 },
                  tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
                  at: { type: 'string', format: 'date-time' },
                },
              },
              example: { name: 'ok' },
            },
          },
        },
        responses: { 200: reply('ok'), 422: reply('invalid') },
      },
    },
  },
};

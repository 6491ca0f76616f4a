import type { CaseBody } from './case';

/**
 * Bodies that break the request below the schema: the JSON text itself, or its media type.
 * `validJson` is a valid body's text, so that only the transport is wrong.
 */
export function transportNegatives(validJson: string, jsonMediaType: string): { label: string; body: CaseBody }[] {
  const raw = (label: string, text: string, contentType: string | null = jsonMediaType) => ({ label, body: { kind: 'raw' as const, text, contentType: contentType ?? undefined } });
  return [
    raw('malformed JSON: truncated', validJson.slice(0, Math.max(1, validJson.length - 2))),
    raw('malformed JSON: trailing comma', validJson.replace(/}$/, ',}')),
    raw('malformed JSON: single quotes', validJson.replace(/"/g, "'")),
    raw('malformed JSON: unterminated string', '{"name": "unterminated'),
    raw('malformed JSON: NaN literal', '{"name": NaN}'),
    raw('malformed JSON: two documents', `${validJson}${validJson}`),
    raw('empty body', ''),
    raw('Content-Type text/plain', validJson, 'text/plain'),
    raw('Content-Type application/xml', '<CreateApiKey><name>transport case</name></CreateApiKey>', 'application/xml'),
    raw('Content-Type form', 'name=transport+case', 'application/x-www-form-urlencoded'),
    raw('no Content-Type', validJson, null),
  ];
}

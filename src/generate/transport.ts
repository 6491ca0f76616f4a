import type { CaseBody, TransportKind } from '../model/case';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
  } catch {
    return false;
  }
  return true;
};

/** The top-level fields of a body as name/value text pairs: what a form or an XML client would send. */
function fieldsOf(body: unknown): [string, string][] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [['value', JSON.stringify(body)]];
  return Object.entries(body).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, String(v)] as [string, string]) : [[name, typeof value === 'string' ? value : JSON.stringify(value)] as [string, string]]));
}

/**
 * Bodies that break the request below the schema: the JSON text itself, or its media type. All are
 * derived from `body`, a valid body, so that only the transport is wrong; a "malformed" text that
 * happens to parse is dropped.
 */
export function transportNegatives(body: unknown, jsonMediaType: string): { label: string; kind: TransportKind; body: CaseBody }[] {
  const json = JSON.stringify(body);
  const raw = (label: string, kind: TransportKind, text: string, contentType: string | null = jsonMediaType) => ({ label, kind, body: { kind: 'raw' as const, text, contentType: contentType ?? undefined } });
  const malformed = [
    raw('malformed JSON: truncated', 'malformed-json', json.slice(0, -1)),
    raw('malformed JSON: trailing comma', 'malformed-json', json.replace(/([}\]])$/, ',$1')),
    raw('malformed JSON: single quotes', 'malformed-json', json.replace(/"/g, "'")),
    raw('malformed JSON: unterminated string', 'malformed-json', json.slice(0, json.lastIndexOf('"'))),
    raw('malformed JSON: NaN literal', 'malformed-json', json.replace(/:\s*("(?:[^"\\]|\\.)*"|-?\d[^,}\]]*|true|false|null)/, ':NaN')),
    raw('malformed JSON: two documents', 'malformed-json', `${json}${json}`),
  ].filter((c) => !parses(c.body.text));
  const fields = fieldsOf(body);
  return [
    ...malformed,
    raw('empty body', 'empty-body', ''),
    raw('Content-Type text/plain', 'media-type', json, 'text/plain'),
    raw('Content-Type application/xml', 'media-type', `<request>${fields.map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('')}</request>`, 'application/xml'),
    raw('Content-Type form', 'media-type', new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded'),
    raw('no Content-Type', 'no-content-type', json, null),
  ];
}

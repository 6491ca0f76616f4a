import type { Json, JsonObject } from './types';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function encodePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointer(...segments: string[]): string {
  return segments.map((segment) => '/' + encodePointerSegment(segment)).join('');
}

export function isLocalRef(ref: string): boolean {
  return ref === '#' || ref.startsWith('#/');
}

/** The value a local $ref ("#/components/schemas/X") points at, or undefined when it points nowhere. */
export function resolveLocalRef(doc: JsonObject, ref: string): Json | undefined {
  if (!isLocalRef(ref)) return undefined;
  if (ref === '#') return doc;
  let current: Json | undefined = doc;
  for (const rawSegment of ref.slice(2).split('/')) {
    const segment = decodeURIComponent(decodePointerSegment(rawSegment));
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
    else return undefined;
  }
  return current;
}

const MAX_REF_HOPS = 32;

/**
 * Follows a $ref chain on a non-schema object (response, parameter, request body, header).
 * Sibling keys of a $ref there are only summary/description in OpenAPI 3.1, so they are dropped.
 */
export function derefObject(doc: JsonObject, value: Json | undefined): Json | undefined {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops >= MAX_REF_HOPS) throw new Error(`$ref chain too long or circular at ${current.$ref}`);
    current = resolveLocalRef(doc, current.$ref);
  }
  return current;
}

const LITERAL_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);

/** Every $ref string in a document, with the pointer where it occurs. */
export function collectRefs(value: Json, at = ''): Array<{ ref: string; at: string }> {
  const found: Array<{ ref: string; at: string }> = [];
  const walk = (node: Json, where: string): void => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${where}/${index}`));
    else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (key === '$ref' && typeof child === 'string') found.push({ ref: child, at: where || '/' });
        // Literal data: a "$ref" key inside an example, default, const or enum value is not a reference.
        else if (!LITERAL_KEYS.has(key)) walk(child, `${where}/${encodePointerSegment(key)}`);
      }
    }
  };
  walk(value, at);
  return found;
}

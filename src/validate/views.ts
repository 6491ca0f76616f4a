import { isObject, resolvePointer, type JsonObject } from '../contract/refs';

/**
 * The contract as one side of an exchange reads it: OpenAPI says a required property that is
 * readOnly is required in responses only, and one that is writeOnly in requests only. The view for a
 * side drops from every `required` list the properties flagged for the other side; undefined when the
 * contract flags none (the one document serves both).
 */
export function sideView(doc: JsonObject, flag: 'readOnly' | 'writeOnly'): JsonObject | undefined {
  let flagged = false;
  const flaggedIn = (property: unknown): boolean => {
    const schema = isObject(property) && typeof property.$ref === 'string' && property.$ref.startsWith('#') ? resolvePointer(doc, property.$ref) : property;
    return isObject(schema) && schema[flag] === true;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out: JsonObject = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    if (Array.isArray(node.required) && isObject(node.properties)) {
      const properties = node.properties;
      const kept = node.required.filter((name) => !(typeof name === 'string' && flaggedIn(properties[name])));
      if (kept.length !== node.required.length) {
        flagged = true;
        out.required = kept;
      }
    }
    return out;
  };
  const view = walk(doc) as JsonObject;
  return flagged ? view : undefined;
}

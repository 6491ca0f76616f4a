import { SuiteInputError, THE_CONTRACT } from './errors';
import { follow, isObject, type JsonObject } from './refs';

/**
 * How a credential is carried, as a security scheme says: in the Authorization header under a scheme
 * word (http bearer and basic; oauth2 and openIdConnect as a bearer token the user provides), or as an
 * API key in a header, a query parameter or a cookie.
 */
export type SecurityScheme =
  | { name: string; kind: 'authorization'; word: 'Bearer' | 'Basic' }
  | { name: string; kind: 'api-key'; in: 'header' | 'query' | 'cookie'; parameter: string };

/** The variable a scheme's own credential is read from: `firebaseBearer` -> `FIREBASE_BEARER`. */
export const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase();

function readScheme(name: string, scheme: JsonObject): SecurityScheme | string {
  const type = String(scheme.type);
  if (type === 'http') {
    const word = String(scheme.scheme).toLowerCase();
    if (word === 'bearer') return { name, kind: 'authorization', word: 'Bearer' };
    if (word === 'basic') return { name, kind: 'authorization', word: 'Basic' };
    return `http scheme "${scheme.scheme}" (only bearer and basic are sent)`;
  }
  if (type === 'oauth2' || type === 'openIdConnect') return { name, kind: 'authorization', word: 'Bearer' };
  if (type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query' || scheme.in === 'cookie') && typeof scheme.name === 'string') {
    return { name, kind: 'api-key', in: scheme.in, parameter: scheme.name };
  }
  return `type "${type}"${type === 'apiKey' ? ` in "${scheme.in}"` : ''} (not one the gate can send)`;
}

/** Every scheme the contract defines, by name; a scheme it cannot send is named with why. */
export function securitySchemes(doc: JsonObject): Map<string, SecurityScheme | string> {
  const defined = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  return new Map(Object.entries(defined).map(([name, raw]) => {
    const scheme = follow(doc, raw);
    return [name, isObject(scheme) ? readScheme(name, scheme) : 'not an object'];
  }));
}

/**
 * The schemes an operation accepts, in the contract's order: each requirement of one scheme it can
 * send (a requirement of several at once is not). Empty when it is public (no
 * requirement, or an empty one among them); `unsupported` when it is guarded only by schemes the gate
 * cannot send.
 */
export function operationSecurity(doc: JsonObject, schemes: Map<string, SecurityScheme | string>, requirements: unknown, pointer: string): { schemes: SecurityScheme[]; unsupported?: string } {
  if (!Array.isArray(requirements) || requirements.some((r) => isObject(r) && Object.keys(r).length === 0)) return { schemes: [] };
  const out: SecurityScheme[] = [];
  const refused: string[] = [];
  for (const requirement of requirements) {
    if (!isObject(requirement)) continue;
    const names = Object.keys(requirement);
    // Several schemes at once (a key and a token together): not sent yet, so this alternative is not open to the gate.
    if (names.length > 1) {
      for (const each of names) if (!schemes.has(each)) throw new SuiteInputError(`${THE_CONTRACT}: ${pointer} names security scheme ${each}, which is not defined`);
      refused.push(`${names.join(' and ')} together: a requirement of several schemes at once is not sent yet`);
      continue;
    }
    const [name] = names;
    const scheme = schemes.get(name);
    if (scheme === undefined) throw new SuiteInputError(`${THE_CONTRACT}: ${pointer} names security scheme ${name}, which is not defined`);
    if (typeof scheme === 'string') refused.push(`${name}: ${scheme}`);
    else if (!out.some((s) => s.name === name)) out.push(scheme);
  }
  return out.length === 0 && refused.length > 0 ? { schemes: [], unsupported: refused.join('; ') } : { schemes: out };
}

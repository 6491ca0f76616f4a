import { derefObject, isObject, pointer } from './refs';
import { canonicalJson } from './schema';
import type { Fact, JsonObject } from './types';

// How two versions of an operation differ in who may call it: its security requirements and their schemes.

type Requirement = Record<string, string[]>;

function effectiveSecurity(doc: JsonObject, operation: JsonObject): Requirement[] {
  const security = Array.isArray(operation.security) ? operation.security : Array.isArray(doc.security) ? doc.security : [];
  return security.filter(isObject).map((requirement) =>
    Object.fromEntries(
      Object.entries(requirement).map(([name, scopes]) => [name, Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : []]),
    ),
  );
}

function securityScheme(doc: JsonObject, name: string): JsonObject {
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const scheme = derefObject(doc, schemes[name]);
  return isObject(scheme) ? scheme : {};
}

/** What a client must send for a scheme; the scheme's name and description do not matter to it. */
function schemeFingerprint(scheme: JsonObject): string {
  return canonicalJson({
    type: scheme.type ?? null,
    scheme: typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : null,
    bearerFormat: scheme.bearerFormat ?? null,
    in: scheme.in ?? null,
    name: typeof scheme.name === 'string' && scheme.in === 'header' ? scheme.name.toLowerCase() : (scheme.name ?? null),
    flows: scheme.flows ?? null,
    openIdConnectUrl: scheme.openIdConnectUrl ?? null,
  });
}

function describeScheme(scheme: JsonObject): string {
  switch (scheme.type) {
    case 'oauth2':
      return `oauth2 ${canonicalJson(scheme.flows)}`;
    case 'http':
      return `http ${String(scheme.scheme ?? '?')}${typeof scheme.bearerFormat === 'string' ? `, bearerFormat "${scheme.bearerFormat}"` : ''}`;
    case 'apiKey':
      return `apiKey ${String(scheme.in ?? '?')} "${String(scheme.name ?? '?')}"`;
    case 'openIdConnect':
      return `openIdConnect ${String(scheme.openIdConnectUrl ?? '?')}`;
    default:
      return String(scheme.type ?? 'unknown');
  }
}

function describeRequirements(doc: JsonObject, requirements: Requirement[]): string {
  if (requirements.length === 0) return 'none';
  return requirements
    .map((requirement) => {
      const names = Object.keys(requirement);
      if (names.length === 0) return 'anonymous';
      return names
        .map((name) => {
          const scopes = requirement[name]!;
          return `${name}${scopes.length ? `[${scopes.join(',')}]` : ''} (${describeScheme(securityScheme(doc, name))})`;
        })
        .join(' and ');
    })
    .join(' or ');
}

function requirementIdentity(doc: JsonObject, requirement: Requirement): string {
  return Object.entries(requirement)
    .map(([name, scopes]) => `${schemeFingerprint(securityScheme(doc, name))}${JSON.stringify([...scopes].sort())}`)
    .sort()
    .join('&');
}

/**
 * Security requirements are alternatives (any one satisfies the server). Matching them by what the
 * client must send, not by scheme name, means renaming a scheme is no change, while swapping the
 * developer-key bearer for a Firebase-token bearer is one.
 */
export function diffSecurity(oldDoc: JsonObject, newDoc: JsonObject, oldOperation: JsonObject, newOperation: JsonObject, facts: Fact[]): void {
  const oldRequirements = effectiveSecurity(oldDoc, oldOperation);
  const newRequirements = effectiveSecurity(newDoc, newOperation);
  const oldIds = oldRequirements.map((requirement) => requirementIdentity(oldDoc, requirement));
  const newIds = newRequirements.map((requirement) => requirementIdentity(newDoc, requirement));
  const dropped = oldRequirements.filter((_requirement, index) => !newIds.includes(oldIds[index]!));
  const added = newRequirements.filter((_requirement, index) => !oldIds.includes(newIds[index]!));
  if (dropped.length === 0 && added.length === 0) return;

  // Same scheme names and scopes on both sides: the schemes' definitions changed, so say which.
  if (dropped.length > 0 && sameRequirements(oldRequirements, newRequirements)) {
    const names = [...new Set(oldRequirements.flatMap((requirement) => Object.keys(requirement)))];
    for (const name of names) {
      const [oldScheme, newScheme] = [securityScheme(oldDoc, name), securityScheme(newDoc, name)];
      if (schemeFingerprint(oldScheme) === schemeFingerprint(newScheme)) continue;
      facts.push({
        kind: 'security-scheme-changed',
        side: 'request',
        location: `/security${pointer(name)}`,
        subject: name,
        old: describeScheme(oldScheme),
        new: describeScheme(newScheme),
      });
    }
    return;
  }
  // A client that authenticated the old way is only turned away if its way is gone and anonymous access is not allowed.
  const turnsClientsAway = dropped.length > 0 && !allowsAnonymous(newRequirements);
  facts.push({
    kind: turnsClientsAway ? 'security-changed' : 'security-relaxed',
    side: 'request',
    location: '/security',
    old: describeRequirements(oldDoc, oldRequirements),
    new: describeRequirements(newDoc, newRequirements),
  });
}

function sameRequirements(a: Requirement[], b: Requirement[]): boolean {
  const shape = (requirements: Requirement[]) => requirements.map((r) => canonicalJson(r)).sort().join('|');
  return shape(a) === shape(b);
}

function allowsAnonymous(requirements: Requirement[]): boolean {
  return requirements.length === 0 || requirements.some((requirement) => Object.keys(requirement).length === 0);
}


// Shared shapes for the spec differ.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationKey {
  method: HttpMethod;
  /** The path template as written in the document the key was taken from. */
  path: string;
}

/** Request = what the server accepts from clients; response = what clients receive. */
export type Side = 'request' | 'response';

export type ChangeKind =
  | 'operation-removed'
  | 'operation-added'
  | 'security-changed'
  | 'security-relaxed'
  | 'security-scheme-changed'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-became-required'
  | 'parameter-became-optional'
  | 'body-added'
  | 'body-removed'
  | 'body-became-required'
  | 'body-became-optional'
  | 'media-type-added'
  | 'media-type-removed'
  | 'status-added'
  | 'status-removed'
  | 'header-added'
  | 'header-removed'
  | 'property-added'
  | 'property-removed'
  | 'property-became-required'
  | 'property-became-optional'
  | 'type-widened'
  | 'type-narrowed'
  | 'type-changed'
  | 'constraint-added'
  | 'constraint-removed'
  | 'constraint-tightened'
  | 'constraint-loosened'
  | 'constraint-changed'
  | 'enum-added'
  | 'enum-removed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'format-added'
  | 'format-removed'
  | 'format-changed'
  | 'additional-properties-forbidden'
  | 'additional-properties-allowed'
  | 'variants-added'
  | 'variants-removed'
  | 'variants-changed';

/** A difference found between the two documents, before it is judged. */
export interface Fact {
  kind: ChangeKind;
  side: Side;
  /** JSON pointer relative to the operation, through resolved $refs (e.g. /responses/200/content/application~1json/schema). */
  location: string;
  /** Human-readable values; undefined means "absent". */
  old?: Json;
  new?: Json;
  /** The constraint, parameter, status or scheme field the fact is about, where the kind alone does not say. */
  subject?: string;
  /** For added properties, parameters and bodies: whether the new one is required. */
  required?: boolean;
  /** True inside a 4xx/5xx/default response body, where any shape change matters to error handling. */
  inErrorBody?: boolean;
  /** For status-added/removed: the status code. */
  status?: string;
}

export interface Change extends Fact {
  breaking: boolean;
  /** Upper-case method and path, e.g. "POST /v1/dev/keys". */
  operation: string;
  summary: string;
  reason: string;
}

import type { Fact } from './types';

export interface Verdict {
  breaking: boolean;
  reason: string;
}

const breaking = (reason: string): Verdict => ({ breaking: true, reason });
const fine = (reason: string): Verdict => ({ breaking: false, reason });

/**
 * Judges one difference from the client's point of view. A request schema says what the server
 * accepts, so narrowing it breaks clients; a response schema says what clients receive, so
 * widening it breaks them. Error bodies (4xx/5xx/default) are stricter still: clients parse them
 * to decide what went wrong, so any change to their shape (not only a widening) is breaking.
 */
export function classify(fact: Fact): Verdict {
  const request = fact.side === 'request';
  switch (fact.kind) {
    case 'operation-removed':
      return breaking('clients calling it will fail');
    case 'operation-added':
      return fine('new operation; existing clients do not call it');
    case 'security-changed':
      return breaking('the credentials clients send today are no longer accepted');
    case 'security-relaxed':
      return fine('the old way to authenticate still works');
    case 'security-scheme-changed':
      return breaking('clients must send a different credential');

    case 'parameter-added':
      return fact.required ? breaking('existing clients do not send it') : fine('optional; existing clients may omit it');
    case 'parameter-removed':
      return breaking('clients sending it lose its effect or are rejected');
    case 'parameter-became-required':
      return breaking('clients omitting it will be rejected');
    case 'parameter-became-optional':
      return fine('requests that send it still work');

    case 'body-added':
      if (!request) return fine('clients may ignore the new body');
      return fact.required ? breaking('existing clients send no body') : fine('optional; existing clients may omit it');
    case 'body-removed':
      return request ? breaking('clients sending a body lose its effect or are rejected') : breaking('clients reading the body will find none');
    case 'body-became-required':
      return breaking('clients sending no body will be rejected');
    case 'body-became-optional':
      return fine('requests with a body still work');
    case 'media-type-added':
      return fine(request ? 'accepts one more media type' : 'clients can keep asking for the old media type');
    case 'media-type-removed':
      return request ? breaking('clients sending that media type will be rejected') : breaking('clients parsing that media type will get something else');

    case 'status-added':
      if (fact.status !== undefined && (/^[45]/.test(fact.status) || fact.status === 'default')) {
        return fine('reported, not breaking: every client already has to handle unexpected error statuses; this one is now documented');
      }
      return breaking('clients written for the old success statuses may not handle it');
    case 'status-removed':
      return breaking('clients relying on that documented response lose it');
    case 'header-added':
      return fine('clients may ignore it');
    case 'header-removed':
      return breaking('clients reading it will miss it');

    case 'property-added':
      if (request) return fact.required ? breaking('existing clients do not send it') : fine('optional; existing clients may omit it');
      return fine('clients may ignore it');
    case 'property-removed':
      return request ? breaking('clients sending it lose its effect or are rejected') : breaking('clients reading it will miss it');
    case 'property-became-required':
      return request ? breaking('clients omitting it will be rejected') : fine('now guaranteed; clients lose nothing');
    case 'property-became-optional':
      return request ? fine('requests that send it still work') : breaking('no longer guaranteed; clients may not receive it');

    case 'type-widened':
      return request ? fine('accepts more values') : errorAware(fact, breaking('clients may receive a type they do not handle'));
    case 'type-narrowed':
      return request
        ? breaking('values of the dropped type will be rejected')
        : fact.inErrorBody
          ? breaking('error body shape changed: clients parsing error bodies may fail')
          : fine('clients receive fewer kinds of values');
    case 'type-changed':
      return request ? breaking('values clients send today will be rejected') : errorAware(fact, breaking('clients will receive a type they do not handle'));

    case 'constraint-added':
    case 'constraint-tightened':
      return request ? breaking('values clients send today may be rejected') : fine('clients receive a subset of the old values');
    case 'constraint-removed':
    case 'constraint-loosened':
      return request ? fine('accepts more values') : errorAware(fact, breaking('clients may receive values outside the old bounds'));
    case 'constraint-changed':
      return request ? breaking('values clients send today may be rejected') : errorAware(fact, breaking('clients may receive values outside the old rule'));

    case 'enum-added':
      return request ? breaking('values outside the new list will be rejected') : fine('clients receive a subset of the old values');
    case 'enum-removed':
      return request ? fine('accepts any value now') : errorAware(fact, breaking('widened: clients may receive values outside the old list'));
    case 'enum-value-added':
      return request ? fine('accepts one more value') : errorAware(fact, breaking('clients may receive a value they do not know'));
    case 'enum-value-removed':
      return request ? breaking('clients sending this value will be rejected') : fine('clients no longer receive this value');

    case 'format-added':
      return request ? breaking('values clients send today may be rejected') : fine('clients receive a subset of the old values');
    case 'format-removed':
      return request ? fine('accepts more values') : errorAware(fact, breaking('clients may receive values in another format'));
    case 'format-changed':
      return request ? breaking('values clients send today may be rejected') : errorAware(fact, breaking('clients will receive values in another format'));

    case 'additional-properties-forbidden':
      return request ? breaking('requests with extra properties will be rejected') : fine('clients receive fewer properties');
    case 'additional-properties-allowed':
      // Readers of JSON responses are expected to ignore properties they do not know.
      return request ? fine('accepts more requests') : fine('clients may ignore unknown properties');

    case 'variants-added':
      return request ? fine('accepts more shapes') : errorAware(fact, breaking('clients may receive a shape they do not handle'));
    case 'variants-removed':
      return request
        ? breaking('requests in the dropped shape will be rejected')
        : fact.inErrorBody
          ? breaking('error body shape changed: clients parsing error bodies may fail')
          : fine('clients receive fewer shapes');
    case 'variants-changed':
      return request ? breaking('requests in the old shape may be rejected') : errorAware(fact, breaking('clients may receive a shape they do not handle'));
  }
}

/** Names error-body changes as such, since that is what a reader needs to know about them. */
function errorAware(fact: Fact, verdict: Verdict): Verdict {
  return fact.inErrorBody ? { ...verdict, reason: `error body shape changed: ${verdict.reason}` } : verdict;
}

/** What changed, in a few words (the values go after it). */
export function summarize(fact: Fact): string {
  const bodyKind = fact.side === 'request' ? 'request' : 'response';
  switch (fact.kind) {
    case 'operation-removed':
      return 'operation removed';
    case 'operation-added':
      return 'operation added';
    case 'security-changed':
      return 'auth scheme changed';
    case 'security-relaxed':
      return 'auth alternatives added';
    case 'security-scheme-changed':
      return `security scheme ${fact.subject ?? ''} changed`;
    case 'parameter-added':
      return `new ${fact.required ? 'required' : 'optional'} parameter`;
    case 'parameter-removed':
      return 'parameter removed';
    case 'parameter-became-required':
      return 'parameter became required';
    case 'parameter-became-optional':
      return 'parameter no longer required';
    case 'body-added':
      return fact.side === 'request' ? `new ${fact.required ? 'required' : 'optional'} request body` : 'response body added';
    case 'body-removed':
      return `${bodyKind} body removed`;
    case 'body-became-required':
      return 'request body became required';
    case 'body-became-optional':
      return 'request body no longer required';
    case 'media-type-added':
      return `${bodyKind} media type added`;
    case 'media-type-removed':
      return `${bodyKind} media type removed`;
    case 'status-added':
      return 'status added';
    case 'status-removed':
      return 'status removed';
    case 'header-added':
      return 'response header added';
    case 'header-removed':
      return 'response header removed';
    case 'property-added':
      return `new ${fact.required ? 'required' : 'optional'} property "${fact.subject}"`;
    case 'property-removed':
      return `property "${fact.subject}" removed`;
    case 'property-became-required':
      return `property "${fact.subject}" became required`;
    case 'property-became-optional':
      return `property "${fact.subject}" no longer required`;
    case 'type-widened':
      return 'type widened';
    case 'type-narrowed':
      return 'type narrowed';
    case 'type-changed':
      return 'type changed';
    case 'constraint-added':
      return `constraint ${fact.subject} added`;
    case 'constraint-removed':
      return `constraint ${fact.subject} removed`;
    case 'constraint-tightened':
      return `constraint ${fact.subject} tightened`;
    case 'constraint-loosened':
      return `constraint ${fact.subject} loosened`;
    case 'constraint-changed':
      return `constraint ${fact.subject} changed`;
    case 'enum-added':
      return 'enum added';
    case 'enum-removed':
      return 'enum removed';
    case 'enum-value-added':
      return 'enum value added';
    case 'enum-value-removed':
      return 'enum value removed';
    case 'format-added':
      return 'format added';
    case 'format-removed':
      return 'format removed';
    case 'format-changed':
      return 'format changed';
    case 'additional-properties-forbidden':
      return 'additional properties forbidden';
    case 'additional-properties-allowed':
      return 'additional properties allowed';
    case 'variants-added':
      return 'anyOf/oneOf alternatives added';
    case 'variants-removed':
      return 'anyOf/oneOf alternatives removed';
    case 'variants-changed':
      return 'anyOf/oneOf alternatives changed';
  }
}

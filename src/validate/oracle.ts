import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Contract } from '../contract/load';
import { SuiteInputError, THE_CONTRACT } from '../contract/errors';
import type { SchemaError, SchemaValidator } from '../model/check';
import { sideView } from './views';

const DOCUMENT_ID = 'contract.json';
/** The contract as requests read it (readOnly properties not required), and as responses do (writeOnly ones not). */
const REQUEST_ID = 'request.json';
const RESPONSE_ID = 'response.json';

/**
 * OpenAPI words that are not JSON Schema keywords. Declared so strict mode knows them (an unknown
 * keyword elsewhere is still an error): the document's top level, and schema annotations of OAS 3.1.
 */
const OPENAPI_KEYWORDS = [
  'openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags',
  'example', 'externalDocs', 'xml', 'discriminator',
];


/** The one Ajv of a run: every schema of the contract compiled once, looked up by where it sits. */
export class Oracle implements SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Which view of the contract a pointer is validated against: the request's, the response's, or the one document. */
  private readonly sides = new Map<string, string>();

  constructor(contract: Contract) {
    this.ajv = new Ajv2020({
      // Any contract a user has: keywords JSON Schema does not know (x-...) are annotations, as the
      // standard says, and a format ajv does not know is not checked (formats.ts says which are).
      strict: false,
      logger: false,
      // OAS 3.1 writes "nullable" as a type array (["string", "null"]): union types are the contract's idiom.
      allowUnionTypes: true,
      allErrors: true,
      validateFormats: true,
    });
    addFormats(this.ajv);
    this.ajv.addVocabulary(OPENAPI_KEYWORDS);
    this.ajv.addSchema(contract.doc, DOCUMENT_ID);
    // Each side its own view only where the contract flags a required property readOnly or writeOnly.
    const request = sideView(contract.doc, 'readOnly');
    const response = sideView(contract.doc, 'writeOnly');
    if (request) this.ajv.addSchema(request, REQUEST_ID);
    if (response) this.ajv.addSchema(response, RESPONSE_ID);
    for (const operation of contract.operations) {
      for (const content of operation.requestBody?.content ?? []) this.sides.set(content.pointer, request ? REQUEST_ID : DOCUMENT_ID);
      for (const parameter of operation.parameters) this.sides.set(parameter.pointer, request ? REQUEST_ID : DOCUMENT_ID);
      for (const content of operation.responses.flatMap((r) => r.content)) this.sides.set(content.pointer, response ? RESPONSE_ID : DOCUMENT_ID);
    }
    for (const operation of contract.operations) {
      const media = [
        ...(operation.requestBody?.content ?? []),
        ...operation.responses.flatMap((response) => response.content),
      ];
      for (const content of media) this.compile(content.pointer);
      for (const parameter of operation.parameters) this.compile(parameter.pointer);
    }
  }

  private compile(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      try {
        validate = this.ajv.compile({ $ref: `${this.sides.get(pointer) ?? DOCUMENT_ID}${pointer}` });
      } catch (error) {
        throw new SuiteInputError(`${THE_CONTRACT}: the schema at ${pointer} does not compile: ${(error as Error).message}`);
      }
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  /** Errors of `value` against the schema at `pointer`; empty when it is valid. Never throws for bad data. */
  validate(pointer: string, value: unknown): SchemaError[] {
    const validate = this.compile(pointer);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error: ErrorObject) => ({
      instancePath: error.instancePath,
      // A pointer into the contract, as every report names schemas: without the id ajv knows it by.
      schemaPath: error.schemaPath.replace(/^(?:contract|request|response)\.json/, ''),
      keyword: error.keyword,
      message: error.message ?? error.keyword,
    }));
  }

  isValid(pointer: string, value: unknown): boolean {
    return this.compile(pointer)(value);
  }
}

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

/**
 * Holds every response the tests receive to the OpenAPI document the API serves: a status the
 * operation does not document, another content type, or a body outside its schema fails the test
 * that received it.
 */
export class ContractCheck {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { template: string; pattern: RegExp }[];

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, 'openapi.json');
    this.routes = Object.keys(document.paths)
      .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (template.match(/\{/g) ?? []).length }))
      .sort((a, b) => a.params - b.params);
  }

  /** Throws when `res` is not what the document promises for `method url`. */
  check(method: string, url: string, res: Response): void {
    const path = new URL(url, 'http://x').pathname;
    const route = this.routes.find((r) => r.pattern.test(path));
    if (!route) return; // not an operation of the API (the console, the docs, an unknown route's 404)
    const operation = this.document.paths[route.template][method.toLowerCase()];
    if (!operation) return; // 404 for a method the route does not have
    const where = `${method} ${route.template} → ${res.status}`;
    const response = operation.responses?.[String(res.status)];
    if (!response) throw new Error(`contract: ${where} is not a documented status (${Object.keys(operation.responses ?? {}).join(', ')})`);
    if (!response.content) {
      if (res.text) throw new Error(`contract: ${where} documents no body but got ${res.text.slice(0, 200)}`);
      return;
    }
    const type = String(res.headers['content-type'] ?? '').split(';')[0];
    const media = response.content[type];
    if (!media) throw new Error(`contract: ${where} answered ${type}, documented ${Object.keys(response.content).join(', ')}`);
    if (!/json$/.test(type)) return; // a file: its type is what the document can promise
    const validate = this.validator(`${route.template} ${method} ${res.status} ${type}`, media.schema);
    if (!validate(res.body)) {
      throw new Error(`contract: ${where} body does not match its schema: ${this.ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
    }
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as object);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** Local `#/components/...` references, resolved against the registered document. */
function rebase(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema ?? {}).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/'));
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
import { z } from 'zod';
import { contract, PROBLEM_CODES } from './response-schemas';
import { problemRef } from './api-contract.decorator';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The served OpenAPI 3.1 document: routes from the controllers, shapes from the contract registry. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Rectify API')
    .setDescription('整改台账, 12345热线工单 and 问责 cases: life cycle, deadlines, escalation and audit trail')
    .setVersion('1')
    .setLicense('Proprietary', 'https://www.gnu.org/licenses/license-list.html#NonFreeSoftware')
    .addServer('/', 'the server that serves this document')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const { schemas } = z.toJSONSchema(contract, { target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, SchemaObject & { $schema?: string; $id?: string }>;
  };
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...stripSchemaKeys(schemas), ...problems() } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as (Record<string, unknown> & { security?: unknown }) | undefined;
      if (!operation) continue;
      if (operation['x-public']) {
        operation.security = [];
        delete operation['x-public'];
      } else {
        delete operation.security;
      }
    }
  }
  return document;
}

/** `$schema` and `$id` belong to standalone JSON Schemas, not to OpenAPI components. */
function stripSchemaKeys(schemas: Record<string, SchemaObject & { $schema?: string; $id?: string }>): Record<string, SchemaObject> {
  return Object.fromEntries(Object.entries(schemas).map(([name, { $schema: _s, $id: _i, ...schema }]) => [name, schema]));
}

/** One problem schema per status, its `code` narrowed to what that status carries. */
function problems(): Record<string, SchemaObject> {
  return Object.fromEntries(
    Object.entries(PROBLEM_CODES).map(([status, codes]) => [
      problemRef(Number(status)).split('/').pop()!,
      // OpenAPI 3.1 schemas are JSON Schema 2020-12 (`const`), wider than the library's 3.0 type.
      { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { status: { const: Number(status) }, code: { enum: codes } } }] } as SchemaObject,
    ]),
  );
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { describeAccess } from '../access/openapi-scopes';
import { BEARER_SCHEME } from './api-errors.decorator';

/** `Integrations_listTools`: unique across controllers, readable in generated clients. */
const operationId = (controllerKey: string, methodKey: string): string =>
  `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;

/**
 * The OpenAPI document served at /api/docs-json and read by `npm run gen:api-types`.
 * Every operation takes the bearer token unless it is marked public (ApiPublic), so a new
 * route is documented as guarded by default, as request-guards.hook.ts treats it.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Patchbay')
    .setDescription(
      'Wires MCP servers into an application: registry, client, routing, secrets, health.',
    )
    .setVersion('0.1.0')
    .setLicense('UNLICENSED', 'https://spdx.org/licenses/')
    // Relative: the document describes the instance that serves it.
    .addServer('/', 'This Patchbay instance')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        // An opaque token, not the JWT @nestjs/swagger assumes.
        bearerFormat: undefined,
        description: 'PATCHBAY_API_TOKEN, when one is set.',
      },
      BEARER_SCHEME,
    )
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  // The scope each operation needs (x-required-scope), as the request guards enforce it.
  return describeAccess(
    SwaggerModule.createDocument(app, config, { operationIdFactory: operationId }),
  );
}

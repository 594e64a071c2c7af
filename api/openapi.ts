import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { pathParamsSchema } from './middleware/boundary.ts';
import type { RouteSpec } from './routes/define.ts';
import { openApiPath } from './routes/define.ts';

const problem = {
  description: 'Error (application/problem+json, localized by Accept-Language)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object' as const,
        properties: {
          type: { type: 'string' as const },
          title: { type: 'string' as const },
          status: { type: 'integer' as const },
          code: { type: 'string' as const },
          detail: { type: 'string' as const },
          errors: { type: 'array' as const, items: { type: 'object' as const } },
        },
      },
    },
  },
};

const binary = { type: 'string' as const, format: 'binary' };

/** A multipart/form-data body with one `file` part. */
const uploadBody = (description: string) => ({
  description,
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: { file: binary },
        required: ['file'],
      },
    },
  },
});

/** The OpenAPI 3.1 document, generated from the same zod schemas the domain validates with. */
export const buildOpenApi = (routes: RouteSpec[]) => {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sabak_session',
  });
  registry.registerComponent('securitySchemes', 'botService', {
    type: 'http',
    scheme: 'bearer',
    description:
      'Service token of the bot; the header X-Telegram-User-Id names the Telegram user it acts for.',
  });
  for (const route of routes) {
    const params = pathParamsSchema(route.path);
    registry.registerPath({
      method: route.method,
      path: `/api/v1${openApiPath(route.path)}`,
      summary: route.summary,
      tags: [route.tag],
      security: [{ session: [] }, { botService: [] }],
      request: {
        ...(params ? { params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.body
          ? { body: { content: { 'application/json': { schema: route.body } } } }
          : {}),
        ...(route.upload ? { body: uploadBody(route.upload.description) } : {}),
      },
      responses: {
        [route.status ?? 200]: route.produces
          ? { description: 'The file', content: { [route.produces]: { schema: binary } } }
          : { description: 'Success' },
        400: problem,
        401: problem,
        403: problem,
        404: problem,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Sabak API',
      version: '1',
      description:
        'Electronic class journal and diary for schools in Kyrgyzstan. Open API: schools are never locked in.',
    },
    servers: [{ url: '/' }],
  });
};

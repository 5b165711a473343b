import type { Route } from '../route.js';
import { propertiesOf, schemaOf } from './codec-schema.js';

/** The OpenAPI 3 document, generated from the same route table the router is built from. */
export const openApiDocument = (routes: readonly Route[], version: string, apiKeys: boolean) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...(route.params ? propertiesOf(route.params).map((p) => ({ name: p.name, in: 'path', required: true, schema: p.schema })) : []),
      ...(route.query ? propertiesOf(route.query).map((p) => ({ name: p.name, in: 'query', required: p.required, schema: p.schema })) : []),
    ];
    (paths[route.path] ??= {})[route.method] = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      operationId: `${route.method}_${route.path.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } } } : {}),
      responses: Object.fromEntries(Object.entries(route.responses).map(([status, description]) => [status, { description }])),
      ...(apiKeys && !route.public ? { security: [{ apiKey: [] }] } : {}),
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'WhatsNext', version, description: 'Job queue and scheduler; wire-compatible with the WhatsNext REST API.' },
    paths,
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
  };
};

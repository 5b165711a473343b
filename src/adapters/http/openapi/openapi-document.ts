import { failure, invalid, type ResponseSpec } from '../answers/responses.js';
import type { Route } from '../route.js';
import { propertiesOf, schemaOf, type Schema } from './codec-schema.js';

/** The name of the API-key scheme in the document (swagger-ui's Authorize button uses it). */
export const API_KEY_SCHEME = 'apiKey';

const responseObject = (spec: ResponseSpec) => {
  if ('json' in spec) return { description: spec.description, content: { 'application/json': { schema: schemaOf(spec.json, { closed: true }) } } };
  if ('media' in spec) {
    const schema: Schema = spec.media === 'application/octet-stream' ? { type: 'string', contentMediaType: spec.media } : { type: 'string' };
    return { description: spec.description, content: { [spec.media]: { schema } } };
  }
  return { description: spec.description };
};

/**
 * Answers every route gives by construction (mount-routes.ts, the middleware), unless the route
 * describes them itself: 422 when a path, query or body does not decode; 400 for a body nested
 * too deep; 401 and 403 when API keys are on.
 */
const inherentResponses = (route: Route, apiKeys: boolean): Record<number, ResponseSpec> => {
  const responses: Record<number, ResponseSpec> = {};
  if (route.body) responses[400] = failure('The JSON body nests too deep');
  if (route.params || route.query || route.body) responses[422] = invalid('Invalid path, query or body');
  if (apiKeys && !route.public) {
    responses[401] = failure('No X-API-Key header');
    responses[403] = failure('The X-API-Key is not one of the keys');
  }
  return responses;
};

/** The OpenAPI 3.1 document, generated from the same route table the router is built from; answers from the answer codecs. */
export const openApiDocument = (routes: readonly Route[], version: string, apiKeys: boolean) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...(route.params ? propertiesOf(route.params).map((p) => ({ name: p.name, in: 'path', required: true, schema: p.schema })) : []),
      ...(route.query ? propertiesOf(route.query).map((p) => ({ name: p.name, in: 'query', required: p.required, schema: p.schema })) : []),
    ];
    const responses = { ...inherentResponses(route, apiKeys), ...route.responses };
    (paths[route.path] ??= {})[route.method] = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      operationId: `${route.method}_${route.path.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } } } : {}),
      responses: Object.fromEntries(Object.entries(responses).map(([status, spec]) => [status, responseObject(spec)])),
      ...(apiKeys && !route.public ? { security: [{ [API_KEY_SCHEME]: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'WhatsNext', version, description: 'Job queue and scheduler; wire-compatible with the WhatsNext REST API.' },
    paths,
    components: { securitySchemes: { [API_KEY_SCHEME]: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
  };
};

import * as E from 'fp-ts/lib/Either.js';
import { DOCS_PAGE } from '../openapi/docs-page.js';
import { route, type Route } from '../route.js';

/** `/openapi.json` and `/docs`; the document is built once from the final route table. */
export const docsRoutes = (document: () => unknown): Route[] => [
  route({
    method: 'get',
    path: '/openapi.json',
    tag: 'docs',
    summary: 'The OpenAPI 3 document of this API',
    public: true,
    responses: { 200: 'OpenAPI document' },
    handle: async () => E.right({ status: 200, body: document() }),
  }),
  route({
    method: 'get',
    path: '/docs',
    tag: 'docs',
    summary: 'A page that renders the OpenAPI document',
    public: true,
    responses: { 200: 'HTML page' },
    handle: async ({ ctx }) => {
      ctx.type = 'text/html';
      ctx.body = DOCS_PAGE;
      return E.right({ status: 200 });
    },
  }),
];

import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { failure, file, json, page } from '../answers/responses.js';
import { DOCS_PAGE } from '../openapi/docs-page.js';
import { SwaggerUiAssets } from '../openapi/swagger-ui-assets.js';
import { route, type Route } from '../route.js';

const AssetParams = t.type({ asset: t.string });

/** `/openapi.json` and `/docs` (swagger-ui and its files); the document is built once from the final route table. */
export const docsRoutes = (document: () => unknown, assets: SwaggerUiAssets = new SwaggerUiAssets()): Route[] => [
  route({
    method: 'get',
    path: '/openapi.json',
    tag: 'docs',
    summary: 'The OpenAPI 3.1 document of this API',
    public: true,
    responses: { 200: json('OpenAPI document', t.UnknownRecord) },
    handle: async () => E.right({ status: 200, body: document() }),
  }),
  route({
    method: 'get',
    path: '/docs',
    tag: 'docs',
    summary: 'swagger-ui over the OpenAPI document, with "Try it out"',
    public: true,
    responses: { 200: page('HTML page') },
    handle: async ({ ctx }) => {
      ctx.type = 'text/html';
      ctx.body = DOCS_PAGE;
      return E.right({ status: 200 });
    },
  }),
  route({
    method: 'get',
    path: '/docs/{asset}',
    tag: 'docs',
    summary: "A file of swagger-ui (script, style sheet, icon), from the swagger-ui-dist package",
    public: true,
    params: AssetParams,
    responses: { 200: file('The file'), 404: failure('Not one of the files the page loads') },
    handle: async ({ ctx, params }) => {
      const asset = await assets.read(params.asset);
      if (asset === null) return E.right({ status: 404, body: { detail: 'Not Found' } });
      ctx.type = asset.contentType;
      // The package's files change only with its version: a day of caching spares a 1.8 MB reload.
      ctx.set('Cache-Control', 'public, max-age=86400');
      ctx.body = asset.body;
      return E.right({ status: 200 });
    },
  }),
];

import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Context } from 'koa';
import { DashboardAssets, type DashboardAsset } from '../ui/dashboard-assets.js';
import { failure, file, page } from '../answers/responses.js';
import { route, type Route } from '../route.js';

const AssetParams = t.type({ asset: t.string });

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>WhatsNext dashboard</title>
<p>The dashboard is not built. Run <code>npm run build:ui</code> (<code>npm start</code> and <code>npm run build</code> do it), then reload.</p>`;

const serve = (ctx: Context, asset: DashboardAsset): void => {
  ctx.type = asset.contentType;
  // Rebuilds keep the same names: revalidate rather than cache blindly.
  ctx.set('Cache-Control', 'no-cache');
  ctx.body = asset.body;
};

/**
 * The web dashboard: a static page and its bundle, public like /docs (the page itself asks for
 * the API key when the API answers 401; it holds no data of its own).
 */
export const uiRoutes = (assets: DashboardAssets = new DashboardAssets()): Route[] => [
  route({
    method: 'get',
    path: '/ui',
    collection: true,
    tag: 'docs',
    summary: 'The web dashboard (projects, queues, jobs, DAGs, workers)',
    public: true,
    responses: { 200: page('HTML page'), 404: page('The dashboard is not built (npm run build:ui)') },
    handle: async ({ ctx }) => {
      const page = await assets.read('index.html');
      if (page === null) {
        ctx.type = 'text/html';
        ctx.body = NOT_BUILT_PAGE;
        return E.right({ status: 404 });
      }
      serve(ctx, page);
      return E.right({ status: 200 });
    },
  }),
  route({
    method: 'get',
    path: '/ui/{asset}',
    tag: 'docs',
    summary: "A file of the dashboard's build (script, style sheet)",
    public: true,
    params: AssetParams,
    responses: { 200: file('The file'), 404: failure('No such file in the build') },
    handle: async ({ ctx, params }) => {
      const asset = await assets.read(params.asset);
      if (asset === null) return E.right({ status: 404, body: { detail: 'Not Found' } });
      serve(ctx, asset);
      return E.right({ status: 200 });
    },
  }),
];

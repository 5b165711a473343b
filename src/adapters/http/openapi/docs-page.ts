import { API_KEY_SCHEME } from './openapi-document.js';

/** The dashboard's key for this tab (ui/src/api-key-dialog.ts): the page pre-authorizes with it. */
const DASHBOARD_KEY_STORAGE = 'whatsnext.apiKey';

/**
 * swagger-ui over /openapi.json, its files served from /docs (no CDN). "Try it out" is on;
 * Authorize takes the API key (the `apiKey` scheme: the X-API-Key header) and every request of
 * an operation that needs it sends it.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>WhatsNext API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  onComplete: () => {
    const key = sessionStorage.getItem(${JSON.stringify(DASHBOARD_KEY_STORAGE)});
    if (key) window.ui.preauthorizeApiKey(${JSON.stringify(API_KEY_SCHEME)}, key);
  },
});
</script>
</body>
</html>
`;

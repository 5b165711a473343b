/**
 * A self-contained page (no CDN: it works offline) that reads /openapi.json and lists every
 * route with its parameters, body and answers.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>WhatsNext API</title>
<style>
  body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #222; }
  h1 { margin-bottom: 0; } .sub { color: #666; margin-top: 0; }
  details { border: 1px solid #ddd; border-radius: 6px; margin: .4rem 0; padding: .3rem .8rem; }
  summary { cursor: pointer; } code, pre { font: 13px ui-monospace, monospace; }
  .m { display: inline-block; width: 4.5rem; font-weight: 600; text-transform: uppercase; }
  .get { color: #0a7; } .post { color: #07c; } .put { color: #c70; } .delete { color: #c33; }
  table { border-collapse: collapse; } td, th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
  pre { background: #f6f6f6; padding: .5rem; overflow: auto; }
</style>
</head>
<body>
<h1>WhatsNext API</h1>
<p class="sub">Generated from <a href="/openapi.json">/openapi.json</a>.</p>
<div id="routes">Loading…</div>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
fetch('/openapi.json').then((r) => r.json()).then((doc) => {
  const out = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters || []).map((p) => '<tr><td><code>' + esc(p.name) + '</code></td><td>' + esc(p.in) + (p.required ? ', required' : '') + '</td><td>' + esc(JSON.stringify(p.schema)) + '</td></tr>').join('');
      const body = op.requestBody ? '<p>Body:</p><pre>' + esc(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)) + '</pre>' : '';
      const answers = Object.entries(op.responses).map(([s, r]) => '<tr><td>' + esc(s) + '</td><td>' + esc(r.description) + '</td></tr>').join('');
      out.push('<details><summary><span class="m ' + method + '">' + method + '</span><code>' + esc(path) + '</code> — ' + esc(op.summary) + '</summary>' +
        (op.description ? '<p>' + esc(op.description) + '</p>' : '') +
        (params ? '<table><tr><th>parameter</th><th>in</th><th>schema</th></tr>' + params + '</table>' : '') + body +
        '<table><tr><th>status</th><th>meaning</th></tr>' + answers + '</table></details>');
    }
  }
  document.getElementById('routes').innerHTML = out.join('');
}).catch((e) => { document.getElementById('routes').textContent = 'Could not load /openapi.json: ' + e; });
</script>
</body>
</html>
`;

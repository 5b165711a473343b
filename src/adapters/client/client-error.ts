/** Why a call to the server did not give the expected answer. */
export type ClientError =
  | { readonly _tag: 'ApiError'; readonly status: number; readonly detail: string; readonly message: string }
  | { readonly _tag: 'Unreachable'; readonly url: string; readonly message: string }
  | { readonly _tag: 'Timeout'; readonly url: string; readonly message: string }
  | { readonly _tag: 'BadResponse'; readonly url: string; readonly message: string };

/** The server's `detail`: a message, or a 422 list of `{loc, msg}` made readable. */
export const detailText = (body: unknown, fallback: string): string => {
  if (typeof body !== 'object' || body === null || !('detail' in body)) return fallback;
  const detail = body.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((issue: unknown) => {
        if (typeof issue !== 'object' || issue === null) return String(issue);
        const loc = 'loc' in issue && Array.isArray(issue.loc) ? issue.loc.filter((p: unknown) => p !== 'body' && p !== 'query' && p !== 'path').join('.') : '';
        const msg = 'msg' in issue ? String(issue.msg) : JSON.stringify(issue);
        return loc ? `${loc}: ${msg}` : msg;
      })
      .join('; ');
  }
  return JSON.stringify(detail);
};

export const apiError = (status: number, body: unknown, statusText: string): ClientError => {
  const detail = detailText(body, statusText || `HTTP ${status}`);
  return { _tag: 'ApiError', status, detail, message: `${detail} (HTTP ${status})` };
};

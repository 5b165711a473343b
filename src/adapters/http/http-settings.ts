/**
 * What the REST service is configured with (env: WHATSNEXT_API_KEYS, WHATSNEXT_RATE_LIMIT,
 * WHATSNEXT_CORS_ORIGINS, WHATSNEXT_BODY_LIMIT, WHATSNEXT_TRUST_PROXY).
 */
export interface HttpSettings {
  /** With keys, every route but health and docs needs `X-API-Key`. Empty: auth off (the default). */
  readonly apiKeys: readonly string[];
  /** Requests per client IP and minute; null: no limit (the default). */
  readonly rateLimitPerMinute: number | null;
  /** Allowed CORS origins (`*` for any); empty: CORS off (the default). */
  readonly corsOrigins: readonly string[];
  /** Largest accepted JSON body, e.g. `1mb`; past it, 413. */
  readonly bodyLimit: string;
  /**
   * How many reverse proxies in front append to `X-Forwarded-For`: the client's address is the
   * entry that many hops from the end (what the outermost trusted proxy saw), so a client cannot
   * spoof it by sending the header itself. 0: the header is ignored (the default).
   */
  readonly trustedProxies: number;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = { apiKeys: [], rateLimitPerMinute: null, corsOrigins: [], bodyLimit: '5mb', trustedProxies: 0 };

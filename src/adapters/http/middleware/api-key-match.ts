import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * Whether an offered API key is one of `keys`, in time that depends on neither the offered key
 * nor how much of it matches: both sides are SHA-256 digests (always 32 bytes, so lengths never
 * differ and never short-circuit), compared with timingSafeEqual against every key, all of them
 * every time.
 */
export const apiKeyMatcher = (keys: readonly string[]): ((offered: string) => boolean) => {
  const digests = keys.map(digest);
  return (offered) => {
    const candidate = digest(offered);
    let matched = false;
    for (const known of digests) matched = timingSafeEqual(candidate, known) || matched;
    return matched;
  };
};

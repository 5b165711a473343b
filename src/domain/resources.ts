/** What a task needs from a worker. */
export interface Requirements {
  readonly cpu: number;
  readonly accelerators: number;
  readonly memoryMb: number;
}

/**
 * What a worker offers for one claim. `null` in a dimension means "no filter" — the original
 * WhatsNext's `available_cpu=0` semantics, which the HTTP edge maps to null.
 */
export interface Offer {
  readonly cpu: number | null;
  readonly accelerators: number | null;
  readonly memoryMb: number | null;
}

export const DEFAULT_REQUIREMENTS: Requirements = { cpu: 1, accelerators: 0, memoryMb: 0 };
export const UNLIMITED_OFFER: Offer = { cpu: null, accelerators: null, memoryMb: null };

const within = (need: number, offered: number | null): boolean => offered === null || need <= offered;

export const fits = (need: Requirements, offer: Offer): boolean =>
  within(need.cpu, offer.cpu) && within(need.accelerators, offer.accelerators) && within(need.memoryMb, offer.memoryMb);

/** The original's compatibility rule: an offered 0 means "do not filter on this dimension". */
export const offerFromLegacy = (cpu: number, accelerators: number, memoryMb = 0): Offer => ({
  cpu: cpu > 0 ? cpu : null,
  accelerators: accelerators > 0 ? accelerators : null,
  memoryMb: memoryMb > 0 ? memoryMb : null,
});

/**
 * What is left of `registered` once `held` is taken: negative in a dimension where a worker
 * registered 0 ("no filter") or less than the jobs it holds ask for.
 */
export const unheld = (registered: Requirements, held: Requirements): Requirements => ({
  cpu: registered.cpu - held.cpu,
  accelerators: registered.accelerators - held.accelerators,
  memoryMb: registered.memoryMb - held.memoryMb,
});

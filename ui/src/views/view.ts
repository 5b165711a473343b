/** A page of the dashboard: renders into `root`, returns what stops its timers when left. */
export type View = (root: HTMLElement, path: readonly string[], query: URLSearchParams) => Promise<(() => void) | void>;

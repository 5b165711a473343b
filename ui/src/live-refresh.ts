/** Re-runs `refresh` every `ms` while the view is shown; never two at once (a slow server is not flooded). */
export const liveRefresh = (ms: number, refresh: () => Promise<void>): (() => void) => {
  let stopped = false;
  let timer: number | undefined;
  const tick = async () => {
    try {
      await refresh();
    } catch {
      // The next tick tries again; the view shows its last good state meanwhile.
    }
    if (!stopped) timer = window.setTimeout(tick, ms);
  };
  timer = window.setTimeout(tick, ms);
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
};

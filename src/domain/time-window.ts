/** A span of time, `since` included, `until` excluded. */
export interface TimeWindow {
  readonly since: Date;
  readonly until: Date;
}

export const MINUTE_MS = 60_000;

/** The start of the UTC minute holding `at`. */
export const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);

/** Every minute that overlaps the window, oldest first. */
export const minutesOf = (window: TimeWindow): Date[] => {
  const minutes: Date[] = [];
  for (let at = minuteOf(window.since).getTime(); at < window.until.getTime(); at += MINUTE_MS) minutes.push(new Date(at));
  return minutes;
};

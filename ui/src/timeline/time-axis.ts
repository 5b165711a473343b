import { svg } from '../svg.js';

/** Maps instants of a window onto x pixels. */
export interface TimeScale {
  readonly since: number;
  readonly until: number;
  readonly left: number;
  readonly width: number;
}

export const xOf = (scale: TimeScale, at: number): number =>
  scale.left + (Math.min(Math.max(at, scale.since), scale.until) - scale.since) / (scale.until - scale.since) * scale.width;

const clock = (at: number): string => new Date(at).toISOString().slice(11, 16);

/** Ticks along the bottom at `y`, about six, on round minutes, in UTC. */
export const timeAxis = (scale: TimeScale, y: number): SVGElement => {
  const span = scale.until - scale.since;
  const step = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000].find((ms) => span / ms <= 8) ?? 21_600_000;
  const axis = svg('g', { class: 'time-axis' }, svg('line', { x1: scale.left, x2: scale.left + scale.width, y1: y, y2: y }));
  for (let at = Math.ceil(scale.since / step) * step; at <= scale.until; at += step) {
    const x = xOf(scale, at);
    axis.append(svg('line', { x1: x, x2: x, y1: y, y2: y + 4 }), svg('text', { x, y: y + 16, 'text-anchor': 'middle' }, clock(at)));
  }
  return axis;
};

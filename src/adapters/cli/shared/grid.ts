import { usageError } from './cli-failure.js';
import { splitAssignment, typeParamValue, type ParamEntries, type ParamValue } from './param-value.js';

/** One swept parameter and its values, in order. */
export interface GridDimension {
  readonly key: string;
  readonly values: readonly ParamValue[];
}

/** The most points a sweep may have (a product beyond this is a mistake, not a plan). */
export const MAX_GRID_POINTS = 10_000_000;

const RANGE = /^([+-]?\d+)\.\.([+-]?\d+)(?:\.\.(\d+))?$/;

/** `a..b` or `a..b..step`: integers from a to b inclusive (descending when b < a). */
const expandRange = (text: string, spec: string): ParamValue[] | null => {
  const match = RANGE.exec(text.trim());
  if (!match) return null;
  const from = Number(match[1]);
  const to = Number(match[2]);
  const step = match[3] === undefined ? 1 : Number(match[3]);
  if (step === 0) throw usageError(`--grid ${spec}: a range step must be at least 1`);
  const count = Math.floor(Math.abs(to - from) / step) + 1;
  if (count > MAX_GRID_POINTS) throw usageError(`--grid ${spec}: the range has ${count} values`);
  const sign = to >= from ? 1 : -1;
  return Array.from({ length: count }, (_, i) => typeParamValue(String(from + sign * i * step)));
};

/** `key=v1,v2,…` where each item is a value (typed as --param) or an integer range `a..b[..step]`. */
export const parseGridSpec = (spec: string): GridDimension => {
  const [key, list] = splitAssignment(spec, '--grid');
  const items = list.split(',');
  if (items.some((item) => item.trim() === '')) throw usageError(`--grid ${spec}: empty value in the list`);
  const values = items.flatMap((item) => expandRange(item, spec) ?? [typeParamValue(item)]);
  return { key, values };
};

/** The dimensions of `--grid` options; a key given twice is a usage error. */
export const parseGrid = (specs: readonly string[]): GridDimension[] => {
  const dimensions = specs.map(parseGridSpec);
  const keys = new Set<string>();
  for (const { key } of dimensions) {
    if (keys.has(key)) throw usageError(`--grid ${key} is given twice`);
    keys.add(key);
  }
  return dimensions;
};

export const gridSize = (dimensions: readonly GridDimension[]): number => dimensions.reduce((size, d) => size * d.values.length, 1);

/** The point at `index` of the cartesian product, the first dimension varying slowest. */
export const gridPoint = (dimensions: readonly GridDimension[], index: number): ParamEntries => {
  const entries: [string, ParamValue][] = [];
  let rest = index;
  for (let d = dimensions.length - 1; d >= 0; d--) {
    const { key, values } = dimensions[d]!;
    entries.unshift([key, values[rest % values.length]!]);
    rest = Math.floor(rest / values.length);
  }
  return entries;
};

const checkedSize = (dimensions: readonly GridDimension[]): number => {
  const size = gridSize(dimensions);
  if (size > MAX_GRID_POINTS) throw usageError(`the grid has ${size} points, more than ${MAX_GRID_POINTS}`);
  return size;
};

/** Every point of the grid, in order. */
export const expandGrid = (dimensions: readonly GridDimension[]): ParamEntries[] =>
  Array.from({ length: checkedSize(dimensions) }, (_, i) => gridPoint(dimensions, i));

/** mulberry32: a small seeded generator, enough to pick reproducible points. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * `count` distinct points of the grid chosen at random (Floyd's algorithm), the same for the same
 * seed, returned in grid order.
 */
export const randomGridPoints = (dimensions: readonly GridDimension[], count: number, seed: number): ParamEntries[] => {
  const size = checkedSize(dimensions);
  if (count > size) throw usageError(`--random ${count} asks for more points than the grid has (${size})`);
  const random = seededRandom(seed);
  const chosen = new Set<number>();
  for (let j = size - count; j < size; j++) {
    const pick = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(pick) ? j : pick);
  }
  return [...chosen].sort((a, b) => a - b).map((index) => gridPoint(dimensions, index));
};

/** The time source; the domain never reads a clock. */
export interface Clock {
  now(): Date;
}
export const Clock = Symbol.for('whatsnext.Clock');

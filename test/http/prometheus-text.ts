/** One sample line of the Prometheus text format: `name{label="value",…} value`. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const unescape = (value: string): string => value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Every sample of an exposition, in order; comment lines (HELP, TYPE) left out. Throws on a line it cannot read. */
export const parseExposition = (text: string): Sample[] =>
  text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (match === null) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((label) => [label[1]!, unescape(label[2]!)]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });

/** The samples named `name`, each as its labels (those not in `ignore`) and value: what a test compares whole. */
export const samplesOf = (samples: readonly Sample[], name: string, ignore: readonly string[] = []) =>
  samples
    .filter((sample) => sample.name === name)
    .map((sample) => ({ labels: Object.fromEntries(Object.entries(sample.labels).filter(([key]) => !ignore.includes(key))), value: sample.value }));

/** The metric types an exposition declares (`# TYPE name type`). */
export const typesOf = (text: string): Map<string, string> =>
  new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1]!, match[2]!]));

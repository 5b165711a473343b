import Table from 'cli-table3';
import type { Colors } from './terminal.js';

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};

/** Aligned columns for people: a header row, no borders. */
export const renderTable = (colors: Colors, headers: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string => {
  const table = new Table({
    head: headers.map((h) => colors.bold(h)),
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return `${table.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
};

/** `label  value` lines, labels aligned. */
export const renderFields = (colors: Colors, fields: readonly (readonly [string, string | number | null | undefined])[]): string => {
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${colors.bold(label.padEnd(width))}  ${value ?? ''}\n`).join('');
};

/** Shortens text for a table cell. */
export const clip = (text: string, max = 60): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

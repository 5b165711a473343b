/** One series of the plot: a name, a colour and its points (depth, milliseconds). */
export interface Series {
  readonly name: string;
  readonly colour: string;
  readonly points: readonly (readonly [number, number])[];
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 24, top: 40, bottom: 56 };

const escapeXml = (text: string): string => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** A line plot with a log-scaled x axis (queue depth) and a linear y axis from 0 (ms), as SVG text. */
export const latencyPlot = (title: string, series: readonly Series[]): string => {
  const depths = series.flatMap((s) => s.points.map(([depth]) => depth));
  const values = series.flatMap((s) => s.points.map(([, ms]) => ms));
  const [minDepth, maxDepth] = [Math.min(...depths), Math.max(...depths)];
  const top = Math.max(...values) * 1.15 || 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const span = Math.log10(maxDepth) - Math.log10(minDepth) || 1;
  const x = (depth: number) => MARGIN.left + ((Math.log10(depth) - Math.log10(minDepth)) / span) * plotWidth;
  const y = (ms: number) => MARGIN.top + plotHeight - (ms / top) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotHeight}" x2="${MARGIN.left + plotWidth}" y2="${MARGIN.top + plotHeight}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotHeight}" stroke="black"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 14}" text-anchor="middle">pending jobs (log scale)</text>`,
    `<text x="16" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotHeight / 2})">ms</text>`,
  ];
  for (const depth of [...new Set(depths)].sort((a, b) => a - b)) {
    parts.push(`<line x1="${x(depth)}" y1="${MARGIN.top + plotHeight}" x2="${x(depth)}" y2="${MARGIN.top + plotHeight + 5}" stroke="black"/>`);
    parts.push(`<text x="${x(depth)}" y="${MARGIN.top + plotHeight + 20}" text-anchor="middle">${depth.toLocaleString('en')}</text>`);
  }
  for (let step = 0; step <= 4; step++) {
    const ms = (top / 4) * step;
    parts.push(`<line x1="${MARGIN.left - 5}" y1="${y(ms)}" x2="${MARGIN.left + plotWidth}" y2="${y(ms)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y(ms) + 4}" text-anchor="end">${ms.toFixed(1)}</text>`);
  }
  series.forEach((s, index) => {
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${points.map(([d, ms]) => `${x(d).toFixed(1)},${y(ms).toFixed(1)}`).join(' ')}"/>`);
    for (const [d, ms] of points) parts.push(`<circle cx="${x(d).toFixed(1)}" cy="${y(ms).toFixed(1)}" r="3.5" fill="${s.colour}"><title>${d}: ${ms.toFixed(2)} ms</title></circle>`);
    const legendY = MARGIN.top + 8 + index * 18;
    parts.push(`<line x1="${MARGIN.left + 16}" y1="${legendY}" x2="${MARGIN.left + 40}" y2="${legendY}" stroke="${s.colour}" stroke-width="2"/>`);
    parts.push(`<text x="${MARGIN.left + 46}" y="${legendY + 4}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
};

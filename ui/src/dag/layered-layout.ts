/**
 * A simple layered layout for a DAG: each node sits one layer below its deepest dependency
 * (longest path), ordered in its layer by the mean position of its parents (one barycentre
 * sweep). Wide layers wrap into rows so that thousands of independent jobs stay in view.
 * Linear-ish in nodes and edges: fast enough for tens of thousands in a worker.
 */

export const NODE_GAP_X = 24;
export const ROW_GAP_Y = 28;
export const LAYER_GAP_Y = 64;
export const MAX_ROW_WIDTH = 120;

export interface Layout {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly layers: number;
}

/** `edges` holds pairs (dependency index, dependent index) over nodes 0..count-1. */
export const layeredLayout = (count: number, edges: Int32Array): Layout => {
  const indegree = new Int32Array(count);
  const outStart = new Int32Array(count + 1);
  const inStart = new Int32Array(count + 1);
  for (let e = 0; e < edges.length; e += 2) {
    outStart[edges[e]! + 1]!++;
    inStart[edges[e + 1]! + 1]!++;
    indegree[edges[e + 1]!]!++;
  }
  for (let i = 0; i < count; i++) {
    outStart[i + 1]! += outStart[i]!;
    inStart[i + 1]! += inStart[i]!;
  }
  const children = new Int32Array(edges.length / 2);
  const parents = new Int32Array(edges.length / 2);
  const outFill = outStart.slice(0, count);
  const inFill = inStart.slice(0, count);
  for (let e = 0; e < edges.length; e += 2) {
    children[outFill[edges[e]!]!++] = edges[e + 1]!;
    parents[inFill[edges[e + 1]!]!++] = edges[e]!;
  }

  // Longest-path layers in topological order (Kahn); a node on a cycle (never stored) stays on layer 0.
  const layer = new Int32Array(count);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < count; i++) if (indegree[i] === 0) queue[tail++] = i;
  while (head < tail) {
    const node = queue[head++]!;
    for (let c = outStart[node]!; c < outStart[node + 1]!; c++) {
      const child = children[c]!;
      if (layer[node]! + 1 > layer[child]!) layer[child] = layer[node]! + 1;
      if (--indegree[child]! === 0) queue[tail++] = child;
    }
  }

  let layers = 0;
  for (let i = 0; i < count; i++) layers = Math.max(layers, layer[i]! + 1);
  const members: number[][] = Array.from({ length: layers }, () => []);
  for (let i = 0; i < count; i++) members[layer[i]!]!.push(i);

  const x = new Float32Array(count);
  const y = new Float32Array(count);
  const barycentre = new Float64Array(count);
  let top = 0;
  for (let l = 0; l < layers; l++) {
    const nodes = members[l]!;
    if (l > 0) {
      for (const node of nodes) {
        let sum = 0;
        for (let p = inStart[node]!; p < inStart[node + 1]!; p++) sum += x[parents[p]!]!;
        const parentCount = inStart[node + 1]! - inStart[node]!;
        barycentre[node] = parentCount === 0 ? 0 : sum / parentCount;
      }
      nodes.sort((a, b) => barycentre[a]! - barycentre[b]! || a - b);
    }
    const rows = Math.ceil(nodes.length / MAX_ROW_WIDTH);
    for (let i = 0; i < nodes.length; i++) {
      const row = Math.floor(i / MAX_ROW_WIDTH);
      const inRow = row < rows - 1 ? MAX_ROW_WIDTH : nodes.length - row * MAX_ROW_WIDTH;
      x[nodes[i]!] = ((i % MAX_ROW_WIDTH) - (inRow - 1) / 2) * NODE_GAP_X;
      y[nodes[i]!] = top + row * ROW_GAP_Y;
    }
    top += (rows - 1) * ROW_GAP_Y + LAYER_GAP_Y;
  }
  return { x, y, layers };
};

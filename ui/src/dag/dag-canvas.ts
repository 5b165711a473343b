import { OTHER_TASK, STATUS_COLOURS } from './status-colours.js';

const NODE_SIZE = 12;
const CLICK_SLOP_PX = 4;
/** Edges are the costly part of a frame (thousands of antialiased lines): they are redrawn in slices of this many. */
const EDGES_PER_SLICE = 1_500;
/** Edges are redrawn once the view has been still this long; meanwhile the last drawing follows the gesture. */
const EDGES_IDLE_MS = 120;

export interface DagGraph {
  readonly ids: Int32Array;
  readonly statuses: Uint8Array;
  readonly edges: Int32Array;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

/**
 * Draws a laid-out DAG on two stacked canvases: nodes on top, redrawn every frame (one path per
 * colour, off-screen ones skipped, labels only when zoomed in), and edges below. While the view
 * moves, the edge layer is only moved and scaled by CSS; once still, it is redrawn off screen in
 * slices of a few milliseconds and swapped in at once, so no frame waits for thousands of lines.
 * Drag pans, the wheel zooms about the pointer, a click on a node opens it. Nodes that stand for
 * another task are labelled at any zoom: there are few, and they say where the links lead.
 */
export class DagCanvas {
  private graph: DagGraph | null = null;
  private scale = 1;
  private offsetX = 0;
  private offsetY = 0;
  private highlighted = -1;
  private frame = 0;
  private drag: { x: number; y: number; moved: boolean } | null = null;
  /** Called after each draw with the number of nodes drawn (the first one is timed by the view). */
  onDrawn: (drawn: number) => void = () => {};
  /** A node's label: its job id, unless the view names it otherwise (a node for another task). */
  label: (id: number) => string = String;

  private readonly canvas: HTMLCanvasElement;
  private readonly edgeCanvas: HTMLCanvasElement;
  /** The view the edge layer was drawn for. */
  private edgeView = { scale: 1, offsetX: 0, offsetY: 0 };
  private edgeTimer = 0;
  private edgeGeneration = 0;

  constructor(
    container: HTMLElement,
    private readonly open: (jobId: number) => void,
  ) {
    this.edgeCanvas = document.createElement('canvas');
    this.edgeCanvas.className = 'dag-edges';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'dag-nodes';
    container.append(this.edgeCanvas, this.canvas);
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (event) => {
      this.drag = { x: event.clientX, y: event.clientY, moved: false };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (this.drag === null) return;
      const dx = event.clientX - this.drag.x;
      const dy = event.clientY - this.drag.y;
      if (!this.drag.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
      this.drag = { x: event.clientX, y: event.clientY, moved: true };
      this.offsetX += dx;
      this.offsetY += dy;
      this.redraw();
    });
    canvas.addEventListener('pointerup', (event) => {
      const wasClick = this.drag !== null && !this.drag.moved;
      this.drag = null;
      if (!wasClick) return;
      const rect = canvas.getBoundingClientRect();
      const hit = this.nodeAt(event.clientX - rect.left, event.clientY - rect.top);
      if (hit >= 0) this.open(this.graph!.ids[hit]!);
    });
    canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const rect = canvas.getBoundingClientRect();
        this.zoomAbout(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-event.deltaY * 0.0015));
      },
      { passive: false },
    );
    new ResizeObserver(() => {
      this.redraw();
      this.redrawEdges();
    }).observe(canvas);
  }

  /** The canvas that receives the pointer (for tests and the bench: its data attributes). */
  get element(): HTMLCanvasElement {
    return this.canvas;
  }

  /** A new graph; `structureChanged` false means only statuses changed (the edges stay as drawn). */
  setGraph(graph: DagGraph, fit: boolean, structureChanged = true): void {
    this.graph = graph;
    if (fit) this.fit();
    this.redraw();
    if (structureChanged) this.redrawEdges();
  }

  /** The whole graph in view (small graphs are not blown up past 1:1.5). */
  fit(): void {
    const graph = this.graph;
    if (graph === null || graph.ids.length === 0) return;
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < graph.ids.length; i++) {
      minX = Math.min(minX, graph.x[i]!);
      maxX = Math.max(maxX, graph.x[i]!);
      minY = Math.min(minY, graph.y[i]!);
      maxY = Math.max(maxY, graph.y[i]!);
    }
    const { width, height } = this.size();
    this.scale = Math.min(1.5, (width - 40) / (maxX - minX + NODE_SIZE), (height - 40) / (maxY - minY + NODE_SIZE));
    this.offsetX = width / 2 - ((minX + maxX) / 2) * this.scale;
    this.offsetY = height / 2 - ((minY + maxY) / 2) * this.scale;
    this.redraw();
  }

  /** Centres a job, zoomed in enough to read its label, and rings it. False when it is not drawn. */
  centreOn(jobId: number): boolean {
    const index = this.graph === null ? -1 : this.graph.ids.indexOf(jobId);
    if (index < 0) return false;
    const { width, height } = this.size();
    this.scale = Math.max(this.scale, 1.5);
    this.offsetX = width / 2 - this.graph!.x[index]! * this.scale;
    this.offsetY = height / 2 - this.graph!.y[index]! * this.scale;
    this.highlighted = index;
    this.redraw();
    return true;
  }

  zoomAbout(screenX: number, screenY: number, factor: number): void {
    const scale = Math.min(8, Math.max(0.02, this.scale * factor));
    this.offsetX = screenX - ((screenX - this.offsetX) * scale) / this.scale;
    this.offsetY = screenY - ((screenY - this.offsetY) * scale) / this.scale;
    this.scale = scale;
    this.redraw();
  }

  /** Draws once per animation frame, however many changes came in between. */
  redraw(): void {
    this.followWithEdges();
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const started = performance.now();
      this.draw();
      // Read by the bench (npm run bench:ui): what one frame of the graph costs the page.
      this.canvas.dataset['drawMs'] = (performance.now() - started).toFixed(1);
    });
  }

  private size(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  private nodeAt(screenX: number, screenY: number): number {
    const graph = this.graph;
    if (graph === null) return -1;
    const worldX = (screenX - this.offsetX) / this.scale;
    const worldY = (screenY - this.offsetY) / this.scale;
    // A node is hard to hit when zoomed out: accept a few pixels around it.
    const reach = NODE_SIZE / 2 + CLICK_SLOP_PX / this.scale;
    let best = -1;
    let bestDistance = Infinity;
    for (let i = 0; i < graph.ids.length; i++) {
      const dx = Math.abs(graph.x[i]! - worldX);
      const dy = Math.abs(graph.y[i]! - worldY);
      if (dx <= reach && dy <= reach && dx + dy < bestDistance) {
        best = i;
        bestDistance = dx + dy;
      }
    }
    return best;
  }

  /** A 2D context sized to the element's box at the device's pixel ratio, in CSS pixels, cleared. */
  private prepared(canvas: HTMLCanvasElement | OffscreenCanvas, width: number, height: number): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D {
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return context;
  }

  /** Moves and scales the last edge drawing with the view (CSS only), and asks for a redraw once still. */
  private followWithEdges(): void {
    const k = this.scale / this.edgeView.scale;
    const dx = this.offsetX - this.edgeView.offsetX * k;
    const dy = this.offsetY - this.edgeView.offsetY * k;
    this.edgeCanvas.style.transform = `translate(${dx}px, ${dy}px) scale(${k})`;
    this.redrawEdges();
  }

  /** Redraws the edges off screen, a slice per task, then swaps them in; a newer view abandons it. */
  private redrawEdges(): void {
    window.clearTimeout(this.edgeTimer);
    const generation = ++this.edgeGeneration;
    this.edgeTimer = window.setTimeout(() => {
      const graph = this.graph;
      if (graph === null) return;
      const view = { scale: this.scale, offsetX: this.offsetX, offsetY: this.offsetY };
      const { width, height } = this.size();
      // Hidden or left (the element has no box): nothing to draw until it is shown again.
      if (width === 0 || height === 0) return;
      const layer = new OffscreenCanvas(1, 1);
      const context = this.prepared(layer, width, height);
      context.strokeStyle = '#c9ced6';
      context.lineWidth = 1;
      const half = (NODE_SIZE / 2) * view.scale;
      let next = 0;
      const slice = () => {
        if (generation !== this.edgeGeneration || !this.canvas.isConnected) return;
        const end = Math.min(graph.edges.length, next + EDGES_PER_SLICE * 2);
        context.beginPath();
        for (let e = next; e < end; e += 2) {
          const from = graph.edges[e]!;
          const to = graph.edges[e + 1]!;
          const x1 = graph.x[from]! * view.scale + view.offsetX, y1 = graph.y[from]! * view.scale + view.offsetY;
          const x2 = graph.x[to]! * view.scale + view.offsetX, y2 = graph.y[to]! * view.scale + view.offsetY;
          if (Math.max(x1, x2) < 0 || Math.min(x1, x2) > width || Math.max(y1, y2) < 0 || Math.min(y1, y2) > height) continue;
          context.moveTo(x1, y1 + half);
          context.lineTo(x2, y2 - half);
        }
        context.stroke();
        next = end;
        if (next < graph.edges.length) {
          window.setTimeout(slice, 0);
          return;
        }
        const visible = this.prepared(this.edgeCanvas, width, height);
        visible.setTransform(1, 0, 0, 1, 0, 0);
        visible.drawImage(layer, 0, 0);
        this.edgeView = view;
        const k = this.scale / view.scale;
        this.edgeCanvas.style.transform = `translate(${this.offsetX - view.offsetX * k}px, ${this.offsetY - view.offsetY * k}px) scale(${k})`;
        this.edgeCanvas.dataset['edges'] = String(graph.edges.length / 2);
      };
      slice();
    }, EDGES_IDLE_MS);
  }

  private draw(): void {
    const graph = this.graph;
    const { width, height } = this.size();
    const context = this.prepared(this.canvas, width, height);
    if (graph === null) return;
    const { scale, offsetX, offsetY } = this;
    const half = (NODE_SIZE / 2) * scale;
    const visible = (sx: number, sy: number) => sx > -half && sx < width + half && sy > -half && sy < height + half;

    const size = Math.max(2, NODE_SIZE * scale);
    let drawn = 0;
    for (let status = 0; status < STATUS_COLOURS.length; status++) {
      context.beginPath();
      for (let i = 0; i < graph.ids.length; i++) {
        if (graph.statuses[i] !== status) continue;
        const sx = graph.x[i]! * scale + offsetX;
        const sy = graph.y[i]! * scale + offsetY;
        if (!visible(sx, sy)) continue;
        context.rect(sx - size / 2, sy - size / 2, size, size);
        drawn++;
      }
      context.fillStyle = STATUS_COLOURS[status]!;
      context.fill();
    }
    if (this.highlighted >= 0 && this.highlighted < graph.ids.length) {
      const sx = graph.x[this.highlighted]! * scale + offsetX;
      const sy = graph.y[this.highlighted]! * scale + offsetY;
      context.strokeStyle = '#111';
      context.lineWidth = 2;
      context.strokeRect(sx - size / 2 - 3, sy - size / 2 - 3, size + 6, size + 6);
    }
    context.fillStyle = '#222';
    context.font = '10px system-ui, sans-serif';
    context.textAlign = 'center';
    for (let i = 0; i < graph.ids.length; i++) {
      if (scale < 1.2 && graph.statuses[i] !== OTHER_TASK) continue;
      const sx = graph.x[i]! * scale + offsetX;
      const sy = graph.y[i]! * scale + offsetY;
      if (visible(sx, sy)) context.fillText(this.label(graph.ids[i]!), sx, sy - size / 2 - 3);
    }
    this.onDrawn(drawn);
  }
}

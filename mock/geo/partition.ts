import type { Random } from './random';

const LLOYD_ROUNDS = 8;

function nearest(cx: Float64Array, cy: Float64Array, x: number, y: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let j = 0; j < cx.length; j++) {
    const d = (cx[j] - x) ** 2 + (cy[j] - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = j;
    }
  }
  return best;
}

/** k-means++ seeding then a few Lloyd rounds: k centres spread over the cells by their mass. */
function centres(xs: Float64Array, ys: Float64Array, k: number, random: Random): [Float64Array, Float64Array] {
  const n = xs.length;
  const cx = new Float64Array(k);
  const cy = new Float64Array(k);
  const d2 = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(random() * n);
  for (let j = 0; j < k; j++) {
    cx[j] = xs[pick];
    cy[j] = ys[pick];
    let total = 0;
    for (let i = 0; i < n; i++) {
      d2[i] = Math.min(d2[i], (xs[i] - cx[j]) ** 2 + (ys[i] - cy[j]) ** 2);
      total += d2[i];
    }
    let target = random() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= d2[i];
      if (target < 0) {
        pick = i;
        break;
      }
    }
  }
  for (let round = 0; round < LLOYD_ROUNDS; round++) {
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const count = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const j = nearest(cx, cy, xs[i], ys[i]);
      sx[j] += xs[i];
      sy[j] += ys[i];
      count[j] += 1;
    }
    for (let j = 0; j < k; j++) {
      if (count[j] > 0) {
        cx[j] = sx[j] / count[j];
        cy[j] = sy[j] / count[j];
      }
    }
  }
  return [cx, cy];
}

/**
 * Splits lattice cells (ids `row * cols + col`) into k compact regions: k-means places one
 * seed cell per region, then the regions grow from their seeds over edge-adjacent cells, so
 * each region is contiguous within its connected piece of the set. Returns each cell's region.
 */
export function partition(cells: Int32Array, cols: number, k: number, random: Random): Int32Array {
  const n = cells.length;
  const labels = new Int32Array(n).fill(-1);
  if (k <= 1) return labels.fill(0);
  if (k > n) throw new Error(`cannot split ${n} cells into ${k} regions`);
  const xs = Float64Array.from(cells, (cell) => cell % cols);
  const ys = Float64Array.from(cells, (cell) => Math.floor(cell / cols));
  const [cx, cy] = centres(xs, ys, k, random);
  const indexOf = new Map<number, number>();
  cells.forEach((cell, i) => indexOf.set(cell, i));
  const queue: number[] = [];
  for (let j = 0; j < k; j++) {
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < n; i++) {
      const d = (xs[i] - cx[j]) ** 2 + (ys[i] - cy[j]) ** 2;
      if (labels[i] === -1 && d < bestD) {
        bestD = d;
        best = i;
      }
    }
    labels[best] = j;
    queue.push(best);
  }
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    const cell = cells[i];
    const col = cell % cols;
    const neighbours = [col > 0 ? cell - 1 : -1, col < cols - 1 ? cell + 1 : -1, cell - cols, cell + cols];
    for (const next of neighbours) {
      const j = next < 0 ? undefined : indexOf.get(next);
      if (j !== undefined && labels[j] === -1) {
        labels[j] = labels[i];
        queue.push(j);
      }
    }
  }
  for (let i = 0; i < n; i++) if (labels[i] === -1) labels[i] = nearest(cx, cy, xs[i], ys[i]);
  return labels;
}

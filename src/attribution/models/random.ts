export { mulberry32 } from '../../shared/random.js';

/** Fisher–Yates shuffle in place. */
export function shuffle(a: Int32Array | number[], random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

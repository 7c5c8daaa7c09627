/**
 * A Bloom filter of (workspace, id) pairs (issue 14: ingestion asks it whether an event id may be
 * stored before asking the store). "No" is certain; "maybe" is wrong for about 0.8% of absent
 * pairs at 10 bits and 7 probes per pair while a layer holds at most its capacity. It grows by
 * layers, each twice the capacity of the last, so it never refuses a pair and never needs the
 * pairs again; a pair is looked for in every layer.
 */
export const bloomBitsPerId = 10;
const probes = 7;

interface Layer {
  bits: Uint32Array;
  size: number;
  capacity: number;
  count: number;
}

export class BloomFilter {
  private readonly layers: Layer[] = [];

  constructor(capacity: number) {
    this.addLayer(Math.max(1024, Math.ceil(capacity)));
  }

  /** Bytes of memory the bit arrays take. */
  get bytes(): number {
    return this.layers.reduce((s, l) => s + l.bits.byteLength, 0);
  }

  /** Pairs added (repeats counted). */
  get count(): number {
    return this.layers.reduce((s, l) => s + l.count, 0);
  }

  add(workspaceId: string, id: string): void {
    let layer = this.layers[this.layers.length - 1];
    if (layer.count >= layer.capacity) layer = this.addLayer(layer.capacity * 2);
    layer.count += 1;
    const [h1, h2] = hashPair(workspaceId, id);
    for (let i = 0; i < probes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const at = bit % layer.size;
      layer.bits[at >>> 5] |= 1 << (at & 31);
    }
  }

  /** False: the pair was never added. True: it may have been. */
  mightContain(workspaceId: string, id: string): boolean {
    const [h1, h2] = hashPair(workspaceId, id);
    for (const layer of this.layers) if (inLayer(layer, h1, h2)) return true;
    return false;
  }

  private addLayer(capacity: number): Layer {
    const size = Math.ceil((capacity * bloomBitsPerId) / 32) * 32;
    const layer = { bits: new Uint32Array(size / 32), size, capacity, count: 0 };
    this.layers.push(layer);
    return layer;
  }
}

function inLayer(layer: Layer, h1: number, h2: number): boolean {
  for (let i = 0; i < probes; i++) {
    const at = ((h1 + Math.imul(i, h2)) >>> 0) % layer.size;
    if ((layer.bits[at >>> 5] & (1 << (at & 31))) === 0) return false;
  }
  return true;
}

const pair: [number, number] = [0, 0];

/** Two independent 32-bit hashes of `workspace \0 id` (FNV-1a and a Murmur-style mix, each finalised). */
function hashPair(workspaceId: string, id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const step = (c: number) => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  };
  for (let i = 0; i < workspaceId.length; i++) step(workspaceId.charCodeAt(i));
  step(0);
  for (let i = 0; i < id.length; i++) step(id.charCodeAt(i));
  pair[0] = mix(a);
  // An odd step visits different bits on every probe.
  pair[1] = mix(b) | 1;
  return pair;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

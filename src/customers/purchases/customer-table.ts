/**
 * Customer ids numbered in order of first appearance, kept as UTF-8 bytes in one buffer and
 * looked up by an open-addressing hash of those bytes: a file reader can number a million
 * customers without making a string or a `Map` entry for each. Ids are decoded only when asked.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class CustomerTable {
  private bytes = new Uint8Array(1 << 20);
  private used = 0;
  /** Customer c's bytes are bytes[offsets[c], offsets[c + 1]). */
  private offsets = new Int32Array(1 << 16);
  private hashes = new Int32Array(1 << 16);
  /** Customer index + 1 per slot, 0 when empty. */
  private slots = new Int32Array(1 << 17);
  size = 0;

  /** The index of the id in bytes[from, to), numbering it when it is new. */
  indexOfBytes(source: Uint8Array, from: number, to: number): number {
    let hash = 0x811c9dc5;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ source[i], 0x01000193);
    const mask = this.slots.length - 1;
    const length = to - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      const c = entry - 1;
      if (this.hashes[c] !== hash) continue;
      const start = this.offsets[c];
      if (this.offsets[c + 1] - start !== length) continue;
      let same = true;
      for (let k = 0; same && k < length; k++) same = this.bytes[start + k] === source[from + k];
      if (same) return c;
    }
    return this.append(source, from, to, hash);
  }

  /** The index of an id given as text. */
  indexOf(id: string): number {
    const bytes = encoder.encode(id);
    return this.indexOfBytes(bytes, 0, bytes.length);
  }

  /**
   * The id of customer c, decoded each time: a million ids kept as strings would be garbage the
   * collector copies and promotes while a prediction writes them out once.
   */
  id(c: number): string {
    return decoder.decode(this.bytes.subarray(this.offsets[c], this.offsets[c + 1]));
  }

  private append(source: Uint8Array, from: number, to: number, hash: number): number {
    const c = this.size;
    if (c + 2 > this.offsets.length) {
      this.offsets = grown(this.offsets, this.offsets.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    const length = to - from;
    if (this.used + length > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      bytes.set(this.bytes.subarray(0, this.used));
      this.bytes = bytes;
    }
    for (let k = 0; k < length; k++) this.bytes[this.used + k] = source[from + k];
    this.offsets[c] = this.used;
    this.used += length;
    this.offsets[c + 1] = this.used;
    this.hashes[c] = hash;
    this.size = c + 1;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(c);
    return c;
  }

  private place(c: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[c] & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = c + 1;
  }

  private rehash(slotCount: number): void {
    this.slots = new Int32Array(slotCount);
    for (let c = 0; c < this.size; c++) this.place(c);
  }
}

function grown(values: Int32Array, length: number) {
  const out = new Int32Array(length);
  out.set(values);
  return out;
}

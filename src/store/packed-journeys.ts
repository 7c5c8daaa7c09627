/**
 * Journeys packed to cross to a worker thread (issue 12 #7). A store's
 * journeys as objects cost the event loop twice: building them from the
 * result rows, and copying the object graph to the worker (structured
 * clone, on the sending thread). Packed, they are a few UTF-8 JSON texts and
 * conversion values on SharedArrayBuffers: the store writes them a result
 * chunk at a time (the event loop runs between chunks), a worker reads them
 * without a copy, and `unpackJourneys` gives exactly the journeys the store's
 * `journeys` gives.
 *
 * @example unpackJourneys(packJourneys(journeys)) // deep-equals journeys
 */
import type { Journey } from './journeys.js';

/** One slice of journeys: a JSON array of `[person, conversion id | null, conversion ts | null, touches]`, and each journey's conversion value. */
export interface PackedJourneyChunk {
  /** UTF-8 JSON text (on a SharedArrayBuffer). */
  text: Uint8Array;
  /** Conversion values, 0 for a journey without conversion (on a SharedArrayBuffer). */
  values: Float64Array;
  /** Journeys with a conversion in this chunk. */
  conversions: number;
}

export interface PackedJourneys {
  chunks: PackedJourneyChunk[];
}

/** Result columns of one chunk of journey rows, touches still as the JSON text the store produced (null: none). */
export interface JourneyColumns {
  person: readonly string[];
  /** Null (or empty) for a journey without a conversion. */
  conversionId: readonly (string | null)[];
  conversionTs: readonly (string | null)[];
  value: readonly (number | null)[];
  touches: readonly (string | null)[];
}

/** Packs one chunk of result columns (the touches' JSON text is copied as it is). */
export function packJourneyColumns(cols: JourneyColumns): PackedJourneyChunk {
  const n = cols.person.length;
  const parts: string[] = new Array(n);
  const values = new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
  let conversions = 0;
  for (let i = 0; i < n; i++) {
    const id = cols.conversionId[i];
    if (id) conversions++;
    const conversion = id ? `${JSON.stringify(id)},${JSON.stringify(cols.conversionTs[i])}` : 'null,null';
    parts[i] = `[${JSON.stringify(cols.person[i])},${conversion},${cols.touches[i] || '[]'}]`;
    values[i] = id ? Number(cols.value[i] ?? 0) : 0;
  }
  return { text: sharedUtf8(`[${parts.join(',')}]`), values, conversions };
}

/** Packs journeys a store built as objects (stores that do not read them in chunks). */
export function packJourneys(journeys: readonly Journey[]): PackedJourneys {
  return {
    chunks: [
      packJourneyColumns({
        person: journeys.map((j) => j.person),
        conversionId: journeys.map((j) => j.conversion?.id ?? null),
        conversionTs: journeys.map((j) => j.conversion?.ts ?? null),
        value: journeys.map((j) => j.conversion?.value ?? null),
        touches: journeys.map((j) => JSON.stringify(j.touches)),
      }),
    ],
  };
}

/** The journeys of a pack, in order. */
export function unpackJourneys(packed: PackedJourneys): Journey[] {
  const out: Journey[] = [];
  const decoder = new TextDecoder();
  for (const chunk of packed.chunks) {
    const rows = JSON.parse(decoder.decode(chunk.text)) as [string, string | null, string, Journey['touches']][];
    rows.forEach(([person, id, ts, touches], i) => {
      out.push({ person, conversion: id ? { id, ts, value: chunk.values[i] } : null, touches });
    });
  }
  return out;
}

/** Journeys with a conversion in a pack. */
export function packedConversions(packed: PackedJourneys): number {
  return packed.chunks.reduce((n, c) => n + c.conversions, 0);
}

/** A string's UTF-8 bytes on a SharedArrayBuffer (shared with a worker, not copied). */
function sharedUtf8(text: string): Uint8Array {
  const bytes = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text, 'utf8')));
  new TextEncoder().encodeInto(text, bytes);
  return bytes;
}

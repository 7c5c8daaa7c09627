/**
 * No text a request stores in the metadata store may hold a NUL character: PostgreSQL's text and
 * jsonb refuse it (the embedded store took it, the scale store answered 500). Request bodies of
 * every non-tracking operation are searched (keys and string values, iteratively: a body may be
 * thousands of levels deep); tracking events keep theirs, the event stores take them.
 */

/** The path of the first key or string in `value` holding `\u0000`, or undefined. */
export function nulCharacterPath(value: unknown): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (key.includes('\u0000')) return [...path, key];
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

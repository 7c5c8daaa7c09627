/** Small zod shapes several operations share. */
import { z } from 'zod';

/** A calendar day, YYYY-MM-DD. */
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A metric's value: a number, or null where it is undefined (a rate over nothing). */
export const metricValue = z.number().nullable();

/** Leaves out the keys whose value is undefined (a CLI flag not given). */
export function given(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

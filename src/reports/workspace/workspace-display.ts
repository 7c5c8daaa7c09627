/**
 * How a workspace shows its dates and money: the calendar (`gregorian` or
 * `jalali`: month buckets, date presets and week start follow it) and, for
 * rial workspaces, whether amounts are shown in toman (1 toman = 10 rials;
 * stored amounts stay in IRR, only the dashboard divides).
 */
import { z } from 'zod';
import { invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import type { Workspace } from '../../records/workspace.js';
import { defaultCalendar, holidaySets, type CalendarKind, type WorkspaceCalendar } from './holidays.js';

export const calendarKinds: readonly CalendarKind[] = ['gregorian', 'jalali'];
export const irrDisplays = ['rial', 'toman'] as const;
export type IrrDisplay = (typeof irrDisplays)[number];

/** Where a workspace's calendar choice is kept (metadata document). */
export const calendarDocument = { collection: 'settings', id: 'calendar' } as const;

const calendarSchema = z.object({
  calendar: z.enum(['gregorian', 'jalali']),
  holiday_sets: z.array(z.enum(holidaySets)).default([]),
  extra: z.array(z.object({ date: z.string(), name: z.string().optional() })).default([]),
});

/** The workspace's calendar: the `settings/calendar` document when present and valid, else a default from its currency and time zone. */
export async function workspaceCalendar(store: Store, ws: Workspace): Promise<WorkspaceCalendar> {
  const doc = await store.getDocument<unknown>(ws.id, calendarDocument.collection, calendarDocument.id);
  const parsed = doc === undefined ? undefined : calendarSchema.safeParse(doc);
  return parsed?.success ? parsed.data : defaultCalendar(ws);
}

const displayDocument = { collection: 'settings', id: 'display' } as const;
const displaySchema = z.object({ irr_display: z.enum(irrDisplays) });

export interface WorkspaceDisplay {
  calendar: CalendarKind;
  irr_display: IrrDisplay;
}

/** The workspace's calendar (its saved choice, else the default from currency and time zone) and IRR display. */
export async function workspaceDisplay(store: Store, ws: Workspace): Promise<WorkspaceDisplay> {
  const calendar = await workspaceCalendar(store, ws);
  const doc = displaySchema.safeParse(await store.getDocument<unknown>(ws.id, displayDocument.collection, displayDocument.id));
  return { calendar: calendar.calendar, irr_display: doc.success ? doc.data.irr_display : 'rial' };
}

/** Checks a change of calendar or IRR display; throws `invalid_input` naming the field. */
export function parseDisplayChange(body: { calendar?: unknown; irr_display?: unknown }, field: (key: 'calendar' | 'irr_display') => string = (key) => `body.${key}`): Partial<WorkspaceDisplay> {
  const change: Partial<WorkspaceDisplay> = {};
  if (body.calendar !== undefined) {
    if (!calendarKinds.includes(body.calendar as CalendarKind)) throw invalid(field('calendar'), 'must be "gregorian" or "jalali"');
    change.calendar = body.calendar as CalendarKind;
  }
  if (body.irr_display !== undefined) {
    if (!irrDisplays.includes(body.irr_display as IrrDisplay)) throw invalid(field('irr_display'), 'must be "rial" or "toman"');
    change.irr_display = body.irr_display as IrrDisplay;
  }
  return change;
}

/** Saves a checked change; the calendar keeps its holiday sets and the workspace's own dated events. */
export async function saveDisplayChange(store: Store, ws: Workspace, change: Partial<WorkspaceDisplay>): Promise<void> {
  if (change.calendar !== undefined) {
    const current = await workspaceCalendar(store, ws);
    await store.putDocument(ws.id, calendarDocument.collection, calendarDocument.id, { ...current, calendar: change.calendar });
  }
  if (change.irr_display !== undefined) await store.putDocument(ws.id, displayDocument.collection, displayDocument.id, { irr_display: change.irr_display });
}

/**
 * The part of the demo load that runs in a worker thread: generating the
 * world, enriching its events and writing them to spool-format files. The
 * server's event loop stays free meanwhile, so `/health` and the dashboard
 * answer at once while the world is made.
 */
import { generateDemoWorld } from '../demo/generate.js';
import type { DemoOptions } from '../demo/world/types.js';
import type { ChannelRule } from '../records/channel-rule.js';
import { writeWorldEventFiles, type PreparedWorld } from '../demo/load-world.js';

/** What the worker sends as it goes: the world without its events (to store while the events are written), then each events file. */
export type WorldPart = { kind: 'world'; world: PreparedWorld['world']; events: number } | { kind: 'file'; file: PreparedWorld['eventFiles'][number] };

/** Generates the world of `options` and writes its enriched events under `dir`; everything else comes back as data, and `onPart` hears each part as soon as it is made. */
export function prepareDemoWorld(options: DemoOptions, workspaceId: string, rules: ChannelRule[], dir: string, onPart?: (part: WorldPart) => void): PreparedWorld {
  const world = generateDemoWorld(options);
  const { events, ...rest } = world;
  onPart?.({ kind: 'world', world: rest, events: events.length });
  const eventFiles = writeWorldEventFiles(world, workspaceId, rules, dir, (file) => onPart?.({ kind: 'file', file }));
  return { world: rest, eventFiles };
}

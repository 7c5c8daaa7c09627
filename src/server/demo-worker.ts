/**
 * The part of the demo load that runs in a worker thread: generating the
 * world, enriching its events and writing them to spool-format files. The
 * server's event loop stays free meanwhile, so `/health` and the dashboard
 * answer at once while the world is made.
 */
import { generateDemoWorld } from '../demo/generate.js';
import type { DemoOptions } from '../demo/types.js';
import type { ChannelRule } from '../ingest/channel-rules.js';
import { writeWorldEventFiles, type PreparedWorld } from '../ingest/load-world.js';

/** Generates the world of `options` and writes its enriched events under `dir`; everything else comes back as data. */
export function prepareDemoWorld(options: DemoOptions, workspaceId: string, rules: ChannelRule[], dir: string): PreparedWorld {
  const world = generateDemoWorld(options);
  const eventFiles = writeWorldEventFiles(world, workspaceId, rules, dir);
  const { events: _events, ...rest } = world;
  return { world: rest, eventFiles };
}

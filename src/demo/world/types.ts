import type { DemoTruth } from '../../records/demo-truth.js';
import type { OrderRefund } from '../../partners/credited-conversion.js';
import type { Partner, Program } from '../../records/partners.js';
import type { TrackingLink } from '../../records/workspace.js';
import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord } from '../../records/events.js';

/** Options of `generateDemoWorld`; every field has a default so the output is deterministic. */
export interface DemoOptions {
  /** PRNG seed (integer), default 42. */
  seed?: number;
  /** Length of the window in days, default 90. */
  days?: number;
  /** Number of simulated people (each has one or two anonymous ids), default 100,000. */
  visitors?: number;
  /** Last day of the window, YYYY-MM-DD; the library default is 2026-11-20, the CLI and server default to yesterday. */
  endDate?: string;
  /** Workspace base currency (EUR, USD, IRR or VND), default EUR. */
  currency?: string;
}

/** A complete simulated world: canonical records plus the truth behind them. */
export interface DemoWorld {
  events: EventRecord[];
  spend: SpendRecord[];
  orders: OrderRecord[];
  leads: LeadRecord[];
  truth: DemoTruth;
  rates: RateRecord[];
  /** The partner programmes, partners and refunds (issue 16); their truth is `truth.partners`. */
  partners: DemoPartnerWorld;
}

export type DemoProgram = Omit<Program, 'workspace_id'>;
export type DemoPartner = Omit<Partner, 'workspace_id'>;

/** The partner programmes of a world (issue 16); the workspace is set when the world is loaded. */
export interface DemoPartnerWorld {
  programs: DemoProgram[];
  partners: DemoPartner[];
  /** The partners' tracking links (`partners[].links`), so `/c/:slug` works on the loaded world. */
  links: TrackingLink[];
  /** Refunds of credited orders (no store port holds refunds: they go through the refund operation). */
  refunds: OrderRefund[];
}

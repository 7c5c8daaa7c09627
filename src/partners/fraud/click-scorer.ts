/**
 * Signals of single partner clicks, in one pass over clicks in time order (a stream: memory holds
 * only the last minute's bursts and the lookup caches, so 10M clicks need no more than 10K).
 *
 * - bot_user_agent: `isbot` recognises the user agent (a crawler, a headless browser, an HTTP library);
 * - missing_user_agent: no user agent at all;
 * - hosting_network: the truncated address is announced by a hosting ASN (`hosting-asns.ts`);
 * - ad_click_id: the click carried an ad platform's click id (brand bidding);
 * - no_landing_view: no page view of the visitor followed within 30 minutes (cookie stuffing);
 * - ip_burst: at least `ipClicks` clicks on the partner's links from one /24 (/48) within `windowMs`,
 *   flagged from the `ipClicks`-th on (the stream cannot look ahead);
 * - device_burst: the same for one anonymous id and `deviceClicks`.
 */
import { isbot } from 'isbot';
import { installedAsnTable, type AsnTable } from './asn-table.js';
import { hostingAsnByNumber } from './hosting-asns.js';
import { ipv4Number } from './ip-key.js';
import { clickBit, clickScoreOfMask, clickSignalsOfMask } from './signals.js';
import type { FraudClick, FraudVerdict } from './types.js';

export interface BurstRule {
  /** The sliding window. */
  windowMs: number;
  /** Clicks from one IP prefix on one partner's links within the window that make a burst. */
  ipClicks: number;
  /** Clicks from one device (anonymous id) on one partner's links within the window that make a burst. */
  deviceClicks: number;
}

/**
 * One minute; 10 clicks from one /24 (a few people behind one carrier NAT clicking the same partner
 * within a minute is plausible, ten is a script) and 3 from one device (a double click is two).
 */
export const defaultBurstRule: BurstRule = { windowMs: 60_000, ipClicks: 10, deviceClicks: 3 };

export interface ClickScorerOptions {
  /** IP-to-ASN table; default the installed `@ip-location-db/asn` tables; null skips the hosting signal. */
  asnTable?: AsnTable | null;
  /** Whether an ASN is a hosting provider's; default the documented list. */
  isHostingAsn?: (asn: number) => boolean;
  burst?: BurstRule;
}

/** Click times within the window, by partner and by IP prefix or device. */
type BurstWindows = Map<string, Map<string, number | number[]>>;

/** Compact the expiry queue once this many of its entries are done with. */
const queueCompactAt = 1 << 16;

/** Lookup caches are cleared past this many entries (real traffic repeats user agents and prefixes). */
const cacheLimit = 1_000_000;

/**
 * Scores partner clicks one by one, in time order (`ms` not decreasing).
 * @example
 *   const scorer = new ClickScorer({ asnTable: null });
 *   scorer.score({ id: 'c1', partner_id: 'p1', ms: 0, ip_prefix: null, user_agent: 'curl/8.0', anonymous_id: 'a1', ad_click_id: false, landed: false })
 *   // { score: 76, reasons: ['bot_user_agent', 'no_landing_view'] }
 */
export class ClickScorer {
  private readonly asnTable: AsnTable | null;
  private readonly isHostingAsn: (asn: number) => boolean;
  private readonly rule: BurstRule;
  private readonly botCache = new Map<string, boolean>();
  private readonly hostingCache = new Map<string, boolean>();
  private readonly ipWindows: BurstWindows = new Map();
  private readonly deviceWindows: BurstWindows = new Map();
  /**
   * Every window entry made, in click time order (its key's map, key, time): entries leave from the
   * head as their time leaves the window, deleting the key unless a later click renewed it. Memory
   * is one window's clicks; no pass over all keys (a periodic sweep of every partner's maps cost
   * more than all the lookups at 10M clicks).
   */
  private readonly queueMaps: Map<string, number | number[]>[] = [];
  private readonly queueKeys: string[] = [];
  private readonly queueMs: number[] = [];
  private queueHead = 0;
  private v4Hosting: Uint8Array | undefined;

  constructor(options: ClickScorerOptions = {}) {
    this.asnTable = options.asnTable === undefined ? installedAsnTable() : options.asnTable;
    this.isHostingAsn = options.isHostingAsn ?? ((asn) => hostingAsnByNumber.has(asn));
    this.rule = options.burst ?? defaultBurstRule;
  }

  /** The click's signals as a bit mask (bit i = `clickSignals[i]`); its score is `clickScoreOfMask[mask]`. */
  mask(click: FraudClick): number {
    let mask = 0;
    const ua = click.user_agent;
    if (!ua) mask |= clickBit.missing_user_agent;
    else if (this.isBotAgent(ua)) mask |= clickBit.bot_user_agent;
    if (click.ip_prefix && this.isHosting(click.ip_prefix)) mask |= clickBit.hosting_network;
    if (click.ad_click_id) mask |= clickBit.ad_click_id;
    if (!click.landed) mask |= clickBit.no_landing_view;
    this.expire(click.ms);
    if (click.ip_prefix && this.inBurst(this.ipWindows, click.partner_id, click.ip_prefix, click.ms, this.rule.ipClicks)) mask |= clickBit.ip_burst;
    if (this.inBurst(this.deviceWindows, click.partner_id, click.anonymous_id, click.ms, this.rule.deviceClicks)) mask |= clickBit.device_burst;
    return mask;
  }

  /** The click's score and reasons. */
  score(click: FraudClick): FraudVerdict {
    const mask = this.mask(click);
    return { score: clickScoreOfMask[mask], reasons: clickSignalsOfMask(mask) };
  }

  private isBotAgent(ua: string): boolean {
    let bot = this.botCache.get(ua);
    if (bot === undefined) {
      if (this.botCache.size >= cacheLimit) this.botCache.clear();
      bot = isbot(ua);
      this.botCache.set(ua, bot);
    }
    return bot;
  }

  private isHosting(prefix: string): boolean {
    if (!this.asnTable) return false;
    const v4 = ipv4Number(prefix.length > 3 && prefix.charCodeAt(prefix.length - 3) === 47 ? prefix.slice(0, -3) : prefix);
    if (v4 !== null) {
      // One byte per IPv4 /24 (16 MB, on first use): 0 not looked up yet, 1 not hosting, 2 hosting.
      this.v4Hosting ??= new Uint8Array(1 << 24);
      const slot = Math.floor(v4 / 256);
      let known = this.v4Hosting[slot];
      if (known === 0) this.v4Hosting[slot] = known = this.isHostingAsn(this.asnTable.asnOf(prefix)) ? 2 : 1;
      return known === 2;
    }
    let hosting = this.hostingCache.get(prefix);
    if (hosting === undefined) {
      if (this.hostingCache.size >= cacheLimit) this.hostingCache.clear();
      hosting = this.isHostingAsn(this.asnTable.asnOf(prefix));
      this.hostingCache.set(prefix, hosting);
    }
    return hosting;
  }
  /**
   * Adds the click to the window of (partner, key) and says whether the window now holds `limit`
   * clicks. A window with one click is kept as its time (most devices click once), a longer one as
   * an array of times; nested maps spare building a joined key string per click.
   */
  private inBurst(windows: BurstWindows, partnerId: string, key: string, ms: number, limit: number): boolean {
    let byKey = windows.get(partnerId);
    if (!byKey) windows.set(partnerId, (byKey = new Map()));
    this.queueMaps.push(byKey);
    this.queueKeys.push(key);
    this.queueMs.push(ms);
    const from = ms - this.rule.windowMs;
    const held = byKey.get(key);
    if (held === undefined || (typeof held === 'number' && held <= from)) {
      byKey.set(key, ms);
      return limit <= 1;
    }
    if (typeof held === 'number') {
      byKey.set(key, [held, ms]);
      return limit <= 2;
    }
    let drop = 0;
    while (drop < held.length && held[drop] <= from) drop += 1;
    for (let i = drop; i < held.length; i += 1) held[i - drop] = held[i];
    held.length -= drop;
    held.push(ms);
    return held.length >= limit;
  }

  /**
   * Forgets the keys whose last click left the window (at or before `ms − windowMs`): what
   * `inBurst` would treat as no click at all, so forgetting them changes no answer. A partner's map
   * is kept even when empty (one per partner).
   */
  private expire(ms: number): void {
    const from = ms - this.rule.windowMs;
    const { queueMaps, queueKeys, queueMs } = this;
    let head = this.queueHead;
    while (head < queueMs.length && queueMs[head] <= from) {
      const byKey = queueMaps[head];
      const key = queueKeys[head];
      const held = byKey.get(key);
      if (held !== undefined && (typeof held === 'number' ? held : held[held.length - 1]) <= from) byKey.delete(key);
      head += 1;
    }
    if (head >= queueCompactAt && head * 2 >= queueMs.length) {
      queueMaps.splice(0, head);
      queueKeys.splice(0, head);
      queueMs.splice(0, head);
      head = 0;
    }
    this.queueHead = head;
  }
}

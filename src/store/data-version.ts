/**
 * A per-workspace data version for caches of reads and answers (the embedded
 * store's journey rollup reads, `duckdb/journey-rollups/journey-rollup-reads.ts`; the operations'
 * answers, `operations/core/result-cache.ts`): a number that changes whenever
 * anything may have written to the workspace through the store.
 *
 * The embedded store has no write counter of its own, so the first call for
 * a store wraps its methods on that object: every method that is not a known
 * pure read counts as a write (an unknown or new method too, so a forgotten
 * writer can only cost a cache miss, never a stale answer), except the audit
 * log's append, which no cached answer reads. A write bumps its
 * workspace's version when it starts and again when it settles, so a read that
 * overlaps a write never keeps its answer under the version that follows.
 * Writes that name no workspace (spool files of several workspaces,
 * settings, compaction) bump every workspace; a write's own inner writes
 * count as part of it.
 *
 * Only writes through this store object are seen: caches keyed by it must
 * live in the process (and thread) that owns the store, the embedded
 * DuckDB's single writer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from './store.js';

/** Store methods that only read. */
const reads = new Set<string>([
  'getSetting', 'getWorkspace', 'findWorkspaceByWriteKey',
  'listEvents', 'findClick', 'countEvents', 'existingEventIds', 'personLinks',
  'listRates', 'getChannelRules', 'getDocument', 'listDocuments',
  'experimentStats', 'experimentExposures', 'experimentSample', 'partnerFacts',
  'getLink', 'listLinks', 'resolveLink', 'linkStats',
  'kpiFacts', 'kpiFactsFromEvents', 'customerTransactionsFromEvents', 'customerProfilesFromEvents', 'linkStatsFromEvents',
  'experimentStatsFromEvents', 'experimentSampleFromEvents', 'rollupRefreshes', 'journeyRollupRefreshes', 'dataRange', 'channelDaily', 'journeys', 'packedJourneys',
  'customerTransactions', 'customerProfiles', 'peopleStats', 'crmFunnel',
  'attributionRuleCredits', 'attributionPathCounts', 'attributionChannelSets', 'attributionMarkovTransitions',
  'rfmScoreCounts', 'cohortCounts', 'clvSummaries', 'clvSummaryMembers', 'acquiredRevenue', 'firstPurchasesByDay',
  'exporter',
  'listWorkspaces', 'documentWorkspaces', 'findApiKey', 'listApiKeys', 'findShareLink', 'listShareLinks', 'listAudit', 'auditChain',
  'getPerson', 'findPersonByEmail', 'findPersonSession', 'listMembers', 'membershipsOf', 'countPeople',
  'listPrograms', 'getProgram', 'listPartners', 'getPartner', 'listLedger', 'listPayoutRuns', 'getPayoutDetails',
]);

/**
 * Writes that change nothing a cached answer or kept read reads: an audited read (a CLV export, a
 * budget plan) must not make every other answer of the page read again.
 */
const unversioned = new Set<string>(['appendAudit']);

/** Writes whose first argument is not a workspace id. */
const workspaceOfWrite: Record<string, (args: unknown[]) => string | undefined> = {
  ensureWorkspace: (args) => (args[0] as { id?: string } | undefined)?.id,
  updateWorkspace: (args) => args[0] as string,
  insertEventFiles: () => undefined,
  setSetting: () => undefined,
  migrate: () => undefined,
  compact: () => undefined,
  close: () => undefined,
};

class WriteCounter {
  private all = 0;
  private readonly byWorkspace = new Map<string, number>();

  version(workspaceId: string): string {
    return `${this.all}.${this.byWorkspace.get(workspaceId) ?? 0}`;
  }

  bump(workspaceId: string | undefined): void {
    if (workspaceId === undefined) this.all++;
    else this.byWorkspace.set(workspaceId, (this.byWorkspace.get(workspaceId) ?? 0) + 1);
  }
}

const counters = new WeakMap<Store, WriteCounter>();

/** Set while a tracked write runs: the writes it makes itself (`insertEvents` loading its spool file) are already counted. */
const insideWrite = new AsyncLocalStorage<true>();

/** Every own and inherited method name of an object (not Object's). */
function methodNames(target: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && typeof (target as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}

function track(store: Store): WriteCounter {
  const counter = new WriteCounter();
  const methods = store as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of methodNames(store)) {
    if (reads.has(name) || unversioned.has(name)) continue;
    const original = methods[name];
    const workspaceOf = workspaceOfWrite[name] ?? ((args: unknown[]) => (typeof args[0] === 'string' ? args[0] : undefined));
    methods[name] = function (this: unknown, ...args: unknown[]) {
      if (insideWrite.getStore()) return original.apply(this, args);
      const ws = workspaceOf(args);
      counter.bump(ws);
      let result: unknown;
      try {
        result = insideWrite.run(true, () => original.apply(this, args));
      } catch (err) {
        counter.bump(ws);
        throw err;
      }
      if (result instanceof Promise) return result.finally(() => counter.bump(ws));
      counter.bump(ws);
      return result;
    };
  }
  return counter;
}

/** The workspace's data version in this store: equal strings mean nothing was written in between. */
export function dataVersion(store: Store, workspaceId: string): string {
  let counter = counters.get(store);
  if (!counter) {
    counter = track(store);
    counters.set(store, counter);
  }
  return counter.version(workspaceId);
}

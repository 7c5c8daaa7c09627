/**
 * One operation, defined once (issue 13 #1): its name, input and output (zod), the scope it needs (issue 15),
 * its HTTP route and CLI command, and its handler. The Fastify routes (`http.ts`), the CLI
 * (`cli.ts`), the OpenAPI document and the dashboard's types (`web-types.ts`) are made from it.
 */
import type { z } from 'zod';
import type { Store } from '../../store/store.js';
import { pageInputShape, pageOutputShape, type ListSpec, type Page } from './paging.js';
import type { EventRecord } from '../../records/events.js';
import type { Workspace } from '../../records/workspace.js';
import type { BrowserSessionKeeper, HttpExchange, PersonSessionKeeper } from './http-exchange.js';
import type { Role } from '../../records/people.js';

/** How the CLI prints an answer (`--format`); `pdf` only where a command lists it in `formats`. */
export type OutputFormat = 'json' | 'table' | 'csv' | 'pdf';

/** What the CLI lends an operation's `input` and `print` hooks (operations do not import the CLI). */
export interface CliTools {
  /** JSON prints the document; table and csv the first array of records in it. */
  printResult(value: unknown, format: OutputFormat): void;
  /** Reads and parses a JSON file a flag names (errors name the flag). */
  readJsonFile(path: string, flag: string): unknown;
  /** Reads a text file (CSV, JSON lines) an argument or flag names (errors name it). */
  readTextFile(path: string, name: string): string;
  /** A plain-text table of records (the table format). */
  renderTable(rows: Record<string, unknown>[]): string;
}

/**
 * The areas of scopes (design.md, "Scopes of operations"): a key holds `<area>:read` or `<area>:write`
 * of some, or `admin` for all. Links and channel rules are `settings`; segments `customers`; refunds
 * `imports`; people, keys, audit and share links `admin`.
 */
export const scopeAreas = ['events', 'kpis', 'imports', 'attribution', 'experiments', 'customers', 'budget', 'partners', 'goals', 'settings'] as const;
export type ScopeArea = (typeof scopeAreas)[number];

/** A scope a key or session holds: `<area>:read`, `<area>:write` (which includes the read), or `admin` (everything). */
export type KeyScope = `${ScopeArea}:${'read' | 'write'}` | 'admin';

/** Every scope a key may hold, in the order the docs list them. */
export const keyScopes: readonly KeyScope[] = [...scopeAreas.flatMap((a) => [`${a}:read`, `${a}:write`] as const), 'admin'];

/** Who may call an operation: a principal holding this scope (`kpis:read`, `admin`), or anyone (`public`). */
export type Scope = KeyScope | 'public';

/** Whether `held` grants `needed`: `admin` grants all, `<area>:write` also `<area>:read`, `public` needs nothing. */
export function grants(held: readonly KeyScope[], needed: Scope): boolean {
  if (needed === 'public' || held.includes('admin') || held.includes(needed)) return true;
  const [area, level] = needed.split(':');
  return level === 'read' && held.includes(`${area}:write` as KeyScope);
}

/**
 * Who calls, resolved once before the handler (src/server/auth.ts over HTTP; the CLI in process).
 * `operator`: the installation's operator (the CLI, or its operator key through a running server),
 * acting in any workspace it names; `secret-key`: a secret key (`rl_sk_…`, or `ROILENS_ADMIN_TOKEN`,
 * the owner's secret key of the default workspace) in its own workspace with its scopes; `session`: a
 * dashboard signed in with the admin token's code; `person`: a signed-in person in the workspace they
 * picked, with the scopes of their role there (`admin/role-scopes.ts`); `write-key`: a write key (`rl_pub_…`) on tracking operations only; `share`:
 * a share link's token, on its one view only; `anonymous`: nobody (public operations). Handlers read the workspace from here (`workspaceId`), never from input.
 */
export interface Principal {
  kind: 'operator' | 'secret-key' | 'session' | 'person' | 'write-key' | 'anonymous' | 'share';
  workspaceId: string;
  scopes: readonly KeyScope[];
  /** The stored key's id (a key made by `keys create`); absent for the admin token, sessions and the operator. */
  keyId?: string;
  /** A person's id, role in the workspace and (a partner) partner id. */
  person?: { id: string; role: Role; partnerId: string | null };
  /** The workspace a write key named, as the key cache holds it (a write key acts only there). */
  workspace?: Workspace;
  /** A share link's (kind `share`): the one operation it may call and the input stored with it (`core/shared-input.ts`). */
  share?: { id: string; view: string; params: Record<string, unknown> };
}

/** What a handler may touch besides its input. */
export interface OperationContext {
  store: Store;
  workspaceId: string;
  principal: Principal;
  /** Where the call came from: errors name fields the caller's way (`body.currency` over HTTP, `--currency` in the CLI). */
  surface: 'http' | 'cli' | 'schedule';
  /** The page a list operation declared with `list.store` is asked for (`paging.ts`); absent elsewhere. */
  page?: Page;
  /**
   * The ingestion pipeline's hooks: wait for accepted events to be stored, forget cached channel rules and
   * write keys (no-ops in the CLI); `accept` takes events durably (absent in the CLI, where importers write
   * the store themselves).
   */
  ingest: {
    drain(): Promise<void>;
    forgetRules(workspaceId: string): void;
    forgetWriteKeys(): void;
    accept?: (ws: Workspace, events: EventRecord[]) => Promise<void>;
    /** `accept` for the events whose ids are new to the workspace (stored or waiting): how many were taken and how many were duplicates. */
    acceptNew?: (ws: Workspace, events: EventRecord[]) => Promise<{ accepted: number; duplicates: number }>;
    /** Events accepted but not stored yet (erasure refuses while any are left after `drain`); 0 where nothing is pending. */
    pendingEvents(): number;
  };
  /** The client's address over HTTP (behind a trusted proxy, the proxy's client); undefined in the CLI. */
  address?: string;
  /** The client's `User-Agent` over HTTP (the audit log keeps it); undefined in the CLI. */
  userAgent?: string;
  /** A long operation's progress, `done` of `total` `unit`s (the CLI draws it on a terminal); undefined elsewhere. */
  progress?: (done: number, total: number, unit: string) => void;
  /** Over HTTP: the request's origin, scheme and cookies, and the answer's headers (`http-exchange.ts`); undefined elsewhere. */
  http?: HttpExchange;
  /** The dashboard's sign-in codes and sessions, which only the running server holds; undefined in the CLI and the scheduler. */
  sessions?: BrowserSessionKeeper;
  /** People's sessions and sign-in attempts, which the running server keeps; undefined in the CLI and the scheduler. */
  people?: PersonSessionKeeper;
  /**
   * Aborts when nobody waits for the answer any more (over HTTP: the client of a GET went away). `invoke`
   * makes it the current signal of the handler (`shared/cancellation.ts`), so the store's engines stop
   * the queries it started; undefined in the CLI and the scheduler.
   */
  signal?: AbortSignal;
  /** The caller asked for a fresh answer (`Cache-Control: no-cache`, benchmarks): a cached operation computes anew, then keeps it. */
  fresh?: boolean;
}

/** An input key → its CLI flag, with what `commander` needs beyond the schema. */
export interface FlagSpec {
  /** The flag's value name (`<date>`); default `<value>`. */
  value?: string;
  description?: string;
  /** Commander's default (a string, as the user would type it). */
  default?: string;
  /** `requiredOption`: commander refuses the command without it. */
  required?: boolean;
  /** A boolean switch (`--spend-all`), no value. */
  boolean?: boolean;
}

export interface CliSpec<I, O> {
  /** Words under `roilens` (`kpi`, `workspace show`). */
  command: string;
  description?: string;
  /** Flags of input keys (kebab-case of the key); keys not named get a flag from the schema. */
  flags?: Partial<Record<string, FlagSpec>>;
  /**
   * Positional arguments, in order (`customers profile <id>`): input keys (no flag), or names `input`
   * reads (`import <kind> <file>`: the file's path, its text the input).
   */
  args?: readonly string[];
  /** Descriptions of positional arguments that are not input keys. */
  argDescriptions?: Partial<Record<string, string>>;
  /** Input keys with no flag (given by `input` below). */
  hidden?: readonly string[];
  /** Options the input does not have (`--file`), as commander's [flags, description, default, required]. */
  options?: readonly [string, string, string?, boolean?][];
  /** The formats `--format` takes and its default (default table|json|csv, table). */
  formats?: readonly OutputFormat[];
  /** Builds the raw input from the options and positional arguments (default: each input key from its flag). */
  input?: (opts: Record<string, unknown>, format: OutputFormat, tools: CliTools) => Record<string, unknown>;
  /** The handler needs no database (`--db` unused): run in process without opening one. */
  offline?: boolean;
  /**
   * In process, events a stopped server accepted but never stored (the database's spool) are the
   * pipeline: `ingest.drain` stores them first (erasure and retention must also cover them).
   */
  spool?: boolean;
  /** Prints the answer (default `printResult(answer, format)`); `given`: the options and positional arguments as typed. */
  print?: (answer: O, format: OutputFormat, input: I, tools: CliTools, given: Record<string, unknown>) => void;
}

export interface Operation<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  /** Dotted name (`kpis.report`): the scheduler and the CLI's server calls use it. */
  name: string;
  summary: string;
  tags: readonly string[];
  /** The scope a caller must hold (design.md "Scopes of operations"). */
  scope: Scope;
  /**
   * A tracking operation (events, the snippet's experiment calls): write keys may call it (in their
   * workspace); every other operation refuses a write key with 403. Secret keys need `scope` as anywhere.
   */
  tracking?: boolean;
  /** Only an owner among people (archiving the workspace): a person of another role is 403 although `admin` grants the scope. */
  ownerOnly?: boolean;
  /** Only the installation's operator may call it (creating workspaces): a key or session is 403 even with `admin`. */
  operatorOnly?: boolean;
  /**
   * A partner portal operation (issue 16): a signed-in person with the role `partner` may call it although
   * that role holds no scope; the handler answers only that person's own partner (`principal.person.partnerId`).
   * Everyone else still needs `scope`.
   */
  portal?: boolean;
  /** A share link may call it besides its view (`share.show`: what the link shows); not recorded as a view. */
  forShareLinks?: boolean;
  http: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    status?: number;
    description?: string;
    /**
     * The input key that holds the whole request body (a document the handler validates as a whole,
     * e.g. an experiment definition), instead of the body's keys being input keys. Path parameters stay
     * beside it, so a body key named like one (`id`) still reaches the handler.
     */
    body?: string;
    /**
     * The request body is a file (CSV, JSON lines), not JSON fields: its text is the input key `key`
     * (a JSON body is taken as its text), read up to `limit` bytes; the OpenAPI document names `media`.
     */
    file?: { key: string; media: readonly string[]; limit: number };
    /**
     * Browsers call it from any site (the snippet): its answers carry `Access-Control-Allow-Origin: *`,
     * and `OPTIONS` on its path answers the preflight allowing these request headers.
     */
    cors?: { headers: string };
    /** Headers every answer carries (the snippet's caching). */
    headers?: Readonly<Record<string, string>>;
    /** The handler may refuse the request as a whole with an answer (`Refused`, refused.ts): the OpenAPI document declares that 400. */
    refuses?: boolean;
    /**
     * The answer is text of `media` (a CSV export), not JSON: the handler answers the text (`output` a
     * string schema), sent as it is with `headersOf(input)` (a download's file name).
     */
    text?: { media: string; headersOf?: (input: z.output<I>) => Record<string, string> };
  };
  cli: CliSpec<z.output<I>, z.output<O>> | { none: string };
  input: I;
  output: O;
  /**
   * A write that moves money: callers may send an `Idempotency-Key` (`idempotency.ts`); the same key
   * and input within 24 h replays the first answer instead of running again.
   */
  idempotent?: boolean;
  /** Top-level answer fields never kept for replay (a payment file with bank details): a replayed answer leaves them out. */
  notKept?: readonly string[];
  /**
   * A read whose answer depends only on its input and the workspace's stored data (not on the caller or
   * the clock beyond "today"): answers come from the result cache while the data is unchanged (`result-cache.ts`).
   */
  cached?: boolean;
  /** A list paged with a cursor (`paging.ts`): input gains `cursor` and `limit`, the answer `next_cursor`. */
  list?: ListSpec<ListItem<z.input<O>>>;
  /**
   * How the audit log records a call (`core/audit-trail.ts`). By default every operation that is not
   * a GET, not public and not tracking is a change: one entry on success, its target the input's `id`
   * or `slug`, its after the answer (secrets redacted). Operations say more here: the state before and
   * after, a summary instead of the answer, or that a POST only reads.
   */
  audit?: AuditSpec<z.output<I>, z.input<O>>;
  /**
   * The operation may be shared read-only (`share-links.create`): a share link calls it with the input
   * stored in the link; the caller may change only the input keys in `vary` (paging is always allowed).
   */
  share?: { vary: readonly string[] };
  /** Name of the dashboard type generated from `output` (web/src/lib/api-types.generated.ts); none: not generated. */
  webType?: string;
  handler(ctx: OperationContext, input: z.output<I>): Promise<z.input<O>> | z.input<O>;
}

/** What an operation tells the audit log (see `Operation.audit`). */
export interface AuditSpec<I, O> {
  /** `change` (the default for writes), `export` (a read that is recorded: exports), `read` (not recorded: a POST that only computes). */
  kind?: 'change' | 'export' | 'read';
  /** The object changed (default: `<first word of the name>` and the input's `id` or `slug`, else the answer's). */
  target?: (input: I, answer: O, ctx: OperationContext) => { kind: string; id: string | null };
  /** The object's state, read before the handler runs and again after it (the before and after of the entry). */
  state?: (ctx: OperationContext, input: I) => Promise<unknown>;
  /** What the entry says after the change instead of `state` or the answer: a summary (counts). */
  after?: (input: I, answer: O) => unknown;
  /** The workspace whose log holds the entry, when not the caller's (a workspace the operator created or archived). */
  workspace?: (input: I, answer: O) => string;
}

/** The element type of the arrays in an answer (what a list's sort order reads). */
export type ListItem<T> = { [K in keyof T]: T[K] extends readonly (infer U)[] | undefined ? U : never }[keyof T];

/**
 * Declares an operation (types flow from the schemas to the handler). A list (`list`) gets `cursor`
 * and `limit` in its input and `next_cursor` in its answer here, so the route, the CLI flags, the
 * OpenAPI document and the dashboard's types all have them.
 */
export function defineOperation<I extends z.ZodObject, O extends z.ZodType>(op: Operation<I, O>): Operation<I, O> {
  if (!op.list) return op;
  const output = op.output as unknown as z.ZodObject;
  return { ...op, input: op.input.extend(pageInputShape(op.list.maxLimit, op.list.defaultLimit)) as unknown as I, output: output.extend(pageOutputShape) as unknown as O };
}

/** Any operation, for registries and adapters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

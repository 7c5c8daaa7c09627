/**
 * `POST/GET /v1/programs`, `GET/PATCH /v1/programs/:id` ↔ `roilens programs create|list|show|update`
 * (issue 16, design.md "Partners"): partner programmes and their commission rules. Rule ids are
 * the server's (`r1`, `r2` …) and never reused: a removed rule's id is not given to a new rule (the
 * ledger keys a commission by order and rule) nor accepted in an update; a rule that cannot be evaluated is refused with its field named and
 * nothing is stored. The currency stays once the programme's ledger holds an entry (its money is in it).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Program } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation, type CliTools, type OperationContext } from '../core/define.js';
import { definedOf, fieldError, refuseIssues } from './fields.js';
import { syncApplicationPage } from './application-page.js';
import { programAnswer, programAnswerSchema, programFieldsShape, programMoneyIssues, ruleIdsIssued, ruleIssues, ruleNumber, withRuleIds } from './program-schemas.js';
import { ledgerOf } from '../../reports/partners/partner-report-reads.js';

/** What a programme is when `programs.create` is not told (design.md leaves them to the manager). */
export const programDefaults: Pick<Program, 'window_days' | 'hold_days' | 'crediting' | 'min_payout' | 'payout_schedule' | 'fraud_threshold' | 'accepts_applications'> = {
  window_days: 30, hold_days: 30, crediting: 'last_click', min_payout: '0', payout_schedule: 'monthly', fraud_threshold: 70, accepts_applications: false,
};

/** The workspace's programme `id`, or 404 naming `path` (another workspace's programme is not found either). */
export async function programOf(ctx: OperationContext, id: string, path?: readonly (string | number)[]): Promise<Program> {
  const program = await ctx.store.getProgram(ctx.workspaceId, id);
  if (program) return program;
  if (path) throw fieldError(ctx, 'not_found', path, `no programme ${id} in this workspace`);
  throw new AppError('not_found', `no programme ${id} in this workspace`);
}

/**
 * How many rule ids the programme has handed out (`ruleIdsIssued`); for a programme stored before
 * the count was kept, its ledger is read once for the ids of removed rules that were paid on.
 */
async function ruleIdsIssuedOf(ctx: OperationContext, program: Program): Promise<number> {
  if (program.rule_ids_issued !== undefined) return ruleIdsIssued(program);
  const paid = new Set<string>();
  for (const entry of await ledgerOf(ctx.store, ctx.workspaceId, { program_id: program.id })) if (entry.rule_id !== null) paid.add(entry.rule_id);
  return ruleIdsIssued(program, paid);
}

/** The CLI's rules: `--rules sale:percent:10,lead:flat:5` or a JSON file of rules (tiers, products, months). */
function cliRules(opts: Record<string, unknown>, tools: CliTools): unknown {
  if (typeof opts.rulesFile === 'string') return tools.readJsonFile(opts.rulesFile, '--rules-file');
  if (typeof opts.rules !== 'string') return undefined;
  return opts.rules.split(',').map((spec) => {
    const [event, type, amount] = spec.trim().split(':');
    return { event, type, amount };
  });
}

const cliRuleOptions: [string, string][] = [
  ['--rules <list>', 'commission rules as event:type:amount, comma-separated (sale:percent:10,lead:flat:5.00)'],
  ['--rules-file <file>', 'a JSON array of rules ({"event","type","amount","tiers"?,"product"?,"months"?,"cap"?})'],
];

/** The CLI's input of a programme: each given flag, numbers as numbers, the rules from `--rules` or `--rules-file`. */
function programCliInput(opts: Record<string, unknown>, tools: CliTools): Record<string, unknown> {
  const number = (v: unknown) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v);
  const bool = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);
  const nullable = (v: unknown) => (v === 'none' ? null : v);
  return definedOf({
    id: opts.id, name: opts.name, currency: opts.currency, window_days: number(opts.windowDays), hold_days: number(opts.holdDays),
    crediting: opts.crediting, model: nullable(opts.model), override_percent: nullable(opts.overridePercent), min_payout: opts.minPayout,
    payout_schedule: opts.payoutSchedule, fraud_threshold: number(opts.fraudThreshold), accepts_applications: bool(opts.acceptsApplications),
    rules: cliRules(opts, tools),
  });
}

const programFlags = {
  name: { value: '<name>' }, currency: { value: '<code>' }, window_days: { value: '<days>' }, hold_days: { value: '<days>' }, crediting: { value: '<mode>' },
  model: { value: '<model>' }, override_percent: { value: '<percent>' }, min_payout: { value: '<amount>' }, payout_schedule: { value: '<schedule>' },
  fraud_threshold: { value: '<score>' }, accepts_applications: { value: '<true|false>' },
};

export const programCreateOperation = defineOperation({
  name: 'programs.create',
  summary: 'Create a partner programme with its commission rules (rule ids r1, r2 … are assigned; a rule that cannot be evaluated is refused naming its field)',
  tags: ['partners'],
  scope: 'partners:write',
  http: { method: 'POST', path: '/v1/programs', status: 201 },
  input: z.object({
    ...programFieldsShape,
    window_days: programFieldsShape.window_days.optional(),
    hold_days: programFieldsShape.hold_days.optional(),
    crediting: programFieldsShape.crediting.optional(),
    model: programFieldsShape.model.optional(),
    override_percent: programFieldsShape.override_percent.optional(),
    min_payout: programFieldsShape.min_payout.optional(),
    payout_schedule: programFieldsShape.payout_schedule.optional(),
    fraud_threshold: programFieldsShape.fraud_threshold.optional(),
    accepts_applications: programFieldsShape.accepts_applications.optional(),
  }),
  output: programAnswerSchema,
  cli: {
    command: 'programs create',
    description: 'create a partner programme (--rules sale:percent:10 or --rules-file rules.json)',
    formats: ['table', 'json'],
    flags: { ...programFlags, name: { value: '<name>', required: true }, currency: { value: '<code>', required: true } },
    hidden: ['rules'],
    options: cliRuleOptions,
    input: (opts, _format, tools) => programCliInput(opts, tools),
  },
  handler: async (ctx, input) => {
    const { rules: givenRules, ...fields } = input;
    // Rule ids are the server's: ids sent with a new programme's rules are not kept.
    const rules = givenRules.map(({ id: _ignored, ...rule }) => rule);
    refuseIssues(ctx, [...ruleIssues(rules, input.currency), ...programMoneyIssues(fields, input.currency)]);
    const { model, override_percent, ...given } = definedOf(fields);
    const numbered = withRuleIds(rules);
    const program: Program = {
      ...programDefaults,
      ...given,
      name: input.name,
      currency: input.currency,
      id: `prg_${randomBytes(8).toString('hex')}`,
      workspace_id: ctx.workspaceId,
      rules: numbered.rules,
      rule_ids_issued: numbered.issued,
      created_at: new Date().toISOString(),
      ...(model ? { model } : {}),
      ...(override_percent ? { override_percent } : {}),
    };
    await ctx.store.putProgram(program);
    await syncApplicationPage(ctx.store, program);
    return programAnswer(program);
  },
});

export const programListOperation = defineOperation({
  name: 'programs.list',
  summary: 'The workspace\'s partner programmes with their rules',
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/programs' },
  input: z.object({}),
  output: z.object({ programs: z.array(programAnswerSchema) }),
  list: { items: 'programs', order: [{ by: (p) => p.id }] },
  webType: 'ProgramsAnswer',
  cli: {
    command: 'programs list',
    description: 'list the partner programmes',
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else printResult(answer.programs.map((p) => ({ id: p.id, name: p.name, currency: p.currency, window_days: p.window_days, hold_days: p.hold_days, rules: p.rules.length, applications: p.accepts_applications })), format);
    },
  },
  handler: async (ctx) => ({ programs: (await ctx.store.listPrograms(ctx.workspaceId)).map(programAnswer) }),
});

export const programGetOperation = defineOperation({
  name: 'programs.get',
  summary: 'One partner programme with its rules',
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/programs/:id' },
  input: z.object({ id: z.string().min(1).max(100) }),
  output: programAnswerSchema,
  webType: 'ProgramAnswer',
  cli: { command: 'programs show', description: 'print one programme and its rules', args: ['id'], formats: ['json', 'table'] },
  handler: async (ctx, input) => programAnswer(await programOf(ctx, input.id)),
});

export const programUpdateOperation = defineOperation({
  name: 'programs.update',
  summary: 'Change a partner programme: any of its fields; rules replace the list (a rule keeps its id when it names it, new rules get ids never used by the programme; a removed rule\'s id is refused)',
  tags: ['partners'],
  scope: 'partners:write',
  http: { method: 'PATCH', path: '/v1/programs/:id' },
  input: z.object({
    id: z.string().min(1).max(100),
    ...Object.fromEntries(Object.entries(programFieldsShape).map(([key, schema]) => [key, schema.optional()])) as { [K in keyof typeof programFieldsShape]: z.ZodOptional<(typeof programFieldsShape)[K]> },
  }),
  output: programAnswerSchema,
  cli: {
    command: 'programs update',
    description: 'change a programme (--rules or --rules-file replace its rules)',
    args: ['id'],
    formats: ['table', 'json'],
    flags: programFlags,
    hidden: ['rules'],
    options: cliRuleOptions,
    input: (opts, _format, tools) => programCliInput(opts, tools),
  },
  audit: { state: async (ctx, input) => (await ctx.store.getProgram(ctx.workspaceId, input.id)) ?? null },
  handler: async (ctx, { id, rules, ...fields }) => {
    const given = definedOf(fields);
    if (Object.keys(given).length === 0 && rules === undefined) throw new AppError('invalid_input', 'body: must NOT have fewer than 1 properties', [{ path: 'body', message: 'must NOT have fewer than 1 properties' }]);
    const program = await programOf(ctx, id);
    const currency = given.currency ?? program.currency;
    refuseIssues(ctx, [...ruleIssues(rules ?? [], currency), ...programMoneyIssues(given, currency)]);
    const issued = rules ? await ruleIdsIssuedOf(ctx, program) : 0;
    if (rules) {
      const unknown = rules.findIndex((r) => r.id !== undefined && !program.rules.some((p) => p.id === r.id));
      if (unknown >= 0) {
        const id = rules[unknown].id!;
        const retired = (ruleNumber(id) ?? Infinity) <= issued;
        throw fieldError(ctx, 'invalid_input', ['rules', unknown, 'id'], retired
          ? `rule ${id} was removed from the programme and its id is never given to another rule (its commissions keep it): leave id out for a new rule`
          : `the programme has no rule ${id}: leave id out for a new rule`);
      }
    }
    if (given.currency !== undefined && given.currency !== program.currency && (await ctx.store.listLedger(ctx.workspaceId, { program_id: id, limit: 1 })).length > 0) {
      throw fieldError(ctx, 'conflict', ['currency'], `the programme's ledger holds entries in ${program.currency}: its currency stays (start a new programme)`);
    }
    const { model, override_percent, ...plain } = given;
    const numbered = rules && withRuleIds(rules, issued);
    const updated: Program = { ...program, ...plain, ...(numbered ? { rules: numbered.rules, rule_ids_issued: numbered.issued } : {}) };
    if (model !== undefined) updated.model = model ?? undefined;
    if (override_percent !== undefined) updated.override_percent = override_percent ?? undefined;
    if (!updated.model) delete updated.model;
    if (!updated.override_percent) delete updated.override_percent;
    await ctx.store.putProgram(updated);
    await syncApplicationPage(ctx.store, updated);
    return programAnswer(updated);
  },
});

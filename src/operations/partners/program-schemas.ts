/**
 * The zod shapes of partner programmes (issue 16, design.md "Partners"): a programme's input with
 * its commission rules, checked field by field so that every refusal names its path
 * (`body.rules.0.tiers.1.min_sales`, `body.currency`), and the programme as the API answers it.
 * Amounts are decimal strings (big.js), canonical once parsed ("10.50" → "10.5").
 */
import Big from 'big.js';
import { z } from 'zod';
import { attributionModels } from '../../attribution/paths/types.js';
import { isCurrency, minorDigits, parseAmount } from '../../money/currency.js';
import { commissionEvents, type CommissionRule, type Program } from '../../records/partners.js';

/** Attribution models a programme may pay by (`custom` needs weights a programme does not hold). */
export const programModels = attributionModels.filter((m) => m !== 'custom');

/** A non-negative decimal amount, canonical (`"5.00"` → `"5"`); the message says why not. */
export const amountSchema = z.union([z.string().max(40), z.number()]).transform((value, ctx) => {
  const parsed = parseAmount(value);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.amount;
});

export const currencySchema = z.string().max(3).refine((code) => isCurrency(code), { message: 'must be an ISO 4217 currency code such as EUR, USD, IRR or VND' });

const tierSchema = z.object({
  min_sales: z.number().int().min(1).max(1_000_000).describe('from the partner\'s n-th credited, unreversed sale of the calendar month on'),
  amount: amountSchema.describe('replaces the rule\'s amount from that sale on'),
});

/** A rule as a caller gives it (`id` only to keep an existing rule's id in an update). */
export const ruleInputSchema = z.object({
  id: z.string().regex(/^r[1-9]\d{0,5}$/).optional().describe('an existing rule\'s id (r1, r2 …) to keep it in an update; new rules get the next id (ids of removed rules are never given again)'),
  event: z.enum(commissionEvents).describe('sale | lead | click'),
  type: z.enum(['percent', 'flat']).describe('percent of the sale ("10" = 10%) or a flat amount in the programme\'s currency'),
  amount: amountSchema,
  tiers: z.array(tierSchema).min(1).max(20).optional().describe('ascending min_sales; the highest tier reached applies'),
  retroactive: z.boolean().optional().describe('crossing a tier re-rates the month\'s earlier sales'),
  product: z.string().trim().min(1).max(200).optional().describe('only sales of this product id or category'),
  months: z.number().int().min(0).max(600).optional().describe('recurring: the customer\'s sales for this many months (0: for life)'),
  cap: z.object({ per: z.enum(['day', 'month']), amount: amountSchema }).optional().describe('at most this much from the rule per partner per day or month'),
});

export type RuleInput = z.output<typeof ruleInputSchema>;

/** A programme's fields as `programs.create` takes them (all but `name`, `currency` and `rules` have defaults). */
export const programFieldsShape = {
  name: z.string().trim().min(1).max(200),
  currency: currencySchema.describe('ISO 4217: every commission and payout of the programme is in it'),
  window_days: z.number().int().min(1).max(365).describe('days a sale may follow the partner click it is credited to (default 30)'),
  hold_days: z.number().int().min(0).max(180).describe('days a commission stays pending before it is approved (default 30)'),
  crediting: z.enum(['last_click', 'first_click']).describe('which partner click in the window a sale is credited to (default last_click; a coupon on the order comes first)'),
  model: z.enum(programModels).nullable().describe('pay partners their share of each sale under this attribution model instead of by click (null: by click)'),
  rules: z.array(ruleInputSchema).min(1).max(50),
  override_percent: amountSchema.nullable().describe('two-level override: percent of a child partner\'s sale paid to its parent (null: none)'),
  min_payout: amountSchema.describe('no payout below this amount: it is carried over (default 0)'),
  payout_schedule: z.enum(['weekly', 'monthly', 'manual']).describe('default monthly'),
  fraud_threshold: z.number().int().min(0).max(100).describe('a conversion scoring at least this (0–100) is held for review (default 70)'),
  accepts_applications: z.boolean().describe('the public application page takes applications (default false)'),
};

/** Where a refusal of a programme's money fields points, and why. */
export interface ProgramIssue {
  path: (string | number)[];
  message: string;
}

/** Decimals of `amount` beyond the currency's minor unit, as a message, or undefined when it fits. */
export function minorUnitIssue(amount: string, currency: string): string | undefined {
  const digits = minorDigits(currency);
  const decimals = (amount.split('.')[1] ?? '').length;
  return decimals > digits ? `must have at most ${digits} decimals in ${currency}` : undefined;
}

/**
 * What the schemas cannot say alone: percentages over 100, tiers out of order, flat amounts finer
 * than the currency's minor unit, an override over 100%. Empty when the rules can be evaluated.
 *
 * @example
 *   ruleIssues([{ event: 'sale', type: 'percent', amount: '120' }], 'EUR')
 *   // → [{ path: ['rules', 0, 'amount'], message: 'a percentage must be at most 100' }]
 */
export function ruleIssues(rules: readonly RuleInput[], currency: string | undefined): ProgramIssue[] {
  const issues: ProgramIssue[] = [];
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    const at = (...path: (string | number)[]) => ['rules', i, ...path];
    const checkAmount = (amount: string, path: (string | number)[]) => {
      if (rule.type === 'percent' && new Big(amount).gt(100)) issues.push({ path, message: 'a percentage must be at most 100' });
      const fine = rule.type === 'flat' && currency !== undefined ? minorUnitIssue(amount, currency) : undefined;
      if (fine) issues.push({ path, message: fine });
    };
    checkAmount(rule.amount, at('amount'));
    (rule.tiers ?? []).forEach((tier, n) => {
      checkAmount(tier.amount, at('tiers', n, 'amount'));
      const previous = rule.tiers![n - 1];
      if (previous && tier.min_sales <= previous.min_sales) issues.push({ path: at('tiers', n, 'min_sales'), message: `tiers must be in ascending order of min_sales (${tier.min_sales} follows ${previous.min_sales})` });
    });
    if (rule.retroactive && !rule.tiers) issues.push({ path: at('retroactive'), message: 'only a rule with tiers re-rates' });
    if (rule.event === 'click' && rule.type === 'percent') issues.push({ path: at('type'), message: 'a click has no amount to take a percentage of: use flat' });
    if (rule.cap && currency !== undefined) {
      const fine = minorUnitIssue(rule.cap.amount, currency);
      if (fine) issues.push({ path: at('cap', 'amount'), message: fine });
    }
    if (rule.id !== undefined) {
      if (ids.has(rule.id)) issues.push({ path: at('id'), message: `rule id ${rule.id} is given twice` });
      ids.add(rule.id);
    }
  });
  return issues;
}

/** Issues of the programme's other money fields in `currency`. */
export function programMoneyIssues(fields: { override_percent?: string | null; min_payout?: string }, currency: string | undefined): ProgramIssue[] {
  const issues: ProgramIssue[] = [];
  if (fields.override_percent && new Big(fields.override_percent).gt(100)) issues.push({ path: ['override_percent'], message: 'a percentage must be at most 100' });
  const fine = fields.min_payout !== undefined && currency !== undefined ? minorUnitIssue(fields.min_payout, currency) : undefined;
  if (fine) issues.push({ path: ['min_payout'], message: fine });
  return issues;
}

/** The number of a rule id `rN`, or undefined for an id of another form. */
export const ruleNumber = (id: string): number | undefined => (/^r\d+$/.test(id) ? Number(id.slice(1)) : undefined);

/**
 * How many rule ids a programme has handed out: its `rule_ids_issued`, or for a programme stored
 * before that was kept, the highest of its rules' ids and of the rule ids its ledger names
 * (`ledgerRuleIds`: the ids of removed rules that were paid on).
 */
export function ruleIdsIssued(program: Pick<Program, 'rules' | 'rule_ids_issued'>, ledgerRuleIds: Iterable<string> = []): number {
  const numbers = [...program.rules.map((r) => r.id), ...ledgerRuleIds].map(ruleNumber).filter((n): n is number => n !== undefined);
  return Math.max(program.rule_ids_issued ?? 0, 0, ...numbers);
}

/**
 * The stored rules and the count of ids issued after them: ids kept where given (the caller has
 * checked they are the programme's current rules), `r(issued+1)`, `r(issued+2)` … for the rest, so
 * an id once handed out is never handed out again.
 *
 * @example withRuleIds([{ id: 'r1', … }, { … }], 2) // → rules r1 and r3, issued 3 (r2 was removed: its id stays retired)
 */
export function withRuleIds(rules: readonly RuleInput[], issued = 0): { rules: CommissionRule[]; issued: number } {
  let next = issued;
  const stored = rules.map(({ id, ...rule }) => {
    const one: CommissionRule = { id: id ?? `r${++next}`, event: rule.event, type: rule.type, amount: rule.amount };
    if (rule.tiers) one.tiers = rule.tiers.map((t) => ({ min_sales: t.min_sales, amount: t.amount }));
    if (rule.retroactive !== undefined) one.retroactive = rule.retroactive;
    if (rule.product !== undefined) one.product = rule.product;
    if (rule.months !== undefined) one.months = rule.months;
    if (rule.cap) one.cap = { per: rule.cap.per, amount: rule.cap.amount };
    return one;
  });
  return { rules: stored, issued: next };
}

const ruleAnswerSchema = z.object({
  id: z.string(),
  event: z.enum(commissionEvents),
  type: z.enum(['percent', 'flat']),
  amount: z.string(),
  tiers: z.array(z.object({ min_sales: z.number().int(), amount: z.string() })).optional(),
  retroactive: z.boolean().optional(),
  product: z.string().optional(),
  months: z.number().int().optional(),
  cap: z.object({ per: z.enum(['day', 'month']), amount: z.string() }).optional(),
});

/** A programme as the API answers it. */
export const programAnswerSchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  window_days: z.number().int(),
  hold_days: z.number().int(),
  crediting: z.enum(['last_click', 'first_click']),
  model: z.string().nullable(),
  rules: z.array(ruleAnswerSchema),
  override_percent: z.string().nullable(),
  min_payout: z.string(),
  payout_schedule: z.enum(['weekly', 'monthly', 'manual']),
  fraud_threshold: z.number().int(),
  accepts_applications: z.boolean(),
  created_at: z.string(),
});

export type ProgramAnswer = z.input<typeof programAnswerSchema>;

export function programAnswer(p: Program): ProgramAnswer {
  return {
    id: p.id, name: p.name, currency: p.currency, window_days: p.window_days, hold_days: p.hold_days, crediting: p.crediting,
    model: p.model ?? null, rules: p.rules, override_percent: p.override_percent ?? null, min_payout: p.min_payout,
    payout_schedule: p.payout_schedule, fraud_threshold: p.fraud_threshold, accepts_applications: p.accepts_applications, created_at: p.created_at,
  };
}

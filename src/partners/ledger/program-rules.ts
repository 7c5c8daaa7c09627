/**
 * A programme's commission rules checked once and made ready to apply: a rule that cannot be
 * evaluated is refused with the field named (design.md "Bad input"), and rates become Big values.
 */
import Big from 'big.js';
import { AppError, type FieldIssue } from '../../shared/errors.js';
import { isCurrency } from '../../money/currency.js';
import { commissionEvents, type CommissionRule, type Program } from '../../records/partners.js';

const decimal = /^\d{1,15}(\.\d{1,12})?$/;

/** A rule ready to apply: `rate` is the fraction for percent rules ("10" → 0.1) or the flat amount. */
export interface CompiledRule {
  rule: CommissionRule;
  rate: Big;
  /** Ascending by `min_sales`, each with its rate as `rate` is. */
  tiers: { min_sales: number; rate: Big }[];
  cap: { per: 'day' | 'month'; amount: Big } | null;
}

function rateOf(type: CommissionRule['type'], amount: string): Big {
  return type === 'percent' ? new Big(amount).div(100) : new Big(amount);
}

/** Issues with one amount: a decimal string, not negative, at most 100 when it is a percent. */
function amountIssues(path: string, value: unknown, percent: boolean): FieldIssue[] {
  if (typeof value !== 'string' || !decimal.test(value)) return [{ path, message: `must be a non-negative decimal string such as "10" or "5.00", got ${JSON.stringify(value)}` }];
  if (percent && new Big(value).gt(100)) return [{ path, message: `a percentage must be at most 100, got ${value}` }];
  return [];
}

/** Every reason `program` cannot be evaluated, each with the field's path (`rules.0.tiers.1.min_sales`). */
export function programIssues(program: Program): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isCurrency(program.currency)) issues.push({ path: 'currency', message: `not an ISO 4217 currency: ${JSON.stringify(program.currency)}` });
  if (!Number.isInteger(program.hold_days) || program.hold_days < 0 || program.hold_days > 365) issues.push({ path: 'hold_days', message: 'must be a whole number of days from 0 to 365' });
  issues.push(...amountIssues('min_payout', program.min_payout, false));
  if (program.override_percent !== undefined) issues.push(...amountIssues('override_percent', program.override_percent, true));
  if (!(program.fraud_threshold >= 0 && program.fraud_threshold <= 100)) issues.push({ path: 'fraud_threshold', message: 'must be from 0 to 100' });
  const ids = new Set<string>();
  program.rules.forEach((rule, i) => {
    const at = `rules.${i}`;
    if (typeof rule.id !== 'string' || rule.id === '' || ids.has(rule.id)) issues.push({ path: `${at}.id`, message: 'must be a non-empty id, unique in the programme' });
    ids.add(rule.id);
    if (!commissionEvents.includes(rule.event)) issues.push({ path: `${at}.event`, message: `unknown event ${JSON.stringify(rule.event)}: sale, lead or click` });
    if (rule.type !== 'percent' && rule.type !== 'flat') issues.push({ path: `${at}.type`, message: 'must be percent or flat' });
    if (rule.type === 'percent' && rule.event !== 'sale') issues.push({ path: `${at}.type`, message: `a ${rule.event} has no amount: a percent rule needs the sale event` });
    issues.push(...amountIssues(`${at}.amount`, rule.amount, rule.type === 'percent'));
    if (rule.tiers !== undefined) {
      if (rule.event !== 'sale') issues.push({ path: `${at}.tiers`, message: 'tiers count sales: only a sale rule has them' });
      let previous = 0;
      rule.tiers.forEach((tier, j) => {
        if (!Number.isInteger(tier.min_sales) || tier.min_sales <= previous) {
          issues.push({ path: `${at}.tiers.${j}.min_sales`, message: `tiers must be in ascending order of min_sales (whole numbers from 1), got ${tier.min_sales} after ${previous}` });
        } else previous = tier.min_sales;
        issues.push(...amountIssues(`${at}.tiers.${j}.amount`, tier.amount, rule.type === 'percent'));
      });
    }
    if (rule.months !== undefined && !(Number.isInteger(rule.months) && rule.months >= 0 && rule.months <= 1200)) issues.push({ path: `${at}.months`, message: 'must be a whole number of months (0: for life)' });
    if (rule.months !== undefined && rule.event !== 'sale') issues.push({ path: `${at}.months`, message: 'recurring counts a customer\'s sales: only a sale rule has months' });
    if (rule.cap !== undefined) {
      if (rule.cap.per !== 'day' && rule.cap.per !== 'month') issues.push({ path: `${at}.cap.per`, message: 'must be day or month' });
      issues.push(...amountIssues(`${at}.cap.amount`, rule.cap.amount, false));
    }
  });
  return issues;
}

/** The programme's rules ready to apply; refuses (400 `invalid_input`, every issue named) a programme that cannot be evaluated. */
export function compileRules(program: Program): CompiledRule[] {
  const issues = programIssues(program);
  if (issues.length > 0) throw new AppError('invalid_input', `programme ${program.id} cannot be evaluated: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  return program.rules.map((rule) => ({
    rule,
    rate: rateOf(rule.type, rule.amount),
    tiers: (rule.tiers ?? []).map((t) => ({ min_sales: t.min_sales, rate: rateOf(rule.type, t.amount) })),
    cap: rule.cap ? { per: rule.cap.per, amount: new Big(rule.cap.amount) } : null,
  }));
}

/** The rate for a sale that is the partner's `salesInMonth`-th of the month: the highest tier reached, else the rule's own. */
export function rateFor(rule: CompiledRule, salesInMonth: number): { rate: Big; tier: number } {
  let tier = 0;
  while (tier < rule.tiers.length && salesInMonth >= rule.tiers[tier].min_sales) tier++;
  return { rate: tier === 0 ? rule.rate : rule.tiers[tier - 1].rate, tier };
}

/** Whether `rule` pays on a conversion of `event` for `product` / `category`. */
export function ruleApplies(rule: CommissionRule, event: string, product: string | null, category: string | null): boolean {
  if (rule.event !== event) return false;
  return rule.product === undefined || rule.product === product || rule.product === category;
}

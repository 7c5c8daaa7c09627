import type { CreditedConversion } from '../credited-conversion.js';
import type { Partner, Program } from '../../records/partners.js';
import { AppError, type FieldIssue } from '../../shared/errors.js';

const decimal = /^\d{1,15}(\.\d{1,12})?$/;
const share = /^(0(\.\d{1,12})?|1(\.0{1,12})?)$/;

/**
 * The conversions in time order, after checking each can be paid: of this programme, of a known
 * partner, a known event, a valid instant, a sale amount that is a non-negative decimal and a
 * share from 0 to 1. Refuses them all (400 `invalid_input`, each issue named
 * `conversions.<i>.<field>`, at most 20 listed) when one cannot.
 */
export function checkConversions(conversions: readonly CreditedConversion[], program: Program, partners: ReadonlyMap<string, Partner>): readonly CreditedConversion[] {
  const issues: FieldIssue[] = [];
  let sorted = true;
  let previous = -Infinity;
  conversions.forEach((c, i) => {
    if (issues.length >= 20) return;
    const at = `conversions.${i}`;
    if (c.program_id !== program.id) issues.push({ path: `${at}.program_id`, message: `not programme ${program.id}` });
    if (!partners.has(c.partner_id)) issues.push({ path: `${at}.partner_id`, message: `unknown partner ${c.partner_id}` });
    if (c.event !== 'sale' && c.event !== 'lead' && c.event !== 'click') issues.push({ path: `${at}.event`, message: `unknown event ${JSON.stringify(c.event)}` });
    if (typeof c.id !== 'string' || c.id === '') issues.push({ path: `${at}.id`, message: 'must be the order, lead or click id' });
    const ms = Date.parse(c.occurred_at);
    if (!Number.isFinite(ms)) issues.push({ path: `${at}.occurred_at`, message: 'must be an ISO instant' });
    if (c.event === 'sale' && (c.amount === null || !decimal.test(c.amount))) issues.push({ path: `${at}.amount`, message: 'a sale needs a non-negative decimal amount in the programme\'s currency' });
    if (!share.test(c.share)) issues.push({ path: `${at}.share`, message: 'must be a decimal from 0 to 1' });
    if (ms < previous) sorted = false;
    previous = ms;
  });
  if (issues.length > 0) throw new AppError('invalid_input', `conversions cannot be paid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  if (sorted) return conversions;
  return conversions.map((c, i) => ({ c, i, at: Date.parse(c.occurred_at) })).sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.c);
}


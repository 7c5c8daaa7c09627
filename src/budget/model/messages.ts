/**
 * Messages of the budget plan and fit (moves, the plan's mode reason,
 * warnings) as ids with parameters, so the dashboard words them in its
 * locale; `text` is the English wording the CLI prints. The dashboard keeps
 * one key per id (`web/src/i18n/messages-*.ts`) with the same `{param}`s.
 *
 * Parameter conventions (the dashboard formats by name): `channel`, `from`,
 * `to` are channel ids; `outcome` an outcome kind (new_customers, conversions,
 * revenue) and `unit` one of it (new customer, conversion, unit of revenue);
 * `efficiency` is `cpa` or `roas`; names ending in `_money` are
 * amounts in the workspace currency, in `_pct` unsigned percentages;
 * `delta` is a signed outcome change and `delta_pct` a signed percentage;
 * `start` and `end` are dates; anything else a number or a plain string.
 */

export type BudgetParams = Record<string, string | number>;

export interface BudgetMessage {
  id: BudgetMessageId;
  params: BudgetParams;
  /** English wording (CLI, logs). */
  text: string;
  /** Why (simple-mode moves: the rule behind the move). */
  because?: BudgetMessage;
}

/** English templates; `{name}` is filled from the parameters. */
export const budgetTemplates = {
  // Moves (simple mode: the plan's rows against the current split at the same total).
  'budget.msg.move_up': 'raise {channel} by {change_pct}% ({from_money} → {to_money})',
  'budget.msg.move_down': 'lower {channel} by {change_pct}% ({from_money} → {to_money})',
  'budget.msg.move_keep': 'keep {channel} at {to_money}',
  // Moves (model mode).
  'budget.msg.move_shift': 'move {share_pct}% of {from} to {to}: {delta} {outcome}, {efficiency} {delta_pct}%',
  'budget.msg.move_retime': 're-time spend across weeks as planned: {delta} {outcome}',
  // The rule behind a simple-mode move.
  'budget.msg.rule_no_spend': 'no recent spend: nothing to judge; test with a small budget first',
  'budget.msg.rule_no_outcome': 'spent {spend_money} recently with no {outcome} credited',
  'budget.msg.rule_above_target': 'average cost per {unit} {average_money} is above the target {target_money}',
  'budget.msg.rule_last_euros': 'average cost per {unit} {average_money} meets the target {target_money}, but the last euros cost {marginal_money} each',
  'budget.msg.rule_under_target': 'the last euros cost {marginal_money} per {unit}, under the target {target_money}',
  'budget.msg.rule_under_target_average': 'average cost per {unit} {average_money} is under the target {target_money} (the marginal cost could not be read from the recent weeks)',
  'budget.msg.rule_no_headroom': 'under the target {target_money} but there is no headroom',
  'budget.msg.rule_bounds': 'your limits for this channel set it',
  'budget.msg.rule_spread': 'takes the money the cut channels free, since no channel qualified to scale up',
  // Why the plan is in simple mode.
  'budget.msg.reason_asked': 'simple mode was asked for',
  'budget.msg.reason_short_history': '{days} days of history are fewer than the {min_days} (8 weeks) the model needs',
  'budget.msg.reason_cannot_fit': 'the model cannot be fitted: {detail}',
  'budget.msg.reason_not_identified': 'no channel spend varied enough to estimate its effect',
  'budget.msg.reason_holdout': "the model forecasts the last {periods} days worse than the history's average (forecast skill {skill}, holdout R² {r2})",
  'budget.msg.reason_negative_baseline': 'the model credits the channels with {media} of only {observed} observed (a negative baseline): the split is not identified',
  // Warnings.
  'budget.msg.warn_no_spend': '{channel}: no spend in the history; effect set to 0',
  'budget.msg.warn_constant_spend': '{channel}: spend is constant, so its effect cannot be separated from the baseline; effect set to 0',
  'budget.msg.warn_low_holdout': 'holdout R² is {r2}: treat the curves with care',
  'budget.msg.warn_saturation_edge': '{channel}: saturation point at the top of its search range; the curve may be closer to linear than shown',
  'budget.msg.warn_move_unsupported': "{amount_money} stays in {from} instead of moving to {to}: the move gains in only {support_pct}% of the model's draws (it needs {required_pct}%), so the data cannot tell which of the two returns more",
  'budget.msg.warn_plan_below_current': 'the recommended plan predicts less than the current split; the current split breaks a bound',
  'budget.msg.warn_default_bounds': "without bounds a plan keeps each channel between half and twice its current share of the budget (a model fitted on a few months of data is not trusted further); pass bounds to widen",
  'budget.msg.warn_no_credit': 'no {outcome} were credited to a paid channel in the recent periods: the rules cannot rank the channels',
  'budget.msg.warn_rules_below_current': 'the rules split predicts less than the current split at this total: prefer the current split',
  'budget.msg.warn_unallocated': '{amount_money} of the total is left unplanned: every channel with spend is over its target, so none should take more',
  'budget.msg.note': '{text}',
  'budget.msg.note_tet_unknown': 'Tết dates are known for 2020–2030; {year} has none',
  // The funnel planner: where each rate comes from, and which path sales take.
  'budget.msg.basis_cpm': 'spend {spend_money} × 1000 / impressions {impressions}',
  'budget.msg.basis_ctr': 'clicks {clicks} / impressions {impressions}',
  'budget.msg.basis_visit_rate': 'sessions {sessions} / clicks {clicks}',
  'budget.msg.basis_cvr': 'CRM: {leads} leads created {start}–{end} / sessions {sessions}',
  'budget.msg.basis_close_rate': 'CRM: {customers} of the {leads} leads created {start}–{end} became customers',
  'budget.msg.basis_sales_rate': 'sales {sales} / sessions {sessions}',
  'budget.msg.basis_aov': 'revenue {revenue_money} / sales {sales}',
  'budget.msg.path_leads': 'sales come through leads: {sales_from_leads} of {sales} paid sales ({share_pct}%) were by leads created {start}–{end}, so sales are planned as visits → leads → sales',
  'budget.msg.path_visits': 'only {sales_from_leads} of {sales} paid sales ({share_pct}%) were by leads created {start}–{end}, so sales are planned from visits (sales per visit) and leads are counted beside them',
  'budget.msg.path_given': 'the path was given: {path}',
} as const;

export type BudgetMessageId = keyof typeof budgetTemplates;

/** English words for an outcome kind inside a sentence. */
const outcomeWords: Record<string, string> = { new_customers: 'new customers', conversions: 'conversions', revenue: 'revenue' };
/** English words for one unit of an outcome (`unit` parameter: the outcome kind). */
const unitWords: Record<string, string> = { new_customers: 'new customer', conversions: 'conversion', revenue: 'unit of revenue' };

/**
 * A message with its English text.
 * @example budgetMessage('budget.msg.warn_no_spend', { channel: 'tv' }).text // "tv: no spend in the history; effect set to 0"
 */
export function budgetMessage(id: BudgetMessageId, params: BudgetParams = {}, because?: BudgetMessage): BudgetMessage {
  const text = budgetTemplates[id].replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const v = params[name];
    if (name === 'outcome') return outcomeWords[String(v)] ?? String(v);
    if (name === 'unit') return unitWords[String(v)] ?? String(v);
    if (name === 'efficiency') return String(v).toUpperCase();
    if (typeof v !== 'number') return v;
    if (name.endsWith('_money')) return v.toFixed(2);
    if (name === 'delta') return `${v >= 0 ? '+' : '−'}${Math.abs(v) >= 10 ? Math.round(Math.abs(v)) : Math.abs(v).toFixed(1)}`;
    const magnitude = Math.abs(v) < 1 ? Math.abs(v).toFixed(1) : String(Math.round(Math.abs(v)));
    if (name === 'delta_pct') return `${v >= 0 ? '+' : '−'}${magnitude}`;
    if (name.endsWith('_pct')) return magnitude;
    return String(v);
  });
  const full = because ? `${text}: ${because.text}` : text;
  return because ? { id, params, text: full, because } : { id, params, text: full };
}

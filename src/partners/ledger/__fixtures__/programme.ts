/** Small builders for ledger tests: a programme, partners and credited conversions with defaults. */
import type { CreditedConversion } from '../../credited-conversion.js';
import type { Partner, Program } from '../../../records/partners.js';

export function program(over: Partial<Program> = {}): Program {
  return {
    id: 'p1', workspace_id: 'w1', name: 'Shop', currency: 'EUR', window_days: 30, hold_days: 30, crediting: 'last_click',
    rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '0', payout_schedule: 'monthly',
    fraud_threshold: 70, accepts_applications: true, created_at: '2026-01-01T00:00:00Z', ...over,
  };
}

export function partner(id: string, over: Partial<Partner> = {}): Partner {
  return {
    id, workspace_id: 'w1', program_id: 'p1', name: id, email: `${id}@example.com`, kind: 'affiliate', status: 'approved', parent_id: null,
    group: null, language: 'en', country: null, links: [], coupons: [], identities: [], retainer: null, postback_url: null, tax: null,
    created_at: '2026-01-01T00:00:00Z', approved_at: '2026-01-01T00:00:00Z', ...over,
  };
}

export function partnersOf(...list: Partner[]): Map<string, Partner> {
  return new Map(list.map((p) => [p.id, p]));
}

export function sale(id: string, partnerId: string, amount: string, occurredAt: string, over: Partial<CreditedConversion> = {}): CreditedConversion {
  return {
    program_id: 'p1', partner_id: partnerId, event: 'sale', id, occurred_at: occurredAt, amount, product: null, category: null, customer: null,
    via: 'click', share: '1', click_id: `c-${id}`, sub_ids: {}, fraud_score: null, fraud_reasons: [], ...over,
  };
}

import type { Partner } from '../../records/partners.js';
import type { PartnerClickFact, PartnerConversionFact } from './facts.js';

/** Why a conversion that points at a partner earns nothing (reported, never silently dropped). */
export type CreditRefusal = 'self_referral' | 'not_approved';

/**
 * A programme's partners looked up by link slug and coupon, with the checks every credit passes:
 * only `approved` partners earn, and never on a conversion by their own identities (user ids,
 * anonymous ids, e-mail hashes in `partner.identities`), whether the conversion's or its click's.
 */
export class PartnerIndex {
  private readonly bySlug = new Map<string, Partner>();
  private readonly byCoupon = new Map<string, Partner>();
  private readonly identities = new Map<string, Set<string>>();

  constructor(programId: string, partners: readonly Partner[]) {
    for (const p of partners) {
      if (p.program_id !== programId) continue;
      for (const slug of p.links) this.bySlug.set(slug, p);
      for (const code of p.coupons) this.byCoupon.set(code.toUpperCase(), p);
      this.identities.set(p.id, new Set(p.identities));
    }
  }

  /** The slugs whose clicks are partner clicks of the programme. */
  slugs(): string[] {
    return [...this.bySlug.keys()].sort();
  }

  ofSlug(slug: string): Partner | undefined {
    return this.bySlug.get(slug);
  }

  /** The holder of a coupon, compared upper-case. */
  ofCoupon(coupon: string | null): Partner | undefined {
    return coupon ? this.byCoupon.get(coupon.toUpperCase()) : undefined;
  }

  /** Why `partner` may not earn on `conversion` (through `click`, when credited by one); undefined when it may. */
  refusal(partner: Partner, conversion: PartnerConversionFact, click?: PartnerClickFact): CreditRefusal | undefined {
    const own = this.identities.get(partner.id);
    const mine = (id: string | null | undefined) => id !== null && id !== undefined && own !== undefined && own.has(id);
    if (mine(conversion.person) || mine(conversion.anonymous_id) || mine(conversion.email_hash) || mine(click?.anonymous_id) || mine(click?.person)) return 'self_referral';
    if (partner.status !== 'approved') return 'not_approved';
    return undefined;
  }
}

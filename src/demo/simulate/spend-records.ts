/** Daily cost rows per channel / campaign / ad, with impressions and clicks consistent with the simulated visits. */
import type { SpendRecord } from '../../records/events.js';
import { dateOfDay, type DemoWindow } from '../world/calendar.js';
import { channelDefs } from '../world/catalog.js';
import { formatMinor } from '../world/money-format.js';
import { Rng } from '../world/prng.js';
import type { Scale, SpendPlan } from './spend-plan.js';

/**
 * The spend source of a campaign's utm_source: the ad platform whose export
 * carries its cost, named as the spend importer names it (a Google Ads export
 * is `google_ads`), so a real export imported over the demo world replaces
 * the demo's rows of the same campaign, ad and day instead of adding to them.
 */
const platformOf: Readonly<Record<string, string>> = {
  google: 'google_ads', gdn: 'google_ads', bing: 'microsoft_ads', facebook: 'meta_ads', instagram: 'meta_ads', tiktok: 'tiktok_ads',
};

export const spendSourceOf = (utmSource: string): string => platformOf[utmSource] ?? utmSource;

/**
 * One row per day and ad that cost money or brought visits. Clicks are the
 * tracked visits plus the few a tracker always misses (4–12 %); impressions
 * follow the pricing model: cost / CPM for CPM rows, clicks / CTR otherwise,
 * the post's reach for influencer fees.
 */
export function buildSpendRecords(seed: number, window: DemoWindow, scale: Scale, plan: SpendPlan, adVisits: number[][], currency: string): SpendRecord[] {
  const rng = new Rng(seed ^ 0x5e4d);
  const rows: SpendRecord[] = [];
  for (let day = 0; day < window.days; day += 1) {
    const date = dateOfDay(window, day);
    for (const ad of plan.ads) {
      const minor = plan.adCostMinor[ad.index][day];
      const visits = adVisits[ad.index][day];
      if (minor === 0 && visits === 0) continue;
      const campaign = plan.campaigns[ad.campaign];
      const channel = channelDefs[campaign.channel];
      const costEur = minor / 10 ** scale.digits / scale.money;
      const clicks = visits + Math.round(visits * rng.uniform(0.04, 0.12));
      let impressions: number;
      if (campaign.def.pricing === 'cpm') impressions = Math.round((costEur / channel.cpm) * 1000);
      else if (channel.id === 'influencer') impressions = minor > 0 ? Math.round(costEur * 40) : 0;
      else impressions = Math.round(clicks / (channel.ctr * rng.logNormalMean(1, 0.15)));
      rows.push({
        date,
        channel: channel.id,
        campaign: campaign.def.name,
        ad: ad.name,
        source: spendSourceOf(campaign.def.source),
        cost: { amount: formatMinor(minor, scale.digits), currency },
        impressions: Math.max(impressions, clicks),
        clicks,
        pricing_model: campaign.def.pricing,
      });
    }
  }
  return rows;
}

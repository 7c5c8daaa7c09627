/**
 * Daily budgets per ad (with weekly patterns, budget steps, pauses, influencer
 * posts and email sends), the channels' adstocked spend, the expected
 * incremental purchases it causes, and the traffic it plans.
 */
import { weekdayOfDay, type DemoWindow } from '../world/calendar.js';
import { channelDefs, newShareByRole, type CampaignDef } from '../world/catalog.js';
import { adstock, response } from '../world/response-curve.js';
import { Rng } from '../world/prng.js';
import type { ResponseParams } from '../../records/demo-truth.js';

export interface PlanCampaign {
  index: number;
  channel: number;
  def: CampaignDef;
  /** Index of the campaign's first ad in `SpendPlan.ads`. */
  firstAd: number;
}

export interface PlanAd {
  index: number;
  campaign: number;
  name: string;
  /** Share of the campaign's budget. */
  share: number;
}

export interface SpendPlan {
  campaigns: PlanCampaign[];
  ads: PlanAd[];
  /** Cost per ad and day in minor units of the base currency. */
  adCostMinor: number[][];
  /** Cost per campaign and day in minor units of the base currency. */
  campaignCostMinor: number[][];
  /** Average cost per active day (cost > 0) of each campaign, minor units. */
  campaignAverageMinor: number[];
  /** Cost per channel and day in base currency units (sum of the ads' rounded costs). */
  channelSpend: number[][];
  /** Adstocked channel spend (channels with a response curve; zeros otherwise). */
  channelAdstock: number[][];
  /** Expected incremental first purchases per channel and day. */
  expected: number[][];
  /** Response curves in world units (k in base currency, beta in purchases per day); null for unpaid channels. */
  response: (ResponseParams | null)[];
  /** Planned first visits per campaign and day. */
  newVisits: number[][];
  /** Planned return visits per campaign and day. */
  returnVisits: number[][];
  /** Days with an email send. */
  sendDay: boolean[];
}

export interface Scale {
  /** People per day relative to 100,000 over 90 days. */
  size: number;
  /** Base-currency units per EUR. */
  money: number;
  /** Minor-unit digits of the base currency. */
  digits: number;
}

/** Builds the spend plan of the whole window. */
export function buildSpendPlan(seed: number, window: DemoWindow, scale: Scale): SpendPlan {
  const rng = new Rng(seed ^ 0x5be2d);
  const campaigns: PlanCampaign[] = [];
  const ads: PlanAd[] = [];
  channelDefs.forEach((channel, channelIndex) => {
    for (const def of channel.campaigns) {
      const campaign: PlanCampaign = { index: campaigns.length, channel: channelIndex, def, firstAd: ads.length };
      campaigns.push(campaign);
      const raw = def.ads.map((_, i) => 1 / (i + 1.5));
      const total = raw.reduce((a, b) => a + b, 0);
      def.ads.forEach((name, i) => ads.push({ index: ads.length, campaign: campaign.index, name, share: raw[i] / total }));
    }
  });

  const sendDay = Array.from({ length: window.days }, (_, d) => {
    const dow = weekdayOfDay(window, d);
    return dow === 1 || dow === 4;
  });
  const unit = 10 ** scale.digits;
  const adCostMinor = ads.map(() => new Array<number>(window.days).fill(0));
  const campaignEur = campaigns.map(() => new Array<number>(window.days).fill(0));

  for (const campaign of campaigns) {
    const channel = channelDefs[campaign.channel];
    const posts = campaign.def.postDays === 'posts' ? postDays(rng, campaign.def, window.days) : null;
    for (let day = 0; day < window.days; day += 1) {
      const mult = stepMultiplier(campaign.def, day / window.days);
      if (mult === 0) continue;
      let eur: number;
      if (campaign.def.postDays === 'posts') eur = posts!.has(day) ? campaign.def.budget * mult : 0;
      else if (campaign.def.postDays === 'sends') eur = sendDay[day] ? campaign.def.budget * mult : 0;
      else eur = campaign.def.budget * mult * channel.weekly[weekdayOfDay(window, day)] * rng.logNormalMean(1, 0.1);
      if (eur === 0) continue;
      eur *= scale.size;
      campaignEur[campaign.index][day] = eur;
      const adCount = campaign.def.ads.length;
      const noisy = Array.from({ length: adCount }, (_, i) => ads[campaign.firstAd + i].share * rng.logNormalMean(1, 0.15));
      const noisyTotal = noisy.reduce((a, b) => a + b, 0);
      for (let i = 0; i < adCount; i += 1) {
        adCostMinor[campaign.firstAd + i][day] = Math.round((eur * scale.money * noisy[i] / noisyTotal) * unit);
      }
    }
  }

  const campaignCostMinor = campaigns.map(() => new Array<number>(window.days).fill(0));
  for (const ad of ads) for (let day = 0; day < window.days; day += 1) campaignCostMinor[ad.campaign][day] += adCostMinor[ad.index][day];
  const campaignAverageMinor = campaignCostMinor.map((series) => {
    const active = series.filter((v) => v > 0);
    return active.length > 0 ? active.reduce((a, b) => a + b, 0) / active.length : 0;
  });

  const channelSpend = channelDefs.map(() => new Array<number>(window.days).fill(0));
  for (const ad of ads) {
    const channel = campaigns[ad.campaign].channel;
    for (let day = 0; day < window.days; day += 1) channelSpend[channel][day] += adCostMinor[ad.index][day];
  }
  for (const series of channelSpend) for (let day = 0; day < window.days; day += 1) series[day] /= unit;

  const responseParams = channelDefs.map((channel) =>
    channel.response
      ? { theta: channel.response.theta, k: channel.response.k * scale.size * scale.money, s: channel.response.s, beta: channel.response.beta * scale.size }
      : null,
  );
  const channelAdstock = channelDefs.map((_, c) => (responseParams[c] ? adstock(channelSpend[c], responseParams[c]!.theta) : new Array<number>(window.days).fill(0)));
  const expected = channelDefs.map((_, c) => channelAdstock[c].map((a) => (responseParams[c] ? response(responseParams[c]!, a) : 0)));

  const newVisits: number[][] = [];
  const returnVisits: number[][] = [];
  for (const campaign of campaigns) {
    const channel = channelDefs[campaign.channel];
    const visits = channel.cpc > 0 ? adstock(campaignEur[campaign.index], channel.trafficTheta).map((eur) => eur / channel.cpc) : campaignEur[campaign.index].map(() => 0);
    const share = newShareByRole[campaign.def.role];
    newVisits.push(visits.map((v) => v * share));
    returnVisits.push(visits.map((v) => v * (1 - share)));
  }

  return { campaigns, ads, adCostMinor, campaignCostMinor, campaignAverageMinor, channelSpend, channelAdstock, expected, response: responseParams, newVisits, returnVisits, sendDay };
}

/** The budget multiplier in force at `fraction` of the window. */
export function stepMultiplier(def: CampaignDef, fraction: number): number {
  let mult = 0;
  for (const [from, m] of def.steps) if (fraction >= from) mult = m;
  return mult;
}

/** About one post a month per influencer campaign, on days its budget step is active. */
function postDays(rng: Rng, def: CampaignDef, days: number): Set<number> {
  const active: number[] = [];
  for (let day = 0; day < days; day += 1) if (stepMultiplier(def, day / days) > 0) active.push(day);
  const count = Math.max(1, Math.round(active.length / 30));
  const out = new Set<number>();
  for (let i = 0; i < count && active.length > 0; i += 1) {
    const slot = Math.floor(((i + rng.uniform(0.15, 0.85)) * active.length) / count);
    out.add(active[Math.min(active.length - 1, slot)]);
  }
  return out;
}

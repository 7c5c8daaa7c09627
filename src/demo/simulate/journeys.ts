/**
 * Phase 1 of the simulation: who visits, when, from which channel / campaign /
 * ad, on which device, who signs up, who opens emails and who sees ads.
 * Plans are compact numbers; events are written later (emit-events.ts).
 */
import { weekdayOfDay, type DemoWindow } from '../world/calendar.js';
import { channelDefs, countries, deviceWeights } from '../world/catalog.js';
import { Rng, WeightedTable } from '../world/prng.js';
import { stepMultiplier, type SpendPlan } from './spend-plan.js';

export interface PlannedSession {
  day: number;
  /** Index into channelDefs. */
  channel: number;
  /** Index into SpendPlan.campaigns, -1 for unpaid channels. */
  campaign: number;
  /** Index into SpendPlan.ads, -1 for unpaid channels. */
  ad: number;
  /** 0 = the person's first device, 1 = the second. */
  device: 0 | 1;
  signup: boolean;
  /** Index into the purchase list, -1 when nothing is bought. */
  purchase: number;
}

export interface PlannedImpression {
  day: number;
  campaign: number;
  ad: number;
}

export interface Person {
  index: number;
  country: number;
  /** Device type indexes (into catalog.devices); second is -1 when the person uses one device. */
  devices: [number, number];
  /** Number of the second device's anonymous id (anon_<n>), 0 when none. */
  secondAnon: number;
  /** At most one session per day, sorted by day. */
  sessions: PlannedSession[];
  impressions: PlannedImpression[];
  /** Day of the first purchase, -1 when none. */
  firstPurchaseDay: number;
}

export interface JourneyPlan {
  people: Person[];
  /** touches[channel][day]: people who clicked or saw the channel that day (with repeats). */
  touches: number[][][];
  /** People with a session on each day. */
  sessionsByDay: number[][];
  /** Number of second-device anonymous ids handed out (they are numbered after the people). */
  secondDevices: number;
}

interface TrafficSource {
  channel: number;
  campaign: number;
}

const returnVisitsProbability = 0.43;
const meanReturnGapDays = 5;
const secondDeviceRate = 0.22;
const newsletterClickRate = 0.045;
const winbackClickRate = 0.004;

/** Plans the journeys of `visitors` people over the window. */
export function planJourneys(seed: number, window: DemoWindow, visitors: number, size: number, plan: SpendPlan): JourneyPlan {
  const rng = new Rng(seed ^ 0x10e4e);
  const days = window.days;
  const sources: TrafficSource[] = [];
  plan.campaigns.forEach((campaign) => {
    if (channelDefs[campaign.channel].id !== 'email') sources.push({ channel: campaign.channel, campaign: campaign.index });
  });
  channelDefs.forEach((channel, index) => {
    if (!channel.paid) sources.push({ channel: index, campaign: -1 });
  });
  const newTables: WeightedTable[] = [];
  const returnTables: WeightedTable[] = [];
  for (let day = 0; day < days; day += 1) {
    const dow = weekdayOfDay(window, day);
    const fresh = sources.map((s) => (s.campaign >= 0 ? plan.newVisits[s.campaign][day] : organicVisits(s.channel, dow, size) * channelDefs[s.channel].newShare));
    const back = sources.map((s) => (s.campaign >= 0 ? plan.returnVisits[s.campaign][day] : organicVisits(s.channel, dow, size) * (1 - channelDefs[s.channel].newShare)));
    newTables.push(new WeightedTable(fresh));
    returnTables.push(new WeightedTable(back));
  }

  const arrivals = new Array<number>(days).fill(0);
  const dayTable = new WeightedTable(newTables.map((t) => t.total));
  for (let i = 0; i < visitors; i += 1) arrivals[dayTable.draw(rng)] += 1;

  const countryTable = new WeightedTable(countries.map((c) => c.weight));
  const deviceTable = new WeightedTable(deviceWeights);
  const emailCampaigns = plan.campaigns.filter((c) => channelDefs[c.channel].id === 'email');
  const people: Person[] = [];
  let secondDevices = 0;
  for (let firstDay = 0; firstDay < days; firstDay += 1) {
    for (let n = 0; n < arrivals[firstDay]; n += 1) {
      const person: Person = {
        index: people.length,
        country: countryTable.draw(rng),
        devices: [deviceTable.draw(rng), -1],
        secondAnon: 0,
        sessions: [],
        impressions: [],
        firstPurchaseDay: -1,
      };
      people.push(person);
      const first = sources[newTables[firstDay].draw(rng)];
      person.sessions.push(session(rng, plan, firstDay, first, 0));
      let day = firstDay;
      const returns = rng.geometric(returnVisitsProbability);
      const twoDevices = returns > 0 && rng.chance(secondDeviceRate);
      if (twoDevices) {
        person.devices[1] = (person.devices[0] + 1 + rng.int(2)) % 3;
      }
      for (let r = 0; r < returns; r += 1) {
        day += 1 + Math.floor(rng.exponential(meanReturnGapDays));
        if (day >= days) break;
        const source = sources[returnTables[day].draw(rng)];
        person.sessions.push(session(rng, plan, day, source, twoDevices && rng.chance(0.55) ? 1 : 0));
      }
      if (person.sessions.some((s) => s.device === 1)) person.secondAnon = visitors + ++secondDevices;
      else person.devices[1] = -1;
      planSignupAndEmail(rng, plan, person, emailCampaigns, days);
      planImpressions(rng, plan, person, days);
    }
  }

  const touches = channelDefs.map(() => Array.from({ length: days }, () => [] as number[]));
  const sessionsByDay = Array.from({ length: days }, () => [] as number[]);
  for (const person of people) {
    for (const s of person.sessions) {
      touches[s.channel][s.day].push(person.index);
      sessionsByDay[s.day].push(person.index);
    }
    for (const imp of person.impressions) touches[plan.campaigns[imp.campaign].channel][imp.day].push(person.index);
  }
  return { people, touches, sessionsByDay, secondDevices };
}

/** Organic visits per day of an unpaid channel. */
function organicVisits(channel: number, dow: number, size: number): number {
  const def = channelDefs[channel];
  return def.baseVisits * def.weekly[dow] * size;
}

function session(rng: Rng, plan: SpendPlan, day: number, source: TrafficSource, device: 0 | 1): PlannedSession {
  const ad = source.campaign >= 0 ? pickAd(rng, plan, source.campaign, day) : -1;
  return { day, channel: source.channel, campaign: source.campaign, ad, device, signup: false, purchase: -1 };
}

/** An ad of the campaign, proportional to its cost that day (its standing share on days without cost). */
export function pickAd(rng: Rng, plan: SpendPlan, campaign: number, day: number): number {
  const c = plan.campaigns[campaign];
  const count = c.def.ads.length;
  if (count === 1) return c.firstAd;
  const weights: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    const w = plan.adCostMinor[c.firstAd + i][day];
    weights.push(w);
    total += w;
  }
  if (total === 0) for (let i = 0; i < count; i += 1) weights[i] = plan.ads[c.firstAd + i].share;
  return c.firstAd + rng.weighted(weights);
}

/** Signs the person up in at most one session, then plans the email visits that follow. */
function planSignupAndEmail(rng: Rng, plan: SpendPlan, person: Person, emailCampaigns: SpendPlan['campaigns'], days: number): void {
  let signupDay = -1;
  for (const s of person.sessions) {
    if (rng.chance(channelDefs[s.channel].signupRate)) {
      s.signup = true;
      signupDay = s.day;
      break;
    }
  }
  if (signupDay < 0) return;
  const taken = new Set(person.sessions.map((s) => s.day));
  const [newsletter, winback] = emailCampaigns;
  const emailChannel = newsletter.channel;
  for (let day = signupDay + 1; day < days; day += 1) {
    if (taken.has(day)) continue;
    let campaign = -1;
    if (plan.sendDay[day] && rng.chance(newsletterClickRate)) campaign = newsletter.index;
    else if (winback && stepMultiplier(winback.def, day / days) > 0 && rng.chance(winbackClickRate)) campaign = winback.index;
    if (campaign < 0) continue;
    const device: 0 | 1 = person.devices[1] >= 0 && rng.chance(0.3) ? 1 : 0;
    person.sessions.push({ day, channel: emailChannel, campaign, ad: pickAd(rng, plan, campaign, day), device, signup: false, purchase: -1 });
    taken.add(day);
  }
  person.sessions.sort((a, b) => a.day - b.day);
}

const prospectingImpressionRate = 0.18;
const retargetingImpressionRate = 0.3;

/** View-through exposure: prospecting ads before the first visit, retargeting ads after visits, scaled by that day's budget. */
function planImpressions(rng: Rng, plan: SpendPlan, person: Person, days: number): void {
  const firstDay = person.sessions[0].day;
  for (const campaign of plan.campaigns) {
    const channel = channelDefs[campaign.channel].id;
    if (channel !== 'display' && channel !== 'paid_social') continue;
    if (campaign.def.pricing !== 'cpm' && campaign.def.role !== 'retargeting') continue;
    if (campaign.def.role === 'prospecting') {
      const day = firstDay - rng.int(4);
      if (day < 0) continue;
      if (rng.chance(prospectingImpressionRate * intensity(plan, campaign.index, day))) addImpression(rng, plan, person, campaign.index, day);
    } else {
      for (const s of person.sessions) {
        const day = s.day + 1 + rng.int(3);
        if (day >= days) continue;
        if (rng.chance(retargetingImpressionRate * intensity(plan, campaign.index, day))) addImpression(rng, plan, person, campaign.index, day);
      }
    }
  }
}

function addImpression(rng: Rng, plan: SpendPlan, person: Person, campaign: number, day: number): void {
  person.impressions.push({ day, campaign, ad: pickAd(rng, plan, campaign, day) });
}

/** The campaign's cost that day relative to its average cost on active days, capped at 2. */
function intensity(plan: SpendPlan, campaign: number, day: number): number {
  const average = plan.campaignAverageMinor[campaign];
  const today = plan.campaignCostMinor[campaign][day];
  return today === 0 || average === 0 ? 0 : Math.min(2, today / average);
}

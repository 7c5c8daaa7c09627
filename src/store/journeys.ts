/** Journeys as the store hands them to attribution: one person's touches before a conversion. */

export interface JourneyTouch {
  ts: string;
  channel: string;
  campaign: string;
  ad: string;
  kind: 'click' | 'view';
}

export interface Journey {
  person: string;
  /** Null for a journey that did not convert in the range. */
  conversion: { id: string; ts: string; value: number } | null;
  touches: JourneyTouch[];
}

export interface JourneyQuery {
  /** Inclusive local days of the workspace's time zone: conversions from the local midnight of `from` to the one after `to`. */
  from: string;
  to: string;
  /** Touches older than this before the conversion (or the range end) are dropped. */
  lookbackDays: number;
  includeNonConverting: boolean;
}

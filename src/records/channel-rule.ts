/**
 * Channel grouping: ordered rules over source, medium, click-id kind and
 * referrer, in the spirit of GA4's default channel group. The first rule that
 * matches names the channel; a touch with no campaign data and no referrer is
 * `direct`, tagged traffic that no rule matches is `other`.
 */
export interface ChannelRule {
  channel: string;
  /**
   * Case-insensitive regular expressions (RE2 syntax: no look-around or back-references), matched
   * anywhere in the value by a linear-time engine; every condition given must match.
   */
  source?: string;
  medium?: string;
  referrer_host?: string;
  /** The touch carries one of these click ids (gclid, fbclid, ttclid, msclkid, rl_cid). */
  click_id_kinds?: string[];
}

/**
 * Autonomous systems of hosting, cloud and data-centre providers: a click from one of their
 * networks is a server (a script, a crawler, a proxy), rarely a person at home or on a phone.
 *
 * Source of every number: the ASN and the organisation name it is registered to, as the
 * `@ip-location-db/asn` package (version 2.3.2026061719, RouteViews + DB-IP, CC BY 4.0) lists them
 * in `asn-ipv4.csv`; `ranges` is how many IPv4 ranges that file gives the ASN (a check that the number
 * is the provider's main network, not a stray). Kept out: CDNs and privacy relays whose addresses
 * carry real visitors (Cloudflare 13335 with WARP, Akamai's edge 20940, Apple Private Relay), and
 * Google's 15169, which also serves Google's own crawlers but carries Google Fi and corporate users.
 * Add a provider with its number from the same file.
 */
export interface HostingAsn {
  asn: number;
  org: string;
  ranges: number;
}

export const hostingAsns: readonly HostingAsn[] = [
  { asn: 16509, org: 'Amazon.com, Inc. (AWS)', ranges: 3914 },
  { asn: 14618, org: 'Amazon.com, Inc. (AWS us-east)', ranges: 964 },
  { asn: 8987, org: 'Amazon Data Services Ireland Ltd', ranges: 81 },
  { asn: 396982, org: 'Google LLC (Google Cloud)', ranges: 478 },
  { asn: 19527, org: 'Google LLC (Google Cloud)', ranges: 12 },
  { asn: 8075, org: 'Microsoft Corporation (Azure)', ranges: 889 },
  { asn: 31898, org: 'Oracle Corporation (Oracle Cloud)', ranges: 679 },
  { asn: 45102, org: 'Alibaba (US) Technology Co., Ltd. (Alibaba Cloud)', ranges: 144 },
  { asn: 134963, org: 'Alibaba Cloud (Singapore) Private Limited', ranges: 96 },
  { asn: 132203, org: 'Shenzhen Tencent Computer Systems Company Limited (Tencent Cloud)', ranges: 59 },
  { asn: 16276, org: 'OVH SAS', ranges: 574 },
  { asn: 35540, org: 'OVH SAS', ranges: 2 },
  { asn: 24940, org: 'Hetzner Online GmbH', ranges: 80 },
  { asn: 213230, org: 'Hetzner Online GmbH', ranges: 4 },
  { asn: 14061, org: 'DigitalOcean, LLC', ranges: 102 },
  { asn: 63949, org: 'Akamai Technologies, Inc. (Linode)', ranges: 68 },
  { asn: 20473, org: 'The Constant Company, LLC (Vultr)', ranges: 742 },
  { asn: 51167, org: 'Contabo GmbH', ranges: 221 },
  { asn: 40021, org: 'Contabo Inc.', ranges: 50 },
  { asn: 12876, org: 'Scaleway SAS', ranges: 14 },
  { asn: 60781, org: 'LeaseWeb Netherlands B.V.', ranges: 287 },
  { asn: 395954, org: 'Leaseweb USA, Inc.', ranges: 162 },
  { asn: 9009, org: 'M247 Europe SRL', ranges: 2160 },
  { asn: 212238, org: 'Datacamp Limited', ranges: 2232 },
  { asn: 29802, org: 'HIVELOCITY, Inc.', ranges: 625 },
  { asn: 202425, org: 'IP Volume inc', ranges: 11 },
  { asn: 19318, org: 'Interserver, Inc', ranges: 114 },
  { asn: 55286, org: 'B2 Net Solutions Inc.', ranges: 124 },
  { asn: 21859, org: 'Zenlayer Inc', ranges: 513 },
  { asn: 50673, org: 'Serverius Holding B.V.', ranges: 62 },
  { asn: 62904, org: 'Eonix Corporation', ranges: 255 },
  { asn: 197540, org: 'netcup GmbH', ranges: 89 },
  { asn: 46606, org: 'Unified Layer', ranges: 140 },
  { asn: 26496, org: 'GoDaddy.com, LLC', ranges: 148 },
  { asn: 22612, org: 'Namecheap, Inc.', ranges: 36 },
];

/** The hosting list by ASN. */
export const hostingAsnByNumber: ReadonlyMap<number, HostingAsn> = new Map(hostingAsns.map((h) => [h.asn, h]));

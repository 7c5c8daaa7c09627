// Generated from the output schemas of src/operations by `npm run gen:web-types`: do not edit.
// test/operations/web-types.test.ts fails when this file is not what the operations declare.

/** GET /v1/workspace (operation `workspace.show`): The workspace, its currency and the range of its data. */
export type Workspace = {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  /** gross margin as a decimal string ("1" = revenue is profit) */
  margin: string;
  /** the public key the snippet and postbacks send */
  write_key: string;
  /** where disabled and deleted tracking links send visitors; null: the installation's fallback */
  fallback_url: string | null;
  max_order_amount: string | null;
  revenue_sources: "verified" | "all" | null;
  retention_days: number | null;
  /** first day with data; null on an empty store */
  data_from: string | null;
  data_to: string | null;
  /** month buckets and date presets follow it */
  calendar: "gregorian" | "jalali";
  /** how IRR amounts are shown: rial (ISO unit) or toman (÷10) */
  irr_display: "rial" | "toman";
};

/** GET /v1/workspaces (operation `workspaces.list`): The workspaces the caller can see. */
export type WorkspacesAnswer = {
  workspaces: Array<{
    id: string;
    name: string;
    currency: string;
    timezone: string;
    archived_at: string | null;
  }>;
};

/** GET /v1/audit (operation `audit.list`): The workspace's audit log, newest first. */
export type AuditAnswer = {
  entries: Array<{
    id: string;
    /** position in the workspace's hash chain, from 1 */
    seq: number;
    at: string;
    actor_kind: string;
    actor_id: string;
    /** http, cli or schedule */
    surface: string;
    ip: string | null;
    user_agent: string | null;
    operation: string;
    target_kind: string;
    target_id: string | null;
    /** the state before (secrets redacted); null when the operation cannot say */
    before: unknown;
    /** the state after, or a summary (counts) */
    after: unknown;
    hash: string;
    prev_hash: string;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** GET /v1/share-links (operation `share_links.list`): The workspace's share links. */
export type ShareLinksAnswer = {
  links: Array<{
    id: string;
    view: string;
    params: Record<string, unknown>;
    /** the first characters of the token */
    prefix: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    status: "active" | "expired" | "revoked";
  }>;
};

/** GET /v1/share (operation `share.show`): What a share link shows. */
export type ShareShowAnswer = {
  view: string;
  operation: string;
  path: string;
  params: Record<string, unknown>;
  expires_at: string;
  workspace: {
    name: string;
    currency: string;
    timezone: string;
  };
};

/** GET /v1/kpis (operation `kpis.report`): Every KPI by a dimension for a date range, with the previous period. */
export type KpisAnswer = {
  by: "channel" | "campaign" | "ad" | "source_medium" | "landing_page" | "country" | "device" | "day" | "week" | "month" | null;
  from: string;
  to: string;
  currency: string;
  /** the attribution model that credited conversions and revenue */
  attribution: string;
  /** week and month rows follow it: jalali months are keyed 1405-09 */
  calendar: "gregorian" | "jalali";
  rows: Array<{
    [key: string]: string | number | null;
  }>;
  totals: {
    paid?: {
      spend: number | null;
      revenue: number | null;
      roas: number | null;
      roi: number | null;
      cpa: number | null;
      /** the channels with spend these figures cover */
      channels: Array<string>;
    };
    [key: string]: number | null | {
      spend: number | null;
      revenue: number | null;
      roas: number | null;
      roi: number | null;
      cpa: number | null;
      /** the channels with spend these figures cover */
      channels: Array<string>;
    } | undefined;
  };
  previous?: {
    from: string;
    to: string;
    totals: {
      [key: string]: number | null;
    };
    change: {
      [key: string]: number | null;
    };
  };
  warnings: Array<string>;
  /** when the aggregates these figures come from were last brought up to date with the events (ISO 8601, UTC): the freshness a page shows; absent when computed from the raw events */
  fresh_as_of?: string;
};

/** GET /v1/agency (operation `agency.report`): Every workspace the caller can see with its headline KPIs. */
export type AgencyAnswer = {
  from: string;
  to: string;
  /** the chosen currency of `converted` and `totals` */
  currency: string;
  /** the installation's rates table: the workspace whose table it is and the currency it is quoted in */
  rates_table: {
    workspace_id: string;
    base: string;
  };
  /** the rows of the table the conversions used (the latest on or before `to`) */
  rates: Array<{
    date: string;
    from: string;
    to: string;
    /** one unit of `from` is `rate` units of `to` from `date` on */
    rate: string;
  }>;
  workspaces: Array<{
    id: string;
    name: string;
    currency: string;
    timezone: string;
    archived_at: string | null;
    sessions: number;
    conversions: number;
    roas: number | null;
    /** in the workspace's own currency */
    own: {
      /** a decimal string at the currency's minor unit; null where undefined or without a rate */
      revenue: string | null;
      /** a decimal string at the currency's minor unit; null where undefined or without a rate */
      spend: string | null;
      /** a decimal string at the currency's minor unit; null where undefined or without a rate */
      cpa: string | null;
    };
    /** in the chosen currency; null without a rate */
    converted: {
      /** a decimal string at the currency's minor unit; null where undefined or without a rate */
      revenue: string | null;
      /** a decimal string at the currency's minor unit; null where undefined or without a rate */
      spend: string | null;
      /** a decimal string at the currency's minor unit; null where undefined or without a rate */
      cpa: string | null;
      /** one unit of the workspace currency in the chosen one */
      rate: string | null;
    };
  }>;
  /** every workspace summed in the chosen currency; money null when a workspace has no rate */
  totals: {
    /** a decimal string at the currency's minor unit; null where undefined or without a rate */
    revenue: string | null;
    /** a decimal string at the currency's minor unit; null where undefined or without a rate */
    spend: string | null;
    /** a decimal string at the currency's minor unit; null where undefined or without a rate */
    cpa: string | null;
    sessions: number;
    conversions: number;
    roas: number | null;
  };
  /** missing rates and each workspace's KPI warnings */
  warnings: Array<string>;
};

/** GET /v1/metrics (operation `metrics.list`): The KPI registry. */
export type MetricsAnswer = {
  metrics: Array<{
    name: string;
    label: string;
    unit: "money" | "count" | "ratio" | "seconds" | "number";
    good: "up" | "down";
    /** the formula in words */
    formula: string;
    description: string;
  }>;
};

/** GET /v1/onboarding (operation `onboarding.status`): First steps of a new install. */
export type OnboardingAnswer = {
  steps: Array<{
    id: "snippet" | "first_event" | "spend" | "orders_or_leads" | "first_conversion";
    done: boolean;
    /** when the step was first seen done */
    at: string | null;
  }>;
  complete: boolean;
};

/** GET /v1/channels/rules (operation `channels.rules`): Channel grouping rules. */
export type ChannelRulesAnswer = {
  rules: Array<{
    channel: string;
    source?: string;
    medium?: string;
    referrer_host?: string;
    click_id_kinds?: Array<string>;
  }>;
  /** true while the workspace uses the built-in rules */
  default: boolean;
};

/** GET /v1/experiments/plan (operation `experiments.plan`): Users per variant. */
export type ExperimentPlanAnswer = {
  users_per_variant: number;
  total_users: number;
  /** n before rounding */
  exact_n: number;
  /** alpha of each treatment-vs-control comparison */
  alpha_per_comparison: number;
  days: number | null;
  days_remaining: number | null;
  metric: "binomial" | "mean";
  baseline: number;
  mde: number;
  power: number;
  alpha: number;
  variants: number;
  daily_users: number | null;
};

/** GET /v1/experiments (operation `experiments.list`): List experiments. */
export type ExperimentsAnswer = {
  /** newest first */
  experiments: Array<{
    id: string;
    key: string;
    name: string;
    status: "draft" | "running" | "stopped";
    variants: Array<{
      name: string;
      weight: number;
    }>;
    primary_metric: "conversion_rate" | "revenue_per_user";
    start: string | null;
    stop: string | null;
    winner: string | null;
    planned_users: number | null;
    hash_version: 1 | 2;
    created_at: string;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** GET /v1/experiments/:id (operation `experiments.get`): One experiment definition. */
export type ExperimentDefinition = {
  /** equals key */
  id: string;
  key: string;
  name: string;
  hypothesis?: string;
  status: "draft" | "running" | "stopped";
  /** the first variant is the control */
  variants: Array<{
    name: string;
    weight: number;
  }>;
  metric: "conversion_rate" | "revenue_per_user";
  secondary_metrics?: Array<"conversion_rate" | "revenue_per_user" | "leads_per_user" | "conversions_per_user" | "average_order_value">;
  guardrail_metrics?: Array<"conversion_rate" | "revenue_per_user" | "leads_per_user" | "conversions_per_user" | "average_order_value">;
  targeting?: {
    channel?: string | Array<string>;
    country?: string | Array<string>;
    device?: string | Array<string>;
  };
  start?: string;
  stop?: string;
  destinations?: Array<{
    variant: string;
    url: string;
  }>;
  mde?: number;
  planned_users?: number;
  winner?: string;
  hash_version?: 1 | 2;
  created_at: string;
};

/** GET /v1/experiments/:id/results (operation `experiments.results`): Results. */
export type ExperimentResultsAnswer = {
  experiment: {
    /** equals key */
    id: string;
    key: string;
    name: string;
    hypothesis?: string;
    status: "draft" | "running" | "stopped";
    /** the first variant is the control */
    variants: Array<{
      name: string;
      weight: number;
    }>;
    metric: "conversion_rate" | "revenue_per_user";
    secondary_metrics?: Array<"conversion_rate" | "revenue_per_user" | "leads_per_user" | "conversions_per_user" | "average_order_value">;
    guardrail_metrics?: Array<"conversion_rate" | "revenue_per_user" | "leads_per_user" | "conversions_per_user" | "average_order_value">;
    targeting?: {
      channel?: string | Array<string>;
      country?: string | Array<string>;
      device?: string | Array<string>;
    };
    start?: string;
    stop?: string;
    destinations?: Array<{
      variant: string;
      url: string;
    }>;
    mde?: number;
    planned_users?: number;
    winner?: string;
    hash_version?: 1 | 2;
    created_at: string;
  };
  metric: "conversion_rate" | "revenue_per_user";
  /** the analysis of the primary metric; null until every variant has enough users */
  analysis: {
    metric: "binomial" | "mean" | "ratio";
    alpha: number;
    srm_p_value: number;
    srm_chi_square: number;
    srm_warning: string | null;
    multiple_testing: "holm";
    cuped_theta: number | null;
    stopping_rule: string;
    methods: string;
    variants: Array<{
      name: string;
      users: number;
      /** conversion rate (binomial metrics) */
      rate?: number;
      /** mean per user (mean metrics) */
      mean?: number;
      /** ΣN/ΣD (ratio metrics) */
      ratio?: number;
      lift: number | null;
      ci_low: number | null;
      ci_high: number | null;
      p_value: number | null;
      chance_to_win: number | null;
      risk: number | null;
      /** planned traffic share (normalised weight) */
      weight: number;
      abs_lift: number | null;
      abs_ci_low: number | null;
      abs_ci_high: number | null;
      /** Holm-adjusted across the treatments */
      adjusted_p_value: number | null;
      control_risk: number | null;
      credible_low: number | null;
      credible_high: number | null;
      /** always-valid mSPRT p-value */
      sequential_p_value: number | null;
      sequential_ci_low: number | null;
      sequential_ci_high: number | null;
      /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
      unadjusted?: {
        lift: number | null;
        ci_low: number | null;
        ci_high: number | null;
        p_value: number | null;
        chance_to_win: number | null;
        risk: number | null;
      };
      cuped?: {
        theta: number;
        mean: number;
        control_mean: number;
        variance_reduction: number;
      };
    }>;
  } | null;
  srm_p_value: number | null;
  srm_warning: string | null;
  /** the analysis rows, or counts before there is enough data */
  variants: Array<{
    name: string;
    users: number;
    /** conversion rate (binomial metrics) */
    rate?: number;
    /** mean per user (mean metrics) */
    mean?: number;
    /** ΣN/ΣD (ratio metrics) */
    ratio?: number;
    lift: number | null;
    ci_low: number | null;
    ci_high: number | null;
    p_value: number | null;
    chance_to_win: number | null;
    risk: number | null;
    /** planned traffic share (normalised weight) */
    weight: number;
    abs_lift: number | null;
    abs_ci_low: number | null;
    abs_ci_high: number | null;
    /** Holm-adjusted across the treatments */
    adjusted_p_value: number | null;
    control_risk: number | null;
    credible_low: number | null;
    credible_high: number | null;
    /** always-valid mSPRT p-value */
    sequential_p_value: number | null;
    sequential_ci_low: number | null;
    sequential_ci_high: number | null;
    /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
    unadjusted?: {
      lift: number | null;
      ci_low: number | null;
      ci_high: number | null;
      p_value: number | null;
      chance_to_win: number | null;
      risk: number | null;
    };
    cuped?: {
      theta: number;
      mean: number;
      control_mean: number;
      variance_reduction: number;
    };
  }> | Array<{
    name: string;
    users: number;
    value: number | null;
    lift: number | null;
  }>;
  /** per secondary metric */
  secondary: {
    conversion_rate?: {
      tested: true;
      srm_p_value: number;
      variants: Array<{
        name: string;
        users: number;
        /** conversion rate (binomial metrics) */
        rate?: number;
        /** mean per user (mean metrics) */
        mean?: number;
        /** ΣN/ΣD (ratio metrics) */
        ratio?: number;
        lift: number | null;
        ci_low: number | null;
        ci_high: number | null;
        p_value: number | null;
        chance_to_win: number | null;
        risk: number | null;
        /** planned traffic share (normalised weight) */
        weight: number;
        abs_lift: number | null;
        abs_ci_low: number | null;
        abs_ci_high: number | null;
        /** Holm-adjusted across the treatments */
        adjusted_p_value: number | null;
        control_risk: number | null;
        credible_low: number | null;
        credible_high: number | null;
        /** always-valid mSPRT p-value */
        sequential_p_value: number | null;
        sequential_ci_low: number | null;
        sequential_ci_high: number | null;
        /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
        unadjusted?: {
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
        };
        cuped?: {
          theta: number;
          mean: number;
          control_mean: number;
          variance_reduction: number;
        };
        value: number | null;
      }>;
    } | {
      tested: false;
      note: string;
      variants: Array<{
        name: string;
        users: number;
        value: number | null;
        lift: number | null;
      }>;
    };
    revenue_per_user?: {
      tested: true;
      srm_p_value: number;
      variants: Array<{
        name: string;
        users: number;
        /** conversion rate (binomial metrics) */
        rate?: number;
        /** mean per user (mean metrics) */
        mean?: number;
        /** ΣN/ΣD (ratio metrics) */
        ratio?: number;
        lift: number | null;
        ci_low: number | null;
        ci_high: number | null;
        p_value: number | null;
        chance_to_win: number | null;
        risk: number | null;
        /** planned traffic share (normalised weight) */
        weight: number;
        abs_lift: number | null;
        abs_ci_low: number | null;
        abs_ci_high: number | null;
        /** Holm-adjusted across the treatments */
        adjusted_p_value: number | null;
        control_risk: number | null;
        credible_low: number | null;
        credible_high: number | null;
        /** always-valid mSPRT p-value */
        sequential_p_value: number | null;
        sequential_ci_low: number | null;
        sequential_ci_high: number | null;
        /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
        unadjusted?: {
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
        };
        cuped?: {
          theta: number;
          mean: number;
          control_mean: number;
          variance_reduction: number;
        };
        value: number | null;
      }>;
    } | {
      tested: false;
      note: string;
      variants: Array<{
        name: string;
        users: number;
        value: number | null;
        lift: number | null;
      }>;
    };
    leads_per_user?: {
      tested: true;
      srm_p_value: number;
      variants: Array<{
        name: string;
        users: number;
        /** conversion rate (binomial metrics) */
        rate?: number;
        /** mean per user (mean metrics) */
        mean?: number;
        /** ΣN/ΣD (ratio metrics) */
        ratio?: number;
        lift: number | null;
        ci_low: number | null;
        ci_high: number | null;
        p_value: number | null;
        chance_to_win: number | null;
        risk: number | null;
        /** planned traffic share (normalised weight) */
        weight: number;
        abs_lift: number | null;
        abs_ci_low: number | null;
        abs_ci_high: number | null;
        /** Holm-adjusted across the treatments */
        adjusted_p_value: number | null;
        control_risk: number | null;
        credible_low: number | null;
        credible_high: number | null;
        /** always-valid mSPRT p-value */
        sequential_p_value: number | null;
        sequential_ci_low: number | null;
        sequential_ci_high: number | null;
        /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
        unadjusted?: {
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
        };
        cuped?: {
          theta: number;
          mean: number;
          control_mean: number;
          variance_reduction: number;
        };
        value: number | null;
      }>;
    } | {
      tested: false;
      note: string;
      variants: Array<{
        name: string;
        users: number;
        value: number | null;
        lift: number | null;
      }>;
    };
    conversions_per_user?: {
      tested: true;
      srm_p_value: number;
      variants: Array<{
        name: string;
        users: number;
        /** conversion rate (binomial metrics) */
        rate?: number;
        /** mean per user (mean metrics) */
        mean?: number;
        /** ΣN/ΣD (ratio metrics) */
        ratio?: number;
        lift: number | null;
        ci_low: number | null;
        ci_high: number | null;
        p_value: number | null;
        chance_to_win: number | null;
        risk: number | null;
        /** planned traffic share (normalised weight) */
        weight: number;
        abs_lift: number | null;
        abs_ci_low: number | null;
        abs_ci_high: number | null;
        /** Holm-adjusted across the treatments */
        adjusted_p_value: number | null;
        control_risk: number | null;
        credible_low: number | null;
        credible_high: number | null;
        /** always-valid mSPRT p-value */
        sequential_p_value: number | null;
        sequential_ci_low: number | null;
        sequential_ci_high: number | null;
        /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
        unadjusted?: {
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
        };
        cuped?: {
          theta: number;
          mean: number;
          control_mean: number;
          variance_reduction: number;
        };
        value: number | null;
      }>;
    } | {
      tested: false;
      note: string;
      variants: Array<{
        name: string;
        users: number;
        value: number | null;
        lift: number | null;
      }>;
    };
    average_order_value?: {
      tested: true;
      srm_p_value: number;
      variants: Array<{
        name: string;
        users: number;
        /** conversion rate (binomial metrics) */
        rate?: number;
        /** mean per user (mean metrics) */
        mean?: number;
        /** ΣN/ΣD (ratio metrics) */
        ratio?: number;
        lift: number | null;
        ci_low: number | null;
        ci_high: number | null;
        p_value: number | null;
        chance_to_win: number | null;
        risk: number | null;
        /** planned traffic share (normalised weight) */
        weight: number;
        abs_lift: number | null;
        abs_ci_low: number | null;
        abs_ci_high: number | null;
        /** Holm-adjusted across the treatments */
        adjusted_p_value: number | null;
        control_risk: number | null;
        credible_low: number | null;
        credible_high: number | null;
        /** always-valid mSPRT p-value */
        sequential_p_value: number | null;
        sequential_ci_low: number | null;
        sequential_ci_high: number | null;
        /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
        unadjusted?: {
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
        };
        cuped?: {
          theta: number;
          mean: number;
          control_mean: number;
          variance_reduction: number;
        };
        value: number | null;
      }>;
    } | {
      tested: false;
      note: string;
      variants: Array<{
        name: string;
        users: number;
        value: number | null;
        lift: number | null;
      }>;
    };
  };
  guardrails: {
    conversion_rate?: {
      report: {
        tested: true;
        srm_p_value: number;
        variants: Array<{
          name: string;
          users: number;
          /** conversion rate (binomial metrics) */
          rate?: number;
          /** mean per user (mean metrics) */
          mean?: number;
          /** ΣN/ΣD (ratio metrics) */
          ratio?: number;
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
          /** planned traffic share (normalised weight) */
          weight: number;
          abs_lift: number | null;
          abs_ci_low: number | null;
          abs_ci_high: number | null;
          /** Holm-adjusted across the treatments */
          adjusted_p_value: number | null;
          control_risk: number | null;
          credible_low: number | null;
          credible_high: number | null;
          /** always-valid mSPRT p-value */
          sequential_p_value: number | null;
          sequential_ci_low: number | null;
          sequential_ci_high: number | null;
          /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
          unadjusted?: {
            lift: number | null;
            ci_low: number | null;
            ci_high: number | null;
            p_value: number | null;
            chance_to_win: number | null;
            risk: number | null;
          };
          cuped?: {
            theta: number;
            mean: number;
            control_mean: number;
            variance_reduction: number;
          };
          value: number | null;
        }>;
      } | {
        tested: false;
        note: string;
        variants: Array<{
          name: string;
          users: number;
          value: number | null;
          lift: number | null;
        }>;
      };
      /** treatments significantly worse than the control */
      breached: Array<string>;
    };
    revenue_per_user?: {
      report: {
        tested: true;
        srm_p_value: number;
        variants: Array<{
          name: string;
          users: number;
          /** conversion rate (binomial metrics) */
          rate?: number;
          /** mean per user (mean metrics) */
          mean?: number;
          /** ΣN/ΣD (ratio metrics) */
          ratio?: number;
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
          /** planned traffic share (normalised weight) */
          weight: number;
          abs_lift: number | null;
          abs_ci_low: number | null;
          abs_ci_high: number | null;
          /** Holm-adjusted across the treatments */
          adjusted_p_value: number | null;
          control_risk: number | null;
          credible_low: number | null;
          credible_high: number | null;
          /** always-valid mSPRT p-value */
          sequential_p_value: number | null;
          sequential_ci_low: number | null;
          sequential_ci_high: number | null;
          /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
          unadjusted?: {
            lift: number | null;
            ci_low: number | null;
            ci_high: number | null;
            p_value: number | null;
            chance_to_win: number | null;
            risk: number | null;
          };
          cuped?: {
            theta: number;
            mean: number;
            control_mean: number;
            variance_reduction: number;
          };
          value: number | null;
        }>;
      } | {
        tested: false;
        note: string;
        variants: Array<{
          name: string;
          users: number;
          value: number | null;
          lift: number | null;
        }>;
      };
      /** treatments significantly worse than the control */
      breached: Array<string>;
    };
    leads_per_user?: {
      report: {
        tested: true;
        srm_p_value: number;
        variants: Array<{
          name: string;
          users: number;
          /** conversion rate (binomial metrics) */
          rate?: number;
          /** mean per user (mean metrics) */
          mean?: number;
          /** ΣN/ΣD (ratio metrics) */
          ratio?: number;
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
          /** planned traffic share (normalised weight) */
          weight: number;
          abs_lift: number | null;
          abs_ci_low: number | null;
          abs_ci_high: number | null;
          /** Holm-adjusted across the treatments */
          adjusted_p_value: number | null;
          control_risk: number | null;
          credible_low: number | null;
          credible_high: number | null;
          /** always-valid mSPRT p-value */
          sequential_p_value: number | null;
          sequential_ci_low: number | null;
          sequential_ci_high: number | null;
          /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
          unadjusted?: {
            lift: number | null;
            ci_low: number | null;
            ci_high: number | null;
            p_value: number | null;
            chance_to_win: number | null;
            risk: number | null;
          };
          cuped?: {
            theta: number;
            mean: number;
            control_mean: number;
            variance_reduction: number;
          };
          value: number | null;
        }>;
      } | {
        tested: false;
        note: string;
        variants: Array<{
          name: string;
          users: number;
          value: number | null;
          lift: number | null;
        }>;
      };
      /** treatments significantly worse than the control */
      breached: Array<string>;
    };
    conversions_per_user?: {
      report: {
        tested: true;
        srm_p_value: number;
        variants: Array<{
          name: string;
          users: number;
          /** conversion rate (binomial metrics) */
          rate?: number;
          /** mean per user (mean metrics) */
          mean?: number;
          /** ΣN/ΣD (ratio metrics) */
          ratio?: number;
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
          /** planned traffic share (normalised weight) */
          weight: number;
          abs_lift: number | null;
          abs_ci_low: number | null;
          abs_ci_high: number | null;
          /** Holm-adjusted across the treatments */
          adjusted_p_value: number | null;
          control_risk: number | null;
          credible_low: number | null;
          credible_high: number | null;
          /** always-valid mSPRT p-value */
          sequential_p_value: number | null;
          sequential_ci_low: number | null;
          sequential_ci_high: number | null;
          /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
          unadjusted?: {
            lift: number | null;
            ci_low: number | null;
            ci_high: number | null;
            p_value: number | null;
            chance_to_win: number | null;
            risk: number | null;
          };
          cuped?: {
            theta: number;
            mean: number;
            control_mean: number;
            variance_reduction: number;
          };
          value: number | null;
        }>;
      } | {
        tested: false;
        note: string;
        variants: Array<{
          name: string;
          users: number;
          value: number | null;
          lift: number | null;
        }>;
      };
      /** treatments significantly worse than the control */
      breached: Array<string>;
    };
    average_order_value?: {
      report: {
        tested: true;
        srm_p_value: number;
        variants: Array<{
          name: string;
          users: number;
          /** conversion rate (binomial metrics) */
          rate?: number;
          /** mean per user (mean metrics) */
          mean?: number;
          /** ΣN/ΣD (ratio metrics) */
          ratio?: number;
          lift: number | null;
          ci_low: number | null;
          ci_high: number | null;
          p_value: number | null;
          chance_to_win: number | null;
          risk: number | null;
          /** planned traffic share (normalised weight) */
          weight: number;
          abs_lift: number | null;
          abs_ci_low: number | null;
          abs_ci_high: number | null;
          /** Holm-adjusted across the treatments */
          adjusted_p_value: number | null;
          control_risk: number | null;
          credible_low: number | null;
          credible_high: number | null;
          /** always-valid mSPRT p-value */
          sequential_p_value: number | null;
          sequential_ci_low: number | null;
          sequential_ci_high: number | null;
          /** with pre-period data: the raw figures (the headline ones are CUPED-adjusted) */
          unadjusted?: {
            lift: number | null;
            ci_low: number | null;
            ci_high: number | null;
            p_value: number | null;
            chance_to_win: number | null;
            risk: number | null;
          };
          cuped?: {
            theta: number;
            mean: number;
            control_mean: number;
            variance_reduction: number;
          };
          value: number | null;
        }>;
      } | {
        tested: false;
        note: string;
        variants: Array<{
          name: string;
          users: number;
          value: number | null;
          lift: number | null;
        }>;
      };
      /** treatments significantly worse than the control */
      breached: Array<string>;
    };
  };
  /** per-variant counts as stored, in the definition's order */
  stats: Array<{
    variant: string;
    users: number;
    converters: number;
    conversions: number;
    revenue_sum: number;
    revenue_sum_squares: number;
    leads: number;
  }>;
  /** exposures whose variant is not in the definition (left out) */
  unknown_variants: Array<{
    variant: string;
    users: number;
    converters: number;
    conversions: number;
    revenue_sum: number;
    revenue_sum_squares: number;
    leads: number;
  }>;
  /** the server's recomputation of the exposures' assignments */
  assignment_check: {
    hash_version: number;
    checked: number;
    mismatched: number;
    other_version: number;
    without_version: number;
    limit: number;
    /** at most 5 mismatched exposures */
    examples: Array<{
      anonymous_id: string;
      variant: string;
      expected: string;
      hash_version: string | null;
    }>;
  } | null;
  assignment_warning: string | null;
  /** exposed people none of whose exposures the server signed (left out of every count) */
  unsigned_users: number | null;
  /** sample anomalies: i18n message ids with parameters */
  sample_flags: Array<{
    id: "experiments.flag.source_share" | "experiments.flag.rate_near_one";
    params: {
      [key: string]: string | number;
    };
    text: string;
  }>;
  stopping_rule: string | null;
  days_running: number;
  planned_users_per_variant: number | null;
  planned_from: "definition" | "mde" | null;
  progress: number | null;
  more_days_needed: number | null;
  verdict: string;
  notes: Array<string>;
};

/** GET /v1/budget/funnel (operation `budget.funnel`): Funnel planner. */
export type BudgetFunnelAnswer = {
  from: string;
  to: string;
  mode: "goal_seek" | "forward";
  /** leads: visits → leads → sales; visits: sales per visit, leads beside */
  path: "leads" | "visits";
  path_basis: string;
  path_message: {
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      text: string;
    };
  };
  assumptions: {
    cpm: {
      value: number | null;
      source: "kpis" | "crm" | "override" | "missing";
      /** how the value was computed (English) */
      basis: string;
      basis_message: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
        because?: {
          id: string;
          params: {
            [key: string]: string | number;
          };
          text: string;
        };
      };
      /** the ratio before it was capped at 1 */
      capped_from?: number;
    };
    ctr: {
      value: number | null;
      source: "kpis" | "crm" | "override" | "missing";
      /** how the value was computed (English) */
      basis: string;
      basis_message: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
        because?: {
          id: string;
          params: {
            [key: string]: string | number;
          };
          text: string;
        };
      };
      /** the ratio before it was capped at 1 */
      capped_from?: number;
    };
    visit_rate: {
      value: number | null;
      source: "kpis" | "crm" | "override" | "missing";
      /** how the value was computed (English) */
      basis: string;
      basis_message: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
        because?: {
          id: string;
          params: {
            [key: string]: string | number;
          };
          text: string;
        };
      };
      /** the ratio before it was capped at 1 */
      capped_from?: number;
    };
    cvr: {
      value: number | null;
      source: "kpis" | "crm" | "override" | "missing";
      /** how the value was computed (English) */
      basis: string;
      basis_message: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
        because?: {
          id: string;
          params: {
            [key: string]: string | number;
          };
          text: string;
        };
      };
      /** the ratio before it was capped at 1 */
      capped_from?: number;
    };
    close_rate: {
      value: number | null;
      source: "kpis" | "crm" | "override" | "missing";
      /** how the value was computed (English) */
      basis: string;
      basis_message: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
        because?: {
          id: string;
          params: {
            [key: string]: string | number;
          };
          text: string;
        };
      };
      /** the ratio before it was capped at 1 */
      capped_from?: number;
    };
    sales_rate: {
      value: number | null;
      source: "kpis" | "crm" | "override" | "missing";
      /** how the value was computed (English) */
      basis: string;
      basis_message: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
        because?: {
          id: string;
          params: {
            [key: string]: string | number;
          };
          text: string;
        };
      };
      /** the ratio before it was capped at 1 */
      capped_from?: number;
    };
    aov: {
      value: number | null;
      source: "kpis" | "crm" | "override" | "missing";
      /** how the value was computed (English) */
      basis: string;
      basis_message: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
        because?: {
          id: string;
          params: {
            [key: string]: string | number;
          };
          text: string;
        };
      };
      /** the ratio before it was capped at 1 */
      capped_from?: number;
    };
  };
  paid_channels: Array<string>;
  stages: Array<{
    stage: string;
    value: number;
  }>;
  budget: number;
  impressions: number;
  clicks: number;
  visits: number;
  leads: number;
  customers: number;
  revenue: number;
  cpa: number | null;
  roas: number | null;
};

/** GET /v1/budget/fit (operation `budget.fit`): Marketing-mix model. */
export type BudgetFitAnswer = {
  from: string;
  to: string;
  outcome: "new_customers" | "conversions" | "revenue";
  frequency: "daily" | "weekly";
  periods: number;
  spend_total: string;
  channels: Array<{
    channel: string;
    theta: number;
    k: number;
    s: number;
    beta: number;
    /** spend over the fitted history */
    spend: number;
    contribution: number;
    roi: number;
    /** extra outcome per extra unit of spend at the historical spend level */
    mroi: number;
    /** bootstrap interval of the ROI at ci_level */
    roi_ci: [number, number];
    /** false when spend is zero or constant, so the effect cannot be estimated */
    identifiable: boolean;
  }>;
  fit: {
    r2: number;
    nrmse: number;
    mape: number;
    holdout: {
      r2: number;
      nrmse: number;
      mape: number;
      periods: number;
      skill: number;
    };
    in_sample: {
      r2: number;
      nrmse: number;
      mape: number;
    };
  };
  ci_level: number;
  baseline: {
    [key: string]: number;
  };
  calendar: {
    calendar: "gregorian" | "jalali";
    holiday_sets: Array<"iran" | "vietnam" | "international">;
    holidays: Array<{
      date: string;
      name?: string;
    }>;
  };
  /** whether a plan may use this fit in auto mode (false: the page draws no curves) */
  usable: boolean;
  unusable_reason: {
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  } | null;
  warnings: Array<string>;
  warning_messages: Array<{
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  }>;
};

/** GET /v1/budget/plan (operation `budget.plan`): Best split of a total over the next weeks, against the current split, with moves. */
export type BudgetPlanAnswer = {
  mode: "model" | "simple";
  /** why simple mode was used (null for the model), in English */
  reason: string | null;
  reason_message: {
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  } | null;
  from: string;
  to: string;
  outcome: "new_customers" | "conversions" | "revenue";
  total: number;
  weeks: number;
  allocation: Array<{
    channel: string;
    /** the current split (recent run-rate shares) scaled to the plan total */
    current: number;
    /** recommended spend over the horizon; the rows sum to the total exactly */
    spend: number;
    /** spend at the recent run-rate over the horizon, not scaled */
    current_spend: number;
    change_pct: number;
    weekly: Array<number>;
  }>;
  expected_outcome: number;
  interval: [number, number] | null;
  current_outcome: number;
  current_interval: [number, number] | null;
  moves: Array<string>;
  move_messages: Array<{
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  }>;
  move_details: Array<{
    from: string;
    to: string;
    amount: number;
    share_pct: number;
    delta_outcome: number;
    efficiency_change_pct: number;
    text: string;
    message: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
      /** why (simple-mode moves: the rule behind the move) */
      because?: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
      };
    };
  }>;
  /** simple mode: the rule applied to each channel, with its reasoning */
  decisions?: Array<{
    channel: string;
    action: "scale_up" | "hold" | "trim" | "cut";
    current_spend: number;
    suggested_spend: number;
    average_cpa: number | null;
    marginal_cpa: number | null;
    reason: string;
  }>;
  weekly: Array<{
    week: number;
    start: string;
    spend: number;
    outcome_current: number;
    outcome_recommended: number;
    interval_recommended: [number, number] | null;
  }>;
  warnings: Array<string>;
  warning_messages: Array<{
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  }>;
};

/** POST /v1/budget/plan (operation `budget.plan-with-bounds`): The budget plan with per-channel bounds. */
export type BudgetWhatIfAnswer = {
  mode: "model" | "simple";
  /** why simple mode was used (null for the model), in English */
  reason: string | null;
  reason_message: {
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  } | null;
  from: string;
  to: string;
  outcome: "new_customers" | "conversions" | "revenue";
  total: number;
  weeks: number;
  allocation: Array<{
    channel: string;
    /** the current split (recent run-rate shares) scaled to the plan total */
    current: number;
    /** recommended spend over the horizon; the rows sum to the total exactly */
    spend: number;
    /** spend at the recent run-rate over the horizon, not scaled */
    current_spend: number;
    change_pct: number;
    weekly: Array<number>;
  }>;
  expected_outcome: number;
  interval: [number, number] | null;
  current_outcome: number;
  current_interval: [number, number] | null;
  moves: Array<string>;
  move_messages: Array<{
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  }>;
  move_details: Array<{
    from: string;
    to: string;
    amount: number;
    share_pct: number;
    delta_outcome: number;
    efficiency_change_pct: number;
    text: string;
    message: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
      /** why (simple-mode moves: the rule behind the move) */
      because?: {
        id: string;
        params: {
          [key: string]: string | number;
        };
        /** English wording (CLI, logs) */
        text: string;
      };
    };
  }>;
  /** simple mode: the rule applied to each channel, with its reasoning */
  decisions?: Array<{
    channel: string;
    action: "scale_up" | "hold" | "trim" | "cut";
    current_spend: number;
    suggested_spend: number;
    average_cpa: number | null;
    marginal_cpa: number | null;
    reason: string;
  }>;
  weekly: Array<{
    week: number;
    start: string;
    spend: number;
    outcome_current: number;
    outcome_recommended: number;
    interval_recommended: [number, number] | null;
  }>;
  warnings: Array<string>;
  warning_messages: Array<{
    id: string;
    params: {
      [key: string]: string | number;
    };
    /** English wording (CLI, logs) */
    text: string;
    /** why (simple-mode moves: the rule behind the move) */
    because?: {
      id: string;
      params: {
        [key: string]: string | number;
      };
      /** English wording (CLI, logs) */
      text: string;
    };
  }>;
};

/** GET /v1/customers/rfm (operation `customers.rfm`): RFM segments, the R×F grid and segment movement. */
export type RfmAnswer = {
  as_of: string;
  previous_as_of: string;
  customers: number;
  revenue: number;
  /** customers, revenue and share per named RFM segment */
  segments: Array<{
    segment: "Champions" | "Loyal" | "Potential loyalist" | "New" | "Promising" | "Need attention" | "About to sleep" | "At risk" | "Can't lose" | "Hibernating" | "Lost";
    customers: number;
    revenue: number;
    share_of_customers: number;
    share_of_revenue: number;
  }>;
  /** the R×F grid: all 25 cells, R descending then F descending */
  grid: Array<{
    r: number;
    f: number;
    customers: number;
    revenue: number;
  }>;
  /** customers moving between segments since previous_as_of ("(none)": not a customer then) */
  movement: Array<{
    from: "Champions" | "Loyal" | "Potential loyalist" | "New" | "Promising" | "Need attention" | "About to sleep" | "At risk" | "Can't lose" | "Hibernating" | "Lost" | "(none)";
    to: "Champions" | "Loyal" | "Potential loyalist" | "New" | "Promising" | "Need attention" | "About to sleep" | "At risk" | "Can't lose" | "Hibernating" | "Lost" | "(none)";
    customers: number;
  }>;
  /** the 20 most valuable customers: by revenue, then orders, then the more recent last purchase */
  top_customers: Array<{
    customer_id: string;
    /** days from the last purchase to as_of */
    recency_days: number;
    /** orders */
    frequency: number;
    /** revenue */
    monetary: number;
    r: number;
    f: number;
    m: number;
    /** the three scores joined, e.g. "545" */
    score: string;
    segment: "Champions" | "Loyal" | "Potential loyalist" | "New" | "Promising" | "Need attention" | "About to sleep" | "At risk" | "Can't lose" | "Hibernating" | "Lost";
  }>;
};

/** GET /v1/customers/cohorts (operation `customers.cohorts`): Retention and cumulative revenue per customer by acquisition month or week, or by acquisition channel. */
export type CohortsAnswer = {
  period: "month" | "week";
  by: "channel" | "campaign" | null;
  cohorts: Array<{
    /** acquisition period (Monday YYYY-MM-DD or YYYY-MM), or the channel / campaign when grouped */
    cohort: string;
    size: number;
    /** share of the cohort buying in period 0, 1, 2, … after acquisition */
    retention: Array<number>;
    /** cumulative revenue per cohort customer by the end of period 0, 1, 2, … */
    revenue_per_customer: Array<number>;
    repeat_purchase_rate: number;
  }>;
};

/** GET /v1/customers/funnel (operation `customers.funnel`): CRM funnel. */
export type FunnelAnswer = {
  from: string;
  to: string;
  by: "channel" | "campaign" | null;
  stages: Array<{
    stage: "lead" | "mql" | "sql" | "opportunity" | "customer";
    count: number;
    rate_from_previous: number | null;
    median_days: number | null;
  }>;
  spend: number;
  mqls_in_range: number;
  sqls_in_range: number;
  cost_per_mql: number | null;
  cost_per_sql: number | null;
  rows: Array<{
    key: string;
    channel?: string;
    stages: Array<{
      stage: "lead" | "mql" | "sql" | "opportunity" | "customer";
      count: number;
      rate_from_previous: number | null;
      median_days: number | null;
    }>;
    spend: number;
    cost_per_mql: number | null;
    cost_per_sql: number | null;
  }>;
};

/** GET /v1/customers/clv (operation `customers.clv`): BG/NBD. */
export type ClvAnswer = {
  /** the frequency model (and Gamma-Gamma) fit */
  fit: {
    model: "bgnbd" | "pareto";
    /** BG/NBD r, alpha, a, b or Pareto/NBD r, alpha, s, beta */
    params: {
      r: number;
      alpha: number;
      a: number;
      b: number;
    } | {
      r: number;
      alpha: number;
      s: number;
      beta: number;
    };
    /** standard errors of the parameters (null where the Hessian gives none) */
    stderr: {
      [key: string]: number | null;
    };
    loglik: number;
    /** the spend model; null when fewer than 3 customers have repeat purchases with positive value */
    gamma_gamma: {
      p: number;
      q: number;
      v: number;
    } | null;
    time_unit: "day" | "week";
    calibration_end: string;
    customers: number;
    converged: boolean;
  };
  horizon_days: number;
  /** ISO 4217 code of every amount */
  currency: string;
  /** customers predicted */
  customers: number;
  /** predicted CLV summed over every customer */
  total_clv: number;
  median_clv: number | null;
  mean_p_alive: number | null;
  /** share of the customers with P(alive) ≥ 0.5 */
  likely_alive: number | null;
  distribution: {
    /** predicted CLV in about 24 bins 1, 2 or 5 × 10^k minor units wide; edges are exact decimal amounts */
    clv: {
      /** n + 1 edges of n bins: bin i holds edges[i] ≤ value < edges[i + 1], the last bin its upper edge too */
      edges: Array<string>;
      /** customers per bin */
      counts: Array<number>;
    };
    /** P(alive) in tenths: edges 0, 0.1, …, 1 */
    p_alive: {
      /** n + 1 edges of n bins: bin i holds edges[i] ≤ value < edges[i + 1], the last bin its upper edge too */
      edges: Array<number>;
      /** customers per bin */
      counts: Array<number>;
    };
  };
};

/** GET /v1/customers/clv/customers (operation `customers.clv_customers`): Export. */
export type ClvCustomersAnswer = {
  horizon_days: number;
  currency: string;
  /** most valuable first, then by customer id */
  customers: Array<{
    customer_id: string;
    p_alive: number;
    expected_purchases: number;
    clv: number;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** GET /v1/customers/ltv-cac (operation `customers.ltv_cac`): LTV. */
export type LtvCacAnswer = {
  from: string;
  to: string;
  period_days: number;
  channels: Array<{
    channel: string;
    customers: number;
    spend: number;
    cac: number | null;
    ltv: number | null;
    ltv_cac: number | null;
    payback_periods: number | null;
    payback_days: number | null;
  }>;
};

/** GET /v1/customers/:id (operation `customers.profile`): A customer profile and journey. */
export type CustomerAnswer = {
  profile: {
    customer_id: string;
    anonymous_ids: Array<string>;
    first_seen: string | null;
    last_seen: string | null;
    first_touch: {
      channel: string;
      campaign: string;
    } | null;
    acquisition: {
      channel: string;
      campaign: string;
      date: string;
    } | null;
    orders: number;
    revenue: number;
    country: string | null;
    city: string | null;
    device: string | null;
    language: string | null;
    email_hash: string | null;
    traits: Record<string, unknown>;
  };
  /** the person's events on every device, oldest first (the last 500) */
  events: Array<{
    id: string;
    type: "impression" | "click" | "page_view" | "lead" | "conversion" | "custom";
    ts: string;
    anonymous_id: string;
    user_id?: string;
    session_id?: string;
    name?: string;
    url?: string;
    referrer?: string;
    utm?: {
      source?: string;
      medium?: string;
      campaign?: string;
      content?: string;
      term?: string;
    };
    click_id?: string;
    order_id?: string;
    revenue?: {
      amount: string;
      currency: string;
    };
    properties?: Record<string, unknown>;
    channel: string;
    landing_page?: string;
    country?: string;
    device?: string;
  }>;
};

/** POST /v1/links (operation `links.create`): Create a tracking link. */
export type TrackingLinkAnswer = {
  slug: string;
  destination: string;
  channel?: string;
  utm: {
    source?: string;
    medium?: string;
    campaign?: string;
    content?: string;
    term?: string;
  };
  disabled: boolean;
  created_at: string;
  updated_at?: string;
  /** the path visitors follow: /c/<slug> */
  url: string;
};

/** GET /v1/links (operation `links.list`): Tracking links with clicks, unique clicks, conversions, revenue and earnings per click over a date range. */
export type LinksAnswer = {
  from: string;
  to: string;
  currency: string;
  lookback_days: number;
  links: Array<{
    slug: string;
    destination: string;
    channel?: string;
    utm: {
      source?: string;
      medium?: string;
      campaign?: string;
      content?: string;
      term?: string;
    };
    disabled: boolean;
    created_at: string;
    updated_at?: string;
    clicks: number;
    unique_clicks: number;
    conversions: number;
    /** workspace currency, 6 decimals */
    revenue: string;
    /** earnings per click: revenue ÷ clicks (6 decimals, half up); null without clicks */
    epc: string | null;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** GET /v1/programs (operation `programs.list`): The workspace's partner programmes with their rules. */
export type ProgramsAnswer = {
  programs: Array<{
    id: string;
    name: string;
    currency: string;
    window_days: number;
    hold_days: number;
    crediting: "last_click" | "first_click";
    model: string | null;
    rules: Array<{
      id: string;
      event: "sale" | "lead" | "click";
      type: "percent" | "flat";
      amount: string;
      tiers?: Array<{
        min_sales: number;
        amount: string;
      }>;
      retroactive?: boolean;
      product?: string;
      months?: number;
      cap?: {
        per: "day" | "month";
        amount: string;
      };
    }>;
    override_percent: string | null;
    min_payout: string;
    payout_schedule: "weekly" | "monthly" | "manual";
    fraud_threshold: number;
    accepts_applications: boolean;
    created_at: string;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** GET /v1/programs/:id (operation `programs.get`): One partner programme with its rules. */
export type ProgramAnswer = {
  id: string;
  name: string;
  currency: string;
  window_days: number;
  hold_days: number;
  crediting: "last_click" | "first_click";
  model: string | null;
  rules: Array<{
    id: string;
    event: "sale" | "lead" | "click";
    type: "percent" | "flat";
    amount: string;
    tiers?: Array<{
      min_sales: number;
      amount: string;
    }>;
    retroactive?: boolean;
    product?: string;
    months?: number;
    cap?: {
      per: "day" | "month";
      amount: string;
    };
  }>;
  override_percent: string | null;
  min_payout: string;
  payout_schedule: "weekly" | "monthly" | "manual";
  fraud_threshold: number;
  accepts_applications: boolean;
  created_at: string;
};

/** GET /v1/partners (operation `partners.list`): The workspace's partners, a page at a time, optionally of one programme, status, kind or group. */
export type PartnersAnswer = {
  partners: Array<{
    id: string;
    program: string;
    name: string;
    email: string;
    kind: "affiliate" | "influencer" | "publisher";
    status: "applied" | "approved" | "suspended" | "banned";
    parent: string | null;
    group: string | null;
    language: "en" | "fa" | "vi";
    country: string | null;
    links: Array<string>;
    coupons: Array<string>;
    identities: Array<string>;
    retainer: {
      amount: string;
      cadence: "once" | "weekly" | "monthly";
      from: string;
    } | null;
    tax: {
      id?: string;
      country?: string;
      form?: string;
    } | null;
    postback_url: string | null;
    created_at: string;
    approved_at: string | null;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** GET /v1/partners/:id (operation `partners.get`): One partner. */
export type PartnerAnswer = {
  id: string;
  program: string;
  name: string;
  email: string;
  kind: "affiliate" | "influencer" | "publisher";
  status: "applied" | "approved" | "suspended" | "banned";
  parent: string | null;
  group: string | null;
  language: "en" | "fa" | "vi";
  country: string | null;
  links: Array<string>;
  coupons: Array<string>;
  identities: Array<string>;
  retainer: {
    amount: string;
    cadence: "once" | "weekly" | "monthly";
    from: string;
  } | null;
  tax: {
    id?: string;
    country?: string;
    form?: string;
  } | null;
  postback_url: string | null;
  created_at: string;
  approved_at: string | null;
  /** the public form's website and note; null for a partner a manager added */
  application: {
    website: string | null;
    note: string | null;
    applied_at: string;
  } | null;
};

/** GET /v1/programs/:id/apply (operation `programs.apply_page`): A programme's public application form. */
export type ProgramApplyPage = {
  program: {
    id: string;
    name: string;
    currency: string;
    window_days: number;
    rewards: Array<{
      event: string;
      type: "percent" | "flat";
      amount: string;
      tiers?: Array<{
        min_sales: number;
        amount: string;
      }>;
      months?: number;
    }>;
  };
  fields: Array<{
    name: string;
    type: "text" | "email" | "url" | "choice" | "textarea";
    required: boolean;
    max_length: number;
    options?: Array<string>;
  }>;
  submit: {
    method: "POST";
    path: string;
  };
};

/** GET /v1/portal/me (operation `portal.me`): The partner portal's own page. */
export type PortalMeAnswer = {
  partner: {
    id: string;
    name: string;
    email: string;
    kind: "affiliate" | "influencer" | "publisher";
    status: "applied" | "approved" | "suspended" | "banned";
    group: string | null;
    language: "en" | "fa" | "vi";
    country: string | null;
    created_at: string;
    approved_at: string | null;
  };
  /** null when the programme is gone */
  program: {
    id: string;
    name: string;
    currency: string;
    window_days: number;
    hold_days: number;
    min_payout: string;
    payout_schedule: "weekly" | "monthly" | "manual";
    rules: Array<{
      id: string;
      event: string;
      type: "percent" | "flat";
      amount: string;
      tiers?: Array<{
        min_sales: number;
        amount: string;
      }>;
      product?: string;
      months?: number;
    }>;
  } | null;
  links: Array<{
    slug: string;
    /** the address to share: <server>/c/<slug> */
    url: string;
    /** /c/<slug> */
    path: string;
    destination: string;
    disabled: boolean;
  }>;
  coupons: Array<string>;
};

/** GET /v1/partners/:id/ledger (operation `partners.ledger`): A partner's ledger. */
export type PartnerLedgerAnswer = {
  partner: string;
  program: string;
  currency: string;
  entries: Array<{
    id: string;
    order_id: string | null;
    kind: "commission" | "reversal" | "clawback" | "payout" | "adjustment";
    /** signed decimal in currency (reversals, clawbacks and payouts are negative) */
    amount: string;
    currency: string;
    /** derived: from the hold period and later entries that reference the entry */
    status: "pending" | "approved" | "paid" | "reversed" | "held";
    reason?: "fraud" | "refund" | "duplicate" | "test" | "other" | "tier" | "override" | "bonus" | "retainer" | "review";
    fraud_score?: number;
    /** the entry this one corrects */
    ref?: string;
    note?: string;
    occurred_at: string;
    created_at: string;
  }>;
  balance: {
    pending: string;
    held: string;
    /** payable now (net of unpaid clawbacks) */
    approved: string;
    /** cumulative */
    paid: string;
  };
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** POST /v1/programs/:id/payouts (operation `payouts.run`): Pay a programme's partners what was approved through a date, net of clawbacks. */
export type PayoutRunAnswer = {
  /** the run (a dry run: the run it would make); null when nothing was due */
  run_id: string | null;
  program: string;
  through: string;
  dry_run: boolean;
  payouts: Array<{
    partner: string;
    amount: string;
    currency: string;
    /** the ids of the entries it settles */
    entries: Array<string>;
  }>;
  /** partners owed less than the programme minimum (or a negative amount: clawbacks waiting for later earnings), carried to a later run */
  carried_over: Array<{
    partner: string;
    amount: string;
    currency: string;
  }>;
  /** the payment file, when file_format was given */
  file?: string;
};

/** GET /v1/programs/:id/payouts (operation `payouts.list`): A programme's payout runs, newest first, with what each paid and its payment reference. */
export type PayoutRunsAnswer = {
  runs: Array<{
    id: string;
    program: string;
    through: string;
    created_at: string;
    paid_reference: string | null;
    paid_at: string | null;
    payouts: Array<{
      partner: string;
      amount: string;
      currency: string;
    }>;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** PUT /v1/partners/:id/payout-details (operation `partners.payout_details_set`): Ask to change a partner's payout details. */
export type PayoutDetailsRequestAnswer = {
  partner: string;
  pending: true;
  /** the confirmation link went to the partner's e-mail (SMTP configured) */
  emailed: boolean;
  /** the confirmation link when it could not be e-mailed (no SMTP) and a manager or operator asked; null when it was e-mailed or the partner asked */
  url: string | null;
  expires_at: string;
};

/** POST /v1/payout-details/confirm (operation `partners.payout_details_confirm`): Confirm a payout details change with the one-time code of its e-mailed link. */
export type PayoutDetailsConfirmAnswer = {
  workspace: string;
  partner: string;
  method: "paypal" | "bank" | "other";
  confirmed: true;
};

/** GET /v1/partners/:id/payout-details (operation `partners.payout_details`): A partner's confirmed payout details, masked. */
export type PayoutDetailsAnswer = {
  partner: string;
  details: {
    method: "paypal" | "bank" | "other";
    paypal_email?: string;
    iban?: string;
    account_name?: string;
    bic?: string;
  } | null;
};

/** GET /v1/attribution/compare (operation `attribution.compare`): Every model side by side per channel, with the largest differences worded and the demo truth when the range covers it. */
export type AttributionCompareAnswer = {
  models: Array<"first" | "last" | "last-non-direct" | "linear" | "time-decay" | "position" | "custom" | "markov" | "shapley">;
  from: string;
  to: string;
  currency: string;
  /** the settings the report used, defaults filled in */
  settings: {
    lookback_click_days: number;
    lookback_view_days: number;
    view_weight: number;
    half_life_days: number;
    /** first, middle, last shares */
    position_weights: [number, number, number];
    /** Markov order */
    order: number;
    /** keep or collapse (the default says "keep (markov: collapse)") */
    repeats: string;
    direct_channel: string;
  };
  /** per channel, each model beside the others (and the demo truth) */
  rows: Array<{
    channel: string;
    spend: number;
    /** what the channel truly caused (demo world, when the range covers the simulated window) */
    truth: {
      conversions: number;
      revenue: number;
    } | null;
    /** per model name */
    models: {
      [key: string]: {
        conversions: number;
        revenue: number;
        cpa: number | null;
        roas: number | null;
      };
    };
  }>;
  totals: {
    conversions: number;
    revenue: number;
  };
  highlights: Array<string>;
  /** the highlights as message ids with parameters, in the same order */
  highlight_items: Array<{
    id: "closest_to_truth";
    model: string;
    share_error: number;
  } | {
    id: "model_change";
    channel: string;
    model: string;
    baseline: string;
    change: number;
  }>;
  truth_range: {
    from: string;
    to: string;
  } | null;
  /** models ranked by share_error against the truth; null without truth for the range */
  closest_to_truth: {
    metric: "paid_channel_shares";
    model: string;
    ranking: Array<{
      model: string;
      share_error: number;
      mean_absolute_error: number;
      revenue_mean_absolute_error: number;
    }>;
  } | null;
  notes: Array<string>;
};

/** GET /v1/attribution/paths (operation `attribution.paths`): Top conversion paths, path lengths, days to conversion, assisted conversions and the journey flow. */
export type AttributionPathsAnswer = {
  from: string;
  to: string;
  currency: string;
  /** the settings the report used, defaults filled in */
  settings: {
    lookback_click_days: number;
    lookback_view_days: number;
    view_weight: number;
    half_life_days: number;
    /** first, middle, last shares */
    position_weights: [number, number, number];
    /** Markov order */
    order: number;
    /** keep or collapse (the default says "keep (markov: collapse)") */
    repeats: string;
    direct_channel: string;
  };
  /** converting: one per conversion; non-converting: one per person without a conversion */
  journeys: {
    converting: number;
    non_converting: number;
  };
  top_paths: Array<{
    path: Array<string>;
    journeys: number;
    conversions: number;
    value: number;
    conversion_rate: number;
  }>;
  path_lengths: Array<{
    length: number;
    conversions: number;
    value: number;
  }>;
  days_to_conversion: Array<{
    days: number;
    conversions: number;
    value: number;
  }>;
  assisted: Array<{
    channel: string;
    assisted: number;
    last_touch: number;
    ratio: number | null;
  }>;
  sankey: {
    /** `<step>:<channel>` for the first five touches, then `conversion` and `no conversion` */
    nodes: Array<{
      name: string;
    }>;
    links: Array<{
      source: string;
      target: string;
      /** journeys */
      value: number;
      conversions: number;
    }>;
  };
};

/** GET /v1/segments/:id (operation `segments.get`): One segment definition. */
export type SegmentDefinition = {
  id: string;
  name: string;
  description?: string;
  created_at: string;
  match: "all" | "any";
  conditions: Array<{
    kind: "trait";
    trait: string;
    values: Array<string>;
  } | {
    kind: "event";
    name: string;
    min_count: number;
    days: number;
  } | {
    kind: "page";
    path: string;
    days?: number;
  } | {
    kind: "orders";
    min_count: number;
  } | {
    kind: "spent";
    more_than: number;
  } | {
    kind: "acquisition_channel";
    values: Array<string>;
  }>;
};

/** GET /v1/segments/:id/count (operation `segments.count`): Live member count. */
export type SegmentCountAnswer = {
  segment: string;
  as_of: string;
  people: number;
  buyers: number;
};

/** GET /v1/partners/leaderboard (operation `partners.leaderboard`): A programme's partners ranked by commissions over a range. */
export type PartnersLeaderboardAnswer = {
  program: {
    id: string;
    name: string;
    currency: string;
  };
  from: string;
  to: string;
  /** the data-driven model of data_driven_share */
  model: "markov";
  partners: Array<{
    partner_id: string;
    name: string;
    kind: "affiliate" | "influencer" | "publisher";
    status: "applied" | "approved" | "suspended" | "banned";
    clicks: number;
    conversions: number;
    /** credited sales' revenue in the programme currency (order amount × the partner's share), before refunds */
    revenue: string;
    /** earned in the range net of reversals and clawbacks */
    commissions: string;
    /** commissions ÷ clicks */
    earnings_per_click: string | null;
    /** revenue ÷ commissions */
    roas: number | null;
    /** (revenue − commissions) ÷ commissions */
    roas_after_commissions: number | null;
    /** mean fraud score (0–100) of the partner's scored commissions */
    fraud_score: number | null;
    /** the partner's share of the touched sales' revenue under last click */
    last_click_share: number | null;
    /** the same under the data-driven (Markov) model */
    data_driven_share: number | null;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

/** GET /v1/partners/funnel (operation `partners.funnel`): The recruitment funnel. */
export type PartnersFunnelAnswer = {
  from: string;
  to: string;
  steps: Array<{
    step: "applied" | "approved" | "first_sale";
    count: number;
    rate: number | null;
    median_days: number | null;
  }>;
};

/** GET /v1/payouts/due (operation `payouts.due`): Per partner of a programme, the approved balance net of clawbacks against the programme's minimum. */
export type PayoutsDueAnswer = {
  program: {
    id: string;
    name: string;
    currency: string;
  };
  minimum: string;
  schedule: "weekly" | "monthly" | "manual";
  /** the next local day of the schedule (null: manual) */
  next_payout: string | null;
  partners: Array<{
    partner_id: string;
    name: string;
    approved: string;
    pending: string;
    held: string;
    due: boolean;
  }>;
  /** pass as cursor for the next page; null on the last one */
  next_cursor: string | null;
};

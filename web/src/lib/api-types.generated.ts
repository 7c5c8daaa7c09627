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

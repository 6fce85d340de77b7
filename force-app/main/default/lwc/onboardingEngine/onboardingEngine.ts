/**
 * The onboarding engine: a service component with no template. Pure functions over plain data with an explicit
 * as-of date; docs/engine.md is the specification and EngineVectors.json the shared test vectors. The Apex engine
 * in classes/engine follows the same specification.
 *
 * Import from components as `c/onboardingEngine`; from Node tools by relative path to this file.
 */
export {
    addBusinessDays,
    addDays,
    businessDaysBetween,
    daysBetween,
    localDate,
    toDayNumber,
    fromDayNumber
} from './dates';
export { attributeSlip, rebaseline, scheduleMilestones, scheduleStatus, timeToValue } from './schedule';
export { scoreHealth, validateModel } from './health';
export { conditionsThatHold, evaluateAlerts } from './alerts';
export { portfolioMetrics } from './portfolio';
export { backtest } from './backtest';
export { percentileNearestRank, roundHalfUp, roundTo } from './numbers';
export {
    ALERT_HORIZON_DAYS,
    DEFAULT_TREND_THRESHOLD,
    DEFAULT_TREND_WINDOW_DAYS,
    ONBOARDING_CHURN_WINDOW_DAYS,
    RULE_NAMES,
    SEGMENT_VALUE_TARGET_DAYS,
    defaultModel,
    defaultModels,
    defaultRules
} from './defaults';
export type { RuleHit } from './alerts';
export type {
    AdoptionFacts,
    AlertChanges,
    AlertDecision,
    AlertStatus,
    ArrBreakdown,
    ArrChange,
    BacktestResult,
    BacktestSnapshot,
    BuyingRole,
    ChurnFact,
    Driver,
    EscalationRuleConfig,
    ExistingAlert,
    HealthBand,
    HealthComponentName,
    HealthHistoryPoint,
    HealthModel,
    HealthResult,
    HealthTrend,
    IsoDate,
    MilestoneFacts,
    MilestoneStatus,
    OnboardingRole,
    OwnerSide,
    PlanBundle,
    PlanFacts,
    PlanStatus,
    PlaybookStepFacts,
    PortfolioGroup,
    PortfolioMetrics,
    PortfolioPlanInput,
    RebaselineResult,
    RuleLead,
    RuleName,
    ScheduledMilestone,
    ScheduleInput,
    ScheduleResult,
    ScheduleStatus,
    Segment,
    Severity,
    SlipCause,
    StakeholderFacts,
    TimeToValue,
    ValueMarker
} from './types';

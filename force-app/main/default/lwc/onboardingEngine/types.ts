/**
 * Input and output shapes of the onboarding engine.
 *
 * The engine is pure: every function takes plain data and an explicit as-of
 * date and returns plain data. Dates are ISO calendar dates (`YYYY-MM-DD`);
 * `docs/engine.md` states how a moment in time becomes a calendar date.
 * Picklist-like fields carry the stored API values listed in `docs/naming.md`.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export type Segment = 'HighTouch' | 'Guided' | 'TechTouch';
export type PlanStatus = 'Draft' | 'HandoffSubmitted' | 'Active' | 'OnHold' | 'Completed' | 'Churned' | 'Cancelled';
export type OwnerSide = 'Vendor' | 'Customer' | 'Joint';
export type MilestoneStatus = 'NotStarted' | 'InProgress' | 'Blocked' | 'Completed' | 'Skipped';
export type ScheduleStatus = 'Unscheduled' | 'OnTrack' | 'AtRisk' | 'Stalled' | 'Done' | 'DoneLate';
export type ValueMarker = 'None' | 'FirstValue' | 'FullValue';
export type SlipCause = 'None' | 'Customer' | 'Vendor';
export type BuyingRole =
    'Signer' | 'EconomicBuyer' | 'Champion' | 'VetoHolder' | 'TechnicalEvaluator' | 'EndUser' | 'None';
export type OnboardingRole = 'ExecutiveSponsor' | 'ProjectLead' | 'Admin' | 'Trainer' | 'EndUser' | 'None';
export type HealthBand = 'Green' | 'Yellow' | 'Red' | 'NotScored';
export type HealthTrend = 'Up' | 'Flat' | 'Down' | 'New';
export type Severity = 'Critical' | 'High' | 'Medium' | 'Low';
export type AlertStatus = 'Open' | 'Acknowledged' | 'Snoozed' | 'Resolved';
export type RuleName =
    | 'TwoMissedMilestones'
    | 'SilentExecutiveSponsor'
    | 'AdoptionBelowTarget'
    | 'FirstValueOverdue'
    | 'HealthDrop'
    | 'NoBusinessReview'
    | 'SponsorOrChampionGone'
    | 'CustomerSideSlipping'
    | 'VendorSideSlipping'
    | 'KickoffLate';
export type HealthComponentName = 'milestones' | 'schedule' | 'adoption' | 'engagement';

export interface PlanFacts {
    id: string;
    accountId: string;
    segment: Segment;
    status: PlanStatus;
    contractSignedDate: IsoDate | null;
    kickoffDate: IsoDate | null;
    firstValueTargetDate: IsoDate | null;
    firstValueAchievedDate: IsoDate | null;
    fullValueTargetDate: IsoDate | null;
    fullValueAchievedDate: IsoDate | null;
    businessReviewDate: IsoDate | null;
    businessReviewHeldDate: IsoDate | null;
    churnDate: IsoDate | null;
    arr: number | null;
}

export interface MilestoneFacts {
    id: string;
    sequence: number;
    ownerSide: OwnerSide;
    status: MilestoneStatus;
    targetDate: IsoDate | null;
    forecastDate: IsoDate | null;
    completedDate: IsoDate | null;
    valueMarker: ValueMarker;
}

export interface StakeholderFacts {
    id: string;
    contactId: string;
    buyingRole: BuyingRole;
    onboardingRole: OnboardingRole;
    lastEngagedDate: IsoDate | null;
    meetingsInvited: number;
    meetingsAttended: number;
    avgResponseHours: number | null;
    /** Left the customer, or the Contact no longer belongs to the plan's Account. */
    departed: boolean;
}

export interface AdoptionFacts {
    asOfDate: IsoDate;
    licensedUsers: number;
    activeUsers: number;
    keyActions: number;
}

export interface HealthHistoryPoint {
    asOfDate: IsoDate;
    score: number | null;
}

/** Everything the engine needs about one plan. */
export interface PlanBundle {
    plan: PlanFacts;
    milestones: MilestoneFacts[];
    stakeholders: StakeholderFacts[];
    adoption: AdoptionFacts[];
    /** Earlier scores, any order; the engine sorts them. */
    history: HealthHistoryPoint[];
}

export interface HealthModel {
    segment: Segment;
    version: string;
    weights: Record<HealthComponentName, number>;
    greenMin: number;
    yellowMin: number;
    /** Share (0 to 1) of the total weight that must have data for a score. */
    coverageMinimum: number;
    /** Active/licensed share expected at day 90; the target ramps linearly from kickoff. */
    adoptionTarget: number;
    /** Days back a previous snapshot may be to serve as the trend reference (default 14). */
    trendWindowDays?: number;
    /** Points of change that make the trend Up or Down (default 5). */
    trendThreshold?: number;
}

export interface EscalationRuleConfig {
    rule: RuleName;
    threshold: number;
    windowDays: number;
    severity: Severity;
    recommendedAction: string;
    createTask: boolean;
    active: boolean;
}

export interface Driver {
    component: HealthComponentName;
    /** Stable code for the reason, e.g. `milestonesMissed`; labels are looked up from it. */
    code: string;
    /** Plain-language reason in English (components may show a translated label instead). */
    message: string;
    /** Signed effect on the final score, in points. */
    impact: number;
}

export interface HealthResult {
    score: number | null;
    band: HealthBand;
    trend: HealthTrend;
    components: Record<HealthComponentName, number | null>;
    /** Share (0 to 1) of the model weight that had data. */
    coverage: number;
    drivers: Driver[];
    modelVersion: string;
    asOfDate: IsoDate;
    /** Oldest input date behind the score, or null when nothing was dated. */
    inputsAsOf: IsoDate | null;
    /** Date of the snapshot the trend compares with, or null when the trend is New (always set by the engine). */
    trendReferenceDate?: IsoDate | null;
    /** Score minus the reference score, or null when the trend is New (always set by the engine). */
    trendDelta?: number | null;
}

export interface AlertDecision {
    rule: RuleName;
    dedupeKey: string;
    subject: string;
    severity: Severity;
    message: string;
    recommendedAction: string;
    createTask: boolean;
}

export interface ExistingAlert {
    dedupeKey: string;
    status: AlertStatus;
    snoozedUntil: IsoDate | null;
}

export interface AlertChanges {
    /** Conditions that hold and have no open, acknowledged or snoozed alert: raise (upsert on the key). */
    raise: AlertDecision[];
    /** Keys of open, acknowledged or snoozed alerts whose condition cleared: resolve. */
    resolve: string[];
    /** Keys of snoozed alerts whose snooze date has passed while the condition still holds: reopen. */
    reopen: string[];
}

/* Added by the engine owner (additions only; nothing above is renamed). See docs/engine.md. */

/** One step of a segment playbook, as the scheduler needs it. */
export interface PlaybookStepFacts {
    sequence: number;
    offsetBusinessDays: number;
    ownerSide: OwnerSide;
    valueMarker: ValueMarker;
}

export interface ScheduleInput {
    steps: PlaybookStepFacts[];
    segment: Segment;
    contractSignedDate: IsoDate | null;
    kickoffDate: IsoDate | null;
    /** From the playbook; null or absent uses the segment default. */
    firstValueTargetDays?: number | null;
    fullValueTargetDays?: number | null;
}

export interface ScheduledMilestone {
    sequence: number;
    ownerSide: OwnerSide;
    valueMarker: ValueMarker;
    targetDate: IsoDate | null;
}

export interface ScheduleResult {
    anchor: 'Kickoff' | 'Contract' | 'None';
    anchorDate: IsoDate | null;
    milestones: ScheduledMilestone[];
    firstValueTargetDate: IsoDate | null;
    fullValueTargetDate: IsoDate | null;
}

export interface RebaselineResult {
    shiftBusinessDays: number;
    shiftCalendarDays: number;
    /** Every input milestone with its (possibly unchanged) target, in input order. */
    milestones: { id: string; targetDate: IsoDate | null }[];
    firstValueTargetDate: IsoDate | null;
    fullValueTargetDate: IsoDate | null;
}

export interface TimeToValue {
    daysToFirstValue: number | null;
    daysToFullValue: number | null;
    firstValueTargetDays: number | null;
    fullValueTargetDays: number | null;
    firstValueOnTime: boolean | null;
    fullValueOnTime: boolean | null;
}

/** A signed change of a plan's ARR on a date: expansion positive, contraction negative. */
export interface ArrChange {
    date: IsoDate;
    amount: number;
}

/** One plan as portfolio metrics need it. */
export interface PortfolioPlanInput {
    plan: PlanFacts;
    milestones: MilestoneFacts[];
    adoption: AdoptionFacts[];
    /** Current health band; null when the plan has not been scored. */
    band: HealthBand | null;
    arrChanges: ArrChange[];
}

export interface ArrBreakdown {
    startArr: number;
    expansionArr: number;
    contractionArr: number;
    churnedArr: number;
    endArr: number;
    /** Plans that qualified for NRR (12 full months after the contract date). */
    plans: number;
}

export interface PortfolioGroup {
    key: string;
    label: string;
    planCount: number;
    health: Record<HealthBand, number>;
    medianDaysToFirstValue: number | null;
    p90DaysToFirstValue: number | null;
    medianDaysToFullValue: number | null;
    p90DaysToFullValue: number | null;
    targetDaysToFirstValue: number | null;
    targetDaysToFullValue: number | null;
    completionRate: number | null;
    onTimeMilestoneRate: number | null;
    adoption90: number | null;
    onboardingChurnRate: number | null;
    nrr: number | null;
    /** Plans counted as onboarding-driven churn (numerator of onboardingChurnRate). */
    onboardingChurned: number;
    arr: ArrBreakdown;
}

export interface PortfolioMetrics {
    asOfDate: IsoDate;
    grain: 'month' | 'quarter';
    bySegment: PortfolioGroup[];
    byCohort: PortfolioGroup[];
    total: PortfolioGroup;
}

/** A plan as it stood on a past date, for backtests. */
export interface BacktestSnapshot {
    asOfDate: IsoDate;
    bundle: PlanBundle;
}

export interface ChurnFact {
    planId: string;
    churnDate: IsoDate;
}

export interface RuleLead {
    churnedPlans: number;
    firedBeforeChurn: number;
    medianLeadDays: number | null;
    leadDays: number[];
}

export interface BacktestResult {
    plans: number;
    snapshots: number;
    /** Plans left out because no model of their segment was given. */
    skippedPlans: number;
    bandChanges: {
        snapshots: number;
        plans: number;
        /** Keys `<bandA>-><bandB>` at each plan's latest snapshot, only where the bands differ. */
        transitions: Record<string, number>;
    };
    leadDaysByRule: Record<RuleName, RuleLead>;
}

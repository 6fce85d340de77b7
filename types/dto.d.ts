/**
 * Data transfer objects returned by the Liftoff Apex controllers.
 *
 * Apex builds these with fixed property names (inner classes whose members are
 * named exactly as here), so components never read namespaced field keys such
 * as `liftoff__HealthScore__c` (field case F30). The local workbench server
 * answers with the same shapes. Stored picklist values are API names from
 * `docs/naming.md`; `...Label` properties carry the translated label.
 */
import type {
    AlertStatus,
    BuyingRole,
    Driver,
    HealthBand,
    HealthComponentName,
    HealthModel,
    HealthTrend,
    IsoDate,
    MilestoneStatus,
    OnboardingRole,
    OwnerSide,
    PlanBundle,
    PlanStatus,
    RuleName,
    ScheduleStatus,
    Segment,
    Severity,
    SlipCause,
    ValueMarker
} from '../force-app/main/default/lwc/onboardingEngine/types';

/** A picklist value as offered for one record type: stored value and translated label. */
export interface PicklistOption {
    value: string;
    label: string;
}

/** Outcome of saving one row of a multi-row save; rows fail independently (field case F26). */
export interface RowSaveResult {
    id: string;
    success: boolean;
    /** Field API name (without namespace) to message; `''` for row-level errors. */
    errors: { field: string; message: string }[];
}

export interface PlanSummaryDto {
    id: string;
    name: string;
    accountId: string;
    accountName: string;
    opportunityId: string | null;
    segment: Segment;
    status: PlanStatus;
    csmName: string | null;
    contractSignedDate: IsoDate | null;
    kickoffDate: IsoDate | null;
    firstValueTargetDate: IsoDate | null;
    firstValueAchievedDate: IsoDate | null;
    fullValueTargetDate: IsoDate | null;
    fullValueAchievedDate: IsoDate | null;
    healthScore: number | null;
    healthBand: HealthBand;
    /** The user's Salesforce time zone (IANA), for showing datetimes (field case F18). */
    userTimeZone: string;
}

export interface HandoffDto {
    plan: PlanSummaryDto;
    successCriteria: string | null;
    businessCase: string | null;
    metricsToImprove: string | null;
    primaryMetricName: string | null;
    primaryMetricBaseline: number | null;
    primaryMetricTarget: number | null;
    executiveSponsorId: string | null;
    executiveSponsorName: string | null;
    technicalEnvironment: string | null;
    integrationDependencies: string | null;
    assumedTimeline: string | null;
    customerGoLiveDate: IsoDate | null;
    competitiveContext: string | null;
    handoffSubmittedAt: string | null;
    handoffSubmittedByName: string | null;
    handoffAcceptedAt: string | null;
    handoffAcceptedByName: string | null;
    handoffMeetingAt: string | null;
    /** Committee members known so far, including those carried from Opportunity Contact Roles. */
    stakeholders: StakeholderDto[];
    /** Required committee roles and whether someone fills each. */
    requiredRoles: { role: BuyingRole | OnboardingRole; label: string; filled: boolean }[];
    /** Field API names (without namespace) the current user may edit. */
    editableFields: string[];
    canSubmit: boolean;
    canAccept: boolean;
}

/** Fields of the handoff a save may change; absent keys are left alone. */
export type HandoffInput = Partial<
    Pick<
        HandoffDto,
        | 'successCriteria'
        | 'businessCase'
        | 'metricsToImprove'
        | 'primaryMetricName'
        | 'primaryMetricBaseline'
        | 'primaryMetricTarget'
        | 'executiveSponsorId'
        | 'technicalEnvironment'
        | 'integrationDependencies'
        | 'assumedTimeline'
        | 'customerGoLiveDate'
        | 'competitiveContext'
    >
>;

/** Returned by submit when the gate refuses: each missing item names a field or role. */
export interface HandoffGateResult {
    submitted: boolean;
    missing: { key: string; label: string }[];
    handoff: HandoffDto;
}

export interface MilestoneDto {
    id: string;
    name: string;
    sequence: number;
    phase: string;
    ownerSide: OwnerSide;
    vendorOwnerId: string | null;
    vendorOwnerName: string | null;
    customerOwnerId: string | null;
    customerOwnerName: string | null;
    targetDate: IsoDate | null;
    forecastDate: IsoDate | null;
    completedDate: IsoDate | null;
    status: MilestoneStatus;
    scheduleStatus: ScheduleStatus;
    valueMarker: ValueMarker;
    slipCause: SlipCause;
    customerVisible: boolean;
    description: string | null;
}

/** One edited milestone row; only the keys present are written. */
export type MilestoneEdit = { id: string } & Partial<
    Pick<
        MilestoneDto,
        | 'name'
        | 'phase'
        | 'ownerSide'
        | 'vendorOwnerId'
        | 'customerOwnerId'
        | 'targetDate'
        | 'forecastDate'
        | 'completedDate'
        | 'status'
        | 'valueMarker'
        | 'slipCause'
        | 'customerVisible'
    >
>;

export interface PlaybookOptionDto {
    id: string;
    name: string;
    segment: Segment;
    stepCount: number;
}

export interface MutualPlanDto {
    plan: PlanSummaryDto | null;
    milestones: MilestoneDto[];
    playbooks: PlaybookOptionDto[];
    /** Picklist options for this plan's milestone record type (field case F25). */
    options: {
        phase: PicklistOption[];
        status: PicklistOption[];
        ownerSide: PicklistOption[];
        slipCause: PicklistOption[];
        valueMarker: PicklistOption[];
    };
    /** Engine input for projecting the effect of unsaved edits in the browser. */
    engineInput: PlanBundle | null;
    model: HealthModel | null;
    canEdit: boolean;
}

export interface StakeholderDto {
    id: string;
    contactId: string;
    name: string;
    title: string | null;
    buyingRole: BuyingRole;
    onboardingRole: OnboardingRole;
    influence: 'High' | 'Medium' | 'Low' | null;
    stance: 'Advocate' | 'Supporter' | 'Neutral' | 'Skeptic' | 'Blocker' | null;
    reportsToId: string | null;
    lastEngagedDate: IsoDate | null;
    meetingsInvited: number;
    meetingsAttended: number;
    enablementStatus: 'NotStarted' | 'InProgress' | 'Certified';
    departed: boolean;
}

export type StakeholderEdit = { id: string } & Partial<
    Pick<
        StakeholderDto,
        'buyingRole' | 'onboardingRole' | 'influence' | 'stance' | 'reportsToId' | 'enablementStatus' | 'departed'
    >
>;

export interface StakeholderMapDto {
    planId: string | null;
    stakeholders: StakeholderDto[];
    /** Roles of the buying or onboarding committee that nobody fills. */
    gaps: { committee: 'buying' | 'onboarding'; role: BuyingRole | OnboardingRole; label: string }[];
    totalCount: number;
    canEdit: boolean;
}

export interface ContactOptionDto {
    id: string;
    name: string;
    title: string | null;
    alreadyStakeholder: boolean;
}

export interface AlertDto {
    id: string;
    rule: RuleName;
    severity: Severity;
    status: AlertStatus;
    message: string;
    recommendedAction: string | null;
    raisedAt: string;
    snoozedUntil: IsoDate | null;
}

export interface HealthDto {
    planId: string | null;
    score: number | null;
    band: HealthBand;
    trend: HealthTrend;
    components: Record<HealthComponentName, number | null>;
    drivers: Driver[];
    alerts: AlertDto[];
    modelVersion: string | null;
    scoredAt: string | null;
    /** Oldest input behind the score; the component says "stale since" when it is old. */
    inputsAsOf: IsoDate | null;
    history: { asOfDate: IsoDate; score: number | null }[];
    overridden: boolean;
}

export type AlertAction = 'acknowledge' | 'snooze' | 'resolve';

export interface BusinessReviewDto {
    plan: PlanSummaryDto | null;
    businessCase: string | null;
    successCriteria: string | null;
    primaryMetricName: string | null;
    primaryMetricBaseline: number | null;
    primaryMetricTarget: number | null;
    primaryMetricCurrent: number | null;
    milestonesCompleted: MilestoneDto[];
    milestonesOpen: number;
    adoptionTrend: { asOfDate: IsoDate; activeUsers: number; licensedUsers: number }[];
    stakeholderChanges: { name: string; change: 'added' | 'departed'; date: IsoDate | null }[];
    businessReviewDate: IsoDate | null;
    businessReviewHeldDate: IsoDate | null;
    realizedValue: string | null;
    expansionSignals: string | null;
    executiveSponsorName: string | null;
    canEdit: boolean;
}

export type BusinessReviewInput = Partial<
    Pick<BusinessReviewDto, 'primaryMetricCurrent' | 'businessReviewHeldDate' | 'realizedValue' | 'expansionSignals'>
>;

export interface PortfolioFilter {
    segment: Segment | null;
    cohortGrain: 'month' | 'quarter';
    /** Matched against Account name with a bind variable, never concatenated (field case F15). */
    search: string | null;
}

export interface PortfolioGroupDto {
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
}

export interface AtRiskPlanDto {
    planId: string;
    accountId: string;
    accountName: string;
    segment: Segment;
    score: number | null;
    band: HealthBand;
    openAlerts: number;
    topDriver: string | null;
}

export interface PortfolioDto {
    asOfDate: IsoDate;
    bySegment: PortfolioGroupDto[];
    byCohort: PortfolioGroupDto[];
    atRisk: AtRiskPlanDto[];
    total: PortfolioGroupDto;
}

/**
 * Reads Liftoff's records from an org into the engine's input shapes
 * (force-app/main/default/lwc/onboardingEngine/types.ts).
 *
 * Every query returns all its rows or fails (query.ts). Stored picklist values
 * are API names and are checked against the engine's value lists; a row whose
 * value the engine does not know is reported as unmapped with the reason and
 * left out, never guessed. Opportunities count as won by their `IsWon` flag
 * only, never by the stage label (field case F12).
 */
import type { Connection } from 'jsforce';
import {
    RULE_NAMES,
    type AdoptionFacts,
    type ArrChange,
    type BuyingRole,
    type EscalationRuleConfig,
    type HealthBand,
    type HealthModel,
    type MilestoneFacts,
    type OnboardingRole,
    type PlanFacts,
    type Segment,
    type Severity,
    type StakeholderFacts
} from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import { fromOrgRow, toOrgSoql, type OrgCatalog } from './names.ts';
import { addTo, queryAll, soqlString, type ApiRecord } from './query.ts';

/** A row the engine could not take, and why. */
export interface Unmapped {
    sobject: string;
    id: string;
    reason: string;
}

/** A plan with everything the commands read about it. */
export interface PlanRecord {
    facts: PlanFacts;
    band: HealthBand | null;
    timeZone: string | null;
    /** The won deal the plan was born from; its own amount is the plan's ARR, not an expansion. */
    opportunityId: string | null;
    milestones: MilestoneFacts[];
    adoption: AdoptionFacts[];
    stakeholders: StakeholderFacts[];
    arrChanges: ArrChange[];
}

/** Plans keyed by Id, plus what could not be mapped. */
export interface OrgPortfolio {
    plans: Map<string, PlanRecord>;
    unmapped: Unmapped[];
    /** Rows read per object, for the report's provenance line. */
    rowsRead: Record<string, number>;
}

const SEGMENTS: readonly Segment[] = ['HighTouch', 'Guided', 'TechTouch'];
const PLAN_STATUSES = ['Draft', 'HandoffSubmitted', 'Active', 'OnHold', 'Completed', 'Churned', 'Cancelled'] as const;
const OWNER_SIDES = ['Vendor', 'Customer', 'Joint'] as const;
const MILESTONE_STATUSES = ['NotStarted', 'InProgress', 'Blocked', 'Completed', 'Skipped'] as const;
const VALUE_MARKERS = ['None', 'FirstValue', 'FullValue'] as const;
const BANDS: readonly HealthBand[] = ['Green', 'Yellow', 'Red', 'NotScored'];
const BUYING_ROLES: readonly BuyingRole[] = [
    'Signer',
    'EconomicBuyer',
    'Champion',
    'VetoHolder',
    'TechnicalEvaluator',
    'EndUser',
    'None'
];
const ONBOARDING_ROLES: readonly OnboardingRole[] = [
    'ExecutiveSponsor',
    'ProjectLead',
    'Admin',
    'Trainer',
    'EndUser',
    'None'
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Thrown inside a mapper; turned into an Unmapped entry. */
class MappingError extends Error {}

function pick<T extends string>(row: ApiRecord, field: string, allowed: readonly T[], fallback?: T): T {
    const value = row[field];
    if ((value === null || value === undefined) && fallback !== undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    throw new MappingError(`${field} '${String(value)}' is not one of ${allowed.join(', ')}`);
}

function date(row: ApiRecord, field: string): string | null {
    const value = row[field];
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' && DATE.test(value)) return value;
    throw new MappingError(`${field} '${String(value)}' is not a YYYY-MM-DD date`);
}

function num(row: ApiRecord, field: string): number | null {
    const value = row[field];
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    throw new MappingError(`${field} '${String(value)}' is not a number`);
}

function text(row: ApiRecord, field: string): string | null {
    const value = row[field];
    return value === null || value === undefined ? null : String(value);
}

/** Runs a query written with unprefixed names and returns unprefixed rows. */
export async function readRows(conn: Connection, catalog: OrgCatalog, soql: string): Promise<ApiRecord[]> {
    const rows = await queryAll(conn, toOrgSoql(catalog.names, soql));
    return rows.map((row) => fromOrgRow(catalog.names, row));
}

const PLAN_FIELDS = [
    'Id',
    'Account__c',
    'Segment__c',
    'Status__c',
    'ContractSignedDate__c',
    'KickoffDate__c',
    'FirstValueTargetDate__c',
    'FirstValueAchievedDate__c',
    'FullValueTargetDate__c',
    'FullValueAchievedDate__c',
    'BusinessReviewDate__c',
    'BusinessReviewHeldDate__c',
    'ChurnDate__c',
    'ARR__c',
    'HealthBand__c',
    'TimeZone__c',
    'Opportunity__c'
];

function planFacts(row: ApiRecord): PlanRecord {
    const band =
        row.HealthBand__c === null || row.HealthBand__c === undefined ? null : pick(row, 'HealthBand__c', BANDS);
    const facts: PlanFacts = {
        id: String(row.Id),
        accountId: String(row.Account__c),
        segment: pick(row, 'Segment__c', SEGMENTS),
        status: pick(row, 'Status__c', PLAN_STATUSES),
        contractSignedDate: date(row, 'ContractSignedDate__c'),
        kickoffDate: date(row, 'KickoffDate__c'),
        firstValueTargetDate: date(row, 'FirstValueTargetDate__c'),
        firstValueAchievedDate: date(row, 'FirstValueAchievedDate__c'),
        fullValueTargetDate: date(row, 'FullValueTargetDate__c'),
        fullValueAchievedDate: date(row, 'FullValueAchievedDate__c'),
        businessReviewDate: date(row, 'BusinessReviewDate__c'),
        businessReviewHeldDate: date(row, 'BusinessReviewHeldDate__c'),
        churnDate: date(row, 'ChurnDate__c'),
        arr: num(row, 'ARR__c')
    };
    return {
        facts,
        band,
        timeZone: text(row, 'TimeZone__c'),
        opportunityId: text(row, 'Opportunity__c'),
        milestones: [],
        adoption: [],
        stakeholders: [],
        arrChanges: []
    };
}

function milestoneFacts(row: ApiRecord): MilestoneFacts {
    return {
        id: String(row.Id),
        sequence: num(row, 'Sequence__c') ?? 0,
        ownerSide: pick(row, 'OwnerSide__c', OWNER_SIDES),
        status: pick(row, 'Status__c', MILESTONE_STATUSES),
        targetDate: date(row, 'TargetDate__c'),
        forecastDate: date(row, 'ForecastDate__c'),
        completedDate: date(row, 'CompletedDate__c'),
        valueMarker: pick(row, 'ValueMarker__c', VALUE_MARKERS, 'None')
    };
}

function adoptionFacts(row: ApiRecord): AdoptionFacts {
    const asOfDate = date(row, 'AsOfDate__c');
    if (asOfDate === null) throw new MappingError('AsOfDate__c is blank');
    return {
        asOfDate,
        licensedUsers: num(row, 'LicensedUsers__c') ?? 0,
        activeUsers: num(row, 'ActiveUsers__c') ?? 0,
        keyActions: num(row, 'KeyActions__c') ?? 0
    };
}

function stakeholderFacts(row: ApiRecord): StakeholderFacts {
    return {
        id: String(row.Id),
        contactId: String(row.Contact__c ?? ''),
        buyingRole: pick(row, 'BuyingRole__c', BUYING_ROLES, 'None'),
        onboardingRole: pick(row, 'OnboardingRole__c', ONBOARDING_ROLES, 'None'),
        lastEngagedDate: date(row, 'LastEngagedDate__c'),
        meetingsInvited: num(row, 'MeetingsInvited__c') ?? 0,
        meetingsAttended: num(row, 'MeetingsAttended__c') ?? 0,
        avgResponseHours: num(row, 'AvgResponseHours__c'),
        departed: row.Departed__c === true
    };
}

/** Maps rows one by one, collecting the ones that fail instead of stopping. */
function mapEach<T>(
    rows: ApiRecord[],
    sobject: string,
    unmapped: Unmapped[],
    map: (row: ApiRecord) => T
): { row: ApiRecord; value: T }[] {
    const out: { row: ApiRecord; value: T }[] = [];
    for (const row of rows) {
        try {
            out.push({ row, value: map(row) });
        } catch (error) {
            if (!(error instanceof MappingError)) throw error;
            unmapped.push({ sobject, id: String(row.Id), reason: error.message });
        }
    }
    return out;
}

/** The Account's plan that a dated fact belongs to: the latest contract on or before the date, else the earliest plan. */
function planOnDate(plans: PlanRecord[], day: string): PlanRecord | undefined {
    const dated = plans
        .filter((p) => p.facts.contractSignedDate !== null && (p.facts.contractSignedDate as string) <= day)
        .sort((a, b) => String(b.facts.contractSignedDate).localeCompare(String(a.facts.contractSignedDate)));
    return dated[0] ?? plans[0];
}

async function attachExpansions(conn: Connection, catalog: OrgCatalog, portfolio: OrgPortfolio): Promise<void> {
    const byAccount = groupByAccount(portfolio.plans);
    const accountIds = [...byAccount.keys()];
    let read = 0;
    for (let start = 0; start < accountIds.length; start += 100) {
        const list = accountIds
            .slice(start, start + 100)
            .map(soqlString)
            .join(',');
        const rows = await readRows(
            conn,
            catalog,
            `SELECT Id, AccountId, Amount, CloseDate, IsWon, StageName FROM Opportunity WHERE AccountId IN (${list})`
        );
        read += rows.length;
        for (const row of rows) addExpansion(row, byAccount, portfolio);
    }
    portfolio.rowsRead.Opportunity = read;
}

function groupByAccount(plans: Map<string, PlanRecord>): Map<string, PlanRecord[]> {
    const byAccount = new Map<string, PlanRecord[]>();
    for (const plan of plans.values()) addTo(byAccount, plan.facts.accountId, plan);
    return byAccount;
}

/**
 * A won Opportunity on a plan's Account, other than the deal the plan was born
 * from, is an ARR expansion on its close date. "Won" is the `IsWon` flag.
 */
function addExpansion(row: ApiRecord, byAccount: Map<string, PlanRecord[]>, portfolio: OrgPortfolio): void {
    const plans = byAccount.get(String(row.AccountId)) ?? [];
    if (plans.some((p) => p.opportunityId === row.Id)) return;
    if (typeof row.IsWon !== 'boolean') {
        portfolio.unmapped.push({
            sobject: 'Opportunity',
            id: String(row.Id),
            reason: `no IsWon flag for stage '${String(row.StageName)}'`
        });
        return;
    }
    if (!row.IsWon) return;
    const amount = typeof row.Amount === 'number' ? row.Amount : null;
    const closeDate = typeof row.CloseDate === 'string' && DATE.test(row.CloseDate) ? row.CloseDate : null;
    if (amount === null || closeDate === null) {
        portfolio.unmapped.push({
            sobject: 'Opportunity',
            id: String(row.Id),
            reason: 'won expansion without Amount or CloseDate'
        });
        return;
    }
    const plan = planOnDate(plans, closeDate);
    if (plan && plan.facts.contractSignedDate !== null && closeDate > plan.facts.contractSignedDate) {
        plan.arrChanges.push({ date: closeDate, amount });
    }
}

/**
 * Reads plans, milestones, adoption snapshots, stakeholders and won expansion
 * Opportunities and joins them per plan.
 *
 * @param options.stakeholders read stakeholders too (backtests need them; metrics do not)
 */
export async function readPortfolio(
    conn: Connection,
    catalog: OrgCatalog,
    options: { stakeholders: boolean }
): Promise<OrgPortfolio> {
    const portfolio: OrgPortfolio = { plans: new Map(), unmapped: [], rowsRead: {} };
    const planRows = await readRows(conn, catalog, `SELECT ${PLAN_FIELDS.join(', ')} FROM OnboardingPlan__c`);
    portfolio.rowsRead.OnboardingPlan__c = planRows.length;
    for (const { value } of mapEach(planRows, 'OnboardingPlan__c', portfolio.unmapped, planFacts)) {
        portfolio.plans.set(value.facts.id, value);
    }
    const milestoneRows = await readRows(
        conn,
        catalog,
        'SELECT Id, OnboardingPlan__c, Sequence__c, OwnerSide__c, Status__c, TargetDate__c, ForecastDate__c, CompletedDate__c, ValueMarker__c FROM OnboardingMilestone__c'
    );
    portfolio.rowsRead.OnboardingMilestone__c = milestoneRows.length;
    for (const { row, value } of mapEach(milestoneRows, 'OnboardingMilestone__c', portfolio.unmapped, milestoneFacts)) {
        portfolio.plans.get(String(row.OnboardingPlan__c))?.milestones.push(value);
    }
    await attachAdoption(conn, catalog, portfolio);
    if (options.stakeholders) await attachStakeholders(conn, catalog, portfolio);
    await attachExpansions(conn, catalog, portfolio);
    return portfolio;
}

async function attachAdoption(conn: Connection, catalog: OrgCatalog, portfolio: OrgPortfolio): Promise<void> {
    const rows = await readRows(
        conn,
        catalog,
        'SELECT Id, Account__c, OnboardingPlan__c, AsOfDate__c, LicensedUsers__c, ActiveUsers__c, KeyActions__c FROM AdoptionSnapshot__c'
    );
    portfolio.rowsRead.AdoptionSnapshot__c = rows.length;
    const byAccount = groupByAccount(portfolio.plans);
    for (const { row, value } of mapEach(rows, 'AdoptionSnapshot__c', portfolio.unmapped, adoptionFacts)) {
        const direct = row.OnboardingPlan__c ? portfolio.plans.get(String(row.OnboardingPlan__c)) : undefined;
        const plan = direct ?? planOnDate(byAccount.get(String(row.Account__c)) ?? [], value.asOfDate);
        plan?.adoption.push(value);
    }
}

async function attachStakeholders(conn: Connection, catalog: OrgCatalog, portfolio: OrgPortfolio): Promise<void> {
    const rows = await readRows(
        conn,
        catalog,
        'SELECT Id, OnboardingPlan__c, Contact__c, BuyingRole__c, OnboardingRole__c, LastEngagedDate__c, MeetingsInvited__c, MeetingsAttended__c, AvgResponseHours__c, Departed__c FROM OnboardingStakeholder__c'
    );
    portfolio.rowsRead.OnboardingStakeholder__c = rows.length;
    for (const { row, value } of mapEach(rows, 'OnboardingStakeholder__c', portfolio.unmapped, stakeholderFacts)) {
        portfolio.plans.get(String(row.OnboardingPlan__c))?.stakeholders.push(value);
    }
}

const SEVERITIES: readonly Severity[] = ['Critical', 'High', 'Medium', 'Low'];

function modelFrom(row: ApiRecord): HealthModel {
    const need = (field: string): number => {
        const value = num(row, field);
        if (value === null) throw new MappingError(`${field} is blank`);
        return value;
    };
    return {
        segment: pick(row, 'Segment__c', SEGMENTS),
        version: text(row, 'Version__c') ?? 'unversioned',
        weights: {
            milestones: need('MilestoneWeight__c'),
            schedule: need('ScheduleWeight__c'),
            adoption: need('AdoptionWeight__c'),
            engagement: need('EngagementWeight__c')
        },
        greenMin: need('GreenMin__c'),
        yellowMin: need('YellowMin__c'),
        coverageMinimum: need('CoverageMinimum__c'),
        adoptionTarget: need('AdoptionTarget__c'),
        ...(num(row, 'TrendWindowDays__c') === null
            ? {}
            : { trendWindowDays: num(row, 'TrendWindowDays__c') as number }),
        ...(num(row, 'TrendThreshold__c') === null ? {} : { trendThreshold: num(row, 'TrendThreshold__c') as number })
    };
}

function ruleFrom(row: ApiRecord): EscalationRuleConfig {
    return {
        rule: pick(row, 'Rule__c', RULE_NAMES),
        threshold: num(row, 'Threshold__c') ?? 0,
        windowDays: num(row, 'WindowDays__c') ?? 0,
        severity: pick(row, 'Severity__c', SEVERITIES),
        recommendedAction: text(row, 'RecommendedAction__c') ?? '',
        createTask: row.CreateTask__c === true,
        active: row.IsActive__c === true
    };
}

/** The active health models (HealthModel__mdt) and escalation rules (EscalationRule__mdt) of the org. */
export async function readModelsInUse(
    conn: Connection,
    catalog: OrgCatalog,
    unmapped: Unmapped[]
): Promise<{ models: HealthModel[]; rules: EscalationRuleConfig[] }> {
    const modelRows = await readRows(
        conn,
        catalog,
        'SELECT Id, Segment__c, Version__c, MilestoneWeight__c, ScheduleWeight__c, AdoptionWeight__c, EngagementWeight__c, GreenMin__c, YellowMin__c, CoverageMinimum__c, AdoptionTarget__c, TrendWindowDays__c, TrendThreshold__c, IsActive__c FROM HealthModel__mdt'
    );
    const ruleRows = await readRows(
        conn,
        catalog,
        'SELECT Id, Rule__c, Threshold__c, WindowDays__c, Severity__c, RecommendedAction__c, CreateTask__c, IsActive__c FROM EscalationRule__mdt'
    );
    const models = mapEach(
        modelRows.filter((r) => r.IsActive__c === true),
        'HealthModel__mdt',
        unmapped,
        modelFrom
    ).map((m) => m.value);
    const rules = mapEach(ruleRows, 'EscalationRule__mdt', unmapped, ruleFrom).map((r) => r.value);
    return { models, rules };
}

/** Today's date in the org's default time zone (Organization.TimeZoneSidKey), the as-of date of org-wide reports. */
export async function orgTimeZone(conn: Connection, catalog: OrgCatalog): Promise<string> {
    const rows = await readRows(conn, catalog, 'SELECT Id, TimeZoneSidKey FROM Organization');
    return typeof rows[0]?.TimeZoneSidKey === 'string' ? rows[0].TimeZoneSidKey : 'UTC';
}

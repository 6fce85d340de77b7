/**
 * Shared pieces of the workbench's Apex controllers: the request context,
 * record id resolution (an Account, Opportunity or plan id to the plan), and
 * mapping rows to the DTOs of `types/dto.d.ts`.
 */
import type { Access } from '../access.ts';
import { ORG_TIME_ZONE } from '../automation.ts';
import type { Clock } from '../automation.ts';
import type { Row, SqlValue, WorkbenchDb } from '../db.ts';
import type { AlertDto, MilestoneDto, PicklistOption, PlanSummaryDto, StakeholderDto } from '../../../types/dto.d.ts';

/** Everything a controller method needs for one request. */
export interface ApexContext {
    db: WorkbenchDb;
    clock: Clock;
    access: Access;
    userId: string;
    userTimeZone: string;
}

/** Bad input; the server answers 400 with the message, like an AuraHandledException. */
export class ApexError extends Error {}

export const str = (value: SqlValue | undefined): string | null =>
    value === null || value === undefined ? null : String(value);
export const num = (value: SqlValue | undefined): number | null =>
    value === null || value === undefined ? null : Number(value);

/** The key prefix of an id decides its object, as in an org. */
export function objectOfId(db: WorkbenchDb, id: string): string | null {
    const prefix = id.slice(0, 3);
    return [...db.metadata.objects.values()].find((object) => object.keyPrefix === prefix)?.apiName ?? null;
}

/**
 * The plan behind a record id: the plan itself, the Opportunity's plan, or
 * the Account's current plan (an active one first, then the newest).
 */
export function resolvePlanId(db: WorkbenchDb, recordId: string): string | null {
    if (typeof recordId !== 'string' || !/^[A-Za-z0-9]{15,18}$/.test(recordId)) {
        throw new ApexError(`"${String(recordId)}" is not a record id.`);
    }
    const object = objectOfId(db, recordId);
    const order = `ORDER BY CASE Status__c WHEN 'Active' THEN 0 WHEN 'HandoffSubmitted' THEN 1 WHEN 'Draft' THEN 2 ELSE 3 END, ContractSignedDate__c DESC, Id`;
    if (object === 'OnboardingPlan__c') return db.get('OnboardingPlan__c', recordId) ? recordId : null;
    if (object === 'Opportunity')
        return str(db.one(`SELECT Id FROM OnboardingPlan__c WHERE Opportunity__c = ? ${order} LIMIT 1`, recordId)?.Id);
    if (object === 'Account')
        return str(db.one(`SELECT Id FROM OnboardingPlan__c WHERE Account__c = ? ${order} LIMIT 1`, recordId)?.Id);
    throw new ApexError(`${recordId} is not an Account, Opportunity or onboarding plan id.`);
}

export function requirePlan(db: WorkbenchDb, planId: string): Row {
    const plan = typeof planId === 'string' ? db.get('OnboardingPlan__c', planId) : undefined;
    if (!plan) throw new ApexError(`Onboarding plan ${String(planId)} does not exist.`);
    return plan;
}

/** Picklist values of a field as stored value and label (labels are what a person sees; logic uses values). */
export function options(db: WorkbenchDb, objectName: string, fieldName: string): PicklistOption[] {
    return (db.field(objectName, fieldName)?.picklist ?? []).map((entry) => ({
        value: entry.value,
        label: entry.label
    }));
}

export function userName(db: WorkbenchDb, id: SqlValue | undefined): string | null {
    return id ? str(db.one('SELECT Name FROM User WHERE Id = ?', String(id))?.Name) : null;
}

export function contactName(db: WorkbenchDb, id: SqlValue | undefined): string | null {
    return id ? str(db.one('SELECT Name FROM Contact WHERE Id = ?', String(id))?.Name) : null;
}

/** The plan summary every DTO carries; fields the role cannot read come back empty. */
export function planSummary(ctx: ApexContext, plan: Row): PlanSummaryDto {
    const readable = (field: string, value: SqlValue): SqlValue =>
        ctx.access.fieldReadable('OnboardingPlan__c', field) ? value : null;
    const account = ctx.db.one('SELECT Name FROM Account WHERE Id = ?', String(plan.Account__c));
    return {
        id: String(plan.Id),
        name: String(plan.Name ?? ''),
        accountId: String(plan.Account__c),
        accountName: String(account?.Name ?? ''),
        opportunityId: str(readable('Opportunity__c', plan.Opportunity__c)),
        segment: String(plan.Segment__c ?? 'TechTouch') as PlanSummaryDto['segment'],
        status: String(plan.Status__c ?? 'Draft') as PlanSummaryDto['status'],
        csmName: userName(ctx.db, readable('CSM__c', plan.CSM__c)),
        contractSignedDate: str(readable('ContractSignedDate__c', plan.ContractSignedDate__c)),
        kickoffDate: str(readable('KickoffDate__c', plan.KickoffDate__c)),
        firstValueTargetDate: str(readable('FirstValueTargetDate__c', plan.FirstValueTargetDate__c)),
        firstValueAchievedDate: str(readable('FirstValueAchievedDate__c', plan.FirstValueAchievedDate__c)),
        fullValueTargetDate: str(readable('FullValueTargetDate__c', plan.FullValueTargetDate__c)),
        fullValueAchievedDate: str(readable('FullValueAchievedDate__c', plan.FullValueAchievedDate__c)),
        healthScore: num(readable('HealthScore__c', plan.HealthScore__c)),
        healthBand: (str(readable('HealthBand__c', plan.HealthBand__c)) ?? 'NotScored') as PlanSummaryDto['healthBand'],
        userTimeZone: ctx.userTimeZone || ORG_TIME_ZONE
    };
}

export function milestoneDto(db: WorkbenchDb, row: Row): MilestoneDto {
    return {
        id: String(row.Id),
        name: String(row.Name ?? ''),
        sequence: Number(row.Sequence__c ?? 0),
        phase: String(row.Phase__c ?? ''),
        ownerSide: String(row.OwnerSide__c ?? 'Joint') as MilestoneDto['ownerSide'],
        vendorOwnerId: str(row.VendorOwner__c),
        vendorOwnerName: userName(db, row.VendorOwner__c),
        customerOwnerId: str(row.CustomerOwner__c),
        customerOwnerName: contactName(db, row.CustomerOwner__c),
        targetDate: str(row.TargetDate__c),
        forecastDate: str(row.ForecastDate__c),
        completedDate: str(row.CompletedDate__c),
        status: String(row.Status__c ?? 'NotStarted') as MilestoneDto['status'],
        scheduleStatus: String(row.ScheduleStatus__c ?? 'Unscheduled') as MilestoneDto['scheduleStatus'],
        valueMarker: String(row.ValueMarker__c ?? 'None') as MilestoneDto['valueMarker'],
        slipCause: String(row.SlipCause__c ?? 'None') as MilestoneDto['slipCause'],
        customerVisible: row.CustomerVisible__c === 1,
        description: str(row.Description__c)
    };
}

/** Stakeholder rows joined with their Contact (`ContactName`, `ContactTitle`, `ContactAccountId`). */
export function stakeholderDto(row: Row, planAccountId: string | null): StakeholderDto {
    return {
        id: String(row.Id),
        contactId: String(row.Contact__c ?? ''),
        name: String(row.ContactName ?? ''),
        title: str(row.ContactTitle),
        buyingRole: String(row.BuyingRole__c ?? 'None') as StakeholderDto['buyingRole'],
        onboardingRole: String(row.OnboardingRole__c ?? 'None') as StakeholderDto['onboardingRole'],
        influence: str(row.Influence__c) as StakeholderDto['influence'],
        stance: str(row.Stance__c) as StakeholderDto['stance'],
        reportsToId: str(row.ReportsTo__c),
        lastEngagedDate: str(row.LastEngagedDate__c),
        meetingsInvited: Number(row.MeetingsInvited__c ?? 0),
        meetingsAttended: Number(row.MeetingsAttended__c ?? 0),
        enablementStatus: String(row.EnablementStatus__c ?? 'NotStarted') as StakeholderDto['enablementStatus'],
        departed:
            row.Departed__c === 1 ||
            (planAccountId !== null &&
                row.ContactAccountId !== null &&
                row.ContactAccountId !== undefined &&
                row.ContactAccountId !== planAccountId)
    };
}

export const STAKEHOLDER_SELECT = `SELECT s.*, c.Name AS ContactName, c.Title AS ContactTitle, c.AccountId AS ContactAccountId
    FROM OnboardingStakeholder__c s LEFT JOIN Contact c ON c.Id = s.Contact__c`;

export function alertDto(row: Row): AlertDto {
    return {
        id: String(row.Id),
        rule: String(row.Rule__c) as AlertDto['rule'],
        severity: String(row.Severity__c ?? 'Medium') as AlertDto['severity'],
        status: String(row.Status__c ?? 'Open') as AlertDto['status'],
        message: String(row.Message__c ?? ''),
        recommendedAction: str(row.RecommendedAction__c),
        raisedAt: String(row.RaisedAt__c ?? ''),
        snoozedUntil: str(row.SnoozedUntil__c)
    };
}

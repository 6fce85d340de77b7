/**
 * What triggers and the nightly job do in an org, done by the workbench with
 * the TypeScript engine: schedule status of milestones, health scores and
 * snapshots, alerts upserted on their dedupe key, plans born from won
 * opportunities, playbooks applied to plans. Callers run these inside the
 * transaction of the write that caused them, so a failure leaves nothing
 * half-done.
 */
import {
    defaultModels,
    defaultRules,
    evaluateAlerts,
    localDate,
    scheduleMilestones,
    scheduleStatus,
    scoreHealth
} from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import type {
    AlertStatus,
    EscalationRuleConfig,
    HealthModel,
    HealthResult,
    MilestoneFacts,
    OwnerSide,
    PlanBundle,
    PlanFacts,
    PlanStatus,
    RuleName,
    Segment,
    Severity,
    ValueMarker
} from '../../force-app/main/default/lwc/onboardingEngine/types.ts';
import type { Row, SqlValue, WorkbenchDb } from './db.ts';

/** The org's default time zone in the workbench, used when a plan has none. */
export const ORG_TIME_ZONE = 'America/Los_Angeles';

const str = (value: SqlValue | undefined): string | null =>
    value === null || value === undefined ? null : String(value);
const numOr = (value: SqlValue | undefined, fallback: number): number =>
    value === null || value === undefined ? fallback : Number(value);

/** The engine's plan facts from a stored plan row. */
export function planFacts(row: Row): PlanFacts {
    return {
        id: String(row.Id),
        accountId: String(row.Account__c),
        segment: (str(row.Segment__c) ?? 'TechTouch') as Segment,
        status: (str(row.Status__c) ?? 'Draft') as PlanStatus,
        contractSignedDate: str(row.ContractSignedDate__c),
        kickoffDate: str(row.KickoffDate__c),
        firstValueTargetDate: str(row.FirstValueTargetDate__c),
        firstValueAchievedDate: str(row.FirstValueAchievedDate__c),
        fullValueTargetDate: str(row.FullValueTargetDate__c),
        fullValueAchievedDate: str(row.FullValueAchievedDate__c),
        businessReviewDate: str(row.BusinessReviewDate__c),
        businessReviewHeldDate: str(row.BusinessReviewHeldDate__c),
        churnDate: str(row.ChurnDate__c),
        arr: row.ARR__c === null || row.ARR__c === undefined ? null : Number(row.ARR__c)
    };
}

/** The engine's milestone facts from a stored milestone row. */
export function milestoneFacts(row: Row): MilestoneFacts {
    return {
        id: String(row.Id),
        sequence: numOr(row.Sequence__c, 0),
        ownerSide: (str(row.OwnerSide__c) ?? 'Joint') as OwnerSide,
        status: (str(row.Status__c) ?? 'NotStarted') as MilestoneFacts['status'],
        targetDate: str(row.TargetDate__c),
        forecastDate: str(row.ForecastDate__c),
        completedDate: str(row.CompletedDate__c),
        valueMarker: (str(row.ValueMarker__c) ?? 'None') as ValueMarker
    };
}

/** Everything the engine needs about one plan, read from the database. */
export function loadBundle(db: WorkbenchDb, planId: string): PlanBundle {
    const plan = db.get('OnboardingPlan__c', planId);
    if (!plan) throw new Error(`OnboardingPlan__c ${planId} does not exist.`);
    const milestones = db
        .all('SELECT * FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ?', planId)
        .map(milestoneFacts);
    const stakeholders = db
        .all(
            `SELECT s.*, c.AccountId AS ContactAccountId FROM OnboardingStakeholder__c s
             LEFT JOIN Contact c ON c.Id = s.Contact__c WHERE s.OnboardingPlan__c = ?`,
            planId
        )
        .map((row) => ({
            id: String(row.Id),
            contactId: String(row.Contact__c ?? ''),
            buyingRole: (str(row.BuyingRole__c) ?? 'None') as PlanBundle['stakeholders'][number]['buyingRole'],
            onboardingRole: (str(row.OnboardingRole__c) ??
                'None') as PlanBundle['stakeholders'][number]['onboardingRole'],
            lastEngagedDate: str(row.LastEngagedDate__c),
            meetingsInvited: numOr(row.MeetingsInvited__c, 0),
            meetingsAttended: numOr(row.MeetingsAttended__c, 0),
            avgResponseHours: row.AvgResponseHours__c === null ? null : Number(row.AvgResponseHours__c),
            departed:
                row.Departed__c === 1 || (row.ContactAccountId !== null && row.ContactAccountId !== plan.Account__c)
        }));
    const adoption = db
        .all(
            'SELECT * FROM AdoptionSnapshot__c WHERE Account__c = ? AND AsOfDate__c IS NOT NULL',
            String(plan.Account__c)
        )
        .map((row) => ({
            asOfDate: String(row.AsOfDate__c),
            licensedUsers: numOr(row.LicensedUsers__c, 0),
            activeUsers: numOr(row.ActiveUsers__c, 0),
            keyActions: numOr(row.KeyActions__c, 0)
        }));
    const history = db
        .all(
            'SELECT AsOfDate__c, Score__c FROM HealthSnapshot__c WHERE OnboardingPlan__c = ? AND AsOfDate__c IS NOT NULL',
            planId
        )
        .map((row) => ({
            asOfDate: String(row.AsOfDate__c),
            score: row.Score__c === null ? null : Number(row.Score__c)
        }));
    return { plan: planFacts(plan), milestones, stakeholders, adoption, history };
}

/** Health models from the shipped `HealthModel__mdt` records, falling back to the engine's defaults. */
export function healthModels(db: WorkbenchDb): HealthModel[] {
    const records = db.metadata.customMetadata.filter(
        (record) => record.type === 'HealthModel__mdt' && record.values.IsActive__c !== false
    );
    if (records.length === 0) return defaultModels();
    return records.map((record) => {
        const v = record.values;
        const n = (key: string): number => Number(v[key]);
        return {
            segment: String(v.Segment__c) as Segment,
            version: String(v.Version__c),
            weights: {
                milestones: n('MilestoneWeight__c'),
                schedule: n('ScheduleWeight__c'),
                adoption: n('AdoptionWeight__c'),
                engagement: n('EngagementWeight__c')
            },
            greenMin: n('GreenMin__c'),
            yellowMin: n('YellowMin__c'),
            coverageMinimum: n('CoverageMinimum__c'),
            adoptionTarget: n('AdoptionTarget__c'),
            ...(v.TrendWindowDays__c !== undefined && v.TrendWindowDays__c !== null
                ? { trendWindowDays: n('TrendWindowDays__c') }
                : {}),
            ...(v.TrendThreshold__c !== undefined && v.TrendThreshold__c !== null
                ? { trendThreshold: n('TrendThreshold__c') }
                : {})
        };
    });
}

/** Escalation rules from the shipped `EscalationRule__mdt` records, falling back to the engine's defaults. */
export function escalationRules(db: WorkbenchDb): EscalationRuleConfig[] {
    const records = db.metadata.customMetadata.filter((record) => record.type === 'EscalationRule__mdt');
    if (records.length === 0) return defaultRules();
    return records.map((record) => ({
        rule: String(record.values.Rule__c ?? record.developerName) as RuleName,
        threshold: Number(record.values.Threshold__c ?? 0),
        windowDays: Number(record.values.WindowDays__c ?? 0),
        severity: String(record.values.Severity__c ?? 'Medium') as Severity,
        recommendedAction: String(record.values.RecommendedAction__c ?? ''),
        createTask: record.values.CreateTask__c === true,
        active: record.values.IsActive__c !== false
    }));
}

/** The workbench clock: the real time unless `--today` pinned it. */
export interface Clock {
    now(): Date;
}

/** A plan's "today": the date of the current moment in the plan's time zone (docs/engine.md 1.2). */
export function planAsOf(clock: Clock, timeZone: string | null): string {
    return localDate(clock.now(), timeZone || ORG_TIME_ZONE);
}

/** Recomputes a plan: milestone schedule status, health, the day's snapshot and alerts. */
export function rescorePlan(db: WorkbenchDb, planId: string, clock: Clock): HealthResult {
    const row = db.get('OnboardingPlan__c', planId);
    if (!row) throw new Error(`OnboardingPlan__c ${planId} does not exist.`);
    const asOf = planAsOf(clock, str(row.TimeZone__c));
    const bundle = loadBundle(db, planId);
    for (const milestone of bundle.milestones) {
        const status = scheduleStatus(milestone, asOf);
        db.update('OnboardingMilestone__c', milestone.id, { ScheduleStatus__c: status }, { allowSystem: true });
    }
    const models = healthModels(db);
    const model =
        models.find((candidate) => candidate.segment === bundle.plan.segment) ??
        defaultModels().find((m) => m.segment === bundle.plan.segment);
    if (!model) throw new Error(`No health model for segment ${bundle.plan.segment}.`);
    const history = bundle.history.filter((point) => point.asOfDate !== asOf);
    const health = scoreHealth({ ...bundle, history }, model, asOf);
    const scoredAt = clock.now().toISOString();
    db.update('OnboardingPlan__c', planId, {
        HealthScore__c: health.score,
        HealthBand__c: health.band,
        HealthTrend__c: health.trend,
        HealthDrivers__c: JSON.stringify(health.drivers),
        HealthModelVersion__c: health.modelVersion,
        HealthScoredAt__c: scoredAt,
        HealthInputsAsOf__c: health.inputsAsOf
    });
    upsertSnapshot(db, planId, health, scoredAt);
    applyAlerts(db, { ...bundle, history }, health, model, asOf, clock);
    return health;
}

function upsertSnapshot(db: WorkbenchDb, planId: string, health: HealthResult, scoredAt: string): void {
    const key = `${planId}:${health.asOfDate}`;
    const values = {
        Score__c: health.score,
        Band__c: health.band,
        MilestoneScore__c: health.components.milestones,
        ScheduleScore__c: health.components.schedule,
        AdoptionScore__c: health.components.adoption,
        EngagementScore__c: health.components.engagement,
        Coverage__c: health.coverage * 100,
        Drivers__c: JSON.stringify(health.drivers),
        ModelVersion__c: health.modelVersion,
        AsOfDate__c: health.asOfDate,
        ScoredAt__c: scoredAt
    };
    const existing = db.one('SELECT Id FROM HealthSnapshot__c WHERE UniqueKey__c = ?', key);
    if (existing) db.update('HealthSnapshot__c', String(existing.Id), values);
    else
        db.insert('HealthSnapshot__c', {
            ...values,
            OnboardingPlan__c: planId,
            UniqueKey__c: key,
            ...db.nameValue('HealthSnapshot__c', key)
        });
}

function applyAlerts(
    db: WorkbenchDb,
    bundle: PlanBundle,
    health: HealthResult,
    model: HealthModel,
    asOf: string,
    clock: Clock
): void {
    const planId = bundle.plan.id;
    const rows = db.all(
        'SELECT Id, DedupeKey__c, Status__c, SnoozedUntil__c FROM OnboardingAlert__c WHERE OnboardingPlan__c = ?',
        planId
    );
    const existing = rows.map((row) => ({
        dedupeKey: String(row.DedupeKey__c),
        status: String(row.Status__c) as AlertStatus,
        snoozedUntil: str(row.SnoozedUntil__c)
    }));
    const changes = evaluateAlerts(bundle, health, escalationRules(db), asOf, existing, model);
    const now = clock.now().toISOString();
    const byKey = new Map(rows.map((row) => [String(row.DedupeKey__c), String(row.Id)]));
    const accountId = bundle.plan.accountId;
    for (const decision of changes.raise) {
        const values = {
            Rule__c: decision.rule,
            Severity__c: decision.severity,
            Status__c: 'Open',
            RaisedAt__c: now,
            ResolvedAt__c: null,
            SnoozedUntil__c: null,
            Message__c: decision.message.slice(0, 255),
            RecommendedAction__c: decision.recommendedAction.slice(0, 255) || null,
            Subject__c: decision.subject.slice(0, 80)
        };
        const id = byKey.get(decision.dedupeKey);
        const taskId = decision.createTask
            ? db.insert('Task', {
                  Subject: decision.message.slice(0, 255),
                  WhatId: accountId,
                  ActivityDate: asOf,
                  Status: 'Not Started',
                  Priority: 'High'
              })
            : null;
        if (id) db.update('OnboardingAlert__c', id, { ...values, TaskId__c: taskId });
        else
            db.insert('OnboardingAlert__c', {
                ...values,
                OnboardingPlan__c: planId,
                DedupeKey__c: decision.dedupeKey,
                TaskId__c: taskId,
                ...db.nameValue('OnboardingAlert__c', decision.rule)
            });
    }
    for (const key of changes.resolve) {
        const id = byKey.get(key);
        if (id) db.update('OnboardingAlert__c', id, { Status__c: 'Resolved', ResolvedAt__c: now });
    }
    for (const key of changes.reopen) {
        const id = byKey.get(key);
        if (id) db.update('OnboardingAlert__c', id, { Status__c: 'Open', SnoozedUntil__c: null });
    }
}

/** Applies a playbook to a plan: one milestone per step, scheduled by the engine, value targets set on the plan. */
export function applyPlaybook(db: WorkbenchDb, planId: string, playbookId: string): number {
    const plan = db.get('OnboardingPlan__c', planId);
    const playbook = db.get('Playbook__c', playbookId);
    if (!plan) throw new Error(`OnboardingPlan__c ${planId} does not exist.`);
    if (!playbook) throw new Error(`Playbook__c ${playbookId} does not exist.`);
    const steps = db.all('SELECT * FROM PlaybookStep__c WHERE Playbook__c = ? ORDER BY Sequence__c, Id', playbookId);
    const schedule = scheduleMilestones({
        steps: steps.map((step) => ({
            sequence: numOr(step.Sequence__c, 0),
            offsetBusinessDays: numOr(step.OffsetBusinessDays__c, 0),
            ownerSide: (str(step.OwnerSide__c) ?? 'Joint') as OwnerSide,
            valueMarker: (str(step.ValueMarker__c) ?? 'None') as ValueMarker
        })),
        segment: (str(plan.Segment__c) ?? 'TechTouch') as Segment,
        contractSignedDate: str(plan.ContractSignedDate__c),
        kickoffDate: str(plan.KickoffDate__c),
        firstValueTargetDays:
            playbook.FirstValueTargetDays__c === null ? null : Number(playbook.FirstValueTargetDays__c),
        fullValueTargetDays: playbook.FullValueTargetDays__c === null ? null : Number(playbook.FullValueTargetDays__c)
    });
    const existing = numOr(
        db.one('SELECT MAX(Sequence__c) AS s FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ?', planId)?.s,
        0
    );
    steps.forEach((step, index) => {
        db.insert('OnboardingMilestone__c', {
            OnboardingPlan__c: planId,
            Name: String(step.Name ?? `Step ${index + 1}`).slice(0, 80),
            Sequence__c: existing + numOr(step.Sequence__c, index + 1),
            Phase__c: str(step.Phase__c),
            OwnerSide__c: str(step.OwnerSide__c),
            OffsetBusinessDays__c: step.OffsetBusinessDays__c,
            TargetDate__c: schedule.milestones[index]?.targetDate ?? null,
            Status__c: 'NotStarted',
            ValueMarker__c: str(step.ValueMarker__c) ?? 'None',
            SlipCause__c: 'None',
            CustomerVisible__c: step.CustomerVisible__c === 1,
            Description__c: str(step.Description__c),
            PlaybookStep__c: String(step.Id)
        });
    });
    db.update('OnboardingPlan__c', planId, {
        Playbook__c: playbookId,
        FirstValueTargetDate__c: str(plan.FirstValueTargetDate__c) ?? schedule.firstValueTargetDate,
        FullValueTargetDate__c: str(plan.FullValueTargetDate__c) ?? schedule.fullValueTargetDate
    });
    return steps.length;
}

/** Segment of a new plan from the won amount, until a CSM picks one. */
export function segmentForAmount(amount: number | null): Segment {
    if (amount !== null && amount >= 150000) return 'HighTouch';
    if (amount !== null && amount >= 40000) return 'Guided';
    return 'TechTouch';
}

/**
 * Creates a plan for every won Opportunity that has none, as the package's
 * Opportunity automation does in an org: segment from the amount, the
 * segment's active playbook applied, the Account's Contacts as stakeholders.
 */
export function plansForWonOpportunities(db: WorkbenchDb): { plans: number; milestones: number; stakeholders: number } {
    const won = db.all(
        `SELECT o.* FROM Opportunity o WHERE o.IsWon = 1 AND o.AccountId IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM OnboardingPlan__c p WHERE p.Opportunity__c = o.Id) ORDER BY o.CloseDate, o.Id`
    );
    const result = { plans: 0, milestones: 0, stakeholders: 0 };
    for (const opp of won) {
        const amount = opp.Amount === null ? null : Number(opp.Amount);
        const segment = segmentForAmount(amount);
        const planId = db.insert('OnboardingPlan__c', {
            Name: `${String(opp.Name ?? 'Plan')}`.slice(0, 80),
            Account__c: String(opp.AccountId),
            Opportunity__c: String(opp.Id),
            Segment__c: segment,
            Status__c: 'Active',
            ContractValue__c: amount,
            ARR__c: amount,
            ContractCurrency__c: 'USD',
            ContractSignedDate__c: str(opp.CloseDate),
            ExternalId__c: `opp-${String(opp.Id)}`
        });
        result.plans += 1;
        const playbook = db.one(
            'SELECT Id FROM Playbook__c WHERE Segment__c = ? AND IsActive__c = 1 ORDER BY Name LIMIT 1',
            segment
        );
        if (playbook) result.milestones += applyPlaybook(db, planId, String(playbook.Id));
        for (const contact of db.all('SELECT Id FROM Contact WHERE AccountId = ? ORDER BY Id', String(opp.AccountId))) {
            db.insert('OnboardingStakeholder__c', {
                OnboardingPlan__c: planId,
                Contact__c: String(contact.Id),
                BuyingRole__c: 'None',
                OnboardingRole__c: 'None',
                EnablementStatus__c: 'NotStarted',
                UniqueKey__c: `${planId}:${String(contact.Id)}`.slice(0, 40)
            });
            result.stakeholders += 1;
        }
    }
    return result;
}

/** Fills what the stakeholder trigger sets in an org: the unique plan-and-contact key. */
export function fillStakeholderKeys(db: WorkbenchDb): void {
    for (const row of db.all(
        'SELECT Id, OnboardingPlan__c, Contact__c FROM OnboardingStakeholder__c WHERE UniqueKey__c IS NULL'
    )) {
        db.update('OnboardingStakeholder__c', String(row.Id), {
            UniqueKey__c: `${String(row.OnboardingPlan__c)}:${String(row.Contact__c)}`.slice(0, 40)
        });
    }
}

/** Links adoption snapshots to their Account's plan, as the snapshot trigger does. */
export function linkAdoptionToPlans(db: WorkbenchDb): void {
    db.sql.exec(`UPDATE AdoptionSnapshot__c SET OnboardingPlan__c = (
        SELECT p.Id FROM OnboardingPlan__c p WHERE p.Account__c = AdoptionSnapshot__c.Account__c
        ORDER BY CASE p.Status__c WHEN 'Active' THEN 0 ELSE 1 END, p.ContractSignedDate__c DESC LIMIT 1)
        WHERE OnboardingPlan__c IS NULL`);
}

/** The nightly pass: rescores every plan (time-based rules fire without anyone touching a record). */
export function nightly(db: WorkbenchDb, clock: Clock): { plans: number; openAlerts: number } {
    const ids = db.all('SELECT Id FROM OnboardingPlan__c ORDER BY Id').map((row) => String(row.Id));
    db.transaction(() => {
        for (const id of ids) rescorePlan(db, id, clock);
    });
    const open = db.one(`SELECT COUNT(*) AS n FROM OnboardingAlert__c WHERE Status__c = 'Open'`);
    return { plans: ids.length, openAlerts: Number(open?.n ?? 0) };
}

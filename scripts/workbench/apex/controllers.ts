/**
 * The workbench's answers to every Apex method in `types/apex.d.ts`, with the
 * same parameters and DTOs as the org's controllers. Each write runs in one
 * transaction together with what the org's triggers would do (schedule
 * status, rescoring, alerts), and is checked against the role's permission
 * set first.
 */
import { AccessError } from '../access.ts';
import { applyPlaybook, loadBundle, healthModels, rescorePlan } from '../automation.ts';
import { FieldError } from '../db.ts';
import type { InputValue, Row } from '../db.ts';
import { portfolio } from './portfolio.ts';
import {
    ApexError,
    STAKEHOLDER_SELECT,
    alertDto,
    contactName,
    milestoneDto,
    num,
    options,
    planSummary,
    requirePlan,
    resolvePlanId,
    stakeholderDto,
    str,
    userName
} from './support.ts';
import type { ApexContext } from './support.ts';
import { checkRules } from './validation.ts';
import type {
    AlertAction,
    BusinessReviewDto,
    BusinessReviewInput,
    ContactOptionDto,
    HandoffDto,
    HandoffGateResult,
    HandoffInput,
    HealthDto,
    MilestoneEdit,
    MutualPlanDto,
    PortfolioFilter,
    RowSaveResult,
    StakeholderEdit,
    StakeholderMapDto
} from '../../../types/dto.d.ts';

type Params = Record<string, unknown>;
type Handler = (params: Params, ctx: ApexContext) => unknown;

const HANDOFF_FIELDS: Record<keyof HandoffInput, string> = {
    successCriteria: 'SuccessCriteria__c',
    businessCase: 'BusinessCase__c',
    metricsToImprove: 'MetricsToImprove__c',
    primaryMetricName: 'PrimaryMetricName__c',
    primaryMetricBaseline: 'PrimaryMetricBaseline__c',
    primaryMetricTarget: 'PrimaryMetricTarget__c',
    executiveSponsorId: 'ExecutiveSponsor__c',
    technicalEnvironment: 'TechnicalEnvironment__c',
    integrationDependencies: 'IntegrationDependencies__c',
    assumedTimeline: 'AssumedTimeline__c',
    customerGoLiveDate: 'CustomerGoLiveDate__c',
    competitiveContext: 'CompetitiveContext__c'
};
const HANDOFF_REQUIRED: (keyof HandoffInput)[] = [
    'successCriteria',
    'businessCase',
    'metricsToImprove',
    'primaryMetricName',
    'primaryMetricBaseline',
    'primaryMetricTarget',
    'executiveSponsorId',
    'technicalEnvironment',
    'assumedTimeline',
    'customerGoLiveDate'
];
const REQUIRED_BUYING = ['EconomicBuyer', 'Champion'];
const REQUIRED_ONBOARDING = ['ExecutiveSponsor', 'ProjectLead', 'Admin'];
const GAP_BUYING = ['Signer', 'EconomicBuyer', 'Champion', 'TechnicalEvaluator'];
const GAP_ONBOARDING = ['ExecutiveSponsor', 'ProjectLead', 'Admin', 'Trainer', 'EndUser'];

const MILESTONE_FIELDS: Record<string, string> = {
    name: 'Name',
    phase: 'Phase__c',
    ownerSide: 'OwnerSide__c',
    vendorOwnerId: 'VendorOwner__c',
    customerOwnerId: 'CustomerOwner__c',
    targetDate: 'TargetDate__c',
    forecastDate: 'ForecastDate__c',
    completedDate: 'CompletedDate__c',
    status: 'Status__c',
    valueMarker: 'ValueMarker__c',
    slipCause: 'SlipCause__c',
    customerVisible: 'CustomerVisible__c'
};
const STAKEHOLDER_FIELDS: Record<string, string> = {
    buyingRole: 'BuyingRole__c',
    onboardingRole: 'OnboardingRole__c',
    influence: 'Influence__c',
    stance: 'Stance__c',
    reportsToId: 'ReportsTo__c',
    enablementStatus: 'EnablementStatus__c',
    departed: 'Departed__c'
};
const REVIEW_FIELDS: Record<string, string> = {
    primaryMetricCurrent: 'PrimaryMetricCurrent__c',
    businessReviewHeldDate: 'BusinessReviewHeldDate__c',
    realizedValue: 'RealizedValue__c',
    expansionSignals: 'ExpansionSignals__c'
};

function text(params: Params, key: string): string {
    const value = params[key];
    if (typeof value !== 'string' || value === '') throw new ApexError(`Parameter ${key} is required.`);
    return value;
}

function today(ctx: ApexContext, plan: Row): string {
    return new Intl.DateTimeFormat('en-CA', {
        timeZone: str(plan.TimeZone__c) ?? ctx.userTimeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit'
    }).format(ctx.clock.now());
}

/** Maps DTO keys to fields, checks field-level security, and returns the field values to write. */
function toFields(
    ctx: ApexContext,
    objectName: string,
    input: Record<string, unknown>,
    map: Record<string, string>
): Record<string, InputValue> {
    const values: Record<string, InputValue> = {};
    for (const [key, value] of Object.entries(input)) {
        if (key === 'id') continue;
        const field = map[key];
        if (!field) throw new ApexError(`${key} cannot be changed here.`);
        values[field] = value as InputValue;
    }
    ctx.access.requireEditable(objectName, Object.keys(values));
    return values;
}

// Discovery handoff

function stakeholdersOf(ctx: ApexContext, plan: Row): ReturnType<typeof stakeholderDto>[] {
    if (!ctx.access.can('OnboardingStakeholder__c', 'read')) return [];
    return ctx.db
        .all(`${STAKEHOLDER_SELECT} WHERE s.OnboardingPlan__c = ? ORDER BY c.Name, s.Id`, String(plan.Id))
        .map((row) => stakeholderDto(row, String(plan.Account__c)));
}

function requiredRoles(
    ctx: ApexContext,
    stakeholders: ReturnType<typeof stakeholderDto>[]
): HandoffDto['requiredRoles'] {
    const active = stakeholders.filter((s) => !s.departed);
    const label = (field: string, value: string): string =>
        options(ctx.db, 'OnboardingStakeholder__c', field).find((o) => o.value === value)?.label ?? value;
    return [
        ...REQUIRED_BUYING.map((role) => ({
            role: role as HandoffDto['requiredRoles'][number]['role'],
            label: label('BuyingRole__c', role),
            filled: active.some((s) => s.buyingRole === role)
        })),
        ...REQUIRED_ONBOARDING.map((role) => ({
            role: role as HandoffDto['requiredRoles'][number]['role'],
            label: label('OnboardingRole__c', role),
            filled: active.some((s) => s.onboardingRole === role)
        }))
    ];
}

function handoffDto(ctx: ApexContext, plan: Row): HandoffDto {
    const read = (field: string): Row[string] =>
        ctx.access.fieldReadable('OnboardingPlan__c', field) ? plan[field] : null;
    const stakeholders = stakeholdersOf(ctx, plan);
    const editableFields = Object.values(HANDOFF_FIELDS).filter((field) =>
        ctx.access.fieldEditable('OnboardingPlan__c', field)
    );
    const editable = ctx.access.can('OnboardingPlan__c', 'edit');
    return {
        plan: planSummary(ctx, plan),
        successCriteria: str(read('SuccessCriteria__c')),
        businessCase: str(read('BusinessCase__c')),
        metricsToImprove: str(read('MetricsToImprove__c')),
        primaryMetricName: str(read('PrimaryMetricName__c')),
        primaryMetricBaseline: num(read('PrimaryMetricBaseline__c')),
        primaryMetricTarget: num(read('PrimaryMetricTarget__c')),
        executiveSponsorId: str(read('ExecutiveSponsor__c')),
        executiveSponsorName: contactName(ctx.db, read('ExecutiveSponsor__c')),
        technicalEnvironment: str(read('TechnicalEnvironment__c')),
        integrationDependencies: str(read('IntegrationDependencies__c')),
        assumedTimeline: str(read('AssumedTimeline__c')),
        customerGoLiveDate: str(read('CustomerGoLiveDate__c')),
        competitiveContext: str(read('CompetitiveContext__c')),
        handoffSubmittedAt: str(read('HandoffSubmittedAt__c')),
        handoffSubmittedByName: userName(ctx.db, read('HandoffSubmittedBy__c')),
        handoffAcceptedAt: str(read('HandoffAcceptedAt__c')),
        handoffAcceptedByName: userName(ctx.db, read('HandoffAcceptedBy__c')),
        handoffMeetingAt: str(read('HandoffMeetingAt__c')),
        stakeholders,
        requiredRoles: requiredRoles(ctx, stakeholders),
        editableFields,
        canSubmit: editable && plan.Status__c === 'Draft',
        canAccept: editable && plan.Status__c === 'HandoffSubmitted'
    };
}

const getHandoff: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'read');
    const planId = resolvePlanId(ctx.db, text(params, 'recordId'));
    if (!planId) throw new ApexError('This record has no onboarding plan yet.');
    return handoffDto(ctx, requirePlan(ctx.db, planId));
};

const saveHandoff: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'edit');
    const planId = text(params, 'planId');
    requirePlan(ctx.db, planId);
    const values = toFields(ctx, 'OnboardingPlan__c', (params.input ?? {}) as Record<string, unknown>, HANDOFF_FIELDS);
    return ctx.db.transaction(() => {
        ctx.db.update('OnboardingPlan__c', planId, values);
        rescorePlan(ctx.db, planId, ctx.clock);
        return handoffDto(ctx, requirePlan(ctx.db, planId));
    });
};

const submitHandoff: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'edit');
    const planId = text(params, 'planId');
    const plan = requirePlan(ctx.db, planId);
    if (plan.Status__c !== 'Draft')
        throw new ApexError(`Only a draft handoff can be submitted; this plan is ${String(plan.Status__c)}.`);
    const handoff = handoffDto(ctx, plan);
    const missing: HandoffGateResult['missing'] = [
        ...HANDOFF_REQUIRED.filter((key) => handoff[key] === null || handoff[key] === '').map((key) => ({
            key,
            label: ctx.db.field('OnboardingPlan__c', HANDOFF_FIELDS[key])?.label ?? key
        })),
        ...handoff.requiredRoles.filter((role) => !role.filled).map((role) => ({ key: role.role, label: role.label }))
    ];
    if (missing.length > 0) return { submitted: false, missing, handoff } satisfies HandoffGateResult;
    ctx.access.requireEditable('OnboardingPlan__c', ['Status__c', 'HandoffSubmittedAt__c', 'HandoffSubmittedBy__c']);
    return ctx.db.transaction(() => {
        ctx.db.update('OnboardingPlan__c', planId, {
            Status__c: 'HandoffSubmitted',
            HandoffSubmittedAt__c: ctx.clock.now().toISOString(),
            HandoffSubmittedBy__c: ctx.userId
        });
        rescorePlan(ctx.db, planId, ctx.clock);
        return {
            submitted: true,
            missing: [],
            handoff: handoffDto(ctx, requirePlan(ctx.db, planId))
        } satisfies HandoffGateResult;
    });
};

const acceptHandoff: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'edit');
    const planId = text(params, 'planId');
    const plan = requirePlan(ctx.db, planId);
    if (plan.Status__c !== 'HandoffSubmitted')
        throw new ApexError(`Only a submitted handoff can be accepted; this plan is ${String(plan.Status__c)}.`);
    ctx.access.requireEditable('OnboardingPlan__c', ['Status__c', 'HandoffAcceptedAt__c', 'HandoffAcceptedBy__c']);
    return ctx.db.transaction(() => {
        ctx.db.update('OnboardingPlan__c', planId, {
            Status__c: 'Active',
            HandoffAcceptedAt__c: ctx.clock.now().toISOString(),
            HandoffAcceptedBy__c: ctx.userId
        });
        rescorePlan(ctx.db, planId, ctx.clock);
        return handoffDto(ctx, requirePlan(ctx.db, planId));
    });
};

function scheduleEvent(ctx: ApexContext, params: Params, subject: string, planField: string | null): string {
    ctx.access.require('Event', 'create');
    const planId = text(params, 'planId');
    const plan = requirePlan(ctx.db, planId);
    const start = new Date(text(params, 'startIso'));
    const minutes = Number(params.durationMinutes);
    if (Number.isNaN(start.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/.test(String(params.startIso))) {
        throw new ApexError('startIso must be an ISO 8601 datetime with Z or an offset, e.g. 2026-12-01T15:00:00Z.');
    }
    if (!Number.isInteger(minutes) || minutes <= 0 || minutes > 1440)
        throw new ApexError('durationMinutes must be a whole number from 1 to 1440.');
    if (planField) ctx.access.requireEditable('OnboardingPlan__c', [planField]);
    return ctx.db.transaction(() => {
        const id = ctx.db.insert('Event', {
            Subject: subject,
            WhatId: String(plan.Account__c),
            StartDateTime: start.toISOString(),
            EndDateTime: new Date(start.getTime() + minutes * 60000).toISOString(),
            DurationInMinutes: minutes,
            Description: str(plan.SuccessCriteria__c)
        });
        if (planField)
            ctx.db.update('OnboardingPlan__c', planId, {
                [planField]: start.toISOString().slice(0, planField.endsWith('At__c') ? undefined : 10)
            });
        return id;
    });
}

// Mutual plan

function mutualPlanDto(ctx: ApexContext, planId: string | null): MutualPlanDto {
    const milestoneOptions = {
        phase: options(ctx.db, 'OnboardingMilestone__c', 'Phase__c'),
        status: options(ctx.db, 'OnboardingMilestone__c', 'Status__c'),
        ownerSide: options(ctx.db, 'OnboardingMilestone__c', 'OwnerSide__c'),
        slipCause: options(ctx.db, 'OnboardingMilestone__c', 'SlipCause__c'),
        valueMarker: options(ctx.db, 'OnboardingMilestone__c', 'ValueMarker__c')
    };
    const playbooks = ctx.access.can('Playbook__c', 'read')
        ? ctx.db
              .all(
                  `SELECT p.Id, p.Name, p.Segment__c, (SELECT COUNT(*) FROM PlaybookStep__c s WHERE s.Playbook__c = p.Id) AS StepCount FROM Playbook__c p WHERE p.IsActive__c = 1 ORDER BY p.Name`
              )
              .map((row) => ({
                  id: String(row.Id),
                  name: String(row.Name),
                  segment: String(row.Segment__c) as MutualPlanDto['playbooks'][number]['segment'],
                  stepCount: Number(row.StepCount)
              }))
        : [];
    if (!planId)
        return {
            plan: null,
            milestones: [],
            playbooks,
            options: milestoneOptions,
            engineInput: null,
            model: null,
            canEdit: false
        };
    const plan = requirePlan(ctx.db, planId);
    const milestones = ctx.db
        .all('SELECT * FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ? ORDER BY Sequence__c, Id', planId)
        .map((row) => milestoneDto(ctx.db, row));
    const bundle = loadBundle(ctx.db, planId);
    const model = healthModels(ctx.db).find((candidate) => candidate.segment === bundle.plan.segment) ?? null;
    return {
        plan: planSummary(ctx, plan),
        milestones,
        playbooks,
        options: milestoneOptions,
        engineInput: bundle,
        model,
        canEdit: ctx.access.can('OnboardingMilestone__c', 'edit')
    };
}

const getPlan: Handler = (params, ctx) => {
    ctx.access.require('OnboardingMilestone__c', 'read');
    return mutualPlanDto(ctx, resolvePlanId(ctx.db, text(params, 'recordId')));
};

/** Saves each row on its own (F26): a bad row reports its error, the good rows are written and rescored. */
function saveRows(
    ctx: ApexContext,
    objectName: string,
    rows: unknown,
    map: Record<string, string>,
    after: (id: string, values: Record<string, InputValue>) => void
): RowSaveResult[] {
    if (!Array.isArray(rows)) throw new ApexError('rows must be a list.');
    ctx.access.require(objectName, 'edit');
    const plans = new Set<string>();
    // One outer transaction; each row is a savepoint, so a bad row rolls back alone and the rescoring
    // of the good rows commits together with them, as triggers do in the org's partial-success save.
    return ctx.db.transaction(() => {
        const results = rows.map((raw) => {
            const input = raw as Record<string, unknown>;
            const id = String(input.id ?? '');
            try {
                const existing = ctx.db.get(objectName, id);
                if (!existing) throw new ApexError(`${id} does not exist.`);
                const values = toFields(ctx, objectName, input, map);
                ctx.db.transaction(() => {
                    ctx.db.update(objectName, id, values);
                    after(id, values);
                    checkRules(ctx, objectName, id);
                });
                plans.add(String(existing.OnboardingPlan__c));
                return { id, success: true, errors: [] };
            } catch (error) {
                if (!(error instanceof FieldError || error instanceof ApexError || error instanceof AccessError)) {
                    throw error;
                }
                return {
                    id,
                    success: false,
                    errors: [{ field: error instanceof FieldError ? error.field : '', message: error.message }]
                };
            }
        });
        for (const planId of plans) rescorePlan(ctx.db, planId, ctx.clock);
        return results;
    });
}

const saveMilestones: Handler = (params, ctx) =>
    saveRows(ctx, 'OnboardingMilestone__c', params.rows as MilestoneEdit[], MILESTONE_FIELDS, (id, values) => {
        const row = ctx.db.get('OnboardingMilestone__c', id);
        if (!row) return;
        const plan = requirePlan(ctx.db, String(row.OnboardingPlan__c));
        // Completing a milestone stamps today when no date was given, as the milestone trigger does.
        if (values.Status__c === 'Completed' && !row.CompletedDate__c)
            ctx.db.update('OnboardingMilestone__c', id, { CompletedDate__c: today(ctx, plan) });
        const done = ctx.db.get('OnboardingMilestone__c', id);
        const marker = str(done?.ValueMarker__c);
        const field =
            marker === 'FirstValue'
                ? 'FirstValueAchievedDate__c'
                : marker === 'FullValue'
                  ? 'FullValueAchievedDate__c'
                  : null;
        if (field && done?.Status__c === 'Completed' && !plan[field])
            ctx.db.update('OnboardingPlan__c', String(plan.Id), { [field]: str(done.CompletedDate__c) });
    });

const applyPlaybookHandler: Handler = (params, ctx) => {
    ctx.access.require('OnboardingMilestone__c', 'create');
    const planId = text(params, 'planId');
    const playbookId = text(params, 'playbookId');
    return ctx.db.transaction(() => {
        applyPlaybook(ctx.db, planId, playbookId);
        rescorePlan(ctx.db, planId, ctx.clock);
        return mutualPlanDto(ctx, planId);
    });
};

// Stakeholder map

function gaps(ctx: ApexContext, planId: string, accountId: string): StakeholderMapDto['gaps'] {
    const active = ctx.db
        .all(`${STAKEHOLDER_SELECT} WHERE s.OnboardingPlan__c = ?`, planId)
        .map((row) => stakeholderDto(row, accountId))
        .filter((s) => !s.departed);
    const label = (field: string, value: string): string =>
        options(ctx.db, 'OnboardingStakeholder__c', field).find((o) => o.value === value)?.label ?? value;
    return [
        ...GAP_BUYING.filter((role) => !active.some((s) => s.buyingRole === role)).map((role) => ({
            committee: 'buying' as const,
            role: role as StakeholderMapDto['gaps'][number]['role'],
            label: label('BuyingRole__c', role)
        })),
        ...GAP_ONBOARDING.filter((role) => !active.some((s) => s.onboardingRole === role)).map((role) => ({
            committee: 'onboarding' as const,
            role: role as StakeholderMapDto['gaps'][number]['role'],
            label: label('OnboardingRole__c', role)
        }))
    ];
}

const getStakeholderMap: Handler = (params, ctx) => {
    ctx.access.require('OnboardingStakeholder__c', 'read');
    const pageSize = Number(params.pageSize);
    const pageNumber = Number(params.pageNumber);
    if (
        !Number.isInteger(pageSize) ||
        pageSize < 1 ||
        pageSize > 200 ||
        !Number.isInteger(pageNumber) ||
        pageNumber < 1
    ) {
        throw new ApexError('pageSize must be 1 to 200 and pageNumber 1 or more.');
    }
    const planId = resolvePlanId(ctx.db, text(params, 'recordId'));
    if (!planId)
        return { planId: null, stakeholders: [], gaps: [], totalCount: 0, canEdit: false } satisfies StakeholderMapDto;
    const plan = requirePlan(ctx.db, planId);
    const accountId = String(plan.Account__c);
    const rows = ctx.db.all(
        `${STAKEHOLDER_SELECT} WHERE s.OnboardingPlan__c = ? ORDER BY c.Name, s.Id LIMIT ? OFFSET ?`,
        planId,
        pageSize,
        pageSize * (pageNumber - 1)
    );
    const total = Number(
        ctx.db.one('SELECT COUNT(*) AS n FROM OnboardingStakeholder__c WHERE OnboardingPlan__c = ?', planId)?.n ?? 0
    );
    return {
        planId,
        stakeholders: rows.map((row) => stakeholderDto(row, accountId)),
        gaps: gaps(ctx, planId, accountId),
        totalCount: total,
        canEdit: ctx.access.can('OnboardingStakeholder__c', 'edit')
    } satisfies StakeholderMapDto;
};

const searchContacts: Handler = (params, ctx) => {
    ctx.access.require('OnboardingStakeholder__c', 'read');
    const plan = requirePlan(ctx.db, text(params, 'planId'));
    const term = typeof params.searchTerm === 'string' ? params.searchTerm : '';
    const like = `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return ctx.db
        .all(
            `SELECT c.Id, c.Name, c.Title, EXISTS (SELECT 1 FROM OnboardingStakeholder__c s WHERE s.OnboardingPlan__c = ? AND s.Contact__c = c.Id) AS Already
             FROM Contact c WHERE c.AccountId = ? AND c.Name LIKE ? ESCAPE '\\' ORDER BY c.Name LIMIT 50`,
            String(plan.Id),
            String(plan.Account__c),
            like
        )
        .map(
            (row) =>
                ({
                    id: String(row.Id),
                    name: String(row.Name ?? ''),
                    title: str(row.Title),
                    alreadyStakeholder: row.Already === 1
                }) satisfies ContactOptionDto
        );
};

const addStakeholders: Handler = (params, ctx) => {
    ctx.access.require('OnboardingStakeholder__c', 'create');
    const planId = text(params, 'planId');
    requirePlan(ctx.db, planId);
    const ids = params.contactIds;
    if (!Array.isArray(ids)) throw new ApexError('contactIds must be a list.');
    return ctx.db.transaction(() => {
        const results: RowSaveResult[] = ids.map((contactId) => {
            try {
                if (!ctx.db.get('Contact', String(contactId)))
                    throw new ApexError(`Contact ${String(contactId)} does not exist.`);
                const id = ctx.db.transaction(() =>
                    ctx.db.insert('OnboardingStakeholder__c', {
                        OnboardingPlan__c: planId,
                        Contact__c: String(contactId),
                        BuyingRole__c: 'None',
                        OnboardingRole__c: 'None',
                        EnablementStatus__c: 'NotStarted',
                        UniqueKey__c: `${planId}:${String(contactId)}`.slice(0, 40)
                    })
                );
                return { id, success: true, errors: [] };
            } catch (error) {
                if (!(error instanceof FieldError || error instanceof ApexError)) throw error;
                const duplicate = error instanceof FieldError && error.field === 'UniqueKey__c';
                return {
                    id: String(contactId),
                    success: false,
                    errors: [
                        {
                            field: duplicate ? 'Contact__c' : '',
                            message: duplicate ? 'This contact is already a stakeholder of the plan.' : error.message
                        }
                    ]
                };
            }
        });
        rescorePlan(ctx.db, planId, ctx.clock);
        return results;
    });
};

const saveStakeholders: Handler = (params, ctx) =>
    saveRows(ctx, 'OnboardingStakeholder__c', params.rows as StakeholderEdit[], STAKEHOLDER_FIELDS, () => undefined);

// Health

function healthDto(ctx: ApexContext, planId: string | null): HealthDto {
    const empty: HealthDto = {
        planId: null,
        score: null,
        band: 'NotScored',
        trend: 'New',
        components: { milestones: null, schedule: null, adoption: null, engagement: null },
        drivers: [],
        alerts: [],
        modelVersion: null,
        scoredAt: null,
        inputsAsOf: null,
        history: [],
        overridden: false
    };
    if (!planId) return empty;
    const plan = requirePlan(ctx.db, planId);
    const latest = ctx.db.one(
        'SELECT * FROM HealthSnapshot__c WHERE OnboardingPlan__c = ? ORDER BY AsOfDate__c DESC LIMIT 1',
        planId
    );
    const alerts = ctx.access.can('OnboardingAlert__c', 'read')
        ? ctx.db
              .all(
                  `SELECT * FROM OnboardingAlert__c WHERE OnboardingPlan__c = ? AND Status__c != 'Resolved' ORDER BY CASE Severity__c WHEN 'Critical' THEN 0 WHEN 'High' THEN 1 WHEN 'Medium' THEN 2 ELSE 3 END, RaisedAt__c DESC, Id`,
                  planId
              )
              .map(alertDto)
        : [];
    const override = num(plan.HealthOverride__c);
    return {
        planId,
        score: override ?? num(plan.HealthScore__c),
        band: (str(plan.HealthBand__c) ?? 'NotScored') as HealthDto['band'],
        trend: (str(plan.HealthTrend__c) ?? 'New') as HealthDto['trend'],
        components: {
            milestones: num(latest?.MilestoneScore__c),
            schedule: num(latest?.ScheduleScore__c),
            adoption: num(latest?.AdoptionScore__c),
            engagement: num(latest?.EngagementScore__c)
        },
        drivers: plan.HealthDrivers__c ? (JSON.parse(String(plan.HealthDrivers__c)) as HealthDto['drivers']) : [],
        alerts,
        modelVersion: str(plan.HealthModelVersion__c),
        scoredAt: str(plan.HealthScoredAt__c),
        inputsAsOf: str(plan.HealthInputsAsOf__c),
        history: ctx.db
            .all(
                'SELECT AsOfDate__c, Score__c FROM HealthSnapshot__c WHERE OnboardingPlan__c = ? ORDER BY AsOfDate__c',
                planId
            )
            .map((row) => ({ asOfDate: String(row.AsOfDate__c), score: num(row.Score__c) })),
        overridden: override !== null
    };
}

const getHealth: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'read');
    return healthDto(ctx, resolvePlanId(ctx.db, text(params, 'recordId')));
};

const updateAlert: Handler = (params, ctx) => {
    ctx.access.require('OnboardingAlert__c', 'edit');
    const alertId = text(params, 'alertId');
    const alert = ctx.db.get('OnboardingAlert__c', alertId);
    if (!alert) throw new ApexError(`Alert ${alertId} does not exist.`);
    const action = params.action as AlertAction;
    const now = ctx.clock.now().toISOString();
    const values: Record<string, InputValue> =
        action === 'acknowledge'
            ? { Status__c: 'Acknowledged' }
            : action === 'resolve'
              ? { Status__c: 'Resolved', ResolvedAt__c: now }
              : action === 'snooze'
                ? { Status__c: 'Snoozed', SnoozedUntil__c: (params.snoozeUntil as string | null) ?? null }
                : {};
    if (Object.keys(values).length === 0)
        throw new ApexError(`Unknown action ${String(action)}; use acknowledge, snooze or resolve.`);
    if (action === 'snooze' && typeof params.snoozeUntil === 'string' && params.snoozeUntil <= now.slice(0, 10)) {
        throw new ApexError('Snooze until a date after today.');
    }
    ctx.access.requireEditable('OnboardingAlert__c', Object.keys(values));
    ctx.db.transaction(() => ctx.db.update('OnboardingAlert__c', alertId, values));
    return alertDto(ctx.db.get('OnboardingAlert__c', alertId) as Row);
};

const rescore: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'edit');
    const planId = text(params, 'planId');
    requirePlan(ctx.db, planId);
    ctx.db.transaction(() => rescorePlan(ctx.db, planId, ctx.clock));
    return healthDto(ctx, planId);
};

// Business review

function businessReviewDto(ctx: ApexContext, planId: string | null): BusinessReviewDto {
    if (!planId) {
        return {
            plan: null,
            businessCase: null,
            successCriteria: null,
            primaryMetricName: null,
            primaryMetricBaseline: null,
            primaryMetricTarget: null,
            primaryMetricCurrent: null,
            milestonesCompleted: [],
            milestonesOpen: 0,
            adoptionTrend: [],
            stakeholderChanges: [],
            businessReviewDate: null,
            businessReviewHeldDate: null,
            realizedValue: null,
            expansionSignals: null,
            executiveSponsorName: null,
            canEdit: false
        };
    }
    const plan = requirePlan(ctx.db, planId);
    const read = (field: string): Row[string] =>
        ctx.access.fieldReadable('OnboardingPlan__c', field) ? plan[field] : null;
    const milestones = ctx.db.all(
        'SELECT * FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ? ORDER BY Sequence__c, Id',
        planId
    );
    const stakeholders = stakeholdersOf(ctx, plan);
    return {
        plan: planSummary(ctx, plan),
        businessCase: str(read('BusinessCase__c')),
        successCriteria: str(read('SuccessCriteria__c')),
        primaryMetricName: str(read('PrimaryMetricName__c')),
        primaryMetricBaseline: num(read('PrimaryMetricBaseline__c')),
        primaryMetricTarget: num(read('PrimaryMetricTarget__c')),
        primaryMetricCurrent: num(read('PrimaryMetricCurrent__c')),
        milestonesCompleted: milestones
            .filter((row) => row.Status__c === 'Completed')
            .map((row) => milestoneDto(ctx.db, row)),
        milestonesOpen: milestones.filter((row) => row.Status__c !== 'Completed' && row.Status__c !== 'Skipped').length,
        adoptionTrend: ctx.db
            .all(
                'SELECT AsOfDate__c, ActiveUsers__c, LicensedUsers__c FROM AdoptionSnapshot__c WHERE Account__c = ? ORDER BY AsOfDate__c',
                String(plan.Account__c)
            )
            .map((row) => ({
                asOfDate: String(row.AsOfDate__c),
                activeUsers: Number(row.ActiveUsers__c ?? 0),
                licensedUsers: Number(row.LicensedUsers__c ?? 0)
            })),
        stakeholderChanges: stakeholders
            .filter((s) => s.departed)
            .map((s) => ({ name: s.name, change: 'departed' as const, date: s.lastEngagedDate })),
        businessReviewDate: str(read('BusinessReviewDate__c')),
        businessReviewHeldDate: str(read('BusinessReviewHeldDate__c')),
        realizedValue: str(read('RealizedValue__c')),
        expansionSignals: str(read('ExpansionSignals__c')),
        executiveSponsorName: contactName(ctx.db, read('ExecutiveSponsor__c')),
        canEdit: ctx.access.fieldEditable('OnboardingPlan__c', 'RealizedValue__c')
    };
}

const getBusinessReview: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'read');
    return businessReviewDto(ctx, resolvePlanId(ctx.db, text(params, 'recordId')));
};

const saveBusinessReview: Handler = (params, ctx) => {
    ctx.access.require('OnboardingPlan__c', 'edit');
    const planId = text(params, 'planId');
    requirePlan(ctx.db, planId);
    const values = toFields(
        ctx,
        'OnboardingPlan__c',
        (params.input ?? {}) as BusinessReviewInput as Record<string, unknown>,
        REVIEW_FIELDS
    );
    return ctx.db.transaction(() => {
        ctx.db.update('OnboardingPlan__c', planId, values);
        rescorePlan(ctx.db, planId, ctx.clock);
        return businessReviewDto(ctx, planId);
    });
};

/** Every Apex method the components call, by `Class.method`. */
export const CONTROLLERS: Record<string, Handler> = {
    'DiscoveryHandoffController.getHandoff': getHandoff,
    'DiscoveryHandoffController.saveHandoff': saveHandoff,
    'DiscoveryHandoffController.submitHandoff': submitHandoff,
    'DiscoveryHandoffController.acceptHandoff': acceptHandoff,
    'DiscoveryHandoffController.scheduleHandoffMeeting': (params, ctx) =>
        scheduleEvent(ctx, params, 'Onboarding handoff meeting', 'HandoffMeetingAt__c'),
    'MutualPlanController.getPlan': getPlan,
    'MutualPlanController.saveMilestones': saveMilestones,
    'MutualPlanController.applyPlaybook': applyPlaybookHandler,
    'StakeholderMapController.getStakeholderMap': getStakeholderMap,
    'StakeholderMapController.searchContacts': searchContacts,
    'StakeholderMapController.addStakeholders': addStakeholders,
    'StakeholderMapController.saveStakeholders': saveStakeholders,
    'OnboardingHealthController.getHealth': getHealth,
    'OnboardingHealthController.updateAlert': updateAlert,
    'OnboardingHealthController.rescore': rescore,
    'BusinessReviewController.getBusinessReview': getBusinessReview,
    'BusinessReviewController.saveBusinessReview': saveBusinessReview,
    'BusinessReviewController.scheduleBusinessReview': (params, ctx) =>
        scheduleEvent(ctx, params, 'Onboarding business review', 'BusinessReviewDate__c'),
    'PortfolioController.getPortfolio': (params, ctx) => {
        ctx.access.require('OnboardingPlan__c', 'read');
        return portfolio(ctx, (params.filter ?? {}) as PortfolioFilter);
    }
};

/**
 * `PortfolioController.getPortfolio` for the workbench: the engine's
 * portfolio metrics over the plans matching the filter (segment, Account name
 * matched with a bound LIKE pattern, never concatenated: field case F15) and
 * the plans most at risk, ordered as the org's controller orders them.
 */
import { portfolioMetrics } from '../../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import type {
    ArrChange,
    HealthBand,
    PortfolioGroup,
    PortfolioPlanInput
} from '../../../force-app/main/default/lwc/onboardingEngine/types.ts';
import { milestoneFacts, planAsOf, planFacts } from '../automation.ts';
import type { Row, SqlValue } from '../db.ts';
import type { AtRiskPlanDto, PortfolioDto, PortfolioFilter, PortfolioGroupDto } from '../../../types/dto.d.ts';
import { ApexError, num, str } from './support.ts';
import type { ApexContext } from './support.ts';

const SEGMENTS = new Set(['HighTouch', 'Guided', 'TechTouch']);
const AT_RISK_LIMIT = 20;

function groupDto(group: PortfolioGroup): PortfolioGroupDto {
    const { arr: _arr, onboardingChurned: _churned, ...dto } = group;
    return dto;
}

function escapeLike(value: string): string {
    return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Plans matching the filter, each with its Account name. */
function matchingPlans(ctx: ApexContext, filter: PortfolioFilter): Row[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.segment !== null && filter.segment !== undefined) {
        if (!SEGMENTS.has(filter.segment))
            throw new ApexError(`Segment "${String(filter.segment)}" is not HighTouch, Guided or TechTouch.`);
        where.push('p.Segment__c = ?');
        params.push(filter.segment);
    }
    if (typeof filter.search === 'string' && filter.search.trim() !== '') {
        where.push(`a.Name LIKE ? ESCAPE '\\'`);
        params.push(`%${escapeLike(filter.search.trim())}%`);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return ctx.db.all(
        `SELECT p.*, a.Name AS AccountName FROM OnboardingPlan__c p JOIN Account a ON a.Id = p.Account__c ${clause} ORDER BY p.Id`,
        ...params
    );
}

function groupRows<T extends Row>(rows: T[], key: string): Map<string, T[]> {
    const map = new Map<string, T[]>();
    for (const row of rows) {
        const id = String(row[key]);
        const list = map.get(id) ?? [];
        list.push(row);
        map.set(id, list);
    }
    return map;
}

/**
 * ARR changes per plan Id, by the one org rule (docs/engine.md 6.1, as the org
 * CLI applies it): a won Opportunity (`IsWon`, set from the stage's won flag)
 * on a plan's Account that is no plan's own deal goes to the Account's plan
 * with the latest contract date on or before its close date, and counts when
 * it closed after that contract date; its signed Amount is the change.
 */
function arrChangesByPlan(ctx: ApexContext, plans: Row[]): Map<string, ArrChange[]> {
    const byAccount = groupRows(
        ctx.db.all('SELECT Id, Account__c, Opportunity__c, ContractSignedDate__c FROM OnboardingPlan__c'),
        'Account__c'
    );
    const wanted = new Set(plans.map((plan) => String(plan.Id)));
    const result = new Map<string, ArrChange[]>();
    const won = ctx.db.all(
        'SELECT Id, AccountId, Amount, CloseDate FROM Opportunity WHERE IsWon = 1 AND AccountId IS NOT NULL ORDER BY CloseDate, Id'
    );
    for (const opp of won) {
        const accountPlans = byAccount.get(String(opp.AccountId)) ?? [];
        if (accountPlans.some((plan) => plan.Opportunity__c === opp.Id)) continue;
        const closeDate = String(opp.CloseDate);
        const plan = planOnDate(accountPlans, closeDate);
        const contract = plan ? str(plan.ContractSignedDate__c) : null;
        if (!plan || contract === null || closeDate <= contract || !wanted.has(String(plan.Id))) continue;
        if (opp.Amount === null) {
            throw new ApexError(`Won Opportunity ${String(opp.Id)} has no Amount; fill it in so NRR can count it.`);
        }
        const list = result.get(String(plan.Id)) ?? [];
        list.push({ date: closeDate, amount: Number(opp.Amount) });
        result.set(String(plan.Id), list);
    }
    return result;
}

/** The Account's plan with the latest contract date on or before `day`. */
function planOnDate(plans: Row[], day: string): Row | undefined {
    return plans
        .filter((plan) => plan.ContractSignedDate__c !== null && String(plan.ContractSignedDate__c) <= day)
        .sort((a, b) => String(b.ContractSignedDate__c).localeCompare(String(a.ContractSignedDate__c)))[0];
}

/** The portfolio DTO for the filter. */
export function portfolio(ctx: ApexContext, filter: PortfolioFilter): PortfolioDto {
    const grain =
        filter.cohortGrain === 'quarter'
            ? 'quarter'
            : filter.cohortGrain === 'month' || filter.cohortGrain === undefined
              ? 'month'
              : null;
    if (!grain) throw new ApexError(`cohortGrain must be month or quarter, not "${String(filter.cohortGrain)}".`);
    const plans = matchingPlans(ctx, filter);
    const milestones = groupRows(ctx.db.all('SELECT * FROM OnboardingMilestone__c'), 'OnboardingPlan__c');
    const adoption = groupRows(
        ctx.db.all('SELECT * FROM AdoptionSnapshot__c WHERE AsOfDate__c IS NOT NULL'),
        'Account__c'
    );
    const changes = arrChangesByPlan(ctx, plans);
    const inputs: PortfolioPlanInput[] = plans.map((plan) => ({
        plan: planFacts(plan),
        milestones: (milestones.get(String(plan.Id)) ?? []).map(milestoneFacts),
        adoption: (adoption.get(String(plan.Account__c)) ?? []).map((row) => ({
            asOfDate: String(row.AsOfDate__c),
            licensedUsers: Number(row.LicensedUsers__c ?? 0),
            activeUsers: Number(row.ActiveUsers__c ?? 0),
            keyActions: Number(row.KeyActions__c ?? 0)
        })),
        band: (str(plan.HealthBand__c) as HealthBand | null) ?? null,
        arrChanges: changes.get(String(plan.Id)) ?? []
    }));
    const asOf = planAsOf(ctx.clock, ctx.userTimeZone);
    const metrics = portfolioMetrics(inputs, asOf, grain);
    const openAlerts = new Map(
        ctx.db
            .all(
                `SELECT OnboardingPlan__c AS plan, COUNT(*) AS n FROM OnboardingAlert__c WHERE Status__c IN ('Open', 'Acknowledged') GROUP BY OnboardingPlan__c`
            )
            .map((row) => [String(row.plan), Number(row.n)])
    );
    const atRisk: AtRiskPlanDto[] = plans
        .map((plan) => ({ plan, open: openAlerts.get(String(plan.Id)) ?? 0 }))
        .filter(({ plan, open }) => plan.HealthBand__c === 'Red' || open > 0)
        .map(({ plan, open }) => {
            const drivers = plan.HealthDrivers__c
                ? (JSON.parse(String(plan.HealthDrivers__c)) as { message: string }[])
                : [];
            return {
                planId: String(plan.Id),
                accountId: String(plan.Account__c),
                accountName: String(plan.AccountName ?? ''),
                segment: String(plan.Segment__c) as AtRiskPlanDto['segment'],
                score: num(plan.HealthScore__c),
                band: (str(plan.HealthBand__c) ?? 'NotScored') as HealthBand,
                openAlerts: open,
                topDriver: drivers[0]?.message ?? null
            };
        })
        .sort((a, b) =>
            a.score !== b.score
                ? a.score === null
                    ? 1
                    : b.score === null
                      ? -1
                      : a.score - b.score
                : b.openAlerts - a.openAlerts
        )
        .slice(0, AT_RISK_LIMIT);
    return {
        asOfDate: metrics.asOfDate,
        bySegment: metrics.bySegment.map(groupDto),
        byCohort: metrics.byCohort.map(groupDto),
        atRisk,
        total: groupDto(metrics.total)
    };
}

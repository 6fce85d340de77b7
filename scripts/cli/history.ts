/**
 * Rebuilds how each plan stood on past dates, for backtests, from the records
 * as they are now: facts dated after the as-of day are taken back out.
 *
 * Limitation: the org keeps no field history for Liftoff's objects, so values
 * that changed without a date (a milestone's target date moved, a forecast
 * date, a stakeholder's role or departure, the plan's segment) are replayed
 * with their current value at every past date. Dated facts (completion,
 * first and full value, business review, churn, adoption snapshots, last
 * engagement) are exact.
 */
import {
    addDays,
    type BacktestSnapshot,
    type ChurnFact,
    type MilestoneFacts,
    type PlanFacts,
    type StakeholderFacts
} from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import type { PlanRecord } from './orgData.ts';

const upTo = (value: string | null, day: string): string | null => (value !== null && value <= day ? value : null);

function planOn(facts: PlanFacts, day: string): PlanFacts {
    const churnDate = upTo(facts.churnDate, day);
    const fullValue = upTo(facts.fullValueAchievedDate, day);
    let status = facts.status;
    if (status === 'Churned' && churnDate === null) status = 'Active';
    if (status === 'Completed' && fullValue === null) status = 'Active';
    return {
        ...facts,
        status,
        firstValueAchievedDate: upTo(facts.firstValueAchievedDate, day),
        fullValueAchievedDate: fullValue,
        businessReviewHeldDate: upTo(facts.businessReviewHeldDate, day),
        churnDate
    };
}

function milestoneOn(milestone: MilestoneFacts, day: string): MilestoneFacts {
    if (milestone.completedDate === null || milestone.completedDate <= day) return milestone;
    return {
        ...milestone,
        completedDate: null,
        status: milestone.status === 'Completed' ? 'InProgress' : milestone.status
    };
}

function stakeholderOn(stakeholder: StakeholderFacts, day: string): StakeholderFacts {
    return { ...stakeholder, lastEngagedDate: upTo(stakeholder.lastEngagedDate, day) };
}

/** One plan as it stood at the end of `day`. */
export function snapshotOn(plan: PlanRecord, day: string): BacktestSnapshot {
    return {
        asOfDate: day,
        bundle: {
            plan: planOn(plan.facts, day),
            milestones: plan.milestones.map((m) => milestoneOn(m, day)),
            stakeholders: plan.stakeholders.map((s) => stakeholderOn(s, day)),
            adoption: plan.adoption.filter((a) => a.asOfDate <= day),
            history: []
        }
    };
}

/**
 * Dates to replay a plan on: the dates it was scored (HealthSnapshot__c) when
 * there are any, otherwise every `stepDays` from its kickoff (or contract) date
 * up to its churn date or the as-of date.
 */
export function replayDates(plan: PlanRecord, scoredOn: string[], stepDays: number, asOf: string): string[] {
    const end = plan.facts.churnDate !== null && plan.facts.churnDate < asOf ? plan.facts.churnDate : asOf;
    if (scoredOn.length > 0) return [...new Set(scoredOn.filter((d) => d <= end))].sort();
    const start = plan.facts.kickoffDate ?? plan.facts.contractSignedDate;
    if (start === null || start > end) return [];
    const dates: string[] = [];
    for (let day = start; day <= end; day = addDays(day, stepDays)) dates.push(day);
    if (dates.at(-1) !== end) dates.push(end);
    return dates;
}

/** Churn dates on or before the as-of date, for lead-time measurement. */
export function churnFacts(plans: PlanRecord[], asOf: string): ChurnFact[] {
    return plans
        .filter((p) => p.facts.churnDate !== null && p.facts.churnDate <= asOf)
        .map((p) => ({ planId: p.facts.id, churnDate: p.facts.churnDate as string }));
}

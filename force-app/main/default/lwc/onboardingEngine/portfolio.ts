/**
 * Portfolio metrics by segment, by contract cohort and in total (docs/engine.md, section 6).
 */
import { toDayNumber, toDayNumberOrNull, dayOf } from './dates';
import { ONBOARDING_CHURN_WINDOW_DAYS } from './defaults';
import { nearestRankOfSorted, roundTo } from './numbers';
import type { HealthBand, PortfolioGroup, PortfolioMetrics, PortfolioPlanInput, Segment } from './types';

const SEGMENT_ORDER: readonly Segment[] = ['HighTouch', 'Guided', 'TechTouch'];
const NO_COHORT = 'none';

/** What one plan contributes to a group, computed once per plan. */
interface PlanFigures {
    segment: Segment;
    cohortMonth: string | null;
    cohortQuarter: string | null;
    band: HealthBand;
    counted: boolean;
    completed: boolean;
    onboardingChurn: boolean;
    daysToFirstValue: number | null;
    daysToFullValue: number | null;
    firstTargetDays: number | null;
    fullTargetDays: number | null;
    completedMilestones: number;
    onTimeMilestones: number;
    adoption90: number | null;
    nrr: { start: number; expansion: number; contraction: number; churned: number; end: number } | null;
}

function span(from: number | null, to: number | null): number | null {
    return from === null || to === null ? null : to - from;
}

function adoptionAt90(input: PortfolioPlanInput, start: number | null, today: number): number | null {
    if (start === null || start + 90 > today) {
        return null;
    }
    let bestDay = -Infinity;
    let best: number | null = null;
    let bestLicensed = 0;
    let bestActive = 0;
    for (const s of input.adoption) {
        const day = toDayNumber(s.asOfDate, 'adoption snapshot asOfDate');
        if (day > start + 90 || !(s.licensedUsers > 0)) {
            continue;
        }
        const later =
            day > bestDay ||
            (day === bestDay &&
                (s.licensedUsers > bestLicensed || (s.licensedUsers === bestLicensed && s.activeUsers > bestActive)));
        if (later) {
            bestDay = day;
            bestLicensed = s.licensedUsers;
            bestActive = s.activeUsers;
            best = s.activeUsers / s.licensedUsers;
        }
    }
    return best;
}

function nrrOf(input: PortfolioPlanInput, contract: number | null, today: number): PlanFigures['nrr'] {
    const arr = input.plan.arr;
    if (arr === null || !(arr > 0) || contract === null || contract + 365 > today) {
        return null;
    }
    const end = contract + 365;
    let expansion = 0;
    let contraction = 0;
    for (const change of input.arrChanges) {
        const day = toDayNumber(change.date, `plan ${input.plan.id} arrChanges date`);
        if (day > contract && day <= end) {
            if (change.amount >= 0) {
                expansion += change.amount;
            } else {
                contraction -= change.amount;
            }
        }
    }
    const churnDay = toDayNumberOrNull(input.plan.churnDate, 'churnDate');
    if (churnDay !== null && churnDay <= end) {
        return { start: arr, expansion, contraction, churned: Math.max(0, arr + expansion - contraction), end: 0 };
    }
    return { start: arr, expansion, contraction, churned: 0, end: Math.max(0, arr + expansion - contraction) };
}

function figuresOf(input: PortfolioPlanInput, today: number): PlanFigures {
    const plan = input.plan;
    if (!SEGMENT_ORDER.includes(plan.segment)) {
        throw new Error(
            `Plan ${plan.id}: unknown segment "${String(plan.segment)}"; expected HighTouch, Guided or TechTouch.`
        );
    }
    const contract = toDayNumberOrNull(plan.contractSignedDate, 'contractSignedDate');
    const kickoff = toDayNumberOrNull(plan.kickoffDate, 'kickoffDate');
    const churn = toDayNumberOrNull(plan.churnDate, 'churnDate');
    const firstValue = toDayNumberOrNull(plan.firstValueAchievedDate, 'firstValueAchievedDate');
    let completedMilestones = 0;
    let onTimeMilestones = 0;
    for (const m of input.milestones) {
        const target = dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
        const done = dayOf(m.completedDate, 'milestone', m.id, 'completedDate');
        if (m.status === 'Completed' && target !== null && done !== null) {
            completedMilestones += 1;
            onTimeMilestones += done <= target ? 1 : 0;
        }
    }
    const month = contract === null ? null : (plan.contractSignedDate ?? '').slice(0, 7);
    const counted = plan.status !== 'Draft' && plan.status !== 'Cancelled';
    const churnedEarly =
        churn !== null &&
        churn <= today &&
        (firstValue === null ||
            firstValue > churn ||
            (contract !== null && churn - contract <= ONBOARDING_CHURN_WINDOW_DAYS));
    return {
        segment: plan.segment,
        cohortMonth: month,
        cohortQuarter:
            month === null ? null : `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`,
        band: input.band ?? 'NotScored',
        counted,
        completed: plan.status === 'Completed',
        onboardingChurn: counted && churnedEarly,
        daysToFirstValue: span(contract, firstValue),
        daysToFullValue: span(contract, toDayNumberOrNull(plan.fullValueAchievedDate, 'fullValueAchievedDate')),
        firstTargetDays: span(contract, toDayNumberOrNull(plan.firstValueTargetDate, 'firstValueTargetDate')),
        fullTargetDays: span(contract, toDayNumberOrNull(plan.fullValueTargetDate, 'fullValueTargetDate')),
        completedMilestones,
        onTimeMilestones,
        adoption90: adoptionAt90(input, kickoff ?? contract, today),
        nrr: nrrOf(input, contract, today)
    };
}

function rate(numerator: number, denominator: number): number | null {
    return denominator === 0 ? null : roundTo(numerator / denominator, 4);
}

/** The non-null values one field takes over the figures, sorted ascending. */
function sortedValues(figures: readonly PlanFigures[], pick: (f: PlanFigures) => number | null): Float64Array {
    const out = new Float64Array(figures.length);
    let count = 0;
    for (const f of figures) {
        const v = pick(f);
        if (v !== null) {
            out[count] = v;
            count += 1;
        }
    }
    return out.subarray(0, count).sort();
}

function group(key: string, label: string, figures: readonly PlanFigures[]): PortfolioGroup {
    const health: Record<HealthBand, number> = { Green: 0, Yellow: 0, Red: 0, NotScored: 0 };
    const arr = { startArr: 0, expansionArr: 0, contractionArr: 0, churnedArr: 0, endArr: 0, plans: 0 };
    let counted = 0;
    let completed = 0;
    let churned = 0;
    let milestones = 0;
    let onTime = 0;
    for (const f of figures) {
        health[f.band] += 1;
        counted += f.counted ? 1 : 0;
        completed += f.counted && f.completed ? 1 : 0;
        churned += f.onboardingChurn ? 1 : 0;
        milestones += f.completedMilestones;
        onTime += f.onTimeMilestones;
        if (f.nrr !== null) {
            arr.startArr += f.nrr.start;
            arr.expansionArr += f.nrr.expansion;
            arr.contractionArr += f.nrr.contraction;
            arr.churnedArr += f.nrr.churned;
            arr.endArr += f.nrr.end;
            arr.plans += 1;
        }
    }
    const first = sortedValues(figures, (f) => f.daysToFirstValue);
    const full = sortedValues(figures, (f) => f.daysToFullValue);
    const adoption = sortedValues(figures, (f) => f.adoption90);
    let adoptionSum = 0;
    for (const a of adoption) {
        adoptionSum += a;
    }
    return {
        key,
        label,
        planCount: figures.length,
        health,
        medianDaysToFirstValue: nearestRankOfSorted(first, 50),
        p90DaysToFirstValue: nearestRankOfSorted(first, 90),
        medianDaysToFullValue: nearestRankOfSorted(full, 50),
        p90DaysToFullValue: nearestRankOfSorted(full, 90),
        targetDaysToFirstValue: nearestRankOfSorted(
            sortedValues(figures, (f) => f.firstTargetDays),
            50
        ),
        targetDaysToFullValue: nearestRankOfSorted(
            sortedValues(figures, (f) => f.fullTargetDays),
            50
        ),
        completionRate: rate(completed, counted),
        onTimeMilestoneRate: rate(onTime, milestones),
        adoption90: adoption.length === 0 ? null : roundTo(adoptionSum / adoption.length, 4),
        onboardingChurnRate: rate(churned, counted),
        nrr: arr.plans === 0 ? null : roundTo(arr.endArr / arr.startArr, 4),
        onboardingChurned: churned,
        arr
    };
}

function grouped(figures: readonly PlanFigures[], keyOf: (f: PlanFigures) => string): Map<string, PlanFigures[]> {
    const groups = new Map<string, PlanFigures[]>();
    for (const f of figures) {
        const key = keyOf(f);
        const list = groups.get(key);
        if (list) {
            list.push(f);
        } else {
            groups.set(key, [f]);
        }
    }
    return groups;
}

/**
 * Portfolio metrics by segment, by contract cohort (month or quarter) and in total (docs/engine.md, section 6):
 * counts, health distribution, nearest-rank median and p90 time to value, completion, on-time milestones,
 * 90-day adoption, onboarding-driven churn and 12-month NRR by onboarding cohort.
 * @param plans the plans with their milestones, adoption, current band and ARR changes
 * @param asOf the as-of date
 * @param grain cohort by contract month (`YYYY-MM`) or quarter (`YYYY-Qn`)
 */
export function portfolioMetrics(
    plans: readonly PortfolioPlanInput[],
    asOf: string,
    grain: 'month' | 'quarter'
): PortfolioMetrics {
    if (grain !== 'month' && grain !== 'quarter') {
        throw new Error(`Invalid cohort grain "${String(grain)}": expected month or quarter.`);
    }
    const today = toDayNumber(asOf, 'asOf');
    const figures = plans.map((p) => figuresOf(p, today));
    const bySegment = grouped(figures, (f) => f.segment);
    const byCohort = grouped(figures, (f) => (grain === 'month' ? f.cohortMonth : f.cohortQuarter) ?? NO_COHORT);
    const cohortKeys = [...byCohort.keys()].filter((k) => k !== NO_COHORT).sort();
    if (byCohort.has(NO_COHORT)) {
        cohortKeys.push(NO_COHORT);
    }
    return {
        asOfDate: asOf,
        grain,
        bySegment: SEGMENT_ORDER.filter((s) => bySegment.has(s)).map((s) => group(s, s, bySegment.get(s) ?? [])),
        byCohort: cohortKeys.map((k) => group(k, k === NO_COHORT ? 'No contract date' : k, byCohort.get(k) ?? [])),
        total: group('total', 'Total', figures)
    };
}

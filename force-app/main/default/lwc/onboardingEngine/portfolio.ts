/**
 * Portfolio metrics by segment, by contract cohort and in total (docs/engine.md, section 6).
 */
import { toDayNumber, toDayNumberOrNull, dayOf } from './dates';
import { ONBOARDING_CHURN_WINDOW_DAYS } from './defaults';
import { nearestRankOfSorted, roundTo } from './numbers';
import type { HealthBand, PortfolioGroup, PortfolioMetrics, PortfolioPlanInput, Segment } from './types';

const SEGMENT_ORDER: readonly Segment[] = ['HighTouch', 'Guided', 'TechTouch'];
const NO_COHORT = 'none';

type Grain = 'month' | 'quarter';

/**
 * What each plan contributes to a group, one column per figure and one row per plan (in input order), so a large
 * portfolio needs a few typed arrays instead of an object per plan. NaN stands for a missing figure.
 */
interface PlanFigures {
    bands: (HealthBand | string)[];
    counted: Uint8Array;
    completed: Uint8Array;
    onboardingChurn: Uint8Array;
    daysToFirstValue: Float64Array;
    daysToFullValue: Float64Array;
    firstTargetDays: Float64Array;
    fullTargetDays: Float64Array;
    completedMilestones: Float64Array;
    onTimeMilestones: Float64Array;
    adoption90: Float64Array;
    /** 1 when the plan has a 90-day adoption figure (kept apart because a malformed snapshot can make it NaN). */
    hasAdoption90: Uint8Array;
    /** 1 when the plan has a 12-month NRR window (the five ARR columns below are then set). */
    hasNrr: Uint8Array;
    nrrStart: Float64Array;
    nrrExpansion: Float64Array;
    nrrContraction: Float64Array;
    nrrChurned: Float64Array;
    nrrEnd: Float64Array;
}

function emptyFigures(count: number): PlanFigures {
    return {
        bands: new Array<HealthBand | string>(count),
        counted: new Uint8Array(count),
        completed: new Uint8Array(count),
        onboardingChurn: new Uint8Array(count),
        daysToFirstValue: new Float64Array(count),
        daysToFullValue: new Float64Array(count),
        firstTargetDays: new Float64Array(count),
        fullTargetDays: new Float64Array(count),
        completedMilestones: new Float64Array(count),
        onTimeMilestones: new Float64Array(count),
        adoption90: new Float64Array(count),
        hasAdoption90: new Uint8Array(count),
        hasNrr: new Uint8Array(count),
        nrrStart: new Float64Array(count),
        nrrExpansion: new Float64Array(count),
        nrrContraction: new Float64Array(count),
        nrrChurned: new Float64Array(count),
        nrrEnd: new Float64Array(count)
    };
}

function span(from: number | null, to: number | null): number {
    return from === null || to === null ? Number.NaN : to - from;
}

/** Active share of the latest usable snapshot by day 90 of onboarding (docs/engine.md 6), or null. */
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

/** Writes row `row` of the NRR columns: the plan's first 12 months of ARR, when they are over. */
function addNrr(
    figures: PlanFigures,
    row: number,
    input: PortfolioPlanInput,
    contract: number | null,
    today: number
): void {
    const arr = input.plan.arr;
    if (arr === null || !(arr > 0) || contract === null || contract + 365 > today) {
        return;
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
    const kept = Math.max(0, arr + expansion - contraction);
    const churned = churnDay !== null && churnDay <= end;
    figures.hasNrr[row] = 1;
    figures.nrrStart[row] = arr;
    figures.nrrExpansion[row] = expansion;
    figures.nrrContraction[row] = contraction;
    figures.nrrChurned[row] = churned ? kept : 0;
    figures.nrrEnd[row] = churned ? 0 : kept;
}

function requireSegment(plan: PortfolioPlanInput['plan']): number {
    const segment = SEGMENT_ORDER.indexOf(plan.segment);
    if (segment < 0) {
        throw new Error(
            `Plan ${plan.id}: unknown segment "${String(plan.segment)}"; expected HighTouch, Guided or TechTouch.`
        );
    }
    return segment;
}

/** Completed milestones with both dates, and how many of them were done by their target. */
function milestoneCounts(figures: PlanFigures, row: number, input: PortfolioPlanInput): void {
    let completed = 0;
    let onTime = 0;
    for (const m of input.milestones) {
        const target = dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
        const done = dayOf(m.completedDate, 'milestone', m.id, 'completedDate');
        if (m.status === 'Completed' && target !== null && done !== null) {
            completed += 1;
            onTime += done <= target ? 1 : 0;
        }
    }
    figures.completedMilestones[row] = completed;
    figures.onTimeMilestones[row] = onTime;
}

/** Writes row `row` of every column from one plan; the dates are read in the order their errors take precedence. */
function addFigures(figures: PlanFigures, row: number, input: PortfolioPlanInput, today: number): void {
    const plan = input.plan;
    const contract = toDayNumberOrNull(plan.contractSignedDate, 'contractSignedDate');
    const kickoff = toDayNumberOrNull(plan.kickoffDate, 'kickoffDate');
    const churn = toDayNumberOrNull(plan.churnDate, 'churnDate');
    const firstValue = toDayNumberOrNull(plan.firstValueAchievedDate, 'firstValueAchievedDate');
    milestoneCounts(figures, row, input);
    const counted = plan.status !== 'Draft' && plan.status !== 'Cancelled';
    const churnedEarly =
        churn !== null &&
        churn <= today &&
        (firstValue === null ||
            firstValue > churn ||
            (contract !== null && churn - contract <= ONBOARDING_CHURN_WINDOW_DAYS));
    figures.bands[row] = input.band ?? 'NotScored';
    figures.counted[row] = counted ? 1 : 0;
    figures.completed[row] = plan.status === 'Completed' ? 1 : 0;
    figures.onboardingChurn[row] = counted && churnedEarly ? 1 : 0;
    figures.daysToFirstValue[row] = span(contract, firstValue);
    figures.daysToFullValue[row] = span(
        contract,
        toDayNumberOrNull(plan.fullValueAchievedDate, 'fullValueAchievedDate')
    );
    figures.firstTargetDays[row] = span(contract, toDayNumberOrNull(plan.firstValueTargetDate, 'firstValueTargetDate'));
    figures.fullTargetDays[row] = span(contract, toDayNumberOrNull(plan.fullValueTargetDate, 'fullValueTargetDate'));
    const adoption90 = adoptionAt90(input, kickoff ?? contract, today);
    figures.hasAdoption90[row] = adoption90 === null ? 0 : 1;
    figures.adoption90[row] = adoption90 ?? 0;
    addNrr(figures, row, input, contract, today);
}

/** The contract cohort (`YYYY-MM` or `YYYY-Qn`) of a plan's contract date text. */
function cohortOf(contractSignedDate: string, grain: Grain): string {
    const month = contractSignedDate.slice(0, 7);
    return grain === 'month' ? month : `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

function rate(numerator: number, denominator: number): number | null {
    return denominator === 0 ? null : roundTo(numerator / denominator, 4);
}

/**
 * The values one column takes over a group's rows, sorted ascending; missing ones (NaN, or 0 in `known`) left out.
 */
function sortedValues(column: Float64Array, rows: readonly number[], known?: Uint8Array): Float64Array {
    const out = new Float64Array(rows.length);
    let count = 0;
    for (const row of rows) {
        const v = column[row];
        if (known === undefined ? !Number.isNaN(v) : known[row] === 1) {
            out[count] = v;
            count += 1;
        }
    }
    return out.subarray(0, count).sort();
}

function arrOf(figures: PlanFigures, rows: readonly number[]): PortfolioGroup['arr'] {
    const arr = { startArr: 0, expansionArr: 0, contractionArr: 0, churnedArr: 0, endArr: 0, plans: 0 };
    for (const row of rows) {
        if (figures.hasNrr[row] === 1) {
            arr.startArr += figures.nrrStart[row];
            arr.expansionArr += figures.nrrExpansion[row];
            arr.contractionArr += figures.nrrContraction[row];
            arr.churnedArr += figures.nrrChurned[row];
            arr.endArr += figures.nrrEnd[row];
            arr.plans += 1;
        }
    }
    return arr;
}

function group(key: string, label: string, figures: PlanFigures, rows: readonly number[]): PortfolioGroup {
    const health: Record<HealthBand, number> = { Green: 0, Yellow: 0, Red: 0, NotScored: 0 };
    let counted = 0;
    let completed = 0;
    let churned = 0;
    let milestones = 0;
    let onTime = 0;
    for (const row of rows) {
        (health as Record<string, number>)[figures.bands[row]] += 1;
        counted += figures.counted[row];
        completed += figures.counted[row] & figures.completed[row];
        churned += figures.onboardingChurn[row];
        milestones += figures.completedMilestones[row];
        onTime += figures.onTimeMilestones[row];
    }
    const arr = arrOf(figures, rows);
    const first = sortedValues(figures.daysToFirstValue, rows);
    const full = sortedValues(figures.daysToFullValue, rows);
    const adoption = sortedValues(figures.adoption90, rows, figures.hasAdoption90);
    let adoptionSum = 0;
    for (const a of adoption) {
        adoptionSum += a;
    }
    return {
        key,
        label,
        planCount: rows.length,
        health,
        medianDaysToFirstValue: nearestRankOfSorted(first, 50),
        p90DaysToFirstValue: nearestRankOfSorted(first, 90),
        medianDaysToFullValue: nearestRankOfSorted(full, 50),
        p90DaysToFullValue: nearestRankOfSorted(full, 90),
        targetDaysToFirstValue: nearestRankOfSorted(sortedValues(figures.firstTargetDays, rows), 50),
        targetDaysToFullValue: nearestRankOfSorted(sortedValues(figures.fullTargetDays, rows), 50),
        completionRate: rate(completed, counted),
        onTimeMilestoneRate: rate(onTime, milestones),
        adoption90: adoption.length === 0 ? null : roundTo(adoptionSum / adoption.length, 4),
        onboardingChurnRate: rate(churned, counted),
        nrr: arr.plans === 0 ? null : roundTo(arr.endArr / arr.startArr, 4),
        onboardingChurned: churned,
        arr
    };
}

/** Row numbers of the plans in each group, in input order. */
interface GroupRows {
    all: number[];
    bySegment: number[][];
    byCohort: Map<string, number[]>;
}

/** Rows of the cohort a contract date text belongs to, created on first use. */
function cohortRows(rows: GroupRows, key: string): number[] {
    let list = rows.byCohort.get(key);
    if (list === undefined) {
        list = [];
        rows.byCohort.set(key, list);
    }
    return list;
}

/** Fills the figures and sorts the rows into groups, plan by plan, so the first bad plan is the one reported. */
function collect(plans: readonly PortfolioPlanInput[], figures: PlanFigures, today: number, grain: Grain): GroupRows {
    const rows: GroupRows = { all: [], bySegment: SEGMENT_ORDER.map(() => []), byCohort: new Map() };
    // Plans share few contract dates, so each date's cohort is worked out once.
    const rowsByDate = new Map<string, number[]>();
    for (let row = 0; row < plans.length; row += 1) {
        const plan = plans[row].plan;
        const segment = requireSegment(plan);
        addFigures(figures, row, plans[row], today);
        const contractText = plan.contractSignedDate;
        let cohort: number[] | undefined;
        if (contractText === null || contractText === undefined) {
            cohort = cohortRows(rows, NO_COHORT);
        } else {
            cohort = rowsByDate.get(contractText);
            if (cohort === undefined) {
                cohort = cohortRows(rows, cohortOf(contractText, grain));
                rowsByDate.set(contractText, cohort);
            }
        }
        rows.all.push(row);
        rows.bySegment[segment].push(row);
        cohort.push(row);
    }
    return rows;
}

/**
 * Portfolio metrics by segment, by contract cohort (month or quarter) and in total (docs/engine.md, section 6):
 * counts, health distribution, nearest-rank median and p90 time to value, completion, on-time milestones,
 * 90-day adoption, onboarding-driven churn and 12-month NRR by onboarding cohort.
 * @param plans the plans with their milestones, adoption, current band and ARR changes
 * @param asOf the as-of date
 * @param grain cohort by contract month (`YYYY-MM`) or quarter (`YYYY-Qn`)
 */
export function portfolioMetrics(plans: readonly PortfolioPlanInput[], asOf: string, grain: Grain): PortfolioMetrics {
    if (grain !== 'month' && grain !== 'quarter') {
        throw new Error(`Invalid cohort grain "${String(grain)}": expected month or quarter.`);
    }
    const today = toDayNumber(asOf, 'asOf');
    const figures = emptyFigures(plans.length);
    const rows = collect(plans, figures, today, grain);
    const cohortKeys = [...rows.byCohort.keys()].filter((k) => k !== NO_COHORT).sort();
    if (rows.byCohort.has(NO_COHORT)) {
        cohortKeys.push(NO_COHORT);
    }
    const bySegment: PortfolioGroup[] = [];
    SEGMENT_ORDER.forEach((s, i) => {
        if (rows.bySegment[i].length > 0) {
            bySegment.push(group(s, s, figures, rows.bySegment[i]));
        }
    });
    return {
        asOfDate: asOf,
        grain,
        bySegment,
        byCohort: cohortKeys.map((k) =>
            group(k, k === NO_COHORT ? 'No contract date' : k, figures, rows.byCohort.get(k) ?? [])
        ),
        total: group('total', 'Total', figures, rows.all)
    };
}

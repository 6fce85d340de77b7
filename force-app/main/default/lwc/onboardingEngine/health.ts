/**
 * Onboarding health: four components, weights from the segment's model, band, trend, drivers and the age of the
 * inputs (docs/engine.md, section 3).
 */
import { fromDayNumber, toDayNumber } from './dates';
import { DEFAULT_TREND_THRESHOLD, DEFAULT_TREND_WINDOW_DAYS } from './defaults';
import {
    adoptionComponent,
    engagementComponent,
    milestoneComponent,
    planClock,
    scheduleComponent
} from './healthComponents';
import type { ComponentValue } from './healthComponents';
import { roundHalfUp, roundTo } from './numbers';
import type {
    Driver,
    HealthBand,
    HealthComponentName,
    HealthModel,
    HealthResult,
    HealthTrend,
    IsoDate,
    PlanBundle
} from './types';

export const COMPONENTS: readonly HealthComponentName[] = ['milestones', 'schedule', 'adoption', 'engagement'];

/**
 * Checks a health model and says what to fix in its HealthModel__mdt record.
 * @param model the model
 * @throws Error naming the model and the bad value
 */
export function validateModel(model: HealthModel): void {
    const problem = modelProblem(model);
    if (problem !== null) {
        throw new Error(`Health model ${model.segment} ${model.version}: ${problem}`);
    }
}

function inRange(x: number, low: number, high: number): boolean {
    return Number.isFinite(x) && x >= low && x <= high;
}

/** What is wrong with a model, or null; the text is built only for a bad model because scoring calls this per plan. */
function modelProblem(model: HealthModel): string | null {
    let total = 0;
    for (const c of COMPONENTS) {
        const w = model.weights?.[c];
        if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
            return `weight of ${c} must be a number 0 or more (found ${String(w)}).`;
        }
        total += w;
    }
    if (total <= 0) {
        return 'at least one weight must be above 0.';
    }
    if (!inRange(model.greenMin, 0, 100) || !inRange(model.yellowMin, 0, 100) || model.greenMin < model.yellowMin) {
        return `need 0 <= yellowMin <= greenMin <= 100 (found ${model.yellowMin}, ${model.greenMin}).`;
    }
    if (!inRange(model.coverageMinimum, 0, 1)) {
        return `coverageMinimum must be between 0 and 1 (found ${model.coverageMinimum}).`;
    }
    if (!Number.isFinite(model.adoptionTarget) || model.adoptionTarget <= 0 || model.adoptionTarget > 1) {
        return `adoptionTarget must be above 0 and at most 1 (found ${model.adoptionTarget}).`;
    }
    return null;
}
/** Drivers per docs/engine.md 3.7: whole-point impacts that add up to score - 100. */
function buildDrivers(
    values: Record<HealthComponentName, ComponentValue>,
    weights: Record<HealthComponentName, number>,
    totalWithData: number,
    score: number
): Driver[] {
    const drivers: Driver[] = [];
    const losses: number[] = [];
    for (const c of COMPONENTS) {
        if (values[c].value === null) {
            continue;
        }
        for (const r of values[c].reasons) {
            drivers.push({ component: c, code: r.code, message: r.message, impact: 0 });
            losses.push((weights[c] / totalWithData) * r.shortfall);
        }
    }
    const points = losses.map((loss) => Math.floor(loss + 1e-9));
    const fractions = losses.map((loss, i) => loss - points[i]);
    let remaining = 100 - score;
    for (const p of points) {
        remaining -= p;
    }
    // Largest remainder: each spare point goes to the largest fraction left; strict > keeps ties in table order.
    for (; remaining > 0; remaining -= 1) {
        let best = -1;
        for (let i = 0; i < fractions.length; i += 1) {
            if (best < 0 || fractions[i] > fractions[best]) {
                best = i;
            }
        }
        points[best] += 1;
        fractions[best] = -Infinity;
    }
    const kept: Driver[] = [];
    for (let i = 0; i < drivers.length; i += 1) {
        if (points[i] !== 0) {
            drivers[i].impact = -points[i];
            kept.push(drivers[i]);
        }
    }
    // Array.prototype.sort is stable, so equal impacts keep table order.
    return kept.sort((a, b) => a.impact - b.impact);
}

function noDataDrivers(values: Record<HealthComponentName, ComponentValue>): Driver[] {
    return COMPONENTS.filter((c) => values[c].value === null).map((c) => ({
        component: c,
        code: `${c}NoData`,
        message: `No ${c} data yet: left out of the score and the other weights scaled up`,
        impact: 0
    }));
}

function trendOf(
    bundle: PlanBundle,
    model: HealthModel,
    score: number | null,
    today: number
): { trend: HealthTrend; referenceDate: IsoDate | null; delta: number | null } {
    const window = model.trendWindowDays ?? DEFAULT_TREND_WINDOW_DAYS;
    const threshold = model.trendThreshold ?? DEFAULT_TREND_THRESHOLD;
    let reference: { day: number; score: number } | null = null;
    for (const point of bundle.history) {
        const day = toDayNumber(point.asOfDate, 'health history asOfDate');
        if (point.score === null || day >= today || day < today - window) {
            continue;
        }
        // Two points on one day (should not happen: one snapshot per plan and day) resolve to the higher score, whatever
        // their order.
        if (reference === null || day > reference.day || (day === reference.day && point.score > reference.score)) {
            reference = { day, score: point.score };
        }
    }
    if (score === null || reference === null) {
        return { trend: 'New', referenceDate: null, delta: null };
    }
    const delta = score - reference.score;
    const trend: HealthTrend = delta >= threshold ? 'Up' : delta <= -threshold ? 'Down' : 'Flat';
    return { trend, referenceDate: fromDayNumber(reference.day), delta };
}

function bandOf(score: number | null, model: HealthModel): HealthBand {
    if (score === null) {
        return 'NotScored';
    }
    return score >= model.greenMin ? 'Green' : score >= model.yellowMin ? 'Yellow' : 'Red';
}

/**
 * Scores one plan's onboarding health on an as-of date with a segment's model (docs/engine.md, section 3).
 * Components with no data are left out and the weights renormalised; below the model's coverage minimum the
 * plan is NotScored, never Red.
 * @param bundle the plan with its milestones, stakeholders, adoption snapshots and earlier scores
 * @param model the health model of the plan's segment
 * @param asOf the as-of date in the plan's time zone
 * @throws Error when the model or a date is malformed
 */
export function scoreHealth(bundle: PlanBundle, model: HealthModel, asOf: IsoDate): HealthResult {
    validateModel(model);
    const clock = planClock(bundle, asOf);
    const active = bundle.stakeholders.filter((s) => !s.departed);
    const adoption = adoptionComponent(bundle, model, clock, active);
    const engagement = engagementComponent(bundle, clock, active);
    const values: Record<HealthComponentName, ComponentValue> = {
        milestones: milestoneComponent(bundle, clock),
        schedule: scheduleComponent(bundle, clock),
        adoption,
        engagement
    };
    let total = 0;
    let withData = 0;
    let weighted = 0;
    for (const c of COMPONENTS) {
        const w = model.weights[c];
        total += w;
        const v = values[c].value;
        if (v !== null) {
            withData += w;
            weighted += w * v;
        }
    }
    const coverage = withData / total;
    const scored = withData > 0 && coverage + 1e-9 >= model.coverageMinimum;
    const score = scored ? roundHalfUp(weighted / withData) : null;
    const trend = trendOf(bundle, model, score, clock.today);
    const dated: number[] = [];
    if (adoption.snapshotDay !== null && model.weights.adoption > 0) {
        dated.push(adoption.snapshotDay);
    }
    if (engagement.latestEngaged !== null && model.weights.engagement > 0) {
        dated.push(engagement.latestEngaged);
    }
    return {
        score,
        band: bandOf(score, model),
        trend: trend.trend,
        components: {
            milestones: roundOrNull(values.milestones.value),
            schedule: roundOrNull(values.schedule.value),
            adoption: roundOrNull(values.adoption.value),
            engagement: roundOrNull(values.engagement.value)
        },
        coverage: roundTo(coverage, 4),
        drivers: [
            ...(score === null ? [] : buildDrivers(values, model.weights, withData, score)),
            ...noDataDrivers(values)
        ],
        modelVersion: model.version,
        asOfDate: asOf,
        inputsAsOf: dated.length === 0 ? null : fromDayNumber(Math.min(...dated)),
        trendReferenceDate: trend.referenceDate,
        trendDelta: trend.delta
    };
}

function roundOrNull(value: number | null): number | null {
    return value === null ? null : roundHalfUp(value);
}

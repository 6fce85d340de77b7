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
import { reasonMessage } from './healthComponents';
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
/**
 * Whole points and fractions of each reason's loss while drivers are shared out, reused by every call (scoring is
 * synchronous, so calls never overlap) and grown when a plan has more reasons.
 */
let pointsOf = new Float64Array(16);
let fractionsOf = new Float64Array(16);

/**
 * Drivers per docs/engine.md 3.7: whole-point impacts that add up to score - 100. Components come in COMPONENTS
 * order; a message is written only for a reason that keeps a point of impact.
 */
function scoredDrivers(
    values: readonly ComponentValue[],
    weights: readonly number[],
    totalWithData: number,
    score: number
): Driver[] {
    let count = 0;
    for (const v of values) {
        count += v.value === null ? 0 : v.reasons.length;
    }
    if (count > pointsOf.length) {
        pointsOf = new Float64Array(count);
        fractionsOf = new Float64Array(count);
    }
    const points = pointsOf;
    const fractions = fractionsOf;
    let remaining = 100 - score;
    let i = 0;
    for (let c = 0; c < values.length; c += 1) {
        if (values[c].value === null) {
            continue;
        }
        for (const r of values[c].reasons) {
            const loss = (weights[c] / totalWithData) * r.shortfall;
            points[i] = Math.floor(loss + 1e-9);
            fractions[i] = loss - points[i];
            remaining -= points[i];
            i += 1;
        }
    }
    // Largest remainder: each spare point goes to the largest fraction left; strict > keeps ties in table order.
    for (; remaining > 0; remaining -= 1) {
        let best = -1;
        for (let j = 0; j < count; j += 1) {
            if (best < 0 || fractions[j] > fractions[best]) {
                best = j;
            }
        }
        points[best] += 1;
        fractions[best] = -Infinity;
    }
    return keptDrivers(values, points);
}

/** The drivers of the reasons left with a point of impact, most negative first (same order as `scoredDrivers`). */
function keptDrivers(values: readonly ComponentValue[], points: Float64Array): Driver[] {
    const kept: Driver[] = [];
    let i = 0;
    for (let c = 0; c < values.length; c += 1) {
        if (values[c].value === null) {
            continue;
        }
        for (const r of values[c].reasons) {
            if (points[i] !== 0) {
                insertByImpact(kept, {
                    component: COMPONENTS[c],
                    code: r.code,
                    message: reasonMessage(r),
                    impact: -points[i]
                });
            }
            i += 1;
        }
    }
    return kept;
}

/** Inserts after every driver of lower or equal impact: a stable sort by impact, as drivers are few. */
function insertByImpact(drivers: Driver[], driver: Driver): void {
    let at = drivers.length;
    drivers.push(driver);
    for (; at > 0 && drivers[at - 1].impact > driver.impact; at -= 1) {
        drivers[at] = drivers[at - 1];
    }
    drivers[at] = driver;
}

function addNoDataDrivers(drivers: Driver[], values: readonly ComponentValue[]): Driver[] {
    for (let c = 0; c < values.length; c += 1) {
        if (values[c].value === null) {
            const component = COMPONENTS[c];
            drivers.push({
                component,
                code: `${component}NoData`,
                message: `No ${component} data yet: left out of the score and the other weights scaled up`,
                impact: 0
            });
        }
    }
    return drivers;
}

function trendOf(
    bundle: PlanBundle,
    model: HealthModel,
    score: number | null,
    today: number
): { trend: HealthTrend; referenceDate: IsoDate | null; delta: number | null } {
    const window = model.trendWindowDays ?? DEFAULT_TREND_WINDOW_DAYS;
    const threshold = model.trendThreshold ?? DEFAULT_TREND_THRESHOLD;
    let referenceDay = 0;
    let referenceScore: number | null = null;
    for (const point of bundle.history) {
        const day = toDayNumber(point.asOfDate, 'health history asOfDate');
        if (point.score === null || day >= today || day < today - window) {
            continue;
        }
        // Two points on one day (should not happen: one snapshot per plan and day) resolve to the higher score, whatever
        // their order.
        if (referenceScore === null || day > referenceDay || (day === referenceDay && point.score > referenceScore)) {
            referenceDay = day;
            referenceScore = point.score;
        }
    }
    if (score === null || referenceScore === null) {
        return { trend: 'New', referenceDate: null, delta: null };
    }
    const delta = score - referenceScore;
    const trend: HealthTrend = delta >= threshold ? 'Up' : delta <= -threshold ? 'Down' : 'Flat';
    return { trend, referenceDate: fromDayNumber(referenceDay), delta };
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
    const adoption = adoptionComponent(bundle, model, clock);
    const engagement = engagementComponent(bundle, clock);
    // In COMPONENTS order.
    const values: ComponentValue[] = [
        milestoneComponent(bundle, clock),
        scheduleComponent(bundle, clock),
        adoption,
        engagement
    ];
    const weights: number[] = [];
    let total = 0;
    let withData = 0;
    let weighted = 0;
    for (let c = 0; c < COMPONENTS.length; c += 1) {
        const w = model.weights[COMPONENTS[c]];
        weights.push(w);
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
    return {
        score,
        band: bandOf(score, model),
        trend: trend.trend,
        components: {
            milestones: roundOrNull(values[0].value),
            schedule: roundOrNull(values[1].value),
            adoption: roundOrNull(adoption.value),
            engagement: roundOrNull(engagement.value)
        },
        coverage: roundTo(coverage, 4),
        drivers: addNoDataDrivers(score === null ? [] : scoredDrivers(values, weights, withData, score), values),
        modelVersion: model.version,
        asOfDate: asOf,
        inputsAsOf: inputsAsOf(
            model.weights.adoption > 0 ? adoption.snapshotDay : null,
            model.weights.engagement > 0 ? engagement.latestEngaged : null
        ),
        trendReferenceDate: trend.referenceDate,
        trendDelta: trend.delta
    };
}

/** The older of the dated inputs behind weighted components, or null when none is dated. */
function inputsAsOf(snapshotDay: number | null, latestEngaged: number | null): IsoDate | null {
    if (snapshotDay === null) {
        return latestEngaged === null ? null : fromDayNumber(latestEngaged);
    }
    return fromDayNumber(latestEngaged === null ? snapshotDay : Math.min(snapshotDay, latestEngaged));
}

function roundOrNull(value: number | null): number | null {
    return value === null ? null : roundHalfUp(value);
}

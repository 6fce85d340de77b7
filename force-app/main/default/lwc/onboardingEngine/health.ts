/**
 * Onboarding health: four components, weights from the segment's model, band, trend, drivers and the age of the
 * inputs (docs/engine.md, section 3).
 */
import { fromDayNumber, toDayNumber, toDayNumberOrNull, dayOf } from './dates';
import { DEFAULT_TREND_THRESHOLD, DEFAULT_TREND_WINDOW_DAYS } from './defaults';
import { roundHalfUp, roundTo } from './numbers';
import { isOpen } from './schedule';
import type {
    AdoptionFacts,
    Driver,
    HealthBand,
    HealthComponentName,
    HealthModel,
    HealthResult,
    HealthTrend,
    IsoDate,
    MilestoneFacts,
    OnboardingRole,
    PlanBundle,
    StakeholderFacts
} from './types';

export const COMPONENTS: readonly HealthComponentName[] = ['milestones', 'schedule', 'adoption', 'engagement'];
const COMMITTEE_ROLES: readonly OnboardingRole[] = ['ExecutiveSponsor', 'ProjectLead', 'Admin', 'Trainer', 'EndUser'];

/** A reason inside a component: its code, English message and share of the component's shortfall. */
interface Reason {
    code: string;
    message: string;
    shortfall: number;
}

interface ComponentValue {
    value: number | null;
    reasons: Reason[];
}

/** Day numbers the components share, computed once per plan. */
interface PlanClock {
    today: number;
    start: number | null;
}

function clamp(x: number, low: number, high: number): number {
    return x < low ? low : x > high ? high : x;
}

function mean(values: readonly number[]): number {
    let sum = 0;
    for (const v of values) {
        sum += v;
    }
    return sum / values.length;
}

/**
 * Checks a health model and says what to fix in its HealthModel__mdt record.
 * @param model the model
 * @throws Error naming the model and the bad value
 */
export function validateModel(model: HealthModel): void {
    const name = `Health model ${model.segment} ${model.version}`;
    let total = 0;
    for (const c of COMPONENTS) {
        const w = model.weights?.[c];
        if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
            throw new Error(`${name}: weight of ${c} must be a number 0 or more (found ${String(w)}).`);
        }
        total += w;
    }
    if (total <= 0) {
        throw new Error(`${name}: at least one weight must be above 0.`);
    }
    const inRange = (x: number, low: number, high: number): boolean => Number.isFinite(x) && x >= low && x <= high;
    if (!inRange(model.greenMin, 0, 100) || !inRange(model.yellowMin, 0, 100) || model.greenMin < model.yellowMin) {
        throw new Error(
            `${name}: need 0 <= yellowMin <= greenMin <= 100 (found ${model.yellowMin}, ${model.greenMin}).`
        );
    }
    if (!inRange(model.coverageMinimum, 0, 1)) {
        throw new Error(`${name}: coverageMinimum must be between 0 and 1 (found ${model.coverageMinimum}).`);
    }
    if (!Number.isFinite(model.adoptionTarget) || model.adoptionTarget <= 0 || model.adoptionTarget > 1) {
        throw new Error(`${name}: adoptionTarget must be above 0 and at most 1 (found ${model.adoptionTarget}).`);
    }
}

function milestoneComponent(bundle: PlanBundle, clock: PlanClock): ComponentValue {
    let counted = 0;
    let missed = 0;
    let late = 0;
    for (const m of bundle.milestones) {
        const target = dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
        if (target === null || m.status === 'Skipped') {
            continue;
        }
        if (m.status === 'Completed') {
            if (target > clock.today) {
                continue;
            }
            const done = dayOf(m.completedDate, 'milestone', m.id, 'completedDate');
            counted += 1;
            if (done !== null && done > target) {
                late += 1;
            }
        } else if (target < clock.today) {
            counted += 1;
            missed += 1;
        }
    }
    if (counted === 0) {
        return { value: null, reasons: [] };
    }
    const value = (100 * (counted - missed - late) + 60 * late) / counted;
    return {
        value,
        reasons: [
            {
                code: 'milestonesMissed',
                message: `${missed} of ${counted} due milestones missed`,
                shortfall: (100 * missed) / counted
            },
            {
                code: 'milestonesLate',
                message: `${late} of ${counted} due milestones completed late`,
                shortfall: (40 * late) / counted
            }
        ]
    };
}

function pacePart(bundle: PlanBundle, clock: PlanClock): number | null {
    let end = toDayNumberOrNull(bundle.plan.fullValueTargetDate, 'fullValueTargetDate');
    let active = 0;
    let completed = 0;
    for (const m of bundle.milestones) {
        if (m.status === 'Skipped') {
            continue;
        }
        active += 1;
        if (m.status === 'Completed') {
            completed += 1;
        }
        if (bundle.plan.fullValueTargetDate === null) {
            const target = dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
            if (target !== null && (end === null || target > end)) {
                end = target;
            }
        }
    }
    if (clock.start === null || end === null || end <= clock.start || active === 0) {
        return null;
    }
    const elapsed = clamp((clock.today - clock.start) / (end - clock.start), 0, 1);
    return 100 * clamp(1 - (elapsed - completed / active), 0, 1);
}

function valueLagPart(bundle: PlanBundle, clock: PlanClock): { value: number | null; daysBehind: number } {
    let scheduledValueMilestones = 0;
    let next: MilestoneFacts | null = null;
    let nextTarget = 0;
    for (const m of bundle.milestones) {
        const target = m.valueMarker === 'None' ? null : dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
        if (target === null) {
            continue;
        }
        scheduledValueMilestones += 1;
        if (
            isOpen(m) &&
            (next === null || m.sequence < next.sequence || (m.sequence === next.sequence && m.id < next.id))
        ) {
            next = m;
            nextTarget = target;
        }
    }
    if (next === null) {
        return { value: scheduledValueMilestones > 0 ? 100 : null, daysBehind: 0 };
    }
    const forecast = dayOf(next.forecastDate, 'milestone', next.id, 'forecastDate');
    const projected = forecast !== null && forecast > clock.today ? forecast : clock.today;
    const daysBehind = Math.max(0, projected - nextTarget);
    return { value: Math.max(0, 100 - 4 * daysBehind), daysBehind };
}

function scheduleComponent(bundle: PlanBundle, clock: PlanClock): ComponentValue {
    const pace = pacePart(bundle, clock);
    const lag = valueLagPart(bundle, clock);
    const parts = (pace === null ? 0 : 1) + (lag.value === null ? 0 : 1);
    if (parts === 0) {
        return { value: null, reasons: [] };
    }
    const value = ((pace ?? 0) + (lag.value ?? 0)) / parts;
    const reasons: Reason[] = [];
    if (pace !== null) {
        reasons.push({
            code: 'schedulePace',
            message: 'Milestones are completed more slowly than the plan\u2019s time runs',
            shortfall: (100 - pace) / parts
        });
    }
    if (lag.value !== null) {
        reasons.push({
            code: 'valueMilestoneBehind',
            message: `Next value milestone is ${lag.daysBehind} days behind its target`,
            shortfall: (100 - lag.value) / parts
        });
    }
    return { value, reasons };
}

/** The snapshot the adoption component and AdoptionBelowTarget use (docs/engine.md 3.3), or null. */
export function latestUsableSnapshot(
    adoption: readonly AdoptionFacts[],
    today: number
): { snapshot: AdoptionFacts; day: number } | null {
    let best: AdoptionFacts | null = null;
    let bestDay = 0;
    for (const s of adoption) {
        const day = toDayNumber(s.asOfDate, 'adoption snapshot asOfDate');
        if (day > today || !(s.licensedUsers > 0)) {
            continue;
        }
        const later =
            best === null ||
            day > bestDay ||
            (day === bestDay &&
                (s.licensedUsers > best.licensedUsers ||
                    (s.licensedUsers === best.licensedUsers && s.activeUsers > best.activeUsers)));
        if (later) {
            best = s;
            bestDay = day;
        }
    }
    return best === null ? null : { snapshot: best, day: bestDay };
}

/** Active/licensed share expected on a day of onboarding (docs/engine.md 3.3). */
export function adoptionTargetOn(model: HealthModel, clock: PlanClock): number {
    return clock.start === null
        ? model.adoptionTarget
        : model.adoptionTarget * clamp((clock.today - clock.start) / 90, 0, 1);
}

function adoptionComponent(
    bundle: PlanBundle,
    model: HealthModel,
    clock: PlanClock,
    active: StakeholderFacts[]
): ComponentValue & { snapshotDay: number | null } {
    const usable = latestUsableSnapshot(bundle.adoption, clock.today);
    if (usable === null) {
        return { value: null, reasons: [], snapshotDay: null };
    }
    const ratio = usable.snapshot.activeUsers / usable.snapshot.licensedUsers;
    const target = adoptionTargetOn(model, clock);
    const utilisation = target <= 0 ? 100 : 100 * Math.min(1, ratio / target);
    const percent = roundHalfUp(100 * ratio);
    const useMessage = `${percent}% of licensed users active against a target of ${roundHalfUp(100 * target)}% for this day`;
    if (bundle.stakeholders.length === 0) {
        return {
            value: utilisation,
            reasons: [{ code: 'adoptionBelowTarget', message: useMessage, shortfall: 100 - utilisation }],
            snapshotDay: usable.day
        };
    }
    const held = new Set<OnboardingRole>();
    for (const s of active) {
        held.add(s.onboardingRole);
    }
    const filled = COMMITTEE_ROLES.filter((r) => held.has(r)).length;
    const breadth = (100 * filled) / COMMITTEE_ROLES.length;
    return {
        value: 0.75 * utilisation + 0.25 * breadth,
        reasons: [
            { code: 'adoptionBelowTarget', message: useMessage, shortfall: 0.75 * (100 - utilisation) },
            {
                code: 'committeeGaps',
                message: `${COMMITTEE_ROLES.length - filled} of ${COMMITTEE_ROLES.length} onboarding roles have nobody`,
                shortfall: 0.25 * (100 - breadth)
            }
        ],
        snapshotDay: usable.day
    };
}

function recency(last: number | null, today: number): number {
    if (last === null) {
        return 0;
    }
    const d = today - last;
    return d <= 15 ? 100 : d >= 45 ? 0 : (100 * (45 - d)) / 30;
}

function engagementComponent(
    bundle: PlanBundle,
    clock: PlanClock,
    active: StakeholderFacts[]
): ComponentValue & { latestEngaged: number | null } {
    if (bundle.stakeholders.length === 0) {
        return { value: null, reasons: [], latestEngaged: null };
    }
    let sponsorLast: number | null = null;
    let championLast: number | null = null;
    let latestEngaged: number | null = null;
    let invited = 0;
    let attended = 0;
    let responseSum = 0;
    let responseCount = 0;
    for (const s of active) {
        const engaged = dayOf(s.lastEngagedDate, 'stakeholder', s.id, 'lastEngagedDate');
        if (engaged !== null && engaged <= clock.today) {
            latestEngaged = latestEngaged === null || engaged > latestEngaged ? engaged : latestEngaged;
            if (s.onboardingRole === 'ExecutiveSponsor' && (sponsorLast === null || engaged > sponsorLast)) {
                sponsorLast = engaged;
            }
            if (s.buyingRole === 'Champion' && (championLast === null || engaged > championLast)) {
                championLast = engaged;
            }
        }
        invited += s.meetingsInvited;
        attended += s.meetingsAttended;
        if (s.avgResponseHours !== null) {
            responseSum += s.avgResponseHours;
            responseCount += 1;
        }
    }
    const parts: { code: string; message: string; value: number }[] = [
        {
            code: 'sponsorQuiet',
            message: sponsorMessage(sponsorLast, clock.today, 'executive sponsor'),
            value: recency(sponsorLast, clock.today)
        },
        {
            code: 'championQuiet',
            message: sponsorMessage(championLast, clock.today, 'champion'),
            value: recency(championLast, clock.today)
        }
    ];
    if (invited > 0) {
        const share = Math.min(1, attended / invited);
        parts.push({
            code: 'lowAttendance',
            message: `${roundHalfUp(100 * share)}% of meeting invitations attended`,
            value: 100 * share
        });
    }
    if (responseCount > 0) {
        const hours = responseSum / responseCount;
        const value = hours <= 24 ? 100 : hours >= 120 ? 0 : (100 * (120 - hours)) / 96;
        parts.push({
            code: 'slowResponses',
            message: `Customer replies take ${roundHalfUp(hours)} hours on average`,
            value
        });
    }
    return {
        value: mean(parts.map((p) => p.value)),
        reasons: parts.map((p) => ({ code: p.code, message: p.message, shortfall: (100 - p.value) / parts.length })),
        latestEngaged
    };
}

function sponsorMessage(last: number | null, today: number, who: string): string {
    return last === null
        ? `No engagement recorded with an active ${who}`
        : `Last engagement with the ${who} ${today - last} days ago`;
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
        if (reference === null || day > reference.day) {
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

/** The start of onboarding (kickoff, else contract) and today as day numbers. */
export function planClock(bundle: PlanBundle, asOf: IsoDate): PlanClock {
    const kickoff = toDayNumberOrNull(bundle.plan.kickoffDate, 'kickoffDate');
    return {
        today: toDayNumber(asOf, 'asOf'),
        start: kickoff ?? toDayNumberOrNull(bundle.plan.contractSignedDate, 'contractSignedDate')
    };
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

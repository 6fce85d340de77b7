/**
 * The four health components (docs/engine.md, sections 3.1 to 3.4): each gives a value from 0 to 100, or null when
 * the plan has no data for it, and the reasons behind any shortfall.
 */
import { dayOf, toDayNumber, toDayNumberOrNull } from './dates';
import { roundHalfUp } from './numbers';
import { isOpen } from './schedule';
import type {
    AdoptionFacts,
    HealthModel,
    IsoDate,
    MilestoneFacts,
    OnboardingRole,
    PlanBundle,
    StakeholderFacts
} from './types';

const COMMITTEE_ROLES: readonly OnboardingRole[] = ['ExecutiveSponsor', 'ProjectLead', 'Admin', 'Trainer', 'EndUser'];

/** A reason inside a component: its code, English message and share of the component's shortfall. */
export interface Reason {
    code: string;
    message: string;
    shortfall: number;
}

export interface ComponentValue {
    value: number | null;
    reasons: Reason[];
}

/** Day numbers the components share, computed once per plan. */
export interface PlanClock {
    today: number;
    start: number | null;
}

export function clamp(x: number, low: number, high: number): number {
    return x < low ? low : x > high ? high : x;
}

function mean(values: readonly number[]): number {
    let sum = 0;
    for (const v of values) {
        sum += v;
    }
    return sum / values.length;
}
/** The start of onboarding (kickoff, else contract) and today as day numbers. */
export function planClock(bundle: PlanBundle, asOf: IsoDate): PlanClock {
    requireBundle(bundle);
    const kickoff = toDayNumberOrNull(bundle.plan.kickoffDate, 'kickoffDate');
    return {
        today: toDayNumber(asOf, 'asOf'),
        start: kickoff ?? toDayNumberOrNull(bundle.plan.contractSignedDate, 'contractSignedDate')
    };
}

/** Checks the shape callers most often get wrong (a missing list), so the error says what to fix. */
function requireBundle(bundle: PlanBundle): void {
    if (bundle === null || typeof bundle !== 'object' || bundle.plan === null || typeof bundle.plan !== 'object') {
        throw new Error('Plan bundle without plan facts: pass { plan, milestones, stakeholders, adoption, history }.');
    }
    for (const list of ['milestones', 'stakeholders', 'adoption', 'history'] as const) {
        if (!Array.isArray(bundle[list])) {
            throw new Error(`Plan ${bundle.plan.id}: ${list} must be a list (use [] when there are none).`);
        }
    }
}

/** Milestone component (3.1): on time 100, late 60, missed 0, averaged over counted milestones. */
export function milestoneComponent(bundle: PlanBundle, clock: PlanClock): ComponentValue {
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

/** Schedule component (3.2): mean of pace and next-value-milestone lag, whichever have data. */
export function scheduleComponent(bundle: PlanBundle, clock: PlanClock): ComponentValue {
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

/** Adoption component (3.3): utilisation against the ramped target, with committee breadth. */
export function adoptionComponent(
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

/** Engagement component (3.4): sponsor and champion recency, attendance and response time. */
export function engagementComponent(
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

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

/**
 * A reason inside a component: its code, its share of the component's shortfall and the figures its English message
 * quotes. The message itself is written by `reasonMessage` only for reasons that become drivers, because most reasons
 * of a plan end with no whole point of impact and scoring runs over whole portfolios.
 */
export interface Reason {
    code: string;
    shortfall: number;
    /** First figure of the message (NaN for a quiet sponsor or champion never engaged). */
    first: number;
    /** Second figure of the message, 0 when the message quotes one. */
    second: number;
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

/**
 * The English message of a reason (docs/engine.md 3.7); the figures are rounded here, as the message shows them.
 * @param reason the reason
 */
export function reasonMessage(reason: Reason): string {
    const { first, second } = reason;
    switch (reason.code) {
        case 'milestonesMissed':
            return `${first} of ${second} due milestones missed`;
        case 'milestonesLate':
            return `${first} of ${second} due milestones completed late`;
        case 'schedulePace':
            return 'Milestones are completed more slowly than the plan\u2019s time runs';
        case 'valueMilestoneBehind':
            return `Next value milestone is ${first} days behind its target`;
        case 'adoptionBelowTarget':
            return `${roundHalfUp(100 * first)}% of licensed users active against a target of ${roundHalfUp(100 * second)}% for this day`;
        case 'committeeGaps':
            return `${first} of ${second} onboarding roles have nobody`;
        case 'sponsorQuiet':
            return quietMessage(first, 'executive sponsor');
        case 'championQuiet':
            return quietMessage(first, 'champion');
        case 'lowAttendance':
            return `${roundHalfUp(100 * first)}% of meeting invitations attended`;
        default:
            return `Customer replies take ${roundHalfUp(first)} hours on average`;
    }
}

function quietMessage(daysAgo: number, who: string): string {
    return Number.isNaN(daysAgo)
        ? `No engagement recorded with an active ${who}`
        : `Last engagement with the ${who} ${daysAgo} days ago`;
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

const LISTS = ['milestones', 'stakeholders', 'adoption', 'history'] as const;

/** Checks the shape callers most often get wrong (a missing list), so the error says what to fix. */
function requireBundle(bundle: PlanBundle): void {
    if (bundle === null || typeof bundle !== 'object' || bundle.plan === null || typeof bundle.plan !== 'object') {
        throw new Error('Plan bundle without plan facts: pass { plan, milestones, stakeholders, adoption, history }.');
    }
    // Checked one by one rather than over a list of names: scoring calls this for every plan of a portfolio.
    if (
        !Array.isArray(bundle.milestones) ||
        !Array.isArray(bundle.stakeholders) ||
        !Array.isArray(bundle.adoption) ||
        !Array.isArray(bundle.history)
    ) {
        const missing = LISTS.find((list) => !Array.isArray(bundle[list]));
        throw new Error(`Plan ${bundle.plan.id}: ${missing} must be a list (use [] when there are none).`);
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
            { code: 'milestonesMissed', shortfall: (100 * missed) / counted, first: missed, second: counted },
            { code: 'milestonesLate', shortfall: (40 * late) / counted, first: late, second: counted }
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
        reasons.push({ code: 'schedulePace', shortfall: (100 - pace) / parts, first: 0, second: 0 });
    }
    if (lag.value !== null) {
        reasons.push({
            code: 'valueMilestoneBehind',
            shortfall: (100 - lag.value) / parts,
            first: lag.daysBehind,
            second: 0
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

/** Bit of an onboarding role that counts for committee breadth (one per COMMITTEE_ROLES entry), else 0. */
function committeeBit(role: OnboardingRole): number {
    const index = COMMITTEE_ROLES.indexOf(role);
    return index < 0 ? 0 : 1 << index;
}

/** How many committee roles the stakeholders who have not departed fill. */
function committeeRolesFilled(stakeholders: readonly StakeholderFacts[]): number {
    let held = 0;
    for (const s of stakeholders) {
        if (!s.departed) {
            held |= committeeBit(s.onboardingRole);
        }
    }
    let filled = 0;
    for (; held !== 0; held &= held - 1) {
        filled += 1;
    }
    return filled;
}

/** Adoption component (3.3): utilisation against the ramped target, with committee breadth. */
export function adoptionComponent(
    bundle: PlanBundle,
    model: HealthModel,
    clock: PlanClock
): ComponentValue & { snapshotDay: number | null } {
    const usable = latestUsableSnapshot(bundle.adoption, clock.today);
    if (usable === null) {
        return { value: null, reasons: [], snapshotDay: null };
    }
    const ratio = usable.snapshot.activeUsers / usable.snapshot.licensedUsers;
    const target = adoptionTargetOn(model, clock);
    const utilisation = target <= 0 ? 100 : 100 * Math.min(1, ratio / target);
    if (bundle.stakeholders.length === 0) {
        return {
            value: utilisation,
            reasons: [{ code: 'adoptionBelowTarget', shortfall: 100 - utilisation, first: ratio, second: target }],
            snapshotDay: usable.day
        };
    }
    const filled = committeeRolesFilled(bundle.stakeholders);
    const breadth = (100 * filled) / COMMITTEE_ROLES.length;
    return {
        value: 0.75 * utilisation + 0.25 * breadth,
        reasons: [
            { code: 'adoptionBelowTarget', shortfall: 0.75 * (100 - utilisation), first: ratio, second: target },
            {
                code: 'committeeGaps',
                shortfall: 0.25 * (100 - breadth),
                first: COMMITTEE_ROLES.length - filled,
                second: COMMITTEE_ROLES.length
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

/** Sums of the engagement figures over the stakeholders who have not departed. */
interface EngagementFacts {
    sponsorLast: number | null;
    championLast: number | null;
    latestEngaged: number | null;
    invited: number;
    attended: number;
    responseSum: number;
    responseCount: number;
}

function engagementFacts(stakeholders: readonly StakeholderFacts[], today: number): EngagementFacts {
    const facts: EngagementFacts = {
        sponsorLast: null,
        championLast: null,
        latestEngaged: null,
        invited: 0,
        attended: 0,
        responseSum: 0,
        responseCount: 0
    };
    for (const s of stakeholders) {
        if (s.departed) {
            continue;
        }
        const engaged = dayOf(s.lastEngagedDate, 'stakeholder', s.id, 'lastEngagedDate');
        if (engaged !== null && engaged <= today) {
            facts.latestEngaged =
                facts.latestEngaged === null || engaged > facts.latestEngaged ? engaged : facts.latestEngaged;
            if (
                s.onboardingRole === 'ExecutiveSponsor' &&
                (facts.sponsorLast === null || engaged > facts.sponsorLast)
            ) {
                facts.sponsorLast = engaged;
            }
            if (s.buyingRole === 'Champion' && (facts.championLast === null || engaged > facts.championLast)) {
                facts.championLast = engaged;
            }
        }
        facts.invited += s.meetingsInvited;
        facts.attended += s.meetingsAttended;
        if (s.avgResponseHours !== null) {
            facts.responseSum += s.avgResponseHours;
            facts.responseCount += 1;
        }
    }
    return facts;
}

/** Engagement component (3.4): sponsor and champion recency, attendance and response time. */
export function engagementComponent(
    bundle: PlanBundle,
    clock: PlanClock
): ComponentValue & { latestEngaged: number | null } {
    if (bundle.stakeholders.length === 0) {
        return { value: null, reasons: [], latestEngaged: null };
    }
    const today = clock.today;
    const facts = engagementFacts(bundle.stakeholders, today);
    const hasAttendance = facts.invited > 0;
    const hasResponses = facts.responseCount > 0;
    const parts = 2 + (hasAttendance ? 1 : 0) + (hasResponses ? 1 : 0);
    const sponsor = recency(facts.sponsorLast, today);
    const champion = recency(facts.championLast, today);
    // Parts in table order; their values are summed in that order, as the mean of the spec.
    let sum = sponsor + champion;
    const reasons: Reason[] = [
        partReason('sponsorQuiet', sponsor, parts, daysSince(facts.sponsorLast, today)),
        partReason('championQuiet', champion, parts, daysSince(facts.championLast, today))
    ];
    if (hasAttendance) {
        const share = Math.min(1, facts.attended / facts.invited);
        sum += 100 * share;
        reasons.push(partReason('lowAttendance', 100 * share, parts, share));
    }
    if (hasResponses) {
        const hours = facts.responseSum / facts.responseCount;
        const value = hours <= 24 ? 100 : hours >= 120 ? 0 : (100 * (120 - hours)) / 96;
        sum += value;
        reasons.push(partReason('slowResponses', value, parts, hours));
    }
    return { value: sum / parts, reasons, latestEngaged: facts.latestEngaged };
}

/** An engagement part's reason: the part's shortfall shared over the parts. */
function partReason(code: string, value: number, parts: number, figure: number): Reason {
    return { code, shortfall: (100 - value) / parts, first: figure, second: 0 };
}

/** Days since the last engagement, NaN when none was recorded (the message says so). */
function daysSince(last: number | null, today: number): number {
    return last === null ? Number.NaN : today - last;
}

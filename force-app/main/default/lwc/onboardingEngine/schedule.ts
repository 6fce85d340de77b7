/**
 * Milestone dates, schedule status, time to value and slippage (docs/engine.md, sections 2 and 4).
 */
import {
    addBusinessDayNumber,
    businessDayNumbersBetween,
    fromDayNumber,
    toDayNumber,
    toDayNumberOrNull,
    dayOf
} from './dates';
import { SEGMENT_VALUE_TARGET_DAYS } from './defaults';
import type {
    IsoDate,
    MilestoneFacts,
    PlanFacts,
    RebaselineResult,
    ScheduleInput,
    ScheduleResult,
    ScheduleStatus,
    SlipCause,
    TimeToValue
} from './types';

/** True for every status except Completed and Skipped. */
export function isOpen(milestone: MilestoneFacts): boolean {
    return milestone.status !== 'Completed' && milestone.status !== 'Skipped';
}

/** Milestones sorted by (sequence, id), the one order every rule uses. */
export function bySequence(milestones: readonly MilestoneFacts[]): MilestoneFacts[] {
    return [...milestones].sort((a, b) => a.sequence - b.sequence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function requireOffset(offset: number, sequence: number): void {
    if (!Number.isInteger(offset) || offset < 0) {
        throw new Error(
            `Playbook step ${sequence}: offsetBusinessDays ${String(offset)} must be a whole number of days, 0 or more.`
        );
    }
}

function valueDays(given: number | null | undefined, fallback: number, what: string): number {
    if (given === null || given === undefined) {
        return fallback;
    }
    if (!Number.isInteger(given) || given < 0) {
        throw new Error(`${what} ${String(given)} must be a whole number of days, 0 or more.`);
    }
    return given;
}

/**
 * Target dates of a playbook's steps from the kickoff date (else the contract date) plus business-day offsets,
 * and the plan's first/full value target dates (docs/engine.md 2.2). With neither date every target is null.
 * @param input steps, segment, contract and kickoff dates, optional playbook value days
 */
export function scheduleMilestones(input: ScheduleInput): ScheduleResult {
    const contract = toDayNumberOrNull(input.contractSignedDate, 'contractSignedDate');
    const kickoff = toDayNumberOrNull(input.kickoffDate, 'kickoffDate');
    const anchor = kickoff ?? contract;
    const defaults = SEGMENT_VALUE_TARGET_DAYS[input.segment];
    if (!defaults) {
        throw new Error(`Unknown segment "${String(input.segment)}": expected HighTouch, Guided or TechTouch.`);
    }
    const firstDays = valueDays(input.firstValueTargetDays, defaults.firstValue, 'firstValueTargetDays');
    const fullDays = valueDays(input.fullValueTargetDays, defaults.fullValue, 'fullValueTargetDays');
    const valueBase = contract ?? anchor;
    const milestones = input.steps.map((step) => {
        requireOffset(step.offsetBusinessDays, step.sequence);
        const target = anchor === null ? null : fromDayNumber(addBusinessDayNumber(anchor, step.offsetBusinessDays));
        return {
            sequence: step.sequence,
            ownerSide: step.ownerSide,
            valueMarker: step.valueMarker,
            targetDate: target
        };
    });
    return {
        anchor: kickoff !== null ? 'Kickoff' : contract !== null ? 'Contract' : 'None',
        anchorDate: anchor === null ? null : fromDayNumber(anchor),
        milestones,
        firstValueTargetDate: valueBase === null ? null : fromDayNumber(valueBase + firstDays),
        fullValueTargetDate: valueBase === null ? null : fromDayNumber(valueBase + fullDays)
    };
}

function shiftDate(date: IsoDate | null, achieved: IsoDate | null, days: number, field: string): IsoDate | null {
    if (date === null || achieved !== null) {
        return date;
    }
    return fromDayNumber(toDayNumber(date, field) + days);
}

/**
 * Moves the open schedule of a plan that started later than planned (docs/engine.md 2.3). An earlier start
 * changes nothing; completed, skipped and unscheduled milestones keep their dates.
 * @param plan the plan (value targets move unless achieved)
 * @param milestones the plan's milestones
 * @param fromAnchor the date the current targets were computed from
 * @param toAnchor the actual start date
 */
export function rebaseline(
    plan: PlanFacts,
    milestones: readonly MilestoneFacts[],
    fromAnchor: IsoDate,
    toAnchor: IsoDate
): RebaselineResult {
    const from = toDayNumber(fromAnchor, 'fromAnchor');
    const to = toDayNumber(toAnchor, 'toAnchor');
    const late = to > from;
    const shiftBusinessDays = late ? businessDayNumbersBetween(from, to) : 0;
    const shiftCalendarDays = late ? to - from : 0;
    return {
        shiftBusinessDays,
        shiftCalendarDays,
        milestones: milestones.map((m) => {
            const target = dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
            const moves = late && target !== null && isOpen(m);
            return {
                id: m.id,
                targetDate: moves ? fromDayNumber(addBusinessDayNumber(target, shiftBusinessDays)) : m.targetDate
            };
        }),
        firstValueTargetDate: shiftDate(
            plan.firstValueTargetDate,
            plan.firstValueAchievedDate,
            shiftCalendarDays,
            'firstValueTargetDate'
        ),
        fullValueTargetDate: shiftDate(
            plan.fullValueTargetDate,
            plan.fullValueAchievedDate,
            shiftCalendarDays,
            'fullValueTargetDate'
        )
    };
}

/**
 * Schedule status of one milestone on an as-of date (docs/engine.md 2.4): AtRisk 1 to 6 days overdue,
 * Stalled 7 or more, Unscheduled when an open milestone has no target date (field case F20).
 * @param milestone the milestone
 * @param asOf the as-of date in the plan's time zone
 */
export function scheduleStatus(milestone: MilestoneFacts, asOf: IsoDate): ScheduleStatus {
    const today = toDayNumber(asOf, 'asOf');
    const target = dayOf(milestone.targetDate, 'milestone', milestone.id, 'targetDate');
    if (milestone.status === 'Skipped') {
        return 'Done';
    }
    if (milestone.status === 'Completed') {
        const completed = dayOf(milestone.completedDate, 'milestone', milestone.id, 'completedDate');
        return target !== null && completed !== null && completed > target ? 'DoneLate' : 'Done';
    }
    if (target === null) {
        return 'Unscheduled';
    }
    const overdue = today - target;
    return overdue <= 0 ? 'OnTrack' : overdue <= 6 ? 'AtRisk' : 'Stalled';
}

function span(from: IsoDate | null, to: IsoDate | null, field: string): number | null {
    const a = toDayNumberOrNull(from, 'contractSignedDate');
    const b = toDayNumberOrNull(to, field);
    return a === null || b === null ? null : b - a;
}

/**
 * Calendar days from the contract signed date to first and full value, and to their targets (docs/engine.md 4.1).
 * @param plan the plan
 */
export function timeToValue(plan: PlanFacts): TimeToValue {
    const daysToFirstValue = span(plan.contractSignedDate, plan.firstValueAchievedDate, 'firstValueAchievedDate');
    const daysToFullValue = span(plan.contractSignedDate, plan.fullValueAchievedDate, 'fullValueAchievedDate');
    const firstValueTargetDays = span(plan.contractSignedDate, plan.firstValueTargetDate, 'firstValueTargetDate');
    const fullValueTargetDays = span(plan.contractSignedDate, plan.fullValueTargetDate, 'fullValueTargetDate');
    const onTime = (achieved: IsoDate | null, target: IsoDate | null, field: string): boolean | null => {
        const a = toDayNumberOrNull(achieved, field);
        const t = toDayNumberOrNull(target, field);
        return a === null || t === null ? null : a <= t;
    };
    return {
        daysToFirstValue,
        daysToFullValue,
        firstValueTargetDays,
        fullValueTargetDays,
        firstValueOnTime: onTime(plan.firstValueAchievedDate, plan.firstValueTargetDate, 'firstValueAchievedDate'),
        fullValueOnTime: onTime(plan.fullValueAchievedDate, plan.fullValueTargetDate, 'fullValueAchievedDate')
    };
}

/** Late per docs/engine.md 4.2, on a day number. */
export function isLateOn(milestone: MilestoneFacts, today: number): boolean {
    const target = dayOf(milestone.targetDate, 'milestone', milestone.id, 'targetDate');
    if (target === null || milestone.status === 'Skipped') {
        return false;
    }
    if (milestone.status === 'Completed') {
        const completed = dayOf(milestone.completedDate, 'milestone', milestone.id, 'completedDate');
        return completed !== null && completed > target;
    }
    const forecast = dayOf(milestone.forecastDate, 'milestone', milestone.id, 'forecastDate');
    return today > target || (forecast !== null && forecast > target);
}

/**
 * Which side a late milestone's slip belongs to (docs/engine.md 4.2): its owner side, or for a Joint milestone
 * the side of the nearest earlier late milestone that is not Joint.
 * @param milestone the milestone to judge
 * @param milestones all milestones of the plan (any order)
 * @param asOf the as-of date
 */
export function attributeSlip(
    milestone: MilestoneFacts,
    milestones: readonly MilestoneFacts[],
    asOf: IsoDate
): SlipCause {
    const today = toDayNumber(asOf, 'asOf');
    if (!isLateOn(milestone, today)) {
        return 'None';
    }
    if (milestone.ownerSide !== 'Joint') {
        return milestone.ownerSide;
    }
    const ordered = bySequence(milestones);
    const position = ordered.findIndex((m) => m.id === milestone.id);
    const earlier = position < 0 ? ordered.filter((m) => m.sequence < milestone.sequence) : ordered.slice(0, position);
    for (let i = earlier.length - 1; i >= 0; i -= 1) {
        const candidate = earlier[i];
        if (candidate.ownerSide !== 'Joint' && isLateOn(candidate, today)) {
            return candidate.ownerSide;
        }
    }
    return 'None';
}

/**
 * Calendar-date arithmetic on day numbers (days since 1970-01-01), with no Date object in a local time zone
 * (docs/engine.md, section 1). Only `localDate` touches Intl, to turn a moment into a date in a stated zone.
 */
import type { IsoDate } from './types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Parsed dates: plans share few distinct dates, so scoring many plans parses each date once. */
const dayNumbers = new Map<string, number>();
const DAY_CACHE_LIMIT = 100_000;
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function floorDiv(a: number, b: number): number {
    return Math.floor(a / b);
}

function floorMod(a: number, b: number): number {
    return a - b * Math.floor(a / b);
}

/** Day number of a proleptic Gregorian civil date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year;
    const era = floorDiv(y, 400);
    const yoe = y - era * 400;
    const mp = (month + 9) % 12;
    const doy = floorDiv(153 * mp + 2, 5) + day - 1;
    const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
    return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
    if (month === 2) {
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        return leap ? 29 : 28;
    }
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(value: number, width: number): string {
    return String(value).padStart(width, '0');
}

/**
 * Turns `YYYY-MM-DD` into a day number.
 * @param date the calendar date
 * @param field names the value in the error message, e.g. `milestone m1 targetDate`
 * @throws Error when the text is not a real calendar date in that exact form
 */
export function toDayNumber(date: IsoDate, field = 'date'): number {
    const cached = dayNumbers.get(date);
    if (cached !== undefined) {
        return cached;
    }
    const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
    if (!match) {
        throw new Error(`Invalid ${field} ${JSON.stringify(date)}: expected a calendar date written YYYY-MM-DD.`);
    }
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        throw new Error(`Invalid ${field} "${date}": no such calendar date.`);
    }
    const dayNumber = daysFromCivil(year, month, day);
    if (dayNumbers.size >= DAY_CACHE_LIMIT) {
        dayNumbers.clear();
    }
    dayNumbers.set(date, dayNumber);
    return dayNumber;
}

/** Like `toDayNumber`, but a null or absent date gives null. */
export function toDayNumberOrNull(date: IsoDate | null | undefined, field = 'date'): number | null {
    return date === null || date === undefined ? null : toDayNumber(date, field);
}

/**
 * Day number of a record's date field, or null when it is blank. The error message (built only on failure)
 * names the record and field, e.g. `milestone M1 targetDate`.
 * @param date the field value
 * @param kind what the record is, e.g. `milestone`
 * @param id the record's id
 * @param field the field name
 */
export function dayOf(date: IsoDate | null | undefined, kind: string, id: string, field: string): number | null {
    if (date === null || date === undefined) {
        return null;
    }
    const cached = dayNumbers.get(date);
    return cached !== undefined ? cached : toDayNumber(date, `${kind} ${id} ${field}`);
}

/** Turns a day number back into `YYYY-MM-DD` (H. Hinnant's civil_from_days). */
export function fromDayNumber(dayNumber: number): IsoDate {
    const z = dayNumber + 719468;
    const era = floorDiv(z, 146097);
    const doe = z - era * 146097;
    const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
    const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
    const mp = floorDiv(5 * doy + 2, 153);
    const day = doy - floorDiv(153 * mp + 2, 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999) {
        throw new Error(`Day number ${dayNumber} is outside the years 0001 to 9999 that YYYY-MM-DD can write.`);
    }
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** ISO weekday of a day number: 1 Monday ... 7 Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(dayNumber: number): number {
    return floorMod(dayNumber + 3, 7) + 1;
}

/**
 * Signed number of calendar days from `from` to `to` (`daysBetween('2024-03-01', '2024-03-04') = 3`).
 * @param from the earlier date
 * @param to the later date
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
    return toDayNumber(to, 'to date') - toDayNumber(from, 'from date');
}

/**
 * The date `n` calendar days after `date` (before it when `n` is negative).
 * @param date the start date
 * @param n whole number of days
 */
export function addDays(date: IsoDate, n: number): IsoDate {
    requireWholeNumber(n, 'day count');
    return fromDayNumber(toDayNumber(date) + n);
}

function requireWholeNumber(n: number, what: string): void {
    if (!Number.isInteger(n)) {
        throw new Error(`Invalid ${what} ${String(n)}: expected a whole number.`);
    }
}

/** `addBusinessDays` on day numbers; see docs/engine.md 2.1. */
export function addBusinessDayNumber(dayNumber: number, n: number): number {
    const weekday = isoWeekday(dayNumber);
    if (n >= 0) {
        let d = weekday === 6 ? dayNumber - 1 : weekday === 7 ? dayNumber - 2 : dayNumber;
        if (n === 0) {
            return weekday >= 6 ? d + 3 : d;
        }
        const rest = n % 5;
        d += Math.floor(n / 5) * 7;
        return isoWeekday(d) + rest > 5 ? d + rest + 2 : d + rest;
    }
    const back = -n;
    let d = weekday === 6 ? dayNumber + 2 : weekday === 7 ? dayNumber + 1 : dayNumber;
    const rest = back % 5;
    d -= Math.floor(back / 5) * 7;
    return isoWeekday(d) - rest < 1 ? d - rest - 2 : d - rest;
}

/**
 * The date `n` business days (Monday to Friday) after `date`; see docs/engine.md 2.1 for weekends and `n <= 0`.
 * Limitation: no holiday calendar, so public holidays count as business days.
 * @param date the start date
 * @param n whole number of business days, may be negative
 */
export function addBusinessDays(date: IsoDate, n: number): IsoDate {
    requireWholeNumber(n, 'business day count');
    return fromDayNumber(addBusinessDayNumber(toDayNumber(date), n));
}

/** Weekdays with day number <= d, counted from the Monday 1970-01-05 (day 4); negative before it. */
function weekdaysUpTo(dayNumber: number): number {
    const offset = dayNumber - 4;
    return 5 * floorDiv(offset, 7) + Math.min(floorMod(offset, 7) + 1, 5);
}

/** `businessDaysBetween` on day numbers. */
export function businessDayNumbersBetween(from: number, to: number): number {
    return weekdaysUpTo(to) - weekdaysUpTo(from);
}

/**
 * Signed count of business days from `from` to `to`: weekdays `d` with `from < d <= to`
 * (negated when `to` is earlier), so `addBusinessDays(a, businessDaysBetween(a, b)) = b` for weekdays.
 * @param from the start date
 * @param to the end date
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate): number {
    return businessDayNumbersBetween(toDayNumber(from, 'from date'), toDayNumber(to, 'to date'));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
        try {
            formatter = new Intl.DateTimeFormat('en-US', {
                timeZone,
                year: 'numeric',
                month: '2-digit',
                day: '2-digit',
                hourCycle: 'h23'
            });
        } catch {
            throw new Error(`Unknown time zone "${timeZone}": use an IANA zone name such as America/Los_Angeles.`);
        }
        formatters.set(timeZone, formatter);
    }
    return formatter;
}

function toInstant(instant: Date | string): Date | IsoDate {
    if (instant instanceof Date) {
        if (Number.isNaN(instant.getTime())) {
            throw new Error('Invalid instant: the Date is not a valid moment.');
        }
        return instant;
    }
    if (typeof instant === 'string' && ISO_DATE.test(instant)) {
        toDayNumber(instant, 'instant');
        return instant;
    }
    if (typeof instant !== 'string' || !DATE_TIME_WITH_ZONE.test(instant) || Number.isNaN(Date.parse(instant))) {
        throw new Error(
            `Invalid instant ${JSON.stringify(instant)}: expected YYYY-MM-DD or an ISO datetime with Z or an offset, such as 2024-03-12T07:30:00Z.`
        );
    }
    return new Date(instant);
}

/**
 * The calendar date of a moment in a time zone: the one "today" rule (field cases F18, F19).
 * A date-only string is returned unchanged, because a date field is never shifted by a zone.
 * @param instant a Date, an ISO datetime with `Z` or an offset, or a `YYYY-MM-DD` date
 * @param timeZone IANA zone of the plan (`TimeZone__c`), e.g. `America/Los_Angeles`
 * @throws Error for an unknown zone or a datetime without a zone
 */
export function localDate(instant: Date | string, timeZone: string): IsoDate {
    const formatter = formatterFor(timeZone);
    const moment = toInstant(instant);
    if (typeof moment === 'string') {
        return moment;
    }
    const parts = formatter.formatToParts(moment);
    const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
}

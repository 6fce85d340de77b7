/**
 * Small helpers shared by the Liftoff components: dates shown the way the
 * user's Salesforce settings say, errors reduced to plain messages and
 * reported through `lightning/logger`, label templates and picklist labels.
 * It has no template: components import it as `c/liftoffUtils`.
 */
import { log } from 'lightning/logger';
import type { PicklistOption } from 'liftoff/dto';
import SIGNER from '@salesforce/label/c.BuyingRoleSigner';
import ECONOMIC_BUYER from '@salesforce/label/c.BuyingRoleEconomicBuyer';
import CHAMPION from '@salesforce/label/c.BuyingRoleChampion';
import VETO_HOLDER from '@salesforce/label/c.BuyingRoleVetoHolder';
import TECHNICAL_EVALUATOR from '@salesforce/label/c.BuyingRoleTechnicalEvaluator';
import END_USER_BUYING from '@salesforce/label/c.BuyingRoleEndUser';
import EXECUTIVE_SPONSOR from '@salesforce/label/c.OnboardingRoleExecutiveSponsor';
import PROJECT_LEAD from '@salesforce/label/c.OnboardingRoleProjectLead';
import ADMIN from '@salesforce/label/c.OnboardingRoleAdmin';
import TRAINER from '@salesforce/label/c.OnboardingRoleTrainer';
import END_USER_ONBOARDING from '@salesforce/label/c.OnboardingRoleEndUser';

/** What a wired Apex method provisions: data or error, never both. */
export interface WireResult<T> {
    data?: T;
    error?: unknown;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Formats a date-only value (`YYYY-MM-DD`) as a medium date in the user's locale.
 *
 * A date has no time zone, so it is read and formatted in UTC: 2024-03-12 stays
 * 12 March for a user in America/Los_Angeles (field case F18). Returns `''` for
 * a blank value and the input unchanged when it is not an ISO date.
 */
export function formatDate(value: string | null | undefined, locale: string): string {
    if (!value) {
        return '';
    }
    const match = ISO_DATE.exec(value);
    if (!match) {
        return value;
    }
    const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(
        utc
    );
}

/**
 * Formats a moment (ISO datetime) in the user's Salesforce time zone, not the browser's (F18).
 * Returns `''` for a blank value and the input unchanged when it cannot be parsed.
 */
export function formatDateTime(value: string | null | undefined, locale: string, timeZone: string): string {
    if (!value) {
        return '';
    }
    const time = Date.parse(value);
    if (Number.isNaN(time)) {
        return value;
    }
    return new Intl.DateTimeFormat(locale, {
        timeZone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit'
    }).format(time);
}

/** Today's calendar date (`YYYY-MM-DD`) as seen in the given IANA time zone. */
export function todayIso(timeZone: string, now: Date = new Date()): string {
    const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit'
    }).formatToParts(now);
    const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

interface ApexErrorBody {
    message?: string;
    pageErrors?: { message: string }[];
    fieldErrors?: Record<string, { message: string }[]>;
    output?: { errors?: { message: string }[]; fieldErrors?: Record<string, { message: string }[]> };
}

function messagesOf(error: unknown): string[] {
    if (error === null || error === undefined) {
        return [];
    }
    if (typeof error === 'string') {
        return [error];
    }
    if (Array.isArray(error)) {
        return error.flatMap(messagesOf);
    }
    if (typeof error !== 'object') {
        return [String(error)];
    }
    const { body, message } = error as { body?: ApexErrorBody | ApexErrorBody[]; message?: string };
    if (Array.isArray(body)) {
        return body.flatMap((b) => messagesOf(b));
    }
    if (body) {
        return messagesOfBody(body);
    }
    if (typeof message === 'string') {
        return [message];
    }
    return messagesOfBody(error as ApexErrorBody);
}

function messagesOfBody(body: ApexErrorBody): string[] {
    const fieldMessages = (errors?: Record<string, { message: string }[]>): string[] =>
        Object.values(errors ?? {}).flatMap((list) => list.map((e) => e.message));
    const found = [
        ...(body.pageErrors ?? []).map((e) => e.message),
        ...fieldMessages(body.fieldErrors),
        ...(body.output?.errors ?? []).map((e) => e.message),
        ...fieldMessages(body.output?.fieldErrors)
    ];
    if (typeof body.message === 'string') {
        found.unshift(body.message);
    }
    return found;
}

/**
 * Reduces any error a component can receive (Apex and UI API error bodies,
 * `Error`, strings, arrays of these) to distinct, non-blank messages.
 */
export function reduceErrors(error: unknown): string[] {
    return [...new Set(messagesOf(error).filter((m) => typeof m === 'string' && m.trim() !== ''))];
}

/**
 * Reduces an error to one message for the person and reports it through
 * `lightning/logger` (never the console). `fallback` is shown when the error
 * carries no message of its own.
 */
export function reportError(component: string, action: string, error: unknown, fallback: string): string {
    const messages = reduceErrors(error);
    const message = messages.length > 0 ? messages.join(' ') : fallback;
    log({ component, action, message });
    return message;
}

/** The form fields a save checks: every base input that can hold a bad entry. */
const FORM_FIELDS = 'lightning-input, lightning-combobox, lightning-textarea';

type ValidatedField = Element & { reportValidity?: () => boolean; checkValidity?: () => boolean };

/**
 * Asks every form field under `root` that matches `selector` to show its own
 * error (`reportValidity()`) and returns whether all of them are valid. Every
 * field is asked, not just the first bad one, so the person sees all the
 * fields to correct at once. A missing root has nothing to check.
 */
export function reportFormValidity(root: ParentNode | null | undefined, selector: string = FORM_FIELDS): boolean {
    let valid = true;
    for (const field of root?.querySelectorAll<ValidatedField>(selector) ?? []) {
        if (typeof field.reportValidity === 'function' && field.reportValidity() === false) {
            valid = false;
        }
    }
    return valid;
}

/**
 * Whether the field that fired an event holds a bad entry (such as the date
 * "Feb 31, 2026", which a date input reports as an empty value): such an
 * entry must not become an edit, or it would overwrite the stored value.
 */
export function isInvalidField(target: EventTarget | null): boolean {
    const field = target as ValidatedField | null;
    return typeof field?.checkValidity === 'function' && field.checkValidity() === false;
}

/** Fills `{0}`, `{1}`... in a label with the given values (labels keep word order translatable). */
export function formatLabel(template: string, ...values: (string | number)[]): string {
    return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
        const value = values[Number(index)];
        return value === undefined ? whole : String(value);
    });
}

/**
 * Fills the singular label when `count` is exactly 1 and the plural label
 * otherwise, so a count reads "1 milestone saved." rather than "1 milestones saved.".
 */
export function formatCount(count: number, singular: string, plural: string): string {
    return formatLabel(count === 1 ? singular : plural, count);
}

/**
 * Drops a managed-package namespace prefix from an API name, so
 * `liftoff__TargetDate__c` and `TargetDate__c` compare equal (field case F30).
 */
export function stripNamespace(apiName: string): string {
    const match = /^[A-Za-z][A-Za-z0-9]*__(.+__(?:c|r|mdt|e))$/.exec(apiName);
    return match ? match[1] : apiName;
}

/** The translated label of a stored picklist value, or the value itself when no option has it. */
export function picklistLabel(options: PicklistOption[] | null | undefined, value: string | null | undefined): string {
    if (value === null || value === undefined) {
        return '';
    }
    return options?.find((option) => option.value === value)?.label ?? value;
}

/** Formats a share (0 to 1) as a whole percentage in the user's locale; `''` for blank. */
export function formatPercent(share: number | null | undefined, locale: string): string {
    if (share === null || share === undefined || Number.isNaN(share)) {
        return '';
    }
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Formats a number in the user's locale with at most two decimals; `''` for blank. */
export function formatNumber(value: number | null | undefined, locale: string): string {
    if (value === null || value === undefined || Number.isNaN(value)) {
        return '';
    }
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

const BUYING_ROLE_LABELS: Record<string, string> = {
    Signer: SIGNER,
    EconomicBuyer: ECONOMIC_BUYER,
    Champion: CHAMPION,
    VetoHolder: VETO_HOLDER,
    TechnicalEvaluator: TECHNICAL_EVALUATOR,
    EndUser: END_USER_BUYING
};

const ONBOARDING_ROLE_LABELS: Record<string, string> = {
    ExecutiveSponsor: EXECUTIVE_SPONSOR,
    ProjectLead: PROJECT_LEAD,
    Admin: ADMIN,
    Trainer: TRAINER,
    EndUser: END_USER_ONBOARDING
};

/**
 * The translated label of a buying or onboarding committee role; `''` for `None`
 * or a blank role. `EndUser` exists in both committees: `committee` picks which.
 */
export function roleLabel(role: string | null | undefined, committee: 'buying' | 'onboarding' = 'buying'): string {
    if (!role || role === 'None') {
        return '';
    }
    const primary = committee === 'buying' ? BUYING_ROLE_LABELS : ONBOARDING_ROLE_LABELS;
    return primary[role] ?? BUYING_ROLE_LABELS[role] ?? ONBOARDING_ROLE_LABELS[role] ?? role;
}

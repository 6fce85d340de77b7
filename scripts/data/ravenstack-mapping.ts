/**
 * Maps the public RavenStack data set (accounts, subscriptions, churn events, feature usage; CSV in
 * `$LIFTOFF_DATA_DIR/ravenstack`) onto the engine's `PortfolioPlanInput`, so portfolio metrics (cohort NRR,
 * onboarding-driven churn, 90-day adoption) can run on real-looking data. The engine tests and the workbench import
 * use this one mapping; docs/engine.md, section 9, states it:
 *
 * - One onboarding plan per account (`id` and `accountId` are the `account_id`); segment from the account's
 *   `plan_tier`: Enterprise is HighTouch, Pro is Guided, Basic is TechTouch.
 * - A subscription is paid when `is_trial` is FALSE and `arr_amount` is above 0. The contract signed date is the
 *   start date of the account's first paid subscription; `arr` is the sum of `arr_amount` of the paid
 *   subscriptions starting that day. Accounts with no paid subscription are reported as unmapped, not guessed.
 * - ARR changes: every later paid subscription adds its `arr_amount` on its start date; every paid subscription
 *   with an end date removes its `arr_amount` on that date.
 * - Churn: the earliest churn event on or after the contract date; the plan is then `Churned`, else `Active`.
 *   Reactivations are not modelled (Limitation: a churned account that came back still counts as churned).
 * - Adoption: one snapshot per account and usage month, dated the month's last day, with `licensedUsers` = the
 *   account's `seats` and `activeUsers` = distinct features used that month, capped at seats. Limitation: the data
 *   set has no user ids, so "active users" is a stand-in measured in features.
 * - First value is reached on the date of the first snapshot on or after the contract date with
 *   active/licensed >= 10 % (the definition DOMAIN.md quotes); value targets use the segment defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
    addDays,
    SEGMENT_VALUE_TARGET_DAYS
} from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import type {
    AdoptionFacts,
    ArrChange,
    IsoDate,
    PortfolioPlanInput,
    Segment
} from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';

/** Share of licensed users active that counts as first value. */
export const FIRST_VALUE_USAGE_SHARE = 0.1;

export const TIER_SEGMENTS: Readonly<Record<string, Segment>> = {
    Enterprise: 'HighTouch',
    Pro: 'Guided',
    Basic: 'TechTouch'
};

export type CsvRow = Record<string, string>;

export interface RavenstackRows {
    accounts: CsvRow[];
    subscriptions: CsvRow[];
    churnEvents: CsvRow[];
    featureUsage: CsvRow[];
}

export interface UnmappedRow {
    file: string;
    id: string;
    reason: string;
}

export interface RavenstackMapping {
    plans: PortfolioPlanInput[];
    /** Account names by account id, for display. */
    accountNames: Map<string, string>;
    unmapped: UnmappedRow[];
}

const FILES: Record<keyof RavenstackRows, { file: string; columns: string[] }> = {
    accounts: { file: 'ravenstack_accounts.csv', columns: ['account_id', 'account_name', 'plan_tier', 'seats'] },
    subscriptions: {
        file: 'ravenstack_subscriptions.csv',
        columns: ['subscription_id', 'account_id', 'start_date', 'end_date', 'arr_amount', 'is_trial']
    },
    churnEvents: { file: 'ravenstack_churn_events.csv', columns: ['churn_event_id', 'account_id', 'churn_date'] },
    featureUsage: {
        file: 'ravenstack_feature_usage.csv',
        columns: ['usage_id', 'subscription_id', 'usage_date', 'feature_name']
    }
};

/**
 * Reads the four RavenStack CSV files of a folder.
 * @param dir the `ravenstack` folder
 * @throws Error naming the file when one is missing or lacks a needed column
 */
export function readRavenstack(dir: string): RavenstackRows {
    const read = (key: keyof RavenstackRows): CsvRow[] => {
        const { file, columns } = FILES[key];
        const rows = parse(readFileSync(join(dir, file), 'utf8'), {
            columns: true,
            skip_empty_lines: true,
            trim: true
        }) as CsvRow[];
        const missing = columns.filter((c) => rows.length > 0 && !(c in rows[0]));
        if (missing.length > 0) {
            throw new Error(`${file}: missing column(s) ${missing.join(', ')}; is this the RavenStack export?`);
        }
        return rows;
    };
    return {
        accounts: read('accounts'),
        subscriptions: read('subscriptions'),
        churnEvents: read('churnEvents'),
        featureUsage: read('featureUsage')
    };
}

function isPaid(sub: CsvRow): boolean {
    return sub.is_trial.toUpperCase() !== 'TRUE' && Number(sub.arr_amount) > 0;
}

function monthEnd(date: IsoDate): IsoDate {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    return addDays(next, -1);
}

function groupBy(rows: CsvRow[], key: string): Map<string, CsvRow[]> {
    const groups = new Map<string, CsvRow[]>();
    for (const row of rows) {
        const list = groups.get(row[key]);
        if (list) {
            list.push(row);
        } else {
            groups.set(row[key], [row]);
        }
    }
    return groups;
}

/** Monthly adoption snapshots per account from feature usage (see the header). */
function adoptionByAccount(
    rows: RavenstackRows,
    seats: Map<string, number>,
    unmapped: UnmappedRow[]
): Map<string, AdoptionFacts[]> {
    const accountOfSub = new Map(rows.subscriptions.map((s) => [s.subscription_id, s.account_id]));
    const features = new Map<string, Map<string, Set<string>>>();
    const actions = new Map<string, number>();
    for (const use of rows.featureUsage) {
        const account = accountOfSub.get(use.subscription_id);
        if (account === undefined || !seats.has(account)) {
            unmapped.push({
                file: FILES.featureUsage.file,
                id: use.usage_id,
                reason: `unknown subscription ${use.subscription_id}`
            });
            continue;
        }
        const month = monthEnd(use.usage_date);
        const months = features.get(account) ?? new Map<string, Set<string>>();
        features.set(account, months);
        const set = months.get(month) ?? new Set<string>();
        months.set(month, set.add(use.feature_name));
        actions.set(`${account}|${month}`, (actions.get(`${account}|${month}`) ?? 0) + (Number(use.usage_count) || 0));
    }
    const out = new Map<string, AdoptionFacts[]>();
    for (const [account, months] of features) {
        const licensed = seats.get(account) ?? 0;
        const snapshots = [...months.entries()]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([month, set]) => ({
                asOfDate: month,
                licensedUsers: licensed,
                activeUsers: Math.min(licensed, set.size),
                keyActions: actions.get(`${account}|${month}`) ?? 0
            }));
        out.set(account, snapshots);
    }
    return out;
}

function arrChangesOf(paid: CsvRow[], contract: IsoDate): ArrChange[] {
    const changes: ArrChange[] = [];
    for (const sub of paid) {
        if (sub.start_date > contract) {
            changes.push({ date: sub.start_date, amount: Number(sub.arr_amount) });
        }
        if (sub.end_date !== '') {
            changes.push({ date: sub.end_date, amount: -Number(sub.arr_amount) });
        }
    }
    return changes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.amount - b.amount));
}

/**
 * Turns RavenStack rows into engine portfolio inputs (mapping in the file header and docs/engine.md, section 9).
 * Rows that cannot be mapped are listed in `unmapped` with the reason, never dropped silently.
 * @param rows the four files' rows
 */
export function mapRavenstack(rows: RavenstackRows): RavenstackMapping {
    const unmapped: UnmappedRow[] = [];
    const seats = new Map(rows.accounts.map((a) => [a.account_id, Number(a.seats) || 0]));
    const subsByAccount = groupBy(rows.subscriptions, 'account_id');
    const churnByAccount = groupBy(rows.churnEvents, 'account_id');
    for (const [account, list] of [...subsByAccount, ...churnByAccount]) {
        if (!seats.has(account)) {
            unmapped.push({
                file: list[0].subscription_id ? FILES.subscriptions.file : FILES.churnEvents.file,
                id: account,
                reason: 'unknown account'
            });
        }
    }
    const adoption = adoptionByAccount(rows, seats, unmapped);
    const plans: PortfolioPlanInput[] = [];
    for (const account of rows.accounts) {
        const segment = TIER_SEGMENTS[account.plan_tier];
        const paid = (subsByAccount.get(account.account_id) ?? []).filter(isPaid);
        if (segment === undefined || paid.length === 0) {
            const reason = segment === undefined ? `unknown plan_tier "${account.plan_tier}"` : 'no paid subscription';
            unmapped.push({ file: FILES.accounts.file, id: account.account_id, reason });
            continue;
        }
        const contract = paid.reduce((min, s) => (s.start_date < min ? s.start_date : min), paid[0].start_date);
        const arr = paid.filter((s) => s.start_date === contract).reduce((sum, s) => sum + Number(s.arr_amount), 0);
        const churnDate =
            (churnByAccount.get(account.account_id) ?? [])
                .map((c) => c.churn_date)
                .filter((d) => d >= contract)
                .sort()[0] ?? null;
        const snapshots = adoption.get(account.account_id) ?? [];
        const firstValue = snapshots.find(
            (s) =>
                s.asOfDate >= contract &&
                s.licensedUsers > 0 &&
                s.activeUsers / s.licensedUsers >= FIRST_VALUE_USAGE_SHARE
        );
        const targets = SEGMENT_VALUE_TARGET_DAYS[segment];
        plans.push({
            plan: {
                id: account.account_id,
                accountId: account.account_id,
                segment,
                status: churnDate === null ? 'Active' : 'Churned',
                contractSignedDate: contract,
                kickoffDate: null,
                firstValueTargetDate: addDays(contract, targets.firstValue),
                firstValueAchievedDate: firstValue?.asOfDate ?? null,
                fullValueTargetDate: addDays(contract, targets.fullValue),
                fullValueAchievedDate: null,
                businessReviewDate: null,
                businessReviewHeldDate: null,
                churnDate,
                arr
            },
            milestones: [],
            adoption: snapshots,
            band: null,
            arrChanges: arrChangesOf(paid, contract)
        });
    }
    return { plans, accountNames: new Map(rows.accounts.map((a) => [a.account_id, a.account_name])), unmapped };
}

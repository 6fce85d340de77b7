/**
 * Portfolio metrics on the public RavenStack data set, checked against figures derived a different way: the CSV
 * rows go into SQLite (better-sqlite3) and plain SQL computes contract cohorts, 12-month NRR, onboarding-driven
 * churn and 90-day adoption from the raw rows, following docs/engine.md sections 6 and 9 but sharing no code
 * with the engine or the mapping module.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { mapRavenstack, readRavenstack } from '../../scripts/data/ravenstack-mapping.ts';
import type { RavenstackRows } from '../../scripts/data/ravenstack-mapping.ts';
import { portfolioMetrics } from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import type { PortfolioGroup } from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = process.env.LIFTOFF_DATA_DIR ?? resolve(root, '..', 'shared', 'data');
const ravenstackDir = join(dataDir, 'ravenstack');
const AS_OF = '2024-12-31';
const present = existsSync(join(ravenstackDir, 'ravenstack_subscriptions.csv'));

interface SqlGroup {
    grp: string;
    plans: number;
    churned: number;
    eligible: number;
    start_arr: number | null;
    end_arr: number | null;
    adoption: number | null;
}

function loadInto(db: Database.Database, rows: RavenstackRows): void {
    const tables: [string, Record<string, string>[]][] = [
        ['accounts', rows.accounts],
        ['subs', rows.subscriptions],
        ['churn', rows.churnEvents],
        ['usage', rows.featureUsage]
    ];
    for (const [name, list] of tables) {
        const columns = Object.keys(list[0]);
        db.exec(`CREATE TABLE ${name} (${columns.map((c) => `${c} TEXT`).join(', ')})`);
        const insert = db.prepare(`INSERT INTO ${name} VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
        db.transaction(() => list.forEach((row) => insert.run(row)))();
    }
    db.exec(`CREATE INDEX subs_account ON subs (account_id);
        CREATE INDEX subs_id ON subs (subscription_id);
        CREATE INDEX churn_account ON churn (account_id);
        CREATE TABLE usage_month AS
            SELECT s.account_id, date(substr(u.usage_date, 1, 7) || '-01', '+1 month', '-1 day') AS month_end,
                   COUNT(DISTINCT u.feature_name) AS features
            FROM usage u JOIN subs s ON s.subscription_id = u.subscription_id
            GROUP BY 1, 2;
        CREATE INDEX usage_month_account ON usage_month (account_id, month_end);`);
}

/** Per-account facts in SQL, then grouped by the expression given (cohort quarter, segment or 'total'). */
function sqlGroups(db: Database.Database, groupExpr: string): Map<string, SqlGroup> {
    const sql = `
        WITH paid AS (
            SELECT * FROM subs WHERE upper(is_trial) <> 'TRUE' AND CAST(arr_amount AS REAL) > 0
        ),
        acct AS (
            SELECT a.account_id, a.plan_tier, CAST(a.seats AS INTEGER) AS seats, MIN(p.start_date) AS cd
            FROM accounts a JOIN paid p ON p.account_id = a.account_id
            WHERE a.plan_tier IN ('Enterprise', 'Pro', 'Basic')
            GROUP BY a.account_id
        ),
        facts AS (
            SELECT acct.*,
                date(cd, '+365 days') AS end12,
                (SELECT SUM(CAST(arr_amount AS REAL)) FROM paid p WHERE p.account_id = acct.account_id AND p.start_date = acct.cd) AS start_arr,
                (SELECT COALESCE(SUM(CAST(arr_amount AS REAL)), 0) FROM paid p WHERE p.account_id = acct.account_id
                    AND p.start_date > acct.cd AND p.start_date <= date(acct.cd, '+365 days')) AS expansion,
                (SELECT COALESCE(SUM(CAST(arr_amount AS REAL)), 0) FROM paid p WHERE p.account_id = acct.account_id
                    AND p.end_date <> '' AND p.end_date > acct.cd AND p.end_date <= date(acct.cd, '+365 days')) AS contraction,
                (SELECT MIN(churn_date) FROM churn c WHERE c.account_id = acct.account_id AND c.churn_date >= acct.cd) AS churn_date,
                (SELECT MIN(month_end) FROM usage_month m WHERE m.account_id = acct.account_id AND m.month_end >= acct.cd
                    AND acct.seats > 0 AND MIN(m.features, acct.seats) * 1.0 / acct.seats >= 0.1) AS fv_date,
                (SELECT MIN(m.features, acct.seats) * 1.0 / acct.seats FROM usage_month m WHERE m.account_id = acct.account_id
                    AND acct.seats > 0 AND m.month_end <= date(acct.cd, '+90 days') ORDER BY m.month_end DESC LIMIT 1) AS adoption_at_90
            FROM acct
        ),
        judged AS (
            SELECT *,
                substr(cd, 1, 4) || '-Q' || ((CAST(substr(cd, 6, 2) AS INTEGER) - 1) / 3 + 1) AS cohort,
                CASE plan_tier WHEN 'Enterprise' THEN 'HighTouch' WHEN 'Pro' THEN 'Guided' ELSE 'TechTouch' END AS segment,
                (end12 <= @asOf AND start_arr > 0) AS eligible,
                CASE WHEN churn_date IS NOT NULL AND churn_date <= end12 THEN 0
                     ELSE MAX(0, start_arr + expansion - contraction) END AS end_arr,
                (churn_date IS NOT NULL AND churn_date <= @asOf AND (fv_date IS NULL OR fv_date > churn_date
                    OR julianday(churn_date) - julianday(cd) <= 180)) AS onboarding_churn,
                CASE WHEN date(cd, '+90 days') <= @asOf THEN adoption_at_90 END AS adoption90
            FROM facts
        )
        SELECT ${groupExpr} AS grp, COUNT(*) AS plans, SUM(onboarding_churn) AS churned, SUM(eligible) AS eligible,
               SUM(CASE WHEN eligible THEN start_arr END) AS start_arr, SUM(CASE WHEN eligible THEN end_arr END) AS end_arr,
               AVG(adoption90) AS adoption
        FROM judged GROUP BY grp`;
    const rows = db.prepare(sql).all({ asOf: AS_OF }) as SqlGroup[];
    return new Map(rows.map((r) => [r.grp, r]));
}

function assertGroupMatches(group: PortfolioGroup, expected: SqlGroup | undefined): void {
    assert.ok(expected, `SQL has no group ${group.key}`);
    const where = `group ${group.key}`;
    assert.equal(group.planCount, expected.plans, `${where}: plan count`);
    assert.equal(group.onboardingChurned, expected.churned, `${where}: onboarding-driven churn`);
    assert.equal(group.arr.plans, expected.eligible, `${where}: plans with 12 months for NRR`);
    assert.equal(group.arr.startArr, expected.start_arr ?? 0, `${where}: starting ARR`);
    assert.equal(group.arr.endArr, expected.end_arr ?? 0, `${where}: ARR after 12 months`);
    const nrr = expected.eligible > 0 ? (expected.end_arr ?? 0) / (expected.start_arr ?? 1) : null;
    assert.equal(group.nrr === null, nrr === null, `${where}: NRR present`);
    if (group.nrr !== null && nrr !== null) {
        assert.ok(Math.abs(group.nrr - nrr) <= 0.00005 + 1e-12, `${where}: NRR ${group.nrr} vs ${nrr}`);
    }
    assert.equal(group.adoption90 === null, expected.adoption === null, `${where}: 90-day adoption present`);
    if (group.adoption90 !== null && expected.adoption !== null) {
        assert.ok(
            Math.abs(group.adoption90 - expected.adoption) <= 0.00005 + 1e-12,
            `${where}: adoption ${group.adoption90} vs ${expected.adoption}`
        );
    }
}

test('RavenStack cohort NRR, onboarding churn and counts match an independent SQL derivation', (t) => {
    if (!present) {
        t.skip(`skipped: LIFTOFF_DATA_DIR ravenstack files not found in ${ravenstackDir}`);
        return;
    }
    const rows = readRavenstack(ravenstackDir);
    const mapping = mapRavenstack(rows);
    const metrics = portfolioMetrics(mapping.plans, AS_OF, 'quarter');
    const db = new Database(':memory:');
    loadInto(db, rows);

    const byCohort = sqlGroups(db, 'cohort');
    const bySegment = sqlGroups(db, 'segment');
    const total = sqlGroups(db, "'total'");
    const unpaid = db
        .prepare(
            `SELECT COUNT(*) AS n FROM accounts WHERE account_id NOT IN
            (SELECT account_id FROM subs WHERE upper(is_trial) <> 'TRUE' AND CAST(arr_amount AS REAL) > 0)`
        )
        .get() as { n: number };

    assert.equal(mapping.plans.length + unpaid.n, rows.accounts.length, 'every account is mapped or reported');
    assert.equal(mapping.unmapped.filter((u) => u.reason === 'no paid subscription').length, unpaid.n);
    assert.deepEqual(
        metrics.byCohort.map((g) => g.key),
        [...byCohort.keys()].sort()
    );
    metrics.byCohort.forEach((g) => assertGroupMatches(g, byCohort.get(g.key)));
    metrics.bySegment.forEach((g) => assertGroupMatches(g, bySegment.get(g.key)));
    assertGroupMatches(metrics.total, total.get('total'));
    assert.ok(
        metrics.total.arr.plans > 100,
        'enough plans have 12 months of history to make the comparison meaningful'
    );
    assert.ok(metrics.total.onboardingChurned > 0, 'some onboarding-driven churn is present');
    db.close();
});

test('the mapping reports unknown subscriptions and tiers instead of dropping them', () => {
    const rows: RavenstackRows = {
        accounts: [
            { account_id: 'A1', account_name: 'One', plan_tier: 'Pro', seats: '10' },
            { account_id: 'A2', account_name: 'Two', plan_tier: 'Platinum', seats: '5' },
            { account_id: 'A3', account_name: 'Three', plan_tier: 'Basic', seats: '5' }
        ],
        subscriptions: [
            {
                subscription_id: 'S1',
                account_id: 'A1',
                start_date: '2024-01-05',
                end_date: '',
                arr_amount: '1200',
                is_trial: 'FALSE'
            },
            {
                subscription_id: 'S2',
                account_id: 'A1',
                start_date: '2024-03-01',
                end_date: '2024-09-30',
                arr_amount: '600',
                is_trial: 'FALSE'
            },
            {
                subscription_id: 'S3',
                account_id: 'A2',
                start_date: '2024-01-05',
                end_date: '',
                arr_amount: '100',
                is_trial: 'FALSE'
            },
            {
                subscription_id: 'S4',
                account_id: 'A3',
                start_date: '2024-01-05',
                end_date: '',
                arr_amount: '0',
                is_trial: 'TRUE'
            }
        ],
        churnEvents: [{ churn_event_id: 'C1', account_id: 'A1', churn_date: '2024-01-01' }],
        featureUsage: [
            { usage_id: 'U1', subscription_id: 'S1', usage_date: '2024-02-10', feature_name: 'f1', usage_count: '3' },
            { usage_id: 'U2', subscription_id: 'S1', usage_date: '2024-02-11', feature_name: 'f2', usage_count: '2' },
            { usage_id: 'U3', subscription_id: 'S9', usage_date: '2024-02-11', feature_name: 'f2', usage_count: '1' }
        ]
    };

    const mapping = mapRavenstack(rows);

    assert.deepEqual(
        mapping.unmapped.map((u) => `${u.id}: ${u.reason}`),
        ['U3: unknown subscription S9', 'A2: unknown plan_tier "Platinum"', 'A3: no paid subscription']
    );
    assert.equal(mapping.plans.length, 1);
    const [only] = mapping.plans;
    assert.equal(only.plan.segment, 'Guided');
    assert.equal(only.plan.contractSignedDate, '2024-01-05');
    assert.equal(only.plan.arr, 1200);
    assert.equal(only.plan.churnDate, null, 'a churn event before the contract is not this plan\u2019s churn');
    assert.equal(only.plan.firstValueAchievedDate, '2024-02-29', 'two of ten seats active in February reaches 10 %');
    assert.deepEqual(only.arrChanges, [
        { date: '2024-03-01', amount: 600 },
        { date: '2024-09-30', amount: -600 }
    ]);
    assert.deepEqual(only.adoption, [{ asOfDate: '2024-02-29', licensedUsers: 10, activeUsers: 2, keyActions: 5 }]);
});

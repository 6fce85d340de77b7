/**
 * End to end: the workbench bundle in headless Debian Chromium against the
 * workbench server. Completing a milestone in the mutual plan changes health
 * and alerts; hostile text renders as text (F16); the portfolio of the
 * RavenStack import matches figures this test derives from the CSVs itself.
 * Screenshots of each page go to screenshots/ (git ignores them; docs/screenshots/ holds committed copies).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { evaluateAlerts, scoreHealth } from '../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import { escalationRules, healthModels, loadBundle, planAsOf } from '../../scripts/workbench/automation.ts';
import type { Clock } from '../../scripts/workbench/automation.ts';
import type { WorkbenchDb } from '../../scripts/workbench/db.ts';
import { importFolder } from '../../scripts/workbench/load.ts';
import { createWorkbenchServer } from '../../scripts/workbench/server.ts';
import { prepareBundle } from '../../scripts/workbench/start.ts';
import { HOSTILE_STRINGS } from '../../scripts/data/generate-sample.ts';
import type { PortfolioDto } from '../../types/dto.d.ts';
import { ROOT, SAMPLE_DIR, freshDb, metadata, pinnedClock, publicData, skipMessage } from '../workbench/helpers.ts';
import { browserMissing, openBrowser } from './browser.ts';

const WWW = join(ROOT, '.workbench', 'www');
const SHOTS = join(ROOT, 'screenshots');

interface Running {
    db: WorkbenchDb;
    server: Server;
    base: string;
    clock: Clock;
}

async function serve(db: WorkbenchDb, clock: Clock): Promise<Running> {
    const server = createWorkbenchServer({ db, clock, wwwDir: WWW, root: ROOT });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return { db, server, clock, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/**
 * A plan and one of its open milestones whose completion today both
 * changes the score and resolves an open alert, found with the engine so the
 * test does not depend on which sample row happens to qualify.
 */
function milestoneThatMatters(
    db: WorkbenchDb,
    clock: Clock
): { planId: string; accountId: string; milestoneId: string; resolvedKey: string } {
    const rules = escalationRules(db);
    const models = healthModels(db);
    for (const plan of db.all(
        `SELECT Id, Account__c, TimeZone__c FROM OnboardingPlan__c WHERE Status__c = 'Active' ORDER BY Id`
    )) {
        const planId = String(plan.Id);
        const asOf = planAsOf(clock, plan.TimeZone__c === null ? null : String(plan.TimeZone__c));
        const bundle = loadBundle(db, planId);
        const model = models.find((m) => m.segment === bundle.plan.segment);
        if (!model) continue;
        const openAlerts = db.all(
            `SELECT DedupeKey__c FROM OnboardingAlert__c WHERE OnboardingPlan__c = ? AND Status__c = 'Open'`,
            planId
        );
        const existing = openAlerts.map((row) => ({
            dedupeKey: String(row.DedupeKey__c),
            status: 'Open' as const,
            snoozedUntil: null
        }));
        const before = scoreHealth(bundle, model, asOf).score;
        const open = bundle.milestones.filter(
            (m) => m.status !== 'Completed' && m.status !== 'Skipped' && m.targetDate !== null
        );
        for (const milestone of open) {
            // The server stamps the achieved date of a value milestone on completion; the simulation does the same.
            const achieved = (marker: string, current: string | null): string | null =>
                milestone.valueMarker === marker && current === null ? asOf : current;
            const changed = {
                ...bundle,
                plan: {
                    ...bundle.plan,
                    firstValueAchievedDate: achieved('FirstValue', bundle.plan.firstValueAchievedDate),
                    fullValueAchievedDate: achieved('FullValue', bundle.plan.fullValueAchievedDate)
                },
                milestones: bundle.milestones.map((m) =>
                    m.id === milestone.id ? { ...m, status: 'Completed' as const, completedDate: asOf } : m
                )
            };
            const health = scoreHealth(changed, model, asOf);
            const resolved = evaluateAlerts(changed, health, rules, asOf, existing, model).resolve;
            if (resolved.length > 0 && health.score !== before) {
                return {
                    planId,
                    accountId: String(plan.Account__c),
                    milestoneId: milestone.id,
                    resolvedKey: resolved[0]
                };
            }
        }
    }
    throw new Error('No active plan has an open milestone whose completion changes both health and an alert.');
}

/**
 * Waits until `read` returns something other than `before`, polling through Playwright
 * locators (synthetic shadow hides component internals from document.querySelector).
 */
async function changed<T>(read: () => Promise<T>, before: T, what: string): Promise<T> {
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
        const now = await read();
        if (JSON.stringify(now) !== JSON.stringify(before)) return now;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} did not change from ${JSON.stringify(before)} within 15 s`);
}

/** The shown health score, or `fallback` while the component is between renders. */
async function shownScore(page: Page, fallback: string): Promise<string> {
    const text = (await page.locator('c-onboarding-health .score').allInnerTexts())[0]?.trim();
    return text && /\d/.test(text) ? text : fallback;
}

async function texts(page: Page, selector: string): Promise<string[]> {
    return (await page.locator(selector).allInnerTexts()).map((text) => text.trim());
}

/** Completes one milestone through the mutual plan's edit mode, as a CSM would. */
async function completeMilestone(page: Page, milestoneId: string): Promise<void> {
    await page.locator('c-mutual-plan .edit-button button').click();
    const combobox = page.locator(`c-mutual-plan lightning-combobox[data-id="${milestoneId}"][data-field="status"]`);
    await combobox.locator('[role="combobox"]').first().click();
    await combobox.locator('lightning-base-combobox-item[data-value="Completed"]').click();
    await page.locator('c-mutual-plan .save-button button').click();
}

async function expectLiteralText(page: Page, text: string): Promise<void> {
    const found = await page.evaluate((wanted) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.textContent?.includes(wanted)) return true;
        }
        return false;
    }, text);
    assert.ok(found, `the literal text ${JSON.stringify(text)} is on the page`);
}

const skipBrowser = browserMissing();

describe('workbench in headless Chromium', { skip: skipBrowser ?? false }, () => {
    before(async () => {
        mkdirSync(SHOTS, { recursive: true });
        await prepareBundle(metadata(), WWW, () => undefined);
    });

    describe('with the sample data', () => {
        let run: Running;
        before(async () => {
            const clock = pinnedClock('2026-11-30');
            const db = freshDb(true);
            importFolder(db, SAMPLE_DIR, clock, { allowRejects: false });
            run = await serve(db, clock);
        });
        after(() => {
            run.server.close();
            run.db.close();
        });

        it('completing a milestone on the Account page changes health and resolves an alert', async () => {
            const target = milestoneThatMatters(run.db, run.clock);
            const alertRule = String(
                run.db.one('SELECT Rule__c FROM OnboardingAlert__c WHERE DedupeKey__c = ?', target.resolvedKey)?.Rule__c
            );
            const browser = await openBrowser();
            try {
                const { page } = browser;
                await page.goto(`${run.base}/#/Account/${target.accountId}`);
                await page.locator('c-onboarding-health .score').waitFor();
                await page.locator(`c-mutual-plan li[data-id="${target.milestoneId}"]`).waitFor();
                const scoreBefore = (await texts(page, 'c-onboarding-health .score'))[0];
                const alertsBefore = await page.locator('c-onboarding-health li.alert').count();
                await page.screenshot({ path: join(SHOTS, 'account.png'), fullPage: true });

                await completeMilestone(page, target.milestoneId);
                const scoreAfter = await changed(() => shownScore(page, scoreBefore), scoreBefore, 'the health score');
                await changed(
                    () => page.locator('c-onboarding-health li.alert').count(),
                    alertsBefore,
                    'the number of alerts shown'
                );
                assert.match(scoreAfter, /\d/, 'a score is shown after the change');
                await page.locator('wb-shell .toast-title').first().waitFor();
                assert.ok((await texts(page, 'wb-shell .toast-title')).length > 0, 'the save showed a toast');
                assert.equal(
                    run.db.one('SELECT Status__c FROM OnboardingAlert__c WHERE DedupeKey__c = ?', target.resolvedKey)
                        ?.Status__c,
                    'Resolved',
                    `${alertRule} resolved`
                );
                assert.equal(run.db.get('OnboardingMilestone__c', target.milestoneId)?.Status__c, 'Completed');
                assert.deepEqual(browser.pageErrors, []);
            } finally {
                await browser.close();
            }
        });

        it('shows hostile Opportunity text literally and runs none of it (F16)', async () => {
            const hostile = run.db.one(
                'SELECT Id, AccountId FROM Opportunity WHERE Description = ? LIMIT 1',
                HOSTILE_STRINGS[0]
            );
            assert.ok(hostile, 'the sample holds an Opportunity with a markup payload');
            const browser = await openBrowser();
            try {
                const { page } = browser;
                const title = 'Liftoff workbench';
                await page.goto(`${run.base}/#/Opportunity/${String(hostile.Id)}`);
                await page.locator('.record-description').waitFor();
                assert.equal((await texts(page, '.record-description'))[0], HOSTILE_STRINGS[0]);
                await page.locator('c-discovery-handoff').waitFor();
                await page.waitForTimeout(1000);
                await page.screenshot({ path: join(SHOTS, 'opportunity.png'), fullPage: true });
                for (const text of HOSTILE_STRINGS) {
                    const opportunity = run.db.one('SELECT Id FROM Opportunity WHERE Description = ? LIMIT 1', text);
                    if (!opportunity) continue;
                    await page.goto(`${run.base}/#/Opportunity/${String(opportunity.Id)}`);
                    await page.locator('.record-description').waitFor();
                    await expectLiteralText(page, text);
                }
                assert.equal(await page.locator('img[src="x"]').count(), 0, 'no image element was made from the text');
                assert.equal(await page.title(), title, 'no script changed the title');
                assert.deepEqual(browser.dialogs, [], 'no alert dialog opened');
                assert.deepEqual(browser.pageErrors, []);
            } finally {
                await browser.close();
            }
        });

        it('renders the portfolio and the playbook editor, and switches roles', async () => {
            const browser = await openBrowser();
            try {
                const { page } = browser;
                await page.goto(`${run.base}/#/portfolio`);
                await page.locator('c-portfolio-health table.metrics tbody tr').first().waitFor();
                const total = run.db.count('OnboardingPlan__c');
                const rows = await texts(page, 'c-portfolio-health table.metrics tbody tr td:nth-child(2)');
                assert.ok(rows.includes(String(total)), `the total of ${total} plans is shown (${rows.join(', ')})`);
                await page.waitForTimeout(1000);
                await page.screenshot({ path: join(SHOTS, 'portfolio.png'), fullPage: true });

                // Navigation: the at-risk drill-down opens the Account record page.
                const atRisk = page.locator('c-portfolio-health li.at-risk-plan lightning-button').first();
                const accountId = await atRisk.getAttribute('data-id');
                await atRisk.locator('button').click();
                await page.waitForURL(`**/#/Account/${accountId ?? ''}`);
                await page.locator('.record-name').waitFor();
                assert.equal(
                    (await texts(page, '.record-name'))[0],
                    String(run.db.get('Account', accountId ?? '')?.Name)
                );

                await page.goto(`${run.base}/#/playbooks`);
                await page.locator('wb-playbook-editor lightning-datatable').waitFor();
                await page.waitForTimeout(500);
                await page.screenshot({ path: join(SHOTS, 'playbooks.png'), fullPage: true });

                await page.goto(`${run.base}/#/accounts`);
                await page.locator('.account-link').first().waitFor();
                await page.screenshot({ path: join(SHOTS, 'accounts.png') });
                await page.locator('.role-select [role="combobox"]').first().click();
                await Promise.all([
                    page.waitForEvent('load'),
                    page.locator('.role-select lightning-base-combobox-item[data-value="LiftoffExecutive"]').click()
                ]);
                const context = JSON.parse((await page.locator('#liftoff-context').textContent()) ?? '{}') as {
                    role: string;
                };
                assert.equal(context.role, 'LiftoffExecutive');
                assert.deepEqual(browser.pageErrors, []);
            } finally {
                await browser.close();
            }
        });
    });

    it('imports apex-recipes, completes a milestone and shows its hostile strings as text', async (t) => {
        const dir = publicData('apex-recipes');
        if (!dir) return t.skip(skipMessage('apex-recipes'));
        const clock = pinnedClock('2021-03-01');
        const db = freshDb(true);
        importFolder(
            db,
            dir,
            clock,
            { allowRejects: true, stageMap: { 'Closed/Won': 'Closed Won' } },
            { playbooksFrom: SAMPLE_DIR }
        );
        const run = await serve(db, clock);
        const browser = await openBrowser();
        try {
            const target = milestoneThatMatters(db, clock);
            const { page } = browser;
            await page.goto(`${run.base}/#/Account/${target.accountId}`);
            await page.locator('c-onboarding-health .score').waitFor();
            await page.locator(`c-mutual-plan li[data-id="${target.milestoneId}"]`).waitFor();
            const scoreBefore = (await texts(page, 'c-onboarding-health .score'))[0];
            await completeMilestone(page, target.milestoneId);
            await changed(() => shownScore(page, scoreBefore), scoreBefore, 'the health score');
            assert.equal(
                db.one('SELECT Status__c FROM OnboardingAlert__c WHERE DedupeKey__c = ?', target.resolvedKey)
                    ?.Status__c,
                'Resolved'
            );

            const hostile = db.all(
                `SELECT Id, Description FROM Opportunity WHERE Description LIKE '%<img%' OR Description LIKE '%DROP TABLE%' OR Description LIKE '%etc/passwd%'`
            );
            assert.ok(hostile.length > 0, 'apex-recipes holds hostile descriptions');
            for (const row of hostile) {
                await page.goto(`${run.base}/#/Opportunity/${String(row.Id)}`);
                await page.locator('.record-description').waitFor();
                assert.equal((await texts(page, '.record-description'))[0], String(row.Description).trim());
            }
            assert.equal(await page.locator('img[src="x"]').count(), 0);
            assert.deepEqual(browser.dialogs, []);
        } finally {
            await browser.close();
            run.server.close();
            db.close();
        }
    });

    it('imports RavenStack and shows portfolio figures equal to an independent count over the CSVs', async (t) => {
        const dir = publicData('ravenstack');
        if (!dir) return t.skip(skipMessage('ravenstack'));
        const today = '2025-06-30';
        const csv = (file: string): Record<string, string>[] =>
            parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
                string,
                string
            >[];
        const subscriptions = csv('ravenstack_subscriptions.csv').filter(
            (s) => s.is_trial.toUpperCase() !== 'TRUE' && Number(s.arr_amount) > 0
        );
        const churn = csv('ravenstack_churn_events.csv');
        const tiers: Record<string, string> = { Enterprise: 'HighTouch', Pro: 'Guided', Basic: 'TechTouch' };
        const expected: Record<string, number> = {};
        let startArr = 0;
        let endArr = 0;
        for (const account of csv('ravenstack_accounts.csv')) {
            const paid = subscriptions.filter((s) => s.account_id === account.account_id);
            if (paid.length === 0) continue;
            expected[tiers[account.plan_tier]] = (expected[tiers[account.plan_tier]] ?? 0) + 1;
            const contract = paid.map((s) => s.start_date).sort()[0];
            const arr = paid.filter((s) => s.start_date === contract).reduce((sum, s) => sum + Number(s.arr_amount), 0);
            const yearLater = new Date(Date.parse(`${contract}T00:00:00Z`) + 365 * 86400000).toISOString().slice(0, 10);
            if (yearLater > today) continue;
            const churnedInYear = churn.some(
                (c) => c.account_id === account.account_id && c.churn_date >= contract && c.churn_date <= yearLater
            );
            const inYear = (day: string): boolean => day !== '' && day > contract && day <= yearLater;
            const expansion = paid
                .filter((s) => inYear(s.start_date))
                .reduce((sum, s) => sum + Number(s.arr_amount), 0);
            const contraction = paid
                .filter((s) => inYear(s.end_date))
                .reduce((sum, s) => sum + Number(s.arr_amount), 0);
            startArr += arr;
            endArr += churnedInYear ? 0 : Math.max(0, arr + expansion - contraction);
        }
        const clock = pinnedClock(today);
        const db = freshDb(true);
        importFolder(db, dir, clock, { allowRejects: false });
        const run = await serve(db, clock);
        const browser = await openBrowser();
        try {
            const response = await fetch(`${run.base}/api/apex/PortfolioController.getPortfolio`, {
                method: 'POST',
                headers: { Cookie: 'liftoff_role=LiftoffExecutive' },
                body: JSON.stringify({ filter: { segment: null, cohortGrain: 'quarter', search: null } })
            });
            const portfolio = (await response.json()) as PortfolioDto;
            assert.deepEqual(Object.fromEntries(portfolio.bySegment.map((g) => [g.key, g.planCount])), expected);
            assert.equal(
                portfolio.total.nrr,
                Math.floor((endArr / startArr) * 10000 + 0.5 + 1e-9) / 10000,
                'NRR from starting ARR, won expansion and contraction Opportunities, and churn'
            );
            assert.equal(portfolio.total.completionRate, 0, 'no RavenStack plan is completed');

            const { page } = browser;
            await page.context().addCookies([{ name: 'liftoff_role', value: 'LiftoffExecutive', url: run.base }]);
            await page.goto(`${run.base}/#/portfolio`);
            await page.locator('c-portfolio-health table.metrics tbody tr[data-key="HighTouch"]').waitFor();
            for (const [segment, count] of Object.entries(expected)) {
                assert.equal(
                    (
                        await texts(page, `c-portfolio-health table.metrics tr[data-key="${segment}"] td:nth-child(2)`)
                    )[0],
                    String(count),
                    segment
                );
            }
            await page.waitForTimeout(1000);
            await page.screenshot({ path: join(SHOTS, 'portfolio-ravenstack.png'), fullPage: true });
            assert.deepEqual(browser.pageErrors, []);
        } finally {
            await browser.close();
            run.server.close();
            db.close();
        }
    });
});

if (skipBrowser) {
    it('browser tests', (t) => t.skip(`skipped: ${skipBrowser}`));
}

/**
 * Benchmark: the package components on the workbench build in headless
 * Chromium. The mutual plan with 300 milestones and the stakeholder map with
 * 250 stakeholders, first render and re-render after one edit, each next to
 * a plain lightning-datatable showing the same rows through the same Apex
 * methods, measured in the same run (median of several runs). Prints figures
 * and ratios; never asserts timings.
 *
 *   npm run bench -- components
 */
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserMissing, openBrowser } from '../../test/e2e/browser.ts';
import { rescorePlan } from '../workbench/automation.ts';
import { ROOT } from '../workbench/build.ts';
import { WorkbenchDb } from '../workbench/db.ts';
import { readPackageMetadata } from '../workbench/metadata.ts';
import { createWorkbenchServer, ensureRoleUsers } from '../workbench/server.ts';
import { prepareBundle } from '../workbench/start.ts';

const RUNS = 5;
const MILESTONES = 300;
const STAKEHOLDERS = 250;
const PHASES = ['Kickoff', 'Setup', 'Integration', 'Enablement', 'GoLive', 'Adoption', 'Review'];
const BUYING = ['Signer', 'EconomicBuyer', 'Champion', 'VetoHolder', 'TechnicalEvaluator', 'EndUser', 'None'];
const ONBOARDING = ['ExecutiveSponsor', 'ProjectLead', 'Admin', 'Trainer', 'EndUser', 'None'];

const missing = browserMissing();
if (missing) {
    console.log(`components: skipped: ${missing}`);
    process.exit(0);
}

const clock = { now: () => new Date('2026-11-30T12:00:00Z') };
const metadata = readPackageMetadata(join(ROOT, 'force-app', 'main', 'default'));

/** One Account with a plan of 300 milestones and 250 stakeholders. */
function seed(db: WorkbenchDb): { accountId: string; planId: string } {
    return db.transaction(() => {
        const accountId = db.insert('Account', { Name: 'Benchmark Industries' });
        const planId = db.insert('OnboardingPlan__c', {
            Name: 'Benchmark plan',
            Account__c: accountId,
            Segment__c: 'HighTouch',
            Status__c: 'Active',
            ContractSignedDate__c: '2026-06-01',
            KickoffDate__c: '2026-06-08',
            TimeZone__c: 'UTC'
        });
        for (let i = 0; i < MILESTONES; i += 1) {
            const target = new Date(Date.UTC(2026, 5, 8 + i)).toISOString().slice(0, 10);
            const done = target < '2026-11-01';
            db.insert('OnboardingMilestone__c', {
                Name: `Milestone ${i + 1}`,
                OnboardingPlan__c: planId,
                Sequence__c: i + 1,
                Phase__c: PHASES[Math.floor((i * PHASES.length) / MILESTONES)],
                OwnerSide__c: ['Vendor', 'Customer', 'Joint'][i % 3],
                TargetDate__c: target,
                CompletedDate__c: done ? target : null,
                Status__c: done ? 'Completed' : 'NotStarted',
                ValueMarker__c: i === 40 ? 'FirstValue' : i === 200 ? 'FullValue' : 'None',
                SlipCause__c: 'None'
            });
        }
        for (let i = 0; i < STAKEHOLDERS; i += 1) {
            const contactId = db.insert('Contact', {
                FirstName: `Person`,
                LastName: `Number ${String(i + 1).padStart(3, '0')}`,
                Title: 'Analyst',
                AccountId: accountId
            });
            db.insert('OnboardingStakeholder__c', {
                OnboardingPlan__c: planId,
                Contact__c: contactId,
                BuyingRole__c: BUYING[i % BUYING.length],
                OnboardingRole__c: ONBOARDING[i % ONBOARDING.length],
                Stance__c: 'Neutral',
                Influence__c: 'Medium',
                EnablementStatus__c: 'NotStarted',
                MeetingsInvited__c: 4,
                MeetingsAttended__c: 2,
                LastEngagedDate__c: '2026-11-20',
                UniqueKey__c: `${planId}:${contactId}`.slice(0, 40)
            });
        }
        rescorePlan(db, planId, clock);
        return { accountId, planId };
    });
}

/**
 * Polls from Node with Playwright locators, because synthetic shadow hides
 * component internals from document.querySelectorAll inside the page. Times
 * are the page's own clock (performance.now) at the start and at the first
 * poll that sees the result; polls are a few milliseconds apart.
 */
async function pollUntil(page: Page, done: () => Promise<boolean>): Promise<number> {
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
        if (await done()) return page.evaluate(() => performance.now());
    }
    throw new Error('the page did not reach the expected state within 60 s');
}

/** Milliseconds from setting the route until at least `min` rows matching `selector` exist. */
async function firstRender(page: Page, hash: string, selector: string, min: number): Promise<number> {
    await page.evaluate(() => {
        window.location.hash = '#/accounts';
    });
    await page.locator('.account-link').first().waitFor();
    const began = await page.evaluate((route) => {
        const now = performance.now();
        window.location.hash = route;
        return now;
    }, hash);
    const rows = page.locator(selector);
    return (await pollUntil(page, async () => (await rows.count()) >= min)) - began;
}

/** Saves one edit through Apex (not timed), then times the refresh until `selector` shows `text`. */
async function reRender(
    page: Page,
    method: string,
    row: Record<string, unknown>,
    selector: string,
    text: string
): Promise<number> {
    const began = await page.evaluate(
        async ([apex, edit]) => {
            const response = await fetch(`/api/apex/${apex}`, {
                method: 'POST',
                body: JSON.stringify({ rows: [edit] })
            });
            if (!response.ok) throw new Error(`${apex}: ${await response.text()}`);
            const now = performance.now();
            document.dispatchEvent(new CustomEvent('lightning__refresh'));
            return now;
        },
        [method, row] as const
    );
    const target = page.locator(selector).first();
    return (await pollUntil(page, async () => ((await target.textContent()) ?? '').includes(text))) - began;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main(): Promise<void> {
    console.log('components: preparing the workbench bundle');
    await prepareBundle(metadata, join(ROOT, '.workbench', 'www'), (line) => console.log(`  ${line}`));
    const db = new WorkbenchDb(join(mkdtempSync(join(tmpdir(), 'liftoff-bench-')), 'bench.db'), metadata);
    db.recreate();
    ensureRoleUsers(db);
    const { planId } = seed(db);
    const server: Server = createWorkbenchServer({ db, clock, wwwDir: join(ROOT, '.workbench', 'www'), root: ROOT });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const browser = await openBrowser();
    const page = browser.page;
    page.on('pageerror', (error) => console.log(`  page error: ${error.message}`));
    await page.goto(`${base}/#/accounts`);
    await page.locator('.account-link').first().waitFor();

    const milestoneId = String(
        db.one('SELECT Id FROM OnboardingMilestone__c WHERE OnboardingPlan__c = ? ORDER BY Sequence__c LIMIT 1', planId)
            ?.Id
    );
    const stakeholderId = String(
        db.one(
            `SELECT s.Id FROM OnboardingStakeholder__c s JOIN Contact c ON c.Id = s.Contact__c WHERE s.OnboardingPlan__c = ? ORDER BY c.Name, s.Id LIMIT 1`,
            planId
        )?.Id
    );
    const stanceLabel = (value: string): string =>
        db.field('OnboardingStakeholder__c', 'Stance__c')?.picklist?.find((entry) => entry.value === value)?.label ??
        value;
    const cases = [
        {
            name: `mutualPlan, ${MILESTONES} milestones`,
            component: {
                hash: `#/bench/mutualPlan/${planId}`,
                rows: `c-mutual-plan li[data-id]`,
                min: MILESTONES,
                row: `c-mutual-plan li[data-id="${milestoneId}"]`
            },
            table: {
                hash: `#/bench/milestones/${planId}`,
                rows: 'wb-bench-table tbody tr',
                min: MILESTONES,
                row: `wb-bench-table tr[data-row-key-value="${milestoneId}"]`
            },
            edit: (run: number) => ({
                method: 'MutualPlanController.saveMilestones',
                row: { id: milestoneId, name: `Renamed ${run}` },
                text: `Renamed ${run}`
            })
        },
        {
            name: `stakeholderMap, ${STAKEHOLDERS} stakeholders (the map pages; the table shows all)`,
            component: {
                hash: `#/bench/stakeholderMap/${planId}`,
                rows: `c-stakeholder-map li[data-id]`,
                min: 1,
                row: `c-stakeholder-map li[data-id="${stakeholderId}"]`
            },
            table: {
                hash: `#/bench/stakeholders/${planId}`,
                rows: 'wb-bench-table tbody tr',
                min: STAKEHOLDERS,
                row: `wb-bench-table tr[data-row-key-value="${stakeholderId}"]`
            },
            edit: (run: number) => {
                const stance = run % 2 === 0 ? 'Blocker' : 'Advocate';
                return {
                    method: 'StakeholderMapController.saveStakeholders',
                    row: { id: stakeholderId, stance },
                    text: stanceLabel(stance)
                };
            }
        }
    ];
    // The stakeholder map shows one page; a warm-up render tells how many cards that page has.
    await page.evaluate((hash) => {
        window.location.hash = hash;
    }, cases[1].component.hash);
    await page.locator(cases[1].component.row).first().waitFor();
    await page.waitForTimeout(1000);
    cases[1].component.min = await page.locator(cases[1].component.rows).count();
    let run = 0;
    for (const item of cases) {
        const timings = {
            componentFirst: [] as number[],
            tableFirst: [] as number[],
            componentEdit: [] as number[],
            tableEdit: [] as number[]
        };
        for (let i = 0; i < RUNS; i += 1) {
            timings.componentFirst.push(
                await firstRender(page, item.component.hash, item.component.rows, item.component.min)
            );
            run += 1;
            let edit = item.edit(run);
            timings.componentEdit.push(await reRender(page, edit.method, edit.row, item.component.row, edit.text));
            timings.tableFirst.push(await firstRender(page, item.table.hash, item.table.rows, item.table.min));
            run += 1;
            edit = item.edit(run);
            timings.tableEdit.push(await reRender(page, edit.method, edit.row, item.table.row, edit.text));
        }
        const first = median(timings.componentFirst);
        const firstBase = median(timings.tableFirst);
        const edit = median(timings.componentEdit);
        const editBase = median(timings.tableEdit);
        console.log(`\n${item.name} (median of ${RUNS})`);
        console.log(
            `  first render:         component ${first.toFixed(0)} ms, datatable ${firstBase.toFixed(0)} ms, ratio ${(first / firstBase).toFixed(2)}x`
        );
        console.log(
            `  re-render after edit: component ${edit.toFixed(0)} ms, datatable ${editBase.toFixed(0)} ms, ratio ${(edit / editBase).toFixed(2)}x`
        );
    }
    console.log('\n(times include the Apex round trip to the local server, the same for both sides)');
    await browser.close();
    server.close();
    db.close();
}

main().catch((error: unknown) => {
    console.error(`components: ${(error as Error).message}`);
    process.exit(1);
});

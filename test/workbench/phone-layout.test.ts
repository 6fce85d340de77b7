/**
 * The workbench shell on a phone-sized screen (390 x 844): nothing runs past
 * the right edge, the header's parts do not overlap, and the Account header's
 * fields sit inside the grey header card. Runs in headless Debian Chromium.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { WorkbenchDb } from '../../scripts/workbench/db.ts';
import { importFolder } from '../../scripts/workbench/load.ts';
import { createWorkbenchServer } from '../../scripts/workbench/server.ts';
import { prepareBundle } from '../../scripts/workbench/start.ts';
import { browserMissing, openBrowser } from '../e2e/browser.ts';
import type { BrowserSession } from '../e2e/browser.ts';
import { ROOT, SAMPLE_DIR, freshDb, metadata, pinnedClock } from './helpers.ts';

const WWW = join(ROOT, '.workbench', 'www');
const WIDTH = 390;

interface Box {
    x: number;
    y: number;
    width: number;
    height: number;
}

async function box(page: Page, selector: string): Promise<Box> {
    const found = await page.locator(selector).first().boundingBox();
    assert.ok(found, `${selector} is on the page`);
    return found;
}

function overlaps(a: Box, b: Box): boolean {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the workbench shell on a 390 px wide phone', { skip: browserMissing() ?? false }, () => {
    let db: WorkbenchDb;
    let server: Server;
    let base = '';
    let browser: BrowserSession;

    before(async () => {
        await prepareBundle(metadata(), WWW, () => undefined);
        db = freshDb(true);
        importFolder(db, SAMPLE_DIR, pinnedClock('2026-11-30'), { allowRejects: false });
        server = createWorkbenchServer({ db, clock: pinnedClock('2026-11-30'), wwwDir: WWW, root: ROOT });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const address = server.address();
        base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        browser = await openBrowser();
        await browser.page.setViewportSize({ width: WIDTH, height: 844 });
    });

    after(async () => {
        await browser?.close();
        server?.close();
        db?.close();
    });

    it('keeps the Accounts page and its header within the screen, with no part over another', async () => {
        const { page } = browser;
        await page.goto(`${base}/#/accounts`);
        await page.locator('a.account-link').first().waitFor({ timeout: 60_000 });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= WIDTH, `the page is ${scrollWidth} px wide on a ${WIDTH} px screen`);
        const nightly = await box(page, '.nightly-button');
        const role = await box(page, '.role-select');
        for (const link of ['.nav-accounts', '.nav-portfolio', '.nav-playbooks']) {
            const nav = await box(page, link);
            assert.ok(nav.x + nav.width <= WIDTH, `${link} ends at ${nav.x + nav.width}`);
            assert.ok(!overlaps(nav, nightly), `${link} overlaps the nightly button`);
            assert.ok(!overlaps(nav, role), `${link} overlaps the role picker`);
        }
        assert.ok(
            role.x >= 0 && role.x + role.width <= WIDTH,
            `the role picker spans ${role.x} to ${role.x + role.width}`
        );
        assert.ok(nightly.x + nightly.width <= WIDTH, `the nightly button ends at ${nightly.x + nightly.width}`);
        assert.deepEqual(browser.pageErrors, []);
    });

    it('keeps the Account header fields inside the grey header card', async () => {
        const { page } = browser;
        const accountId = String(db.one('SELECT Id FROM Account ORDER BY Name LIMIT 1')?.Id);
        await page.goto(`${base}/#/Account/${accountId}`);
        await page.locator('.record-header .header-field').first().waitFor({ timeout: 60_000 });
        const card = await box(page, '.record-header');
        const fields = await box(page, '.record-header .header-fields');
        const title = await box(page, '.record-header .record-name');
        assert.ok(fields.x >= card.x, `the fields start at ${fields.x}, left of the card at ${card.x}`);
        assert.equal(Math.round(fields.x), Math.round(title.x), 'the fields line up with the record name');
        assert.ok(fields.x + fields.width <= card.x + card.width, 'the fields end inside the card');
        assert.ok(card.x + card.width <= WIDTH, `the header card ends at ${card.x + card.width}`);
    });

    it('keeps the whole Account page, business review adoption table included, within the screen', async () => {
        const { page } = browser;
        const accountId = String(db.one('SELECT Id FROM Account ORDER BY Name LIMIT 1')?.Id);
        await page.goto(`${base}/#/Account/${accountId}`);
        await page.locator('table.adoption').first().waitFor({ timeout: 60_000 });

        const width = await page.evaluate(() => document.documentElement.scrollWidth);

        assert.ok(width <= WIDTH, `the Account page is ${width} px wide on a ${WIDTH} px screen`);
    });
});

/**
 * Headless Debian Chromium for the workbench's browser tests and benchmarks,
 * driven by playwright-core with a fresh profile in a temporary folder. No
 * tool downloads a browser: the binary is /usr/bin/chromium from apt.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.LIFTOFF_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
];

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
    return existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
}

export interface BrowserSession {
    context: BrowserContext;
    page: Page;
    /** Errors thrown in the page and dialogs it opened (a hostile string that ran would open one). */
    pageErrors: string[];
    dialogs: string[];
    close(): Promise<void>;
}

/** Launches Chromium with a fresh profile and one page. */
export async function openBrowser(): Promise<BrowserSession> {
    const profile = mkdtempSync(join(tmpdir(), 'liftoff-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 1000 }
    });
    // tsx compiles functions passed to page.evaluate with esbuild's keep-names helper; the page needs it too.
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
    });
    return {
        context,
        page,
        pageErrors,
        dialogs,
        async close() {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        }
    };
}

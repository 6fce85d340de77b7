import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'lwc';
import BusinessReview from 'c/businessReview';
import getBusinessReview from '@salesforce/apex/BusinessReviewController.getBusinessReview';
import saveBusinessReview from '@salesforce/apex/BusinessReviewController.saveBusinessReview';
import scheduleBusinessReview from '@salesforce/apex/BusinessReviewController.scheduleBusinessReview';
import { refreshApex } from '@salesforce/apex';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { log } from 'lightning/logger';
import type { BusinessReviewDto } from 'liftoff/dto';
import {
    INLINE_HOSTILE,
    deepQueryAll,
    deepText,
    accessibilityViolations,
    flushPromises,
    sampleHostileStrings
} from '../../../../../../test/jest-mocks/liftoffTestUtils';
import getBusinessReviewJson from './data/getBusinessReview.json';

jest.mock(
    '@salesforce/apex/BusinessReviewController.getBusinessReview',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/BusinessReviewController.saveBusinessReview', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/BusinessReviewController.scheduleBusinessReview', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

const REVIEW: BusinessReviewDto = getBusinessReviewJson as unknown as BusinessReviewDto;
const wire = getBusinessReview as unknown as { emit(value: unknown): void; error(body?: unknown): void };
const saveMock = saveBusinessReview as unknown as jest.Mock;
const scheduleMock = scheduleBusinessReview as unknown as jest.Mock;
type Stub = HTMLElement & Record<string, unknown>;

function clone(): BusinessReviewDto {
    return JSON.parse(JSON.stringify(REVIEW));
}

async function render(data: unknown = REVIEW): Promise<HTMLElement> {
    const element = createElement('c-business-review', { is: BusinessReview });
    element.recordId = '001000000000001AAA';
    document.body.appendChild(element);
    if (data) {
        wire.emit(data);
    }
    await flushPromises();
    return element;
}

const q = (element: HTMLElement, selector: string): Stub => element.shadowRoot!.querySelector(selector) as Stub;
const qa = (element: HTMLElement, selector: string): Stub[] =>
    [...element.shadowRoot!.querySelectorAll(selector)] as Stub[];
const change = (target: Stub, value: unknown) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));

describe('c-business-review', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the review arrives', async () => {
        // No data yet
        const element = await render(null);

        // Spinner only
        expect(q(element, 'lightning-spinner')).not.toBeNull();
    });

    it('puts the business case and success criteria beside the proof', async () => {
        // Render
        const element = await render();

        // Promise side
        expect(q(element, '.business-case').textContent).toBe('Cut close time\nFree two analysts');
        expect(q(element, '.success-criteria').textContent).toBe('Books closed in 3 days');
        expect(q(element, '.metric').textContent).toBe('c.ReviewMetricLine');

        // Proof side
        expect(qa(element, 'li.milestone').map((li) => li.textContent)).toEqual(['First report liveMar 12, 2024']);
        expect(q(element, '.open-milestones').textContent).toBe('c.ReviewMilestonesOpen');
        expect(qa(element, 'li.change')).toHaveLength(2);
    });

    it('shows the adoption trend as a table with headers, one row per date, dates on their own day (F18)', async () => {
        // Render
        const element = await render();

        // Rows read as date, active, licensed, share
        const rows = qa(element, 'table.adoption tbody tr').map((tr) =>
            [...tr.children].map((cell) => cell.textContent)
        );
        expect(rows).toEqual([
            ['Mar 1, 2024', '20', '100', '20%'],
            ['Mar 12, 2024', '46', '100', '46%'],
            ['Mar 13, 2024', '0', '0', 'c.LiftoffNotSet']
        ]);
        expect(qa(element, 'table.adoption th[scope="col"]')).toHaveLength(4);
    });

    it('states what is missing instead of showing empty sections', async () => {
        // A review with little data
        const data = {
            ...clone(),
            primaryMetricName: null,
            adoptionTrend: [],
            stakeholderChanges: [],
            businessReviewDate: null,
            businessCase: null,
            executiveSponsorName: null
        };
        const element = await render(data);

        // Plain statements
        expect(q(element, '.metric').textContent).toBe('c.ReviewNoMetric');
        expect(q(element, '.no-adoption')).not.toBeNull();
        expect(q(element, '.no-changes')).not.toBeNull();
        expect(q(element, '.schedule-text').textContent).toBe('c.ReviewNotScheduled');
        expect(q(element, '.business-case').textContent).toBe('c.LiftoffNotSet');
    });

    it('records realized value, the metric now and the held date, then refreshes (F27)', async () => {
        // Edit three values and one back to its saved value
        saveMock.mockResolvedValue({ ...clone(), realizedValue: 'Close in 4 days' });
        const element = await render();
        const refreshed = jest.fn();
        element.addEventListener('lightning__refresh', refreshed);
        change(q(element, '[data-key="realizedValue"]'), 'Close in 4 days');
        change(q(element, '[data-key="primaryMetricCurrent"]'), '4');
        change(q(element, '[data-key="businessReviewHeldDate"]'), '2024-05-10');
        change(q(element, '[data-key="expansionSignals"]'), 'Wants the forecasting add-on');
        await flushPromises();
        q(element, '.save-button').click();
        await flushPromises();

        // Only changes are sent; everything refreshes
        expect(saveMock).toHaveBeenCalledWith({
            planId: 'a01000000000001AAA',
            input: { realizedValue: 'Close in 4 days', primaryMetricCurrent: 4, businessReviewHeldDate: '2024-05-10' }
        });
        expect(refreshApex).toHaveBeenCalled();
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: 'a01000000000001AAA' }]);
        expect(refreshed).toHaveBeenCalled();
        expect(q(element, '.save-button').disabled).toBe(true);
    });

    it('does not turn a bad held date into a cleared date and refuses to save while it is there', async () => {
        // A good edit, then "Feb 31" in the held date, which the input reports as empty
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        change(q(element, '[data-key="realizedValue"]'), 'Close in 4 days');
        const heldDate = q(element, '[data-key="businessReviewHeldDate"]');
        Object.defineProperty(heldDate, 'checkValidity', { value: () => false, configurable: true });
        Object.defineProperty(heldDate, 'reportValidity', { value: () => false, configurable: true });
        change(heldDate, null);
        await flushPromises();
        q(element, '.save-button').click();
        await flushPromises();

        // Refused with a message
        expect(saveMock).not.toHaveBeenCalled();
        expect(toasts.map((t) => [t.detail.variant, t.detail.message])).toEqual([['error', 'c.LiftoffFormInvalid']]);

        // Corrected: only the good edit is sent, the held date is not cleared
        Object.defineProperty(heldDate, 'reportValidity', { value: () => true, configurable: true });
        saveMock.mockResolvedValue(clone());
        q(element, '.save-button').click();
        await flushPromises();
        expect(saveMock).toHaveBeenCalledWith({
            planId: 'a01000000000001AAA',
            input: { realizedValue: 'Close in 4 days' }
        });
    });

    it('refuses to schedule while the meeting start is not valid', async () => {
        // A start the input cannot read
        const element = await render();
        change(q(element, '.meeting-start'), '2024-05-10T16:00:00.000Z');
        change(q(element, '.meeting-duration'), '30');
        await flushPromises();
        Object.defineProperty(q(element, '.meeting-start'), 'reportValidity', { value: () => false });
        q(element, '.schedule-button').click();
        await flushPromises();

        // Not scheduled
        expect(scheduleMock).not.toHaveBeenCalled();
    });

    it('clears the metric when the number is emptied', async () => {
        // Empty the number
        saveMock.mockResolvedValue(clone());
        const element = await render();
        change(q(element, '[data-key="primaryMetricCurrent"]'), '');
        await flushPromises();
        q(element, '.save-button').click();
        await flushPromises();

        // Sent as null
        expect(saveMock).toHaveBeenCalledWith(expect.objectContaining({ input: { primaryMetricCurrent: null } }));
    });

    it('schedules the review with the sponsor', async () => {
        // Choose start and length
        scheduleMock.mockResolvedValue('00U000000000001AAA');
        const element = await render();
        expect(q(element, '.schedule-button').disabled).toBe(true);
        change(q(element, '.meeting-start'), '2024-05-10T16:00:00.000Z');
        change(q(element, '.meeting-duration'), '30');
        await flushPromises();
        q(element, '.schedule-button').click();
        await flushPromises();

        // Apex gets the UTC moment
        expect(scheduleMock).toHaveBeenCalledWith({
            planId: 'a01000000000001AAA',
            startIso: '2024-05-10T16:00:00.000Z',
            durationMinutes: 30
        });
        expect(q(element, '.meeting-start').timezone).toBe('America/Los_Angeles');
    });

    it('prints the page', async () => {
        // Print
        const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);
        const element = await render();
        q(element, '.print-button').click();

        // The browser prints
        expect(print).toHaveBeenCalledTimes(1);
        print.mockRestore();
    });

    it('shows read-only text and no controls to a user who cannot edit', async () => {
        // Read-only
        const element = await render({ ...clone(), canEdit: false, realizedValue: 'Close in 4 days' });

        // Text, no inputs or save
        expect(qa(element, 'lightning-textarea')).toHaveLength(0);
        expect(q(element, '.save-button')).toBeNull();
        expect(q(element, '.realized').textContent).toBe('Close in 4 days');
        expect(q(element, '.realized').parentElement!.className).toBe('');
    });

    it('shows and reports a failed save', async () => {
        // Apex refuses
        saveMock.mockRejectedValue({ body: { message: 'Review date cannot be in the future.' } });
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        change(q(element, '[data-key="businessReviewHeldDate"]'), '2099-01-01');
        await flushPromises();
        q(element, '.save-button').click();
        await flushPromises();

        // Shown, logged, kept
        expect(toasts[0].detail.message).toBe('Review date cannot be in the future.');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'save' }));
        expect(q(element, '[data-key="businessReviewHeldDate"]').value).toBe('2099-01-01');
    });

    it('shows the load error and reports it', async () => {
        // Wire error
        const element = await render(null);
        wire.error({ message: 'No access' });
        await flushPromises();

        // Shown and logged
        expect(q(element, '.load-error').textContent).toContain('No access');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'load' }));
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('says the record has no plan', async () => {
        // No plan
        const element = await render({ ...clone(), plan: null });

        // Message only
        expect(q(element, '.no-plan')).not.toBeNull();
        expect(q(element, '.print-button')).toBeNull();
    });

    it('refreshes when the view asks and shows a refresh failure', async () => {
        // Failing view refresh
        (refreshApex as jest.Mock).mockRejectedValueOnce(new Error('offline'));
        const element = await render();
        const handler = (registerRefreshHandler as jest.Mock).mock.calls[0][1] as () => Promise<void>;
        await handler();
        await flushPromises();

        // Shown; unregistered on removal
        expect(q(element, '.load-error').textContent).toContain('offline');
        document.body.removeChild(element);
        expect(unregisterRefreshHandler).toHaveBeenCalled();
    });

    it('hides controls when printing', () => {
        // The stylesheet has a print rule for the controls
        const css = readFileSync(join(__dirname, '..', 'businessReview.css'), 'utf8');

        // Controls hidden, text versions shown
        expect(css).toMatch(/@media print\s*\{[^@]*\.no-print\s*\{\s*display:\s*none/);
        expect(css).toMatch(/@media print\s*\{[^@]*\.print-only\s*\{\s*display:\s*block/);
    });

    it('never reads namespaced field keys (F30)', async () => {
        // Decoy keys
        const element = await render({ ...clone(), liftoff__BusinessCase__c: 'WRONG' });

        // DTO value only
        expect(deepText(element)).not.toContain('WRONG');
        const source = readFileSync(join(__dirname, '..', 'businessReview.ts'), 'utf8');
        expect(source).not.toMatch(/\.\w+__c\b|\[['"]\w+__c['"]\]/);
    });

    it('renders hostile text literally (F16)', async () => {
        // Hostile business case, milestone names and realized value
        const data = clone();
        data.businessCase = INLINE_HOSTILE.join('\n');
        data.milestonesCompleted = INLINE_HOSTILE.map((text, i) => ({
            ...REVIEW.milestonesCompleted[0],
            id: `m${i}`,
            name: text
        }));
        data.canEdit = false;
        data.realizedValue = INLINE_HOSTILE[0];
        const element = await render(data);

        // Verbatim, no injected markup
        const text = deepText(element);
        INLINE_HOSTILE.forEach((hostile) => expect(text).toContain(hostile));
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('renders the hostile sample Opportunity descriptions literally (checks nothing when LIFTOFF_DATA_DIR/apex-recipes/Opportunities.json is absent)', async () => {
        // Sample descriptions as milestone names
        const samples = sampleHostileStrings() ?? [];
        const data = clone();
        data.milestonesCompleted = samples.map((text, i) => ({
            ...REVIEW.milestonesCompleted[0],
            id: `s${i}`,
            name: text
        }));
        const element = await render(data);

        // Each as written
        expect(qa(element, 'li.milestone span:first-child').map((s) => s.textContent)).toEqual(samples);
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('is accessible', async () => {
        // Render
        const element = await render();

        // Check
        expect(await accessibilityViolations(element)).toEqual([]);
    });
});

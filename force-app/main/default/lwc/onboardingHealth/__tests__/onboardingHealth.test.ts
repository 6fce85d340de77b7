import { createElement } from 'lwc';
import OnboardingHealth from 'c/onboardingHealth';
import getHealth from '@salesforce/apex/OnboardingHealthController.getHealth';
import updateAlert from '@salesforce/apex/OnboardingHealthController.updateAlert';
import rescore from '@salesforce/apex/OnboardingHealthController.rescore';
import { refreshApex } from '@salesforce/apex';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { log } from 'lightning/logger';
import type { HealthDto } from 'liftoff/dto';
import {
    INLINE_HOSTILE,
    deepQueryAll,
    deepText,
    accessibilityViolations,
    flushPromises,
    sampleHostileStrings
} from '../../../../../../test/jest-mocks/liftoffTestUtils';
import getHealthJson from './data/getHealth.json';

jest.mock(
    '@salesforce/apex/OnboardingHealthController.getHealth',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/OnboardingHealthController.updateAlert', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/OnboardingHealthController.rescore', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

const HEALTH: HealthDto = getHealthJson as unknown as HealthDto;
const wire = getHealth as unknown as { emit(value: unknown): void; error(body?: unknown): void };
const updateMock = updateAlert as unknown as jest.Mock;
const rescoreMock = rescore as unknown as jest.Mock;
type Stub = HTMLElement & Record<string, unknown>;

function clone(): HealthDto {
    return JSON.parse(JSON.stringify(HEALTH));
}

function isoDaysAgo(days: number): string {
    return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

async function render(data: unknown = HEALTH, props: Record<string, unknown> = {}): Promise<HTMLElement> {
    const element = createElement('c-onboarding-health', { is: OnboardingHealth });
    Object.assign(element, { recordId: '001000000000001AAA', ...props });
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

describe('c-onboarding-health', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the health arrives', async () => {
        // Render without data
        const element = await render(null);

        // Spinner only
        expect(q(element, 'lightning-spinner')).not.toBeNull();
        expect(q(element, '.score')).toBeNull();
    });

    it('shows score, band, trend and the four components, with "No data" for a missing one', async () => {
        // Render
        const element = await render();

        // Headline
        expect(q(element, '.score').textContent).toBe('64');
        expect(q(element, '.band').textContent).toBe('c.HealthBandYellow');
        expect(q(element, '.trend lightning-icon').alternativeText).toBe('c.HealthTrendDown');

        // Components: adoption has no data and no bar
        const values = qa(element, 'p.component-value').map((p) => [p.dataset.component, p.textContent]);
        expect(values).toEqual([
            ['milestones', '55'],
            ['schedule', '70'],
            ['adoption', 'c.HealthNoData'],
            ['engagement', '80']
        ]);
        expect(qa(element, 'lightning-progress-bar').map((b) => b.value)).toEqual([55, 70, 80]);
    });

    it('lists the recent scores behind the trend, oldest first, on their own calendar days (F18)', async () => {
        // Eight points out of order, one unscored
        const data = clone();
        data.history = [
            { asOfDate: '2024-03-12', score: 64 },
            { asOfDate: '2024-01-01', score: 90 },
            { asOfDate: '2024-02-01', score: 85 },
            { asOfDate: '2024-02-08', score: 80 },
            { asOfDate: '2024-02-15', score: null },
            { asOfDate: '2024-02-22', score: 75 },
            { asOfDate: '2024-03-01', score: 72 },
            { asOfDate: '2024-01-15', score: 88 }
        ];
        const element = await render(data);

        // The last six, in date order
        const points = qa(element, 'li.history-point').map((li) => li.textContent);
        expect(points).toEqual([
            'Feb 1, 202485',
            'Feb 8, 202480',
            'Feb 15, 2024c.HealthBandNotScored',
            'Feb 22, 202475',
            'Mar 1, 202472',
            'Mar 12, 202464'
        ]);
    });

    it('lists the drivers in plain words with a translated title, the largest effect first, with signed points', async () => {
        // Render
        const element = await render();

        // Sorted by size, signed
        const drivers = qa(element, 'li.driver').map((li) => [
            li.querySelector('.impact')!.textContent,
            li.querySelector('.driver-title')!.textContent,
            li.querySelector('.driver-message')!.textContent
        ]);
        expect(drivers).toEqual([
            ['-12', 'c.HealthDriverMilestonesMissed', 'Two milestones are past their target date.'],
            ['+4', '', 'The executive sponsor met the team this week.']
        ]);
    });

    it('says "not scored" and "no drivers" for a plan without a score', async () => {
        // A plan with too little data
        const data = { ...clone(), score: null, band: 'NotScored', trend: 'New', drivers: [], alerts: [] };
        const element = await render(data);

        // Plain statements instead of numbers
        expect(q(element, '.not-scored').textContent).toBe('c.HealthNotScored');
        expect(q(element, '.band').textContent).toBe('c.HealthBandNotScored');
        expect(q(element, '.no-drivers')).not.toBeNull();
        expect(q(element, '.no-alerts')).not.toBeNull();
    });

    it('says the record has no plan', async () => {
        // No plan behind the record
        const element = await render({ ...clone(), planId: null });

        // Only the message
        expect(q(element, '.no-plan').textContent).toBe('c.HealthNoPlan');
        expect(q(element, '.rescore-button')).toBeNull();
    });

    it('says since when the score is stale when its inputs are older than the configured days', async () => {
        // Inputs 20 days old with a 14-day limit
        const element = await render({ ...clone(), inputsAsOf: isoDaysAgo(20) }, { staleAfterDays: 14 });

        // Warning shown
        expect(q(element, '.stale').textContent).toBe('c.HealthStaleSince');
    });

    it('shows no stale warning for recent inputs or a generous limit', async () => {
        // Inputs 3 days old
        const element = await render({ ...clone(), inputsAsOf: isoDaysAgo(3) }, { staleAfterDays: 14 });
        expect(q(element, '.stale')).toBeNull();
        expect(q(element, '.meta').textContent).toContain('c.HealthInputsAsOf');

        // Inputs 20 days old with a 30-day limit
        const relaxed = await render({ ...clone(), inputsAsOf: isoDaysAgo(20) }, { staleAfterDays: 30 });
        expect(q(relaxed, '.stale')).toBeNull();
    });

    it('lists open, acknowledged and snoozed alerts by severity and leaves resolved ones out', async () => {
        // Render
        const element = await render();

        // Critical first; the resolved alert is absent
        const messages = qa(element, '.alert-message').map((p) => p.textContent!.trim());
        expect(messages).toEqual([
            'Two milestones in a row are late.',
            'No business review is scheduled.',
            'First value is 5 days overdue.'
        ]);
        expect(q(element, '.recommended').textContent).toBe('Agree a recovery plan with the sponsor.');
    });

    it('acknowledges an alert, then refreshes the view and the record page (F27)', async () => {
        // Acknowledge the critical alert
        updateMock.mockResolvedValue({});
        const element = await render();
        const refreshed = jest.fn();
        element.addEventListener('lightning__refresh', refreshed);
        q(element, 'lightning-button[data-action="acknowledge"]').click();
        await flushPromises();

        // Apex called; everything refreshed
        expect(updateMock).toHaveBeenCalledWith({
            alertId: 'a05000000000002AAA',
            action: 'acknowledge',
            snoozeUntil: null
        });
        expect(refreshApex).toHaveBeenCalled();
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([
            { recordId: 'a05000000000002AAA' },
            { recordId: 'a01000000000001AAA' }
        ]);
        expect(refreshed).toHaveBeenCalledTimes(1);
    });

    it('snoozes an alert only once a date is chosen', async () => {
        // The snooze button waits for a date
        updateMock.mockResolvedValue({});
        const element = await render();
        const snooze = q(element, 'lightning-button[data-action="snooze"][data-id="a05000000000002AAA"]');
        expect(snooze.disabled).toBe(true);

        // Pick a date and snooze
        q(element, 'lightning-input[data-id="a05000000000002AAA"]').dispatchEvent(
            new CustomEvent('change', { detail: { value: '2030-01-15' } })
        );
        await flushPromises();
        expect(snooze.disabled).toBe(false);
        snooze.click();
        await flushPromises();

        // Apex gets the date
        expect(updateMock).toHaveBeenCalledWith({
            alertId: 'a05000000000002AAA',
            action: 'snooze',
            snoozeUntil: '2030-01-15'
        });
    });

    it('refuses to snooze until a date in the past and says so', async () => {
        // A past date reaches the handler (typed in, or chosen before midnight)
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        q(element, 'lightning-input[data-id="a05000000000002AAA"]').dispatchEvent(
            new CustomEvent('change', { detail: { value: '2020-01-15' } })
        );
        await flushPromises();
        q(element, 'lightning-button[data-action="snooze"][data-id="a05000000000002AAA"]').click();
        await flushPromises();

        // Not sent; the message says what to fix
        expect(updateMock).not.toHaveBeenCalled();
        expect(toasts.map((t) => [t.detail.variant, t.detail.message])).toEqual([['error', 'c.HealthSnoozeInPast']]);
    });

    it('shows and reports an alert update that fails', async () => {
        // Apex refuses
        updateMock.mockRejectedValue({ body: { message: 'You cannot edit this alert.' } });
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        q(element, 'lightning-button[data-action="resolve"]').click();
        await flushPromises();

        // Error toast and log
        expect(toasts[0].detail).toEqual(
            expect.objectContaining({ message: 'You cannot edit this alert.', variant: 'error' })
        );
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'resolve' }));
        expect(refreshApex).not.toHaveBeenCalled();
    });

    it('rescores on request and shows the new score', async () => {
        // Rescore returns a better score
        rescoreMock.mockResolvedValue({ ...clone(), score: 81, band: 'Green' });
        const element = await render();
        q(element, '.rescore-button').click();
        await flushPromises();

        // New score shown
        expect(rescoreMock).toHaveBeenCalledWith({ planId: 'a01000000000001AAA' });
        expect(q(element, '.score').textContent).toBe('81');
        expect(q(element, '.band').textContent).toBe('c.HealthBandGreen');
    });

    it('shows and reports a failed rescore', async () => {
        // Rescore fails
        rescoreMock.mockRejectedValue(new Error('Rescoring is switched off'));
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        q(element, '.rescore-button').click();
        await flushPromises();

        // The error is shown and logged
        expect(toasts[0].detail.message).toBe('Rescoring is switched off');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'rescore' }));
    });

    it('shows the load error and reports it', async () => {
        // Wire error
        const element = await render(null);
        wire.error({ message: 'No access to onboarding health' });
        await flushPromises();

        // Shown and logged
        expect(q(element, '.load-error').textContent).toContain('No access to onboarding health');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'load' }));
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('refreshes when the view asks, and shows a refresh failure', async () => {
        // A view refresh that fails
        (refreshApex as jest.Mock).mockRejectedValueOnce(new Error('offline'));
        const element = await render();
        const handler = (registerRefreshHandler as jest.Mock).mock.calls[0][1] as () => Promise<void>;
        await handler();
        await flushPromises();

        // Error shown; unregistered on removal
        expect(q(element, '.load-error').textContent).toContain('offline');
        document.body.removeChild(element);
        expect(unregisterRefreshHandler).toHaveBeenCalled();
    });

    it('renders hostile alert and driver text literally (F16)', async () => {
        // Hostile messages everywhere
        const data = clone();
        data.alerts = INLINE_HOSTILE.map((text, i) => ({ ...HEALTH.alerts[1], id: `a05h${i}`, message: text }));
        data.drivers = INLINE_HOSTILE.map((text) => ({ ...HEALTH.drivers[0], message: text }));
        const element = await render(data);

        // Verbatim text, no injected elements
        const text = deepText(element);
        INLINE_HOSTILE.forEach((hostile) => expect(text).toContain(hostile));
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('renders the hostile sample Opportunity descriptions literally (checks nothing when LIFTOFF_DATA_DIR/apex-recipes/Opportunities.json is absent)', async () => {
        // Sample descriptions as alert messages
        const samples = sampleHostileStrings() ?? [];
        const data = clone();
        data.alerts = samples.map((text, i) => ({ ...HEALTH.alerts[1], id: `a05s${i}`, message: text }));
        const element = await render(data);

        // Each shows as written
        expect(qa(element, '.alert-message').map((p) => p.textContent!.trim())).toEqual(samples.map((s) => s.trim()));
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('is accessible with data', async () => {
        // Render
        const element = await render();

        // Check
        expect(await accessibilityViolations(element)).toEqual([]);
    });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'lwc';
import DiscoveryHandoff from 'c/discoveryHandoff';
import getHandoff from '@salesforce/apex/DiscoveryHandoffController.getHandoff';
import saveHandoff from '@salesforce/apex/DiscoveryHandoffController.saveHandoff';
import submitHandoff from '@salesforce/apex/DiscoveryHandoffController.submitHandoff';
import acceptHandoff from '@salesforce/apex/DiscoveryHandoffController.acceptHandoff';
import scheduleHandoffMeeting from '@salesforce/apex/DiscoveryHandoffController.scheduleHandoffMeeting';
import { refreshApex } from '@salesforce/apex';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { log } from 'lightning/logger';
import type { HandoffDto } from 'liftoff/dto';
import {
    INLINE_HOSTILE,
    deepQueryAll,
    deepText,
    accessibilityViolations,
    flushPromises,
    sampleHostileStrings
} from '../../../../../../test/jest-mocks/liftoffTestUtils';
import getHandoffJson from './data/getHandoff.json';
import submitHandoffRefusedJson from './data/submitHandoffRefused.json';

jest.mock(
    '@salesforce/apex/DiscoveryHandoffController.getHandoff',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/DiscoveryHandoffController.saveHandoff', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/DiscoveryHandoffController.submitHandoff', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/DiscoveryHandoffController.acceptHandoff', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/DiscoveryHandoffController.scheduleHandoffMeeting', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
// Composition templates with their English value, so the specs can read the composed text.
jest.mock('@salesforce/label/c.LiftoffNameWithTitle', () => ({ default: '{0} ({1})' }), { virtual: true });

const HANDOFF: HandoffDto = getHandoffJson as unknown as HandoffDto;
const REFUSED = submitHandoffRefusedJson;
const wire = getHandoff as unknown as { emit(value: unknown): void; error(body?: unknown): void };
const saveMock = saveHandoff as unknown as jest.Mock;
const submitMock = submitHandoff as unknown as jest.Mock;
const acceptMock = acceptHandoff as unknown as jest.Mock;
const scheduleMock = scheduleHandoffMeeting as unknown as jest.Mock;
type Stub = HTMLElement & Record<string, unknown>;

function clone(): HandoffDto {
    return JSON.parse(JSON.stringify(HANDOFF));
}

async function render(data: unknown = HANDOFF): Promise<HTMLElement> {
    const element = createElement('c-discovery-handoff', { is: DiscoveryHandoff });
    element.recordId = '006000000000001AAA';
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
const field = (element: HTMLElement, key: string): Stub => q(element, `[data-key="${key}"]`);

function change(target: Stub, value: unknown): void {
    target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

function captureToasts(element: HTMLElement): CustomEvent[] {
    const toasts: CustomEvent[] = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
    return toasts;
}

describe('c-discovery-handoff', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the handoff arrives', async () => {
        // Render without data
        const element = await render(null);

        // Spinner, no form
        expect(q(element, 'lightning-spinner')).not.toBeNull();
        expect(qa(element, 'lightning-textarea')).toHaveLength(0);
    });

    it('guides through every discovery field, section by section, with its saved value', async () => {
        // Render
        const element = await render();

        // Twelve fields, values from the DTO
        const keys = qa(element, '[data-key]').map((f) => f.dataset.key);
        expect(keys).toEqual([
            'successCriteria',
            'businessCase',
            'metricsToImprove',
            'primaryMetricName',
            'primaryMetricBaseline',
            'primaryMetricTarget',
            'executiveSponsorId',
            'competitiveContext',
            'technicalEnvironment',
            'integrationDependencies',
            'assumedTimeline',
            'customerGoLiveDate'
        ]);
        expect(qa(element, 'section.handoff-section').map((section) => section.dataset.section)).toEqual([
            'outcomes',
            'people',
            'technical',
            'timeline'
        ]);
        expect(field(element, 'successCriteria').value).toBe('Close the books in 3 days');
        expect(field(element, 'primaryMetricBaseline').value).toBe(9);
        expect(field(element, 'customerGoLiveDate').type).toBe('date');
        expect(field(element, 'businessCase').value).toBe('');
    });

    it('shows how much of the discovery is filled, counting unsaved edits', async () => {
        // Eight of twelve are filled in the data
        const element = await render();
        expect(q(element, '.completion lightning-progress-bar').value).toBe(67);

        // Filling the business case raises it; clearing the baseline lowers it again
        change(field(element, 'businessCase'), 'Cut close time');
        await flushPromises();
        expect(q(element, '.completion lightning-progress-bar').value).toBe(75);
        change(field(element, 'primaryMetricBaseline'), '');
        await flushPromises();
        expect(q(element, '.completion lightning-progress-bar').value).toBe(67);
        expect(q(element, '.completion-text').textContent).toBe('c.HandoffFieldsFilled');
    });

    it('makes fields the user cannot edit read-only, with a hint (F14), also for namespaced names (F30)', async () => {
        // Render: BusinessCase arrives as liftoff__BusinessCase__c
        const element = await render();

        // Editable ones are open, the others read-only
        expect(field(element, 'successCriteria').readOnly).toBe(false);
        expect(field(element, 'businessCase').readOnly).toBe(false);
        expect(field(element, 'metricsToImprove').readOnly).toBe(true);
        expect(field(element, 'metricsToImprove').fieldLevelHelp).toBe('c.HandoffReadOnlyHint');
        expect(field(element, 'technicalEnvironment').readOnly).toBe(true);
        expect(field(element, 'executiveSponsorId').readOnly).toBe(false);
    });

    it('hides Save when nothing is editable', async () => {
        // No edit rights at all
        const element = await render({ ...clone(), editableFields: [] });

        // No Save button; every field read-only
        expect(q(element, '.save-button')).toBeNull();
        expect(qa(element, '[data-key]').every((f) => f.readOnly === true)).toBe(true);
    });

    it('pre-fills the committee and lists the sponsor options from current stakeholders', async () => {
        // Render
        const element = await render();

        // Stakeholders with their roles; departed people are not offered as sponsor
        const people = qa(element, 'li.stakeholder').map((li) => li.textContent);
        expect(people[0]).toContain('Dana Director');
        expect(people[0]).toContain('c.BuyingRoleEconomicBuyer · c.OnboardingRoleExecutiveSponsor');
        expect(field(element, 'executiveSponsorId').options).toEqual([
            { value: '003000000000001AAA', label: 'Dana Director (CFO)' },
            { value: '003000000000002AAA', label: 'Sam Champion' }
        ]);
    });

    it('checks off the required committee roles', async () => {
        // Render
        const element = await render();

        // Filled and missing roles carry a state an assistive technology reads
        const states = qa(element, 'li.role lightning-icon').map((icon) => icon.alternativeText);
        expect(states).toEqual(['c.HandoffRoleFilled', 'c.HandoffRoleFilled', 'c.HandoffRoleMissing']);
    });

    it('saves only the changed fields, with numbers as numbers, and refreshes (F27)', async () => {
        // Change three fields, one of them back to its saved value
        saveMock.mockResolvedValue({ ...clone(), businessCase: 'Cut close time' });
        const element = await render();
        const refreshed = jest.fn();
        element.addEventListener('lightning__refresh', refreshed);
        change(field(element, 'businessCase'), 'Cut close time');
        change(field(element, 'primaryMetricTarget'), '2.5');
        change(field(element, 'primaryMetricBaseline'), '');
        change(field(element, 'successCriteria'), 'Close the books in 3 days');
        await flushPromises();

        // Save
        q(element, '.save-button').click();
        await flushPromises();

        // Only the real changes went out; the view refreshed
        expect(saveMock).toHaveBeenCalledWith({
            planId: 'a01000000000001AAA',
            input: { businessCase: 'Cut close time', primaryMetricTarget: 2.5, primaryMetricBaseline: null }
        });
        expect(refreshApex).toHaveBeenCalled();
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([
            { recordId: 'a01000000000001AAA' },
            { recordId: '006000000000001AAA' }
        ]);
        expect(refreshed).toHaveBeenCalled();
        expect(q(element, '.save-button').disabled).toBe(true);
    });

    it('keeps a number the input cannot read out of the edits and refuses to save or submit with it', async () => {
        // A good edit, then a bad number that the input reports as empty
        const element = await render();
        const toasts = captureToasts(element);
        change(field(element, 'businessCase'), 'Cut close time');
        const bad = field(element, 'primaryMetricTarget');
        Object.defineProperty(bad, 'checkValidity', { value: () => false, configurable: true });
        const reported = jest.fn(() => false);
        Object.defineProperty(bad, 'reportValidity', { value: reported, configurable: true });
        change(bad, '');
        await flushPromises();

        // Save and submit are both refused with a message; nothing is sent
        q(element, '.save-button').click();
        await flushPromises();
        q(element, '.submit-button').click();
        await flushPromises();
        expect(reported).toHaveBeenCalledTimes(2);
        expect(saveMock).not.toHaveBeenCalled();
        expect(submitMock).not.toHaveBeenCalled();
        expect(toasts.map((t) => [t.detail.variant, t.detail.message])).toEqual([
            ['error', 'c.LiftoffFormInvalid'],
            ['error', 'c.LiftoffFormInvalid']
        ]);

        // Once the field is valid again, only the good edit goes out: the bad entry never became a null
        Object.defineProperty(bad, 'reportValidity', { value: () => true, configurable: true });
        saveMock.mockResolvedValue(clone());
        q(element, '.save-button').click();
        await flushPromises();
        expect(saveMock).toHaveBeenCalledWith({
            planId: 'a01000000000001AAA',
            input: { businessCase: 'Cut close time' }
        });
    });

    it('refuses to schedule while the meeting start is not valid', async () => {
        // A start the input cannot read
        const element = await render();
        const toasts = captureToasts(element);
        change(q(element, '.meeting-start'), '2024-05-10T16:00:00.000Z');
        change(q(element, '.meeting-duration'), '30');
        await flushPromises();
        Object.defineProperty(q(element, '.meeting-start'), 'reportValidity', { value: () => false });
        q(element, '.schedule-button').click();
        await flushPromises();

        // Not scheduled, and told why
        expect(scheduleMock).not.toHaveBeenCalled();
        expect(toasts.map((t) => t.detail.message)).toEqual(['c.LiftoffFormInvalid']);
    });

    it('leaves out "by" when the submitter or accepter name is blank', async () => {
        // Names that are only spaces
        const element = await render({
            ...clone(),
            handoffSubmittedAt: '2024-03-12T06:30:00Z',
            handoffSubmittedByName: '  ',
            handoffAcceptedAt: '2024-03-13T06:30:00Z',
            handoffAcceptedByName: ' '
        });

        // The lines without a name
        expect(q(element, '.status-line[data-key="submitted"]').textContent).toBe('c.HandoffSubmittedAt');
        expect(q(element, '.status-line[data-key="accepted"]').textContent).toBe('c.HandoffAcceptedAt');
    });

    it('says exactly what is missing when the gate refuses the submission', async () => {
        // The gate refuses
        submitMock.mockResolvedValue(REFUSED);
        const element = await render();
        q(element, '.submit-button').click();
        await flushPromises();

        // Each missing item is listed
        const missing = qa(element, '.missing li').map((li) => li.textContent);
        expect(missing).toEqual(['Business case', 'Admin (onboarding committee)']);
        expect(q(element, '.missing').getAttribute('role')).toBe('alert');
        expect(saveMock).not.toHaveBeenCalled();
    });

    it('saves pending edits before submitting, then shows who submitted and when', async () => {
        // Edit, then submit successfully
        const submitted = { ...clone(), handoffSubmittedAt: '2024-03-12T06:30:00Z', handoffSubmittedByName: 'Alex AE' };
        saveMock.mockResolvedValue(clone());
        submitMock.mockResolvedValue({ submitted: true, missing: [], handoff: submitted });
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        change(field(element, 'assumedTimeline'), 'Live by July');
        await flushPromises();
        q(element, '.submit-button').click();
        await flushPromises();

        // Saved first, then submitted; the submit button is gone
        expect(saveMock.mock.invocationCallOrder[0]).toBeLessThan(submitMock.mock.invocationCallOrder[0]);
        expect(toasts.map((t) => t.detail.message)).toEqual(['c.HandoffSubmitted']);
        expect(q(element, '.submit-button')).toBeNull();
        expect(q(element, '.status-line[data-key="submitted"]').textContent).toBe('c.HandoffSubmittedBy');
    });

    it('says when the handoff was submitted and accepted even when the user names are unknown', async () => {
        // Moments without names
        const element = await render({
            ...clone(),
            handoffSubmittedAt: '2024-03-12T06:30:00Z',
            handoffAcceptedAt: '2024-03-13T16:00:00Z'
        });

        // No dangling "by" in the sentence
        expect(q(element, '.status-line[data-key="submitted"]').textContent).toBe('c.HandoffSubmittedAt');
        expect(q(element, '.status-line[data-key="accepted"]').textContent).toBe('c.HandoffAcceptedAt');
    });

    it('marks committee members who left the customer', async () => {
        // Render: the third stakeholder departed
        const element = await render();

        // Only that one carries the badge
        const badges = qa(element, 'li.stakeholder').map((li) => li.querySelector('.departed')?.textContent ?? '');
        expect(badges).toEqual(['', '', 'c.StakeholderMapDeparted']);
    });

    it('lets the CSM accept a submitted handoff', async () => {
        // A submitted handoff the CSM may accept
        const data = { ...clone(), canSubmit: false, canAccept: true, handoffSubmittedAt: '2024-03-12T06:30:00Z' };
        acceptMock.mockResolvedValue({ ...data, handoffAcceptedAt: '2024-03-13T16:00:00Z', canAccept: false });
        const element = await render(data);
        q(element, '.accept-button').click();
        await flushPromises();

        // Accepted
        expect(acceptMock).toHaveBeenCalledWith({ planId: 'a01000000000001AAA' });
        expect(q(element, '.accept-button')).toBeNull();
        expect(q(element, '.status-line[data-key="accepted"]')).not.toBeNull();
    });

    it('schedules the handoff meeting at the chosen moment and length', async () => {
        // Choose start and length
        scheduleMock.mockResolvedValue('00U000000000001AAA');
        const element = await render();
        expect(q(element, '.schedule-button').disabled).toBe(true);
        expect(q(element, '.meeting-start').timezone).toBe('America/Los_Angeles');
        change(q(element, '.meeting-start'), '2024-03-14T17:00:00.000Z');
        change(q(element, '.meeting-duration'), '90');
        await flushPromises();
        q(element, '.schedule-button').click();
        await flushPromises();

        // Apex receives the UTC moment
        expect(scheduleMock).toHaveBeenCalledWith({
            planId: 'a01000000000001AAA',
            startIso: '2024-03-14T17:00:00.000Z',
            durationMinutes: 90
        });
    });

    it('shows a meeting time in the user time zone, not the browser one (F18)', async () => {
        // A meeting at 06:30 UTC is the evening before in Los Angeles
        const element = await render({ ...clone(), handoffMeetingAt: '2024-03-12T06:30:00Z' });

        // The status line uses the helper with the plan's user time zone
        expect(q(element, '.status-line[data-key="meeting"]').textContent).toBe('c.HandoffMeetingAt');
    });

    it('shows and reports an action that fails', async () => {
        // Apex refuses the save for field-level security
        saveMock.mockRejectedValue({ body: { message: 'You cannot edit Competitive context.' } });
        const element = await render();
        const toasts = captureToasts(element);
        change(field(element, 'businessCase'), 'x');
        await flushPromises();
        q(element, '.save-button').click();
        await flushPromises();

        // Error toast and log, edits kept
        expect(toasts[0].detail).toEqual(
            expect.objectContaining({ message: 'You cannot edit Competitive context.', variant: 'error' })
        );
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'save' }));
        expect(field(element, 'businessCase').value).toBe('x');
    });

    it('shows the load error and reports it', async () => {
        // Wire error
        const element = await render(null);
        wire.error({ message: 'Opportunity not found' });
        await flushPromises();

        // Shown and logged
        expect(q(element, '.load-error').textContent).toContain('Opportunity not found');
        expect(log).toHaveBeenCalled();
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('says there is no plan yet', async () => {
        // A DTO without a plan
        const element = await render({ ...clone(), plan: null });

        // Message only
        expect(q(element, '.no-plan').textContent).toBe('c.HandoffNoPlan');
        expect(q(element, '.submit-button')).toBeNull();
    });

    it('refreshes when the view asks (stakeholders added elsewhere) and shows a refresh failure', async () => {
        // A view refresh that fails
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

    it('never reads namespaced field keys (F30)', async () => {
        // Decoy keys
        const element = await render({ ...clone(), liftoff__SuccessCriteria__c: 'WRONG' });

        // Only the DTO value shows
        expect(field(element, 'successCriteria').value).toBe('Close the books in 3 days');
        const source = readFileSync(join(__dirname, '..', 'discoveryHandoff.ts'), 'utf8');
        expect(source).not.toMatch(/\.\w+__c\b|\[['"]\w+__c['"]\]/);
    });

    it('renders hostile discovery text and names literally (F16)', async () => {
        // Hostile values in names and a missing-item label
        const data = clone();
        data.stakeholders = INLINE_HOSTILE.map((text, i) => ({ ...HANDOFF.stakeholders[0], id: `s${i}`, name: text }));
        submitMock.mockResolvedValue({ ...REFUSED, missing: [{ key: 'x', label: INLINE_HOSTILE[0] }], handoff: data });
        const element = await render(data);
        q(element, '.submit-button').click();
        await flushPromises();

        // Verbatim, no injected markup
        const text = deepText(element);
        INLINE_HOSTILE.forEach((hostile) => expect(text).toContain(hostile));
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('renders the hostile sample Opportunity descriptions literally (checks nothing when LIFTOFF_DATA_DIR/apex-recipes/Opportunities.json is absent)', async () => {
        // Sample descriptions as stakeholder names
        const samples = sampleHostileStrings() ?? [];
        const data = clone();
        data.stakeholders = samples.map((text, i) => ({ ...HANDOFF.stakeholders[0], id: `s${i}`, name: text }));
        const element = await render(data);

        // Each shows as written
        const names = qa(element, 'li.stakeholder .slds-text-title_bold').map((s) => s.textContent);
        expect(names).toEqual(samples);
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('is accessible', async () => {
        // Render with data
        const element = await render();

        // Check
        expect(await accessibilityViolations(element)).toEqual([]);
    });
});

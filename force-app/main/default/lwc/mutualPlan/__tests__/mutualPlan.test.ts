import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'lwc';
import MutualPlan from 'c/mutualPlan';
import getPlan from '@salesforce/apex/MutualPlanController.getPlan';
import saveMilestones from '@salesforce/apex/MutualPlanController.saveMilestones';
import applyPlaybook from '@salesforce/apex/MutualPlanController.applyPlaybook';
import { refreshApex } from '@salesforce/apex';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { log } from 'lightning/logger';
import { scoreHealth } from 'c/onboardingEngine';
import type { PlanBundle } from 'c/onboardingEngine';
import type { MutualPlanDto } from 'liftoff/dto';
import {
    INLINE_HOSTILE,
    allKeys,
    deepQueryAll,
    deepText,
    accessibilityViolations,
    flushPromises,
    sampleHostileStrings
} from '../../../../../../test/jest-mocks/liftoffTestUtils';
import getPlanJson from './data/getPlan.json';
import saveMilestonesPartialJson from './data/saveMilestonesPartial.json';

jest.mock(
    '@salesforce/apex/MutualPlanController.getPlan',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/MutualPlanController.saveMilestones', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/MutualPlanController.applyPlaybook', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
// The projection must apply the edits before scoring: this stand-in scores 50 plus 10 per completed milestone.
jest.mock(
    'c/onboardingEngine',
    () => ({
        scoreHealth: jest.fn((bundle: { milestones: { status: string }[] }) => ({
            score: 50 + 10 * bundle.milestones.filter((m) => m.status === 'Completed').length
        }))
    }),
    { virtual: true }
);

const PLAN: MutualPlanDto = getPlanJson as unknown as MutualPlanDto;
const PARTIAL_SAVE = saveMilestonesPartialJson;

const wire = getPlan as unknown as { emit(value: unknown): void; error(body?: unknown): void };
const saveMock = saveMilestones as unknown as jest.Mock;
const applyMock = applyPlaybook as unknown as jest.Mock;
const scoreMock = scoreHealth as unknown as jest.Mock;
const [ERP, KICKOFF, , ROLLOUT] = PLAN.milestones.map((m) => m.id);

function clone(): MutualPlanDto {
    return JSON.parse(JSON.stringify(PLAN));
}

async function render(props: Record<string, unknown> = {}, data: unknown = PLAN): Promise<HTMLElement> {
    const element = createElement('c-mutual-plan', { is: MutualPlan });
    Object.assign(element, { recordId: '001000000000001AAA', ...props });
    document.body.appendChild(element);
    if (data) {
        wire.emit(data);
    }
    await flushPromises();
    return element;
}

function q<T = HTMLElement & Record<string, unknown>>(element: HTMLElement, selector: string): T {
    return element.shadowRoot!.querySelector(selector) as unknown as T;
}

function qa(element: HTMLElement, selector: string): (HTMLElement & Record<string, unknown>)[] {
    return [...element.shadowRoot!.querySelectorAll(selector)] as (HTMLElement & Record<string, unknown>)[];
}

function editField(element: HTMLElement, id: string, field: string, detail: Record<string, unknown>): void {
    const input = q(element, `[data-id="${id}"][data-field="${field}"]`);
    input.dispatchEvent(new CustomEvent('change', { detail }));
}

async function startEditing(element: HTMLElement): Promise<void> {
    q(element, 'lightning-button.edit-button').click();
    await flushPromises();
}

describe('c-mutual-plan', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the plan arrives', async () => {
        // Render without data
        const element = await render({}, null);

        // Only the spinner shows
        expect(q(element, 'lightning-spinner')).not.toBeNull();
        expect(qa(element, 'section.phase')).toHaveLength(0);
    });

    it('groups milestones by phase in the order of the record type and labels values from the DTO', async () => {
        // Render the plan
        const element = await render();

        // Phases follow the picklist order; milestones their sequence
        const headings = qa(element, 'section.phase h3').map((h) => h.textContent);
        expect(headings).toEqual(['Kickoff', 'Setup', 'Integration', 'Go live']);
        expect(qa(element, '.milestone-name').map((p) => p.textContent)).toEqual([
            'Kickoff meeting',
            'First report live',
            'Connect the ERP',
            'Full rollout'
        ]);

        // Labels come from the options, not the stored values; the internal slip cause shows to the team
        expect(qa(element, '.slip-cause').map((dd) => dd.textContent)).toEqual(['None', 'None', 'Customer', 'None']);
        const text = deepText(element);
        expect(text).toContain('In progress');
        expect(text).toContain('First value');
        expect(text).toContain('c.ScheduleStatusAtRisk');
    });

    it('shows a date-only target on its own calendar day for a user in America/Los_Angeles (F18)', async () => {
        // The second milestone is due on 2024-03-10 and completed on 2024-03-12
        const element = await render();

        // The days are the stored ones
        const targets = qa(element, '.target-date').map((d) => d.textContent);
        expect(targets).toContain('Mar 10, 2024');
        expect(deepText(element)).toContain('Mar 12, 2024');
        expect(deepText(element)).not.toContain('Mar 11, 2024');
    });

    it('shows progress toward first and full value', async () => {
        // Render the plan
        const element = await render();

        // Two of the first two are done; two of four up to full value
        const bars = qa(element, 'lightning-progress-bar');
        expect(bars.map((b) => b.value)).toEqual([100, 50]);
        expect(q(element, '[data-marker="FirstValue"]').textContent).toContain('c.MutualPlanAchievedOn');
    });

    it('shows the error and reports it when the plan cannot be loaded', async () => {
        // Emit an Apex error
        const element = await render({}, null);
        wire.error({ message: 'Insufficient access to the onboarding plan' });
        await flushPromises();

        // The person sees it; the logger gets it
        expect(q(element, '.load-error').textContent).toContain('Insufficient access to the onboarding plan');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ component: 'c-mutual-plan', action: 'load' }));
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('says the plan is empty and offers the playbooks when there are no milestones', async () => {
        // A plan with no milestones
        const data = clone();
        data.milestones = [];
        const element = await render({}, data);

        // Empty state and the playbook picker, no edit button
        expect(q(element, '.empty-state').textContent).toBe('c.MutualPlanEmpty');
        expect(q(element, 'lightning-combobox.playbook-select').options).toEqual([
            { value: 'a03000000000001AAA', label: 'High touch' }
        ]);
        expect(q(element, 'lightning-button.edit-button')).toBeNull();
    });

    it('offers only the picklist values of the row record type (F25)', async () => {
        // Start editing
        const element = await render();
        await startEditing(element);

        // Each combobox uses the options the DTO carries
        const status = q(element, `lightning-combobox[data-id="${ERP}"][data-field="status"]`);
        expect(status.options).toEqual(PLAN.options.status);
        expect((status.options as { value: string }[]).map((o) => o.value)).not.toContain('Blocked');
        expect(q(element, `lightning-combobox[data-id="${ERP}"][data-field="slipCause"]`).options).toEqual(
            PLAN.options.slipCause
        );
    });

    it('saves the good rows, keeps the failing row with its error in place and refreshes the view (F26, F27)', async () => {
        // Edit three rows
        saveMock.mockResolvedValue(PARTIAL_SAVE);
        const element = await render();
        const refreshed = jest.fn();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__refresh', refreshed);
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await startEditing(element);
        editField(element, ERP, 'status', { value: 'Completed' });
        editField(element, ERP, 'completedDate', { value: '2024-03-21' });
        editField(element, KICKOFF, 'name', { value: 'Kickoff workshop' });
        editField(element, ROLLOUT, 'targetDate', { value: '2024-01-01' });
        await flushPromises();
        expect(q(element, '.unsaved').textContent).toBe('c.MutualPlanUnsavedRows');

        // Save
        q(element, 'lightning-button.save-button').click();
        await flushPromises();

        // Only the changed keys of each row are sent
        expect(saveMock).toHaveBeenCalledWith({
            rows: [
                { id: ERP, status: 'Completed', completedDate: '2024-03-21' },
                { id: KICKOFF, name: 'Kickoff workshop' },
                { id: ROLLOUT, targetDate: '2024-01-01' }
            ]
        });

        // The failing row keeps its edit and shows the field and row errors in place
        const failing = q(element, `li[data-id="${ROLLOUT}"]`);
        expect(failing.className).toContain('slds-has-error');
        expect(failing.querySelector('.row-error')!.textContent).toBe('Row locked by another user.');
        expect(deepText(failing as unknown as Element)).toContain('Target date must fall after the kickoff.');
        expect(q(element, `lightning-input[data-id="${ROLLOUT}"][data-field="targetDate"]`).value).toBe('2024-01-01');
        expect(q(element, `li[data-id="${ERP}"]`).className).not.toContain('slds-has-error');

        // The wired data, the record page and the rest of the view refresh
        expect(refreshApex).toHaveBeenCalled();
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([
            { recordId: ERP },
            { recordId: KICKOFF },
            { recordId: PLAN.plan!.id },
            { recordId: '001000000000001AAA' }
        ]);
        expect(refreshed).toHaveBeenCalledTimes(1);
        expect(toasts.map((t) => t.detail.variant)).toEqual(['warning']);
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'save' }));
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('leaves edit mode with a success message when every row saves', async () => {
        // One edited row that saves
        saveMock.mockResolvedValue([{ id: ERP, success: true, errors: [] }]);
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await startEditing(element);
        editField(element, ERP, 'customerVisible', { checked: true });
        await flushPromises();

        // Save
        q(element, 'lightning-button.save-button').click();
        await flushPromises();

        // Back to reading, success toast
        expect(saveMock).toHaveBeenCalledWith({ rows: [{ id: ERP, customerVisible: true }] });
        expect(q(element, 'lightning-button.save-button')).toBeNull();
        expect(toasts.map((t) => t.detail.variant)).toEqual(['success']);
    });

    it('says one milestone, not one milestones, when a single row saves or waits', async () => {
        // One edited row that saves
        saveMock.mockResolvedValue([{ id: ERP, success: true, errors: [] }]);
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await startEditing(element);
        editField(element, ERP, 'customerVisible', { checked: true });
        await flushPromises();
        expect(q(element, 'p.unsaved').textContent).toBe('c.MutualPlanUnsavedRowsOne');

        // Save
        q(element, 'lightning-button.save-button').click();
        await flushPromises();

        // The singular label
        expect(toasts.map((t) => t.detail.message)).toEqual(['c.MutualPlanSavedOne']);
    });

    it('keeps the stored date when a date input holds a bad entry such as Feb 31', async () => {
        // The date input rejects "Feb 31, 2026" and reports an empty value
        const element = await render();
        await startEditing(element);
        const target = q(element, `[data-id="${ERP}"][data-field="targetDate"]`);
        Object.defineProperty(target, 'checkValidity', { value: () => false, configurable: true });
        editField(element, ERP, 'targetDate', { value: null });
        await flushPromises();

        // No edit: nothing to save, the old date stays
        expect(q(element, 'p.unsaved').textContent).toBe('c.MutualPlanUnsavedRows');
        expect(q(element, 'lightning-button.save-button').disabled).toBe(true);
        expect(target.value).toBe(PLAN.milestones[0].targetDate);
    });

    it('refuses to save and says why when any field of the edit form is not valid', async () => {
        // A good edit on one row, a bad date left in another
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await startEditing(element);
        editField(element, ERP, 'customerVisible', { checked: true });
        await flushPromises();
        const bad = q(element, `[data-id="${KICKOFF}"][data-field="forecastDate"]`);
        const reported = jest.fn(() => false);
        Object.defineProperty(bad, 'reportValidity', { value: reported, configurable: true });

        // Save
        q(element, 'lightning-button.save-button').click();
        await flushPromises();

        // Nothing sent, the field shows its error, the message says what to do, the edit is kept
        expect(reported).toHaveBeenCalled();
        expect(saveMock).not.toHaveBeenCalled();
        expect(toasts.map((t) => [t.detail.variant, t.detail.message])).toEqual([['error', 'c.LiftoffFormInvalid']]);
        expect(q(element, 'lightning-button.save-button')).not.toBeNull();
        expect(q(element, 'p.unsaved').textContent).toBe('c.MutualPlanUnsavedRowsOne');
    });

    it('gives a row error when Apex rejects a row without messages', async () => {
        // The row fails with no message
        saveMock.mockResolvedValue([{ id: ERP, success: false, errors: [] }]);
        const element = await render();
        await startEditing(element);
        editField(element, ERP, 'slipCause', { value: 'Vendor' });

        // Save
        q(element, 'lightning-button.save-button').click();
        await flushPromises();

        // A generic message is shown on that row
        expect(q(element, `li[data-id="${ERP}"] .row-error`).textContent).toBe('c.MutualPlanSaveError');
        expect(refreshApex).not.toHaveBeenCalled();
    });

    it('shows and reports an error when the save call fails', async () => {
        // The call fails as a whole
        saveMock.mockRejectedValue({ body: { message: 'Apex CPU time limit exceeded' } });
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await startEditing(element);
        editField(element, ERP, 'forecastDate', { value: '2024-04-02' });

        // Save
        q(element, 'lightning-button.save-button').click();
        await flushPromises();

        // The edit stays; the message is shown and logged
        expect(toasts[0].detail).toEqual(
            expect.objectContaining({ message: 'Apex CPU time limit exceeded', variant: 'error' })
        );
        expect(q(element, `lightning-input[data-id="${ERP}"][data-field="forecastDate"]`).value).toBe('2024-04-02');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ message: 'Apex CPU time limit exceeded' }));
    });

    it('drops an edit that returns a field to its saved value, and cancel drops them all', async () => {
        // Change a value and change it back
        const element = await render();
        await startEditing(element);
        editField(element, ERP, 'status', { value: 'Completed' });
        editField(element, ERP, 'status', { value: 'InProgress' });
        await flushPromises();

        // Nothing to save
        expect(q(element, 'lightning-button.save-button').disabled).toBe(true);

        // Cancel leaves edit mode
        editField(element, KICKOFF, 'targetDate', { value: '' });
        await flushPromises();
        expect(q(element, 'lightning-button.save-button').disabled).toBe(false);
        q(element, 'lightning-button.cancel-button').click();
        await flushPromises();
        expect(q(element, 'lightning-button.save-button')).toBeNull();
    });

    it('projects the health effect of unsaved edits with the engine', async () => {
        // Complete the ERP milestone in the browser
        const element = await render();
        await startEditing(element);
        editField(element, ERP, 'status', { value: 'Completed' });
        await flushPromises();

        // The engine scored the plan with and without the edit
        const bundles = scoreMock.mock.calls.map((call) => call[0] as PlanBundle);
        const statusOf = (bundle: PlanBundle) => bundle.milestones.find((m) => m.id === ERP)!.status;
        expect(bundles.map(statusOf)).toEqual(expect.arrayContaining(['InProgress', 'Completed']));
        expect(scoreMock.mock.calls[0][1]).toEqual(PLAN.model);
        expect(scoreMock.mock.calls[0][2]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(q(element, '.projection').textContent).toBe('c.MutualPlanProjectedHealth');
        expect(q(element, '.projection').parentElement!.className).toBe('slds-text-color_success');
    });

    it('says when the edits leave the plan unscored, and when the engine fails', async () => {
        // The engine cannot score
        scoreMock.mockReturnValue({ score: null });
        const element = await render();
        await startEditing(element);
        editField(element, ERP, 'status', { value: 'Skipped' });
        await flushPromises();
        expect(q(element, '.projection').textContent).toBe('c.MutualPlanProjectedUnscored');

        // The engine throws
        scoreMock.mockImplementation(() => {
            throw new Error('bad model');
        });
        editField(element, ERP, 'status', { value: 'Blocked' });
        await flushPromises();
        expect(q(element, '.projection').textContent).toBe('c.MutualPlanProjectedUnscored');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'project', message: 'bad model' }));
        scoreMock.mockReset();
    });

    it('shows no projection when the page hides it', async () => {
        // Hidden by the design attribute
        const element = await render({ hideProjection: true });
        await startEditing(element);
        editField(element, ERP, 'status', { value: 'Completed' });
        await flushPromises();

        // Nothing projected, engine not asked
        expect(q(element, '.projection')).toBeNull();
        expect(scoreMock).not.toHaveBeenCalled();
    });

    it('shows only customer-visible milestones and no internal fields in the customer view', async () => {
        // Switch to the customer view
        const element = await render();
        const toggle = q(element, 'lightning-input.customer-view-toggle');
        toggle.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        await flushPromises();

        // The internal milestone, slip cause, progress and editing are gone
        const text = deepText(element);
        expect(text).not.toContain('Connect the ERP');
        expect(text).not.toContain("Internal: waiting on the customer's VPN");
        expect(qa(element, '.internal')).toHaveLength(0);
        expect(q(element, '.progress')).toBeNull();
        expect(q(element, 'lightning-button.edit-button')).toBeNull();
        expect(q(element, 'lightning-combobox.playbook-select')).toBeNull();
        expect(qa(element, '.milestone-name')).toHaveLength(3);
    });

    it('applies a playbook and refreshes', async () => {
        // Pick and apply
        applyMock.mockResolvedValue(clone());
        const element = await render();
        const combobox = q(element, 'lightning-combobox.playbook-select');
        combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'a03000000000001AAA' } }));
        await flushPromises();
        q(element, 'lightning-button.apply-playbook').click();
        await flushPromises();

        // Apex was called with the plan; the view refreshed
        expect(applyMock).toHaveBeenCalledWith({ planId: PLAN.plan!.id, playbookId: 'a03000000000001AAA' });
        expect(refreshApex).toHaveBeenCalled();
        expect(notifyRecordUpdateAvailable).toHaveBeenCalled();
    });

    it('shows and reports a playbook failure', async () => {
        // Apex refuses the playbook
        applyMock.mockRejectedValue({ body: { message: 'The plan already has milestones.' } });
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        q(element, 'lightning-combobox.playbook-select').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'a03000000000001AAA' } })
        );
        await flushPromises();
        q(element, 'lightning-button.apply-playbook').click();
        await flushPromises();

        // The message is shown
        expect(toasts[0].detail.message).toBe('The plan already has milestones.');
    });

    it('registers for view refreshes and shows a refresh failure', async () => {
        // Render, then let the view ask for a refresh that fails
        (refreshApex as jest.Mock).mockRejectedValueOnce(new Error('offline'));
        const element = await render();
        const handler = (registerRefreshHandler as jest.Mock).mock.calls[0][1] as () => Promise<void>;
        await handler();
        await flushPromises();

        // The error shows; removal unregisters
        expect(q(element, '.load-error').textContent).toContain('offline');
        document.body.removeChild(element);
        expect(unregisterRefreshHandler).toHaveBeenCalled();
    });

    it('reads only the fixed DTO property names, never namespaced field keys (F30)', async () => {
        // Decoy namespaced keys carry different values
        const data = clone() as MutualPlanDto & Record<string, unknown>;
        data.milestones = data.milestones.map((m) => ({ ...m, liftoff__Name__c: 'WRONG-NAME', Name__c: 'WRONG' }));
        const element = await render({}, data);

        // Only the DTO values show
        expect(deepText(element)).not.toContain('WRONG');
        expect(allKeys(PLAN).filter((key) => key.endsWith('__c'))).toEqual([]);

        // The source reads no __c property
        const source = readFileSync(join(__dirname, '..', 'mutualPlan.ts'), 'utf8');
        expect(source).not.toMatch(/\.\w+__c\b|\[['"]\w+__c['"]\]/);
    });

    it('renders hostile milestone names and descriptions as literal text (F16)', async () => {
        // Names and descriptions full of markup, SQL, RTL, zero-width and emoji
        const data = clone();
        data.milestones = INLINE_HOSTILE.map((text, i) => ({
            ...PLAN.milestones[1],
            id: `a02h${i}`,
            name: text,
            description: text
        }));
        const element = await render({}, data);

        // The text is there verbatim; no element came from it
        const text = deepText(element);
        INLINE_HOSTILE.forEach((hostile) => expect(text).toContain(hostile));
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('renders the hostile sample Opportunity descriptions literally (checks nothing when LIFTOFF_DATA_DIR/apex-recipes/Opportunities.json is absent)', async () => {
        // Descriptions of the shared sample Opportunities
        const samples = sampleHostileStrings() ?? [];
        const data = clone();
        data.milestones = samples.map((text, i) => ({ ...PLAN.milestones[1], id: `a02s${i}`, name: text }));
        const element = await render({}, data);

        // Each shows as written
        const names = qa(element, '.milestone-name').map((p) => p.textContent);
        expect(names).toEqual(samples);
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('stacks every editing field full width on a phone and uses no wide table (F28)', async () => {
        // Start editing
        const element = await render();
        await startEditing(element);

        // Each field takes the full row on the smallest screens and shares it from small tablets up
        const items = qa(element, 'lightning-layout-item');
        expect(items.length).toBeGreaterThan(0);
        expect(items.every((item) => item.size === '12' && item.smallDeviceSize === '6')).toBe(true);
        expect(deepQueryAll(element.shadowRoot!, 'table')).toHaveLength(0);
    });

    it('is accessible while reading and while editing', async () => {
        // Reading
        const element = await render();
        expect(await accessibilityViolations(element)).toEqual([]);

        // Editing
        await startEditing(element);
        expect(await accessibilityViolations(element)).toEqual([]);
    });
});

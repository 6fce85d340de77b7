import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'lwc';
import StakeholderMap from 'c/stakeholderMap';
import getStakeholderMap from '@salesforce/apex/StakeholderMapController.getStakeholderMap';
import searchContacts from '@salesforce/apex/StakeholderMapController.searchContacts';
import addStakeholders from '@salesforce/apex/StakeholderMapController.addStakeholders';
import saveStakeholders from '@salesforce/apex/StakeholderMapController.saveStakeholders';
import { refreshApex } from '@salesforce/apex';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { log } from 'lightning/logger';
import type { StakeholderMapDto } from 'liftoff/dto';
import {
    INLINE_HOSTILE,
    deepQueryAll,
    deepText,
    accessibilityViolations,
    flushPromises,
    sampleHostileStrings
} from '../../../../../../test/jest-mocks/liftoffTestUtils';
import getStakeholderMapJson from './data/getStakeholderMap.json';
import getStakeholderMapPageOfJson from './data/getStakeholderMapPage1Of5.json';
import searchContactsJson from './data/searchContacts.json';

jest.mock(
    '@salesforce/apex/StakeholderMapController.getStakeholderMap',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/StakeholderMapController.searchContacts', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/StakeholderMapController.addStakeholders', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/StakeholderMapController.saveStakeholders', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
// Composition templates with their English value, so the specs can read the composed text.
jest.mock('@salesforce/label/c.LiftoffNamedError', () => ({ default: '{0}: {1}' }), { virtual: true });
jest.mock('@salesforce/label/c.LiftoffNameWithTitle', () => ({ default: '{0} ({1})' }), { virtual: true });

const MAP: StakeholderMapDto = getStakeholderMapJson as unknown as StakeholderMapDto;
const BIG: StakeholderMapDto = getStakeholderMapPageOfJson as unknown as StakeholderMapDto;
const CONTACTS = searchContactsJson;
const wire = getStakeholderMap as unknown as {
    emit(value: unknown): void;
    error(body?: unknown): void;
    getLastConfig(): Record<string, unknown>;
};
const searchMock = searchContacts as unknown as jest.Mock;
const addMock = addStakeholders as unknown as jest.Mock;
const saveMock = saveStakeholders as unknown as jest.Mock;
type Stub = HTMLElement & Record<string, unknown>;

function clone(): StakeholderMapDto {
    return JSON.parse(JSON.stringify(MAP));
}

async function render(data: unknown = MAP, props: Record<string, unknown> = {}): Promise<HTMLElement> {
    const element = createElement('c-stakeholder-map', { is: StakeholderMap });
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

async function search(element: HTMLElement, term: string): Promise<void> {
    q(element, 'lightning-input.search').dispatchEvent(new CustomEvent('change', { detail: { value: term } }));
    await flushPromises();
    q(element, '.search-button').click();
    await flushPromises();
}

function tick(element: HTMLElement, contactId: string, checked = true): void {
    q(element, `lightning-input[data-id="${contactId}"]`).dispatchEvent(
        new CustomEvent('change', { detail: { checked } })
    );
}

describe('c-stakeholder-map', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner until the map arrives', async () => {
        // No data yet
        const element = await render(null);

        // Spinner only
        expect(q(element, 'lightning-spinner')).not.toBeNull();
    });

    it('puts the buying committee beside the onboarding committee', async () => {
        // Render
        const element = await render();

        // Each committee lists the people with a role in it
        expect(qa(element, '.buying .name').map((p) => p.textContent)).toEqual([
            'Dana Director',
            'Sam Champion',
            'Vic Veto'
        ]);
        expect(qa(element, '.onboarding .name').map((p) => p.textContent)).toEqual([
            'Dana Director',
            'Sam Champion',
            'Ed User'
        ]);
        expect(qa(element, '.onboarding .role').map((p) => p.textContent)).toEqual([
            'c.OnboardingRoleExecutiveSponsor',
            'c.OnboardingRoleProjectLead',
            'c.OnboardingRoleEndUser'
        ]);
    });

    it('shows influence, stance, engagement recency, enablement and departures', async () => {
        // Render
        const element = await render();

        // Values appear as labels; missing ones say so
        expect(qa(element, '.buying .influence').map((d) => d.textContent)).toEqual([
            'c.InfluenceHigh',
            'c.InfluenceHigh',
            'c.InfluenceHigh'
        ]);
        expect(deepText(q(element, '.buying li[data-id="a04000000000000004"]'))).toContain('c.StanceBlocker');
        expect(q(element, '.buying li[data-id="a04000000000000004"] .departed')).not.toBeNull();
        expect(qa(element, '.onboarding .enablement').map((d) => d.textContent)).toContain('c.EnablementCertified');
        expect(qa(element, '.onboarding .engagement').map((p) => p.textContent)).toEqual([
            'c.StakeholderMapLastEngaged',
            'c.StakeholderMapLastEngaged',
            'c.StakeholderMapNeverEngaged'
        ]);
    });

    it('names the roles nobody fills', async () => {
        // Render
        const element = await render();

        // One line per gap
        expect(qa(element, 'li.gap')).toHaveLength(2);
        expect(q(element, '.no-gaps')).toBeNull();
    });

    it('says when every role is filled and when there are no stakeholders', async () => {
        // An empty map without gaps
        const element = await render({ ...clone(), stakeholders: [], gaps: [], totalCount: 0 });

        // Both statements show
        expect(q(element, '.no-gaps').textContent).toBe('c.StakeholderMapNoGaps');
        expect(q(element, '.empty-state').textContent).toBe('c.StakeholderMapEmpty');
    });

    it('builds the reports-to hierarchy as a tree, with a manager off the page at the top level', async () => {
        // Render
        const element = await render();

        // Dana > Sam > Ed; Vic's manager is not on this page
        const items = q(element, 'lightning-tree').items as {
            label: string;
            items: { label: string; items: { label: string }[] }[];
        }[];
        expect(items.map((i) => i.label)).toEqual(['Dana Director', 'Vic Veto']);
        expect(items[0].items[0].label).toBe('Sam Champion');
        expect(items[0].items[0].items[0].label).toBe('Ed User');
        expect(q(element, 'lightning-tree').header).toBe('c.StakeholderMapHierarchy');
    });

    it('keeps everyone in the tree when the data holds a reports-to cycle', async () => {
        // Dana reports to Sam, who reports to Dana
        const data = clone();
        data.stakeholders[0].reportsToId = data.stakeholders[1].id;
        const element = await render(data);

        // Four people remain reachable
        const count = (nodes: { items: unknown[] }[]): number =>
            nodes.reduce((sum, node) => sum + 1 + count(node.items as { items: unknown[] }[]), 0);
        expect(count(q(element, 'lightning-tree').items as { items: unknown[] }[])).toBe(4);
    });

    it('reads 250 stakeholders a page at a time (F29)', async () => {
        // The first of five pages
        const element = await render(BIG, { pageSize: 50 });
        expect(wire.getLastConfig()).toEqual({ recordId: '001000000000001AAA', pageSize: 50, pageNumber: 1 });
        expect(qa(element, '.buying li')).toHaveLength(50);
        expect(q(element, '.previous').disabled).toBe(true);

        // Next asks for page two
        q(element, '.next').click();
        await flushPromises();
        expect(wire.getLastConfig()).toEqual({ recordId: '001000000000001AAA', pageSize: 50, pageNumber: 2 });
        expect(q(element, '.previous').disabled).toBe(false);

        // Previous goes back
        q(element, '.previous').click();
        await flushPromises();
        expect(wire.getLastConfig()).toEqual(expect.objectContaining({ pageNumber: 1 }));
        expect(q(element, '.page-text').textContent).toBe('c.StakeholderMapPageOf');
    });

    it('stops at the last page and keeps the page size within what the server accepts', async () => {
        // A page size above the limit, on the last page
        const element = await render({ ...BIG, totalCount: 400 }, { pageSize: 500 });
        expect(wire.getLastConfig()).toEqual(expect.objectContaining({ pageSize: 200 }));
        q(element, '.next').click();
        await flushPromises();
        q(element, '.next').click();
        await flushPromises();

        // Page 2 of 2 is the end
        expect(wire.getLastConfig()).toEqual(expect.objectContaining({ pageNumber: 2 }));
        expect(q(element, '.next').disabled).toBe(true);
    });

    it('falls back to 50 per page for a page size that is not a number', async () => {
        // Nonsense page size
        await render(MAP, { pageSize: 'many' });

        // Default used
        expect(wire.getLastConfig()).toEqual(expect.objectContaining({ pageSize: 50 }));
    });

    it('searches the Account contacts and adds the chosen ones, then refreshes (F27)', async () => {
        // Search
        searchMock.mockResolvedValue(CONTACTS);
        addMock.mockResolvedValue([
            { id: '003000000000000011', success: true, errors: [] },
            { id: '003000000000000012', success: true, errors: [] }
        ]);
        const element = await render();
        const refreshed = jest.fn();
        element.addEventListener('lightning__refresh', refreshed);
        await search(element, ' Ni ');
        expect(searchMock).toHaveBeenCalledWith({ planId: 'a01000000000001AAA', searchTerm: 'Ni' });

        // A current stakeholder cannot be picked again
        const dana = q(element, 'lightning-input[data-id="003000000000000001"]');
        expect(dana.disabled).toBe(true);
        expect(dana.fieldLevelHelp).toBe('c.StakeholderMapAlreadyStakeholder');

        // Pick two (and change one's mind once), then add
        tick(element, '003000000000000011');
        tick(element, '003000000000000012');
        tick(element, '003000000000000012', false);
        tick(element, '003000000000000012');
        await flushPromises();
        q(element, '.add-button').click();
        await flushPromises();

        // Added, view refreshed, search cleared
        expect(addMock).toHaveBeenCalledWith({
            planId: 'a01000000000001AAA',
            contactIds: ['003000000000000011', '003000000000000012']
        });
        expect(refreshApex).toHaveBeenCalled();
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: 'a01000000000001AAA' }]);
        expect(refreshed).toHaveBeenCalled();
        expect(qa(element, 'ul.contacts lightning-input')).toHaveLength(0);
    });

    it('searches on Enter and says when nothing matches', async () => {
        // Type and press Enter
        searchMock.mockResolvedValue([]);
        const element = await render();
        const input = q(element, 'lightning-input.search');
        input.dispatchEvent(new CustomEvent('change', { detail: { value: 'Zed' } }));
        await flushPromises();
        input.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
        await flushPromises();

        // Empty result stated
        expect(searchMock).toHaveBeenCalledTimes(1);
        expect(q(element, '.no-contacts').textContent).toBe('c.StakeholderMapNoContacts');
    });

    it('keeps a contact that could not be added selected, with its reason', async () => {
        // One of two fails
        searchMock.mockResolvedValue(CONTACTS);
        addMock.mockResolvedValue([
            { id: '003000000000000011', success: true, errors: [] },
            { id: '003000000000000012', success: false, errors: [{ field: '', message: 'Duplicate stakeholder.' }] }
        ]);
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await search(element, 'o');
        await search(element, 'Ot');
        tick(element, '003000000000000011');
        tick(element, '003000000000000012');
        await flushPromises();
        q(element, '.add-button').click();
        await flushPromises();

        // The one added is counted in the singular; the failure is shown in place and reported
        expect(toasts.map((t) => t.detail.message)).toEqual(['c.StakeholderMapAddedOne']);
        expect(q(element, '.add-errors').textContent).toBe('Otto Other: Duplicate stakeholder.');
        expect(q(element, 'lightning-input[data-id="003000000000000012"]').checked).toBe(true);
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'add' }));
    });

    it('gives a generic reason when Apex rejects a contact silently, and adds nothing', async () => {
        // The only contact fails without a message
        searchMock.mockResolvedValue(CONTACTS);
        addMock.mockResolvedValue([{ id: '003000000000000011', success: false, errors: [] }]);
        const element = await render();
        await search(element, 'Nia');
        tick(element, '003000000000000011');
        await flushPromises();
        q(element, '.add-button').click();
        await flushPromises();

        // Generic message, no refresh
        expect(q(element, '.add-errors').textContent).toBe('Nia New: c.StakeholderMapAddFailed');
        expect(refreshApex).not.toHaveBeenCalled();
    });

    it('shows and reports a failed search', async () => {
        // Apex fails
        searchMock.mockRejectedValue({ body: { message: 'Search is unavailable.' } });
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await search(element, 'Nia');

        // Error shown and logged
        expect(toasts[0].detail.message).toBe('Search is unavailable.');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'search' }));
    });

    async function openEditor(element: HTMLElement, id: string): Promise<void> {
        q(element, `.buying lightning-button-icon[data-id="${id}"]`).click();
        await flushPromises();
    }

    function editField(element: HTMLElement, field: string, detail: Record<string, unknown>): void {
        q(element, `.editor [data-field="${field}"]`).dispatchEvent(new CustomEvent('change', { detail }));
    }

    it('refuses to save the editor while one of its fields is not valid', async () => {
        // An edit, with a field that reports itself invalid
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event as CustomEvent));
        await openEditor(element, 'a04000000000000002');
        editField(element, 'stance', { value: 'Skeptic' });
        await flushPromises();
        Object.defineProperty(q(element, '.editor [data-field="influence"]'), 'reportValidity', { value: () => false });
        q(element, '.editor .save-edit').click();
        await flushPromises();

        // Nothing sent, the editor stays open with the edit, and the message says what to do
        expect(saveMock).not.toHaveBeenCalled();
        expect(q(element, '.editor')).not.toBeNull();
        expect(toasts.map((t) => [t.detail.variant, t.detail.message])).toEqual([['error', 'c.LiftoffFormInvalid']]);
    });

    it('edits a stakeholder and saves only what changed, then refreshes (F27)', async () => {
        // Open Sam's editor: it shows the saved values and offers everyone else as a manager
        saveMock.mockResolvedValue([{ id: 'a04000000000000002', success: true, errors: [] }]);
        const element = await render();
        const refreshed = jest.fn();
        element.addEventListener('lightning__refresh', refreshed);
        await openEditor(element, 'a04000000000000002');
        expect(q(element, '.editor h3').textContent!.trim()).toBe('c.StakeholderMapEditing');
        expect(q(element, '.editor [data-field="stance"]').value).toBe('Advocate');
        const managers = (q(element, '.editor [data-field="reportsToId"]').options as { value: string }[]).map(
            (o) => o.value
        );
        expect(managers).toEqual(['', 'a04000000000000001', 'a04000000000000003', 'a04000000000000004']);

        // Change stance, set and unset influence, take away the manager, mark as departed
        editField(element, 'stance', { value: 'Skeptic' });
        editField(element, 'influence', { value: 'Low' });
        editField(element, 'influence', { value: 'High' });
        editField(element, 'reportsToId', { value: '' });
        editField(element, 'departed', { checked: true });
        await flushPromises();
        q(element, '.editor .save-edit').click();
        await flushPromises();

        // One row with the three real changes; editor closed; view refreshed
        expect(saveMock).toHaveBeenCalledWith({
            rows: [{ id: 'a04000000000000002', stance: 'Skeptic', reportsToId: null, departed: true }]
        });
        expect(q(element, '.editor')).toBeNull();
        expect(refreshApex).toHaveBeenCalled();
        expect(refreshed).toHaveBeenCalled();
    });

    it('keeps the editor open with the errors of a refused save, named by field', async () => {
        // Apex refuses two fields and the row
        saveMock.mockResolvedValue([
            {
                id: 'a04000000000000001',
                success: false,
                errors: [
                    { field: 'liftoff__Stance__c', message: 'Blocker needs a reason.' },
                    { field: '', message: 'Record is locked.' }
                ]
            }
        ]);
        const element = await render();
        await openEditor(element, 'a04000000000000001');
        editField(element, 'stance', { value: 'Blocker' });
        await flushPromises();
        q(element, '.editor .save-edit').click();
        await flushPromises();

        // Errors in place; the edit stays; reported
        const errors = qa(element, '.edit-errors p').map((p) => p.textContent);
        expect(errors).toEqual(['c.StakeholderMapStance: Blocker needs a reason.', 'Record is locked.']);
        expect(q(element, '.editor [data-field="stance"]').value).toBe('Blocker');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'edit' }));
    });

    it('gives a generic error when a save fails without messages, and cancel closes the editor', async () => {
        // Silent failure
        saveMock.mockResolvedValue([{ id: 'a04000000000000001', success: false, errors: [] }]);
        const element = await render();
        await openEditor(element, 'a04000000000000001');
        expect(q(element, '.editor .save-edit').disabled).toBe(true);
        editField(element, 'enablementStatus', { value: 'Certified' });
        await flushPromises();
        q(element, '.editor .save-edit').click();
        await flushPromises();
        expect(qa(element, '.edit-errors p').map((p) => p.textContent)).toEqual(['c.StakeholderMapActionError']);

        // Cancel
        q(element, '.editor .cancel-edit').click();
        await flushPromises();
        expect(q(element, '.editor')).toBeNull();
    });

    it('labels every option of the editor and names each edit button after its person', async () => {
        // Open the editor
        const element = await render();
        await openEditor(element, 'a04000000000000001');

        // Role options show labels, with "No role" for None
        const roles = q(element, '.editor [data-field="buyingRole"]').options as { value: string; label: string }[];
        expect(roles[roles.length - 1]).toEqual({ value: 'None', label: 'c.StakeholderMapNoRole' });
        expect(roles[0]).toEqual({ value: 'Signer', label: 'c.BuyingRoleSigner' });
        expect(qa(element, 'lightning-button-icon.edit-stakeholder')[0].alternativeText).toBe(
            'c.StakeholderMapEditing'
        );
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('offers no adding or editing to a user who cannot edit', async () => {
        // Read-only map
        const element = await render({ ...clone(), canEdit: false });

        // No search, add or edit controls
        expect(q(element, '.add-people')).toBeNull();
        expect(qa(element, 'lightning-button-icon.edit-stakeholder')).toHaveLength(0);
    });

    it('shows the load error and reports it', async () => {
        // Wire error
        const element = await render(null);
        wire.error({ message: 'Too many stakeholders to read at once' });
        await flushPromises();

        // Shown and logged
        expect(q(element, '.load-error').textContent).toContain('Too many stakeholders to read at once');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'load' }));
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('says the record has no plan', async () => {
        // No plan
        const element = await render({ ...clone(), planId: null });

        // Message only
        expect(q(element, '.no-plan').textContent).toBe('c.StakeholderMapNoPlan');
    });

    it('refreshes when the view asks and shows a refresh failure', async () => {
        // A failing view refresh
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
        const data = clone() as StakeholderMapDto & { stakeholders: Record<string, unknown>[] };
        data.stakeholders = data.stakeholders.map((s) => ({ ...s, liftoff__Name__c: 'WRONG' })) as never;
        const element = await render(data);

        // Only DTO values show
        expect(deepText(element)).not.toContain('WRONG');
        const source = readFileSync(join(__dirname, '..', 'stakeholderMap.ts'), 'utf8');
        expect(source).not.toMatch(/\.\w+__c\b|\[['"]\w+__c['"]\]/);
    });

    it('renders hostile names and titles literally (F16)', async () => {
        // Hostile names and titles
        const data = clone();
        data.stakeholders = INLINE_HOSTILE.map((text, i) => ({
            ...MAP.stakeholders[0],
            id: `h${i}`,
            name: text,
            title: text
        }));
        const element = await render(data);

        // Verbatim text, no injected elements; the tree gets the raw string as a property
        const text = deepText(element);
        INLINE_HOSTILE.forEach((hostile) => expect(text).toContain(hostile));
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
        expect((q(element, 'lightning-tree').items as { label: string }[]).map((i) => i.label)).toEqual(INLINE_HOSTILE);
    });

    it('renders the hostile sample Opportunity descriptions literally (checks nothing when LIFTOFF_DATA_DIR/apex-recipes/Opportunities.json is absent)', async () => {
        // Sample descriptions as names
        const samples = sampleHostileStrings() ?? [];
        const data = clone();
        data.stakeholders = samples.map((text, i) => ({ ...MAP.stakeholders[0], id: `s${i}`, name: text }));
        const element = await render(data);

        // Each shows as written
        expect(qa(element, '.buying .name').map((p) => p.textContent)).toEqual(samples);
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('shows the committees as stacked cards on a phone, with no wide table (F28)', async () => {
        // Render
        const element = await render();

        // The two committees share a row only from medium screens up
        const columns = qa(element, 'lightning-layout-item');
        expect(columns.map((c) => [c.size, c.mediumDeviceSize])).toEqual([
            ['12', '6'],
            ['12', '6']
        ]);
        expect(deepQueryAll(element.shadowRoot!, 'table')).toHaveLength(0);
    });

    it('is accessible with the search results open', async () => {
        // Render and search
        searchMock.mockResolvedValue(CONTACTS);
        const element = await render();
        await search(element, 'Nia');

        // Check
        expect(await accessibilityViolations(element)).toEqual([]);
    });
});

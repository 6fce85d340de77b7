import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getStakeholderMap from '@salesforce/apex/StakeholderMapController.getStakeholderMap';
import searchContacts from '@salesforce/apex/StakeholderMapController.searchContacts';
import addStakeholders from '@salesforce/apex/StakeholderMapController.addStakeholders';
import saveStakeholders from '@salesforce/apex/StakeholderMapController.saveStakeholders';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { RefreshEvent, registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import {
    type WireResult,
    daysBetween,
    formatCount,
    formatDate,
    formatLabel,
    reportError,
    reportFormValidity,
    roleLabel,
    stripNamespace,
    todayIso
} from 'c/liftoffUtils';
import type { ContactOptionDto, PicklistOption, StakeholderDto, StakeholderEdit, StakeholderMapDto } from 'liftoff/dto';

import TITLE from '@salesforce/label/c.StakeholderMapTitle';
import LOADING from '@salesforce/label/c.LiftoffLoading';
import LOAD_ERROR from '@salesforce/label/c.StakeholderMapLoadError';
import ACTION_ERROR from '@salesforce/label/c.StakeholderMapActionError';
import FORM_INVALID from '@salesforce/label/c.LiftoffFormInvalid';
import NO_PLAN from '@salesforce/label/c.StakeholderMapNoPlan';
import EMPTY from '@salesforce/label/c.StakeholderMapEmpty';
import BUYING from '@salesforce/label/c.StakeholderMapBuyingCommittee';
import ONBOARDING from '@salesforce/label/c.StakeholderMapOnboardingCommittee';
import NOBODY from '@salesforce/label/c.StakeholderMapNobody';
import GAPS from '@salesforce/label/c.StakeholderMapGaps';
import NO_GAPS from '@salesforce/label/c.StakeholderMapNoGaps';
import GAP_BUYING from '@salesforce/label/c.StakeholderMapGapBuying';
import GAP_ONBOARDING from '@salesforce/label/c.StakeholderMapGapOnboarding';
import HIERARCHY from '@salesforce/label/c.StakeholderMapHierarchy';
import INFLUENCE from '@salesforce/label/c.StakeholderMapInfluence';
import STANCE from '@salesforce/label/c.StakeholderMapStance';
import ENABLEMENT from '@salesforce/label/c.StakeholderMapEnablement';
import LAST_ENGAGED from '@salesforce/label/c.StakeholderMapLastEngaged';
import NEVER_ENGAGED from '@salesforce/label/c.StakeholderMapNeverEngaged';
import MEETINGS from '@salesforce/label/c.StakeholderMapMeetings';
import DEPARTED from '@salesforce/label/c.StakeholderMapDeparted';
import PREVIOUS from '@salesforce/label/c.StakeholderMapPrevious';
import NEXT from '@salesforce/label/c.StakeholderMapNext';
import PAGE_OF from '@salesforce/label/c.StakeholderMapPageOf';
import SEARCH from '@salesforce/label/c.StakeholderMapSearchContacts';
import SEARCH_BUTTON from '@salesforce/label/c.StakeholderMapSearch';
import NO_CONTACTS from '@salesforce/label/c.StakeholderMapNoContacts';
import ALREADY from '@salesforce/label/c.StakeholderMapAlreadyStakeholder';
import ADD from '@salesforce/label/c.StakeholderMapAdd';
import ADDED from '@salesforce/label/c.StakeholderMapAdded';
import ADDED_ONE from '@salesforce/label/c.StakeholderMapAddedOne';
import ADD_FAILED from '@salesforce/label/c.StakeholderMapAddFailed';
import INFLUENCE_HIGH from '@salesforce/label/c.InfluenceHigh';
import INFLUENCE_MEDIUM from '@salesforce/label/c.InfluenceMedium';
import INFLUENCE_LOW from '@salesforce/label/c.InfluenceLow';
import STANCE_ADVOCATE from '@salesforce/label/c.StanceAdvocate';
import STANCE_SUPPORTER from '@salesforce/label/c.StanceSupporter';
import STANCE_NEUTRAL from '@salesforce/label/c.StanceNeutral';
import STANCE_SKEPTIC from '@salesforce/label/c.StanceSkeptic';
import STANCE_BLOCKER from '@salesforce/label/c.StanceBlocker';
import ENABLEMENT_NOT_STARTED from '@salesforce/label/c.EnablementNotStarted';
import ENABLEMENT_IN_PROGRESS from '@salesforce/label/c.EnablementInProgress';
import ENABLEMENT_CERTIFIED from '@salesforce/label/c.EnablementCertified';
import NOT_SET from '@salesforce/label/c.LiftoffNotSet';
import NAME_WITH_TITLE from '@salesforce/label/c.LiftoffNameWithTitle';
import NAMED_ERROR from '@salesforce/label/c.LiftoffNamedError';
import EDITING from '@salesforce/label/c.StakeholderMapEditing';
import SAVE from '@salesforce/label/c.StakeholderMapSave';
import CANCEL from '@salesforce/label/c.StakeholderMapCancel';
import SAVED from '@salesforce/label/c.StakeholderMapSaved';
import BUYING_ROLE from '@salesforce/label/c.StakeholderMapBuyingRole';
import ONBOARDING_ROLE from '@salesforce/label/c.StakeholderMapOnboardingRole';
import REPORTS_TO from '@salesforce/label/c.StakeholderMapReportsTo';
import NO_ROLE from '@salesforce/label/c.StakeholderMapNoRole';
import NOBODY_ABOVE from '@salesforce/label/c.StakeholderMapNobodyAbove';

const COMPONENT = 'c-stakeholder-map';

const VALUE_LABELS: Record<string, string> = {
    High: INFLUENCE_HIGH,
    Medium: INFLUENCE_MEDIUM,
    Low: INFLUENCE_LOW,
    Advocate: STANCE_ADVOCATE,
    Supporter: STANCE_SUPPORTER,
    Neutral: STANCE_NEUTRAL,
    Skeptic: STANCE_SKEPTIC,
    Blocker: STANCE_BLOCKER,
    NotStarted: ENABLEMENT_NOT_STARTED,
    InProgress: ENABLEMENT_IN_PROGRESS,
    Certified: ENABLEMENT_CERTIFIED
};

const STANCE_CLASS: Record<string, string> = {
    Advocate: 'slds-badge slds-theme_success',
    Supporter: 'slds-badge slds-theme_success',
    Skeptic: 'slds-badge slds-theme_warning',
    Blocker: 'slds-badge slds-theme_error'
};

/**
 * Stored values offered when a stakeholder is edited, in the order of the field's picklist.
 * Limitation: these are the package's picklist values, not read from the org, so a value an
 * admin deactivates is still offered; saving it then fails and the editor shows the org's error.
 */
const BUYING_ROLES = ['Signer', 'EconomicBuyer', 'Champion', 'VetoHolder', 'TechnicalEvaluator', 'EndUser', 'None'];
const ONBOARDING_ROLES = ['ExecutiveSponsor', 'ProjectLead', 'Admin', 'Trainer', 'EndUser', 'None'];
const INFLUENCES = ['High', 'Medium', 'Low'];
const STANCES = ['Advocate', 'Supporter', 'Neutral', 'Skeptic', 'Blocker'];
const ENABLEMENT_STATUSES = ['NotStarted', 'InProgress', 'Certified'];

/** Stakeholder properties the editor changes, by the field API name (without namespace) Apex reports errors on. */
const FIELD_OF_API_NAME: Record<string, keyof StakeholderEdit> = {
    BuyingRole__c: 'buyingRole',
    OnboardingRole__c: 'onboardingRole',
    Influence__c: 'influence',
    Stance__c: 'stance',
    ReportsTo__c: 'reportsToId',
    EnablementStatus__c: 'enablementStatus',
    Departed__c: 'departed'
};

type Draft = Omit<StakeholderEdit, 'id'>;

interface TreeItem {
    label: string;
    name: string;
    metatext: string;
    expanded: boolean;
    items: TreeItem[];
}

/**
 * The stakeholder map: the buying committee beside the onboarding committee,
 * the roles nobody fills, the reports-to hierarchy, influence, stance,
 * engagement recency and enablement. Large committees are read a page at a
 * time (field case F29); people are added from the Account's Contacts.
 */
export default class StakeholderMap extends LightningElement {
    /** Id of the Account, Opportunity or onboarding plan the page shows. */
    @api recordId = '';

    /** Stakeholders per page (1 to 200). */
    @api pageSize = 50;

    labels = {
        TITLE,
        LOADING,
        NO_PLAN,
        EMPTY,
        BUYING,
        ONBOARDING,
        NOBODY,
        GAPS,
        NO_GAPS,
        HIERARCHY,
        INFLUENCE,
        STANCE,
        ENABLEMENT,
        PREVIOUS,
        NEXT,
        SEARCH,
        SEARCH_BUTTON,
        NO_CONTACTS,
        ADD,
        SAVE,
        CANCEL,
        BUYING_ROLE,
        ONBOARDING_ROLE,
        REPORTS_TO,
        DEPARTED
    };

    pageNumber = 1;
    map: StakeholderMapDto | null = null;
    errorMessage = '';
    busy = false;
    searchTerm = '';
    contacts: ContactOptionDto[] | null = null;
    selectedContactIds: string[] = [];
    addErrors: { id: string; text: string }[] = [];
    editingId: string | null = null;
    draft: Draft = {};
    editErrors: string[] = [];

    private wiredResult: WireResult<StakeholderMapDto> | undefined;
    private refreshHandlerId: number | undefined;

    @wire(getStakeholderMap, { recordId: '$recordId', pageSize: '$effectivePageSize', pageNumber: '$pageNumber' })
    wiredMap(result: WireResult<StakeholderMapDto>): void {
        this.wiredResult = result;
        if (result.data) {
            this.map = result.data;
            this.errorMessage = '';
        } else if (result.error) {
            this.map = null;
            this.errorMessage = reportError(COMPONENT, 'load', result.error, LOAD_ERROR);
        }
    }

    override connectedCallback(): void {
        this.refreshHandlerId = registerRefreshHandler(this, () => this.refresh());
    }

    override disconnectedCallback(): void {
        if (this.refreshHandlerId !== undefined) {
            unregisterRefreshHandler(this.refreshHandlerId);
        }
    }

    /** The page size the server accepts: whole, between 1 and 200. */
    get effectivePageSize(): number {
        const size = Math.trunc(Number(this.pageSize));
        return Number.isFinite(size) ? Math.min(Math.max(size, 1), 200) : 50;
    }

    get isLoading(): boolean {
        return !this.map && !this.errorMessage;
    }

    get hasPlan(): boolean {
        return !!this.map?.planId;
    }

    get noPlan(): boolean {
        return !!this.map && !this.map.planId;
    }

    get isEmpty(): boolean {
        return this.hasPlan && (this.map?.totalCount ?? 0) === 0;
    }

    get canEdit(): boolean {
        return this.hasPlan && !!this.map?.canEdit;
    }

    private card(person: StakeholderDto, committee: 'buying' | 'onboarding') {
        const today = todayIso(TIME_ZONE);
        const engaged = person.lastEngagedDate;
        return {
            key: `${committee}-${person.id}`,
            id: person.id,
            name: person.name,
            title: person.title,
            role: roleLabel(committee === 'buying' ? person.buyingRole : person.onboardingRole, committee),
            influence: VALUE_LABELS[person.influence ?? ''] ?? NOT_SET,
            stance: VALUE_LABELS[person.stance ?? ''] ?? NOT_SET,
            stanceClass: STANCE_CLASS[person.stance ?? ''] ?? 'slds-badge',
            enablement: VALUE_LABELS[person.enablementStatus] ?? person.enablementStatus,
            engagement: engaged
                ? formatLabel(LAST_ENGAGED, formatDate(engaged, LOCALE), daysBetween(engaged, today))
                : NEVER_ENGAGED,
            meetings: formatLabel(MEETINGS, person.meetingsAttended, person.meetingsInvited),
            departed: person.departed,
            departedLabel: DEPARTED,
            editLabel: formatLabel(EDITING, person.name),
            cardClass: person.departed
                ? 'stakeholder slds-box slds-box_x-small slds-m-bottom_x-small slds-theme_shade'
                : 'stakeholder slds-box slds-box_x-small slds-m-bottom_x-small'
        };
    }

    get buyingCommittee() {
        return (this.map?.stakeholders ?? []).filter((s) => s.buyingRole !== 'None').map((s) => this.card(s, 'buying'));
    }

    get onboardingCommittee() {
        return (this.map?.stakeholders ?? [])
            .filter((s) => s.onboardingRole !== 'None')
            .map((s) => this.card(s, 'onboarding'));
    }

    get hasBuying(): boolean {
        return this.buyingCommittee.length > 0;
    }

    get hasOnboarding(): boolean {
        return this.onboardingCommittee.length > 0;
    }

    get gaps() {
        return (this.map?.gaps ?? []).map((gap) => ({
            key: `${gap.committee}-${gap.role}`,
            text: formatLabel(gap.committee === 'buying' ? GAP_BUYING : GAP_ONBOARDING, gap.label)
        }));
    }

    get hasGaps(): boolean {
        return this.gaps.length > 0;
    }

    /**
     * The reports-to hierarchy of the people on this page.
     * Limitation: with more stakeholders than one page holds, a person whose
     * manager is on another page shows as a top-level node on this page.
     */
    get hierarchy(): TreeItem[] {
        const people = this.map?.stakeholders ?? [];
        const byId = new Map<string, TreeItem>();
        for (const person of people) {
            byId.set(person.id, {
                label: person.name,
                name: person.id,
                metatext: person.title ?? '',
                expanded: true,
                items: []
            });
        }
        const roots: TreeItem[] = [];
        for (const person of people) {
            const node = byId.get(person.id) as TreeItem;
            const parent = person.reportsToId && person.reportsToId !== person.id ? byId.get(person.reportsToId) : null;
            if (parent && !this.isAncestor(node, parent)) {
                parent.items.push(node);
            } else {
                roots.push(node);
            }
        }
        return roots;
    }

    /** Guards against a reports-to cycle in the data, which would otherwise drop people from the tree. */
    private isAncestor(candidate: TreeItem, node: TreeItem): boolean {
        return candidate === node || candidate.items.some((child) => this.isAncestor(child, node));
    }

    private get editing(): StakeholderDto | null {
        return (this.map?.stakeholders ?? []).find((s) => s.id === this.editingId) ?? null;
    }

    /** The stakeholder being edited, with the values chosen so far. */
    get editor() {
        const person = this.editing;
        if (!person) {
            return null;
        }
        const value = <K extends keyof Draft>(key: K) => (key in this.draft ? this.draft[key] : person[key]);
        return {
            heading: formatLabel(EDITING, person.name),
            buyingRole: value('buyingRole'),
            onboardingRole: value('onboardingRole'),
            influence: value('influence') ?? '',
            stance: value('stance') ?? '',
            enablementStatus: value('enablementStatus'),
            reportsToId: value('reportsToId') ?? '',
            departed: !!value('departed'),
            errors: this.editErrors,
            hasErrors: this.editErrors.length > 0,
            saveDisabled: this.busy || Object.keys(this.draft).length === 0
        };
    }

    private options(values: string[], label: (value: string) => string): PicklistOption[] {
        return values.map((value) => ({ value, label: label(value) }));
    }

    get buyingRoleOptions(): PicklistOption[] {
        return this.options(BUYING_ROLES, (v) => roleLabel(v, 'buying') || NO_ROLE);
    }

    get onboardingRoleOptions(): PicklistOption[] {
        return this.options(ONBOARDING_ROLES, (v) => roleLabel(v, 'onboarding') || NO_ROLE);
    }

    get influenceOptions(): PicklistOption[] {
        return this.options(INFLUENCES, (v) => VALUE_LABELS[v]);
    }

    get stanceOptions(): PicklistOption[] {
        return this.options(STANCES, (v) => VALUE_LABELS[v]);
    }

    get enablementOptions(): PicklistOption[] {
        return this.options(ENABLEMENT_STATUSES, (v) => VALUE_LABELS[v]);
    }

    /** Anyone else on this page; nobody for a top-level person. */
    get reportsToOptions(): PicklistOption[] {
        const others = (this.map?.stakeholders ?? []).filter((s) => s.id !== this.editingId);
        return [{ value: '', label: NOBODY_ABOVE }, ...others.map((s) => ({ value: s.id, label: s.name }))];
    }

    handleEdit(event: Event): void {
        this.editingId = (event.currentTarget as HTMLElement).dataset.id ?? null;
        this.draft = {};
        this.editErrors = [];
    }

    handleCancelEdit(): void {
        this.editingId = null;
        this.draft = {};
        this.editErrors = [];
    }

    handleEditChange(event: CustomEvent<{ value?: string; checked?: boolean }>): void {
        const field = (event.target as HTMLElement).dataset.field as keyof Draft;
        const person = this.editing;
        if (!person || !field) {
            return;
        }
        const value = field === 'departed' ? !!event.detail.checked : event.detail.value || null;
        const draft: Record<string, unknown> = { ...this.draft, [field]: value };
        if ((person[field] ?? null) === value) {
            delete draft[field];
        }
        this.draft = draft as Draft;
    }

    async handleSaveEdit(): Promise<void> {
        const id = this.editingId;
        if (!id || !this.formIsValid('[data-field]')) {
            return;
        }
        await this.run('edit', async () => {
            const [result] = await saveStakeholders({ rows: [{ id, ...this.draft }] });
            if (result?.success) {
                this.handleCancelEdit();
                this.toast(SAVED, 'success');
                await this.afterChange();
                return;
            }
            this.editErrors = (result?.errors ?? []).map((error) => {
                const field = FIELD_OF_API_NAME[stripNamespace(error.field)];
                return field ? formatLabel(NAMED_ERROR, this.fieldLabel(field), error.message) : error.message;
            });
            if (this.editErrors.length === 0) {
                this.editErrors = [ACTION_ERROR];
            }
            reportError(COMPONENT, 'edit', this.editErrors, ACTION_ERROR);
        });
    }

    private fieldLabel(field: keyof StakeholderEdit): string {
        const labels: Partial<Record<keyof StakeholderEdit, string>> = {
            buyingRole: BUYING_ROLE,
            onboardingRole: ONBOARDING_ROLE,
            influence: INFLUENCE,
            stance: STANCE,
            reportsToId: REPORTS_TO,
            enablementStatus: ENABLEMENT,
            departed: DEPARTED
        };
        return labels[field] ?? field;
    }

    get pageCount(): number {
        return Math.max(1, Math.ceil((this.map?.totalCount ?? 0) / this.effectivePageSize));
    }

    get showPaging(): boolean {
        return this.pageCount > 1;
    }

    get pageText(): string {
        return formatLabel(PAGE_OF, this.pageNumber, this.pageCount, this.map?.totalCount ?? 0);
    }

    get previousDisabled(): boolean {
        return this.pageNumber <= 1;
    }

    get nextDisabled(): boolean {
        return this.pageNumber >= this.pageCount;
    }

    handlePrevious(): void {
        this.pageNumber = Math.max(1, this.pageNumber - 1);
    }

    handleNext(): void {
        this.pageNumber = Math.min(this.pageCount, this.pageNumber + 1);
    }

    get contactOptions() {
        return (this.contacts ?? []).map((contact) => ({
            id: contact.id,
            label: contact.title ? formatLabel(NAME_WITH_TITLE, contact.name, contact.title) : contact.name,
            disabled: contact.alreadyStakeholder,
            help: contact.alreadyStakeholder ? ALREADY : '',
            checked: this.selectedContactIds.includes(contact.id)
        }));
    }

    get noContacts(): boolean {
        return this.contacts !== null && this.contacts.length === 0;
    }

    get searchDisabled(): boolean {
        return this.busy || this.searchTerm.trim().length < 2;
    }

    get addDisabled(): boolean {
        return this.busy || this.selectedContactIds.length === 0;
    }

    get hasAddErrors(): boolean {
        return this.addErrors.length > 0;
    }

    handleSearchTerm(event: CustomEvent<{ value: string }>): void {
        this.searchTerm = event.detail.value ?? '';
    }

    async handleSearchKey(event: KeyboardEvent): Promise<void> {
        if (event.key === 'Enter' && !this.searchDisabled) {
            await this.handleSearch();
        }
    }

    async handleSearch(): Promise<void> {
        await this.run('search', async () => {
            this.contacts = await searchContacts({
                planId: this.map?.planId ?? '',
                searchTerm: this.searchTerm.trim()
            });
            this.selectedContactIds = [];
        });
    }

    handleContactToggle(event: CustomEvent<{ checked: boolean }>): void {
        const id = (event.target as HTMLElement).dataset.id ?? '';
        const others = this.selectedContactIds.filter((selected) => selected !== id);
        this.selectedContactIds = event.detail.checked ? [...others, id] : others;
    }

    async handleAdd(): Promise<void> {
        await this.run('add', async () => {
            const results = await addStakeholders({
                planId: this.map?.planId ?? '',
                contactIds: this.selectedContactIds
            });
            const names = new Map((this.contacts ?? []).map((c) => [c.id, c.name]));
            const failed = results.filter((r) => !r.success);
            this.addErrors = failed.map((r) => ({
                id: r.id,
                text: formatLabel(
                    NAMED_ERROR,
                    names.get(r.id) ?? r.id,
                    r.errors.map((e) => e.message).join(' ') || ADD_FAILED
                )
            }));
            this.selectedContactIds = failed.map((r) => r.id);
            const added = results.length - failed.length;
            if (failed.length > 0) {
                reportError(
                    COMPONENT,
                    'add',
                    this.addErrors.map((e) => e.text),
                    ADD_FAILED
                );
            }
            if (added > 0) {
                this.toast(formatCount(added, ADDED_ONE, ADDED), 'success');
                this.contacts = failed.length > 0 ? this.contacts : null;
                await this.afterChange();
            }
        });
    }

    /** Every field the action sends must be valid; otherwise each shows its error and nothing is sent. */
    private formIsValid(selector: string): boolean {
        if (reportFormValidity(this.template, selector)) {
            return true;
        }
        this.toast(FORM_INVALID, 'error');
        return false;
    }

    private async run(action: string, work: () => Promise<void>): Promise<void> {
        this.busy = true;
        try {
            await work();
        } catch (error) {
            this.toast(reportError(COMPONENT, action, error, ACTION_ERROR), 'error');
        } finally {
            this.busy = false;
        }
    }

    /** Fresh data here, in the record page header and in the other components of the view (F27). */
    private async afterChange(): Promise<void> {
        const planId = this.map?.planId;
        await Promise.all([this.refresh(), notifyRecordUpdateAvailable(planId ? [{ recordId: planId }] : [])]);
        this.dispatchEvent(new RefreshEvent());
    }

    private async refresh(): Promise<void> {
        if (!this.wiredResult) {
            return;
        }
        try {
            await refreshApex(this.wiredResult);
        } catch (error) {
            this.errorMessage = reportError(COMPONENT, 'refresh', error, LOAD_ERROR);
        }
    }

    private toast(message: string, variant: 'success' | 'error'): void {
        this.dispatchEvent(new ShowToastEvent({ title: TITLE, message, variant }));
    }
}

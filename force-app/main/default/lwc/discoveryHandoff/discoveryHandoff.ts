import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getHandoff from '@salesforce/apex/DiscoveryHandoffController.getHandoff';
import saveHandoff from '@salesforce/apex/DiscoveryHandoffController.saveHandoff';
import submitHandoff from '@salesforce/apex/DiscoveryHandoffController.submitHandoff';
import acceptHandoff from '@salesforce/apex/DiscoveryHandoffController.acceptHandoff';
import scheduleHandoffMeeting from '@salesforce/apex/DiscoveryHandoffController.scheduleHandoffMeeting';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { RefreshEvent, registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import {
    type WireResult,
    formatDateTime,
    formatLabel,
    isInvalidField,
    reportError,
    reportFormValidity,
    roleLabel,
    stripNamespace
} from 'c/liftoffUtils';
import type { HandoffDto, HandoffInput, PicklistOption } from 'liftoff/dto';

import TITLE from '@salesforce/label/c.HandoffTitle';
import LOADING from '@salesforce/label/c.LiftoffLoading';
import LOAD_ERROR from '@salesforce/label/c.HandoffLoadError';
import ACTION_ERROR from '@salesforce/label/c.HandoffActionError';
import FORM_INVALID from '@salesforce/label/c.LiftoffFormInvalid';
import NO_PLAN from '@salesforce/label/c.HandoffNoPlan';
import SUCCESS_CRITERIA from '@salesforce/label/c.HandoffSuccessCriteria';
import BUSINESS_CASE from '@salesforce/label/c.HandoffBusinessCase';
import METRICS from '@salesforce/label/c.HandoffMetricsToImprove';
import METRIC_NAME from '@salesforce/label/c.HandoffPrimaryMetricName';
import METRIC_BASELINE from '@salesforce/label/c.HandoffPrimaryMetricBaseline';
import METRIC_TARGET from '@salesforce/label/c.HandoffPrimaryMetricTarget';
import SPONSOR from '@salesforce/label/c.HandoffExecutiveSponsor';
import TECHNICAL from '@salesforce/label/c.HandoffTechnicalEnvironment';
import INTEGRATIONS from '@salesforce/label/c.HandoffIntegrationDependencies';
import TIMELINE from '@salesforce/label/c.HandoffAssumedTimeline';
import GO_LIVE from '@salesforce/label/c.HandoffCustomerGoLiveDate';
import COMPETITION from '@salesforce/label/c.HandoffCompetitiveContext';
import READ_ONLY_HINT from '@salesforce/label/c.HandoffReadOnlyHint';
import SAVE from '@salesforce/label/c.HandoffSave';
import SAVED from '@salesforce/label/c.HandoffSaved';
import SUBMIT from '@salesforce/label/c.HandoffSubmit';
import SUBMITTED from '@salesforce/label/c.HandoffSubmitted';
import MISSING from '@salesforce/label/c.HandoffMissing';
import ACCEPT from '@salesforce/label/c.HandoffAccept';
import ACCEPTED from '@salesforce/label/c.HandoffAccepted';
import SUBMITTED_BY from '@salesforce/label/c.HandoffSubmittedBy';
import ACCEPTED_BY from '@salesforce/label/c.HandoffAcceptedBy';
import SUBMITTED_AT from '@salesforce/label/c.HandoffSubmittedAt';
import ACCEPTED_AT from '@salesforce/label/c.HandoffAcceptedAt';
import DEPARTED from '@salesforce/label/c.StakeholderMapDeparted';
import MEETING_AT from '@salesforce/label/c.HandoffMeetingAt';
import STAKEHOLDERS from '@salesforce/label/c.HandoffStakeholders';
import NO_STAKEHOLDERS from '@salesforce/label/c.HandoffNoStakeholders';
import ROLES from '@salesforce/label/c.HandoffRequiredRoles';
import ROLE_FILLED from '@salesforce/label/c.HandoffRoleFilled';
import ROLE_MISSING from '@salesforce/label/c.HandoffRoleMissing';
import SCHEDULE from '@salesforce/label/c.HandoffScheduleMeeting';
import MEETING_START from '@salesforce/label/c.HandoffMeetingStart';
import MEETING_DURATION from '@salesforce/label/c.HandoffMeetingDuration';
import MEETING_SCHEDULED from '@salesforce/label/c.HandoffMeetingScheduled';
import MINUTES from '@salesforce/label/c.HandoffMinutes';
import NO_SPONSOR from '@salesforce/label/c.HandoffNoSponsor';
import NAME_WITH_TITLE from '@salesforce/label/c.LiftoffNameWithTitle';
import SECTION_OUTCOMES from '@salesforce/label/c.HandoffSectionOutcomes';
import SECTION_PEOPLE from '@salesforce/label/c.HandoffSectionPeople';
import SECTION_TECHNICAL from '@salesforce/label/c.HandoffSectionTechnical';
import SECTION_TIMELINE from '@salesforce/label/c.HandoffSectionTimeline';
import FILLED from '@salesforce/label/c.HandoffFieldsFilled';

const COMPONENT = 'c-discovery-handoff';

type FieldKey = keyof HandoffInput;
type FieldType = 'textarea' | 'text' | 'number' | 'date' | 'sponsor';

/** Every discovery field, its stored field API name (without namespace) and how it is edited. */
type SectionKey = 'outcomes' | 'people' | 'technical' | 'timeline';

const FIELDS: { key: FieldKey; apiName: string; label: string; type: FieldType; section: SectionKey }[] = [
    {
        key: 'successCriteria',
        apiName: 'SuccessCriteria__c',
        label: SUCCESS_CRITERIA,
        type: 'textarea',
        section: 'outcomes'
    },
    { key: 'businessCase', apiName: 'BusinessCase__c', label: BUSINESS_CASE, type: 'textarea', section: 'outcomes' },
    { key: 'metricsToImprove', apiName: 'MetricsToImprove__c', label: METRICS, type: 'textarea', section: 'outcomes' },
    {
        key: 'primaryMetricName',
        apiName: 'PrimaryMetricName__c',
        label: METRIC_NAME,
        type: 'text',
        section: 'outcomes'
    },
    {
        key: 'primaryMetricBaseline',
        apiName: 'PrimaryMetricBaseline__c',
        label: METRIC_BASELINE,
        type: 'number',
        section: 'outcomes'
    },
    {
        key: 'primaryMetricTarget',
        apiName: 'PrimaryMetricTarget__c',
        label: METRIC_TARGET,
        type: 'number',
        section: 'outcomes'
    },
    { key: 'executiveSponsorId', apiName: 'ExecutiveSponsor__c', label: SPONSOR, type: 'sponsor', section: 'people' },
    {
        key: 'technicalEnvironment',
        apiName: 'TechnicalEnvironment__c',
        label: TECHNICAL,
        type: 'textarea',
        section: 'technical'
    },
    {
        key: 'integrationDependencies',
        apiName: 'IntegrationDependencies__c',
        label: INTEGRATIONS,
        type: 'textarea',
        section: 'technical'
    },
    { key: 'assumedTimeline', apiName: 'AssumedTimeline__c', label: TIMELINE, type: 'textarea', section: 'timeline' },
    { key: 'customerGoLiveDate', apiName: 'CustomerGoLiveDate__c', label: GO_LIVE, type: 'date', section: 'timeline' },
    {
        key: 'competitiveContext',
        apiName: 'CompetitiveContext__c',
        label: COMPETITION,
        type: 'textarea',
        section: 'people'
    }
];

/** The order the AE is guided through: why they bought, who matters, what it runs on, when it goes live. */
const SECTIONS: { key: SectionKey; label: string }[] = [
    { key: 'outcomes', label: SECTION_OUTCOMES },
    { key: 'people', label: SECTION_PEOPLE },
    { key: 'technical', label: SECTION_TECHNICAL },
    { key: 'timeline', label: SECTION_TIMELINE }
];

const DURATIONS = [30, 60, 90];

/**
 * The AE's discovery handoff: every discovery field, the committee carried
 * from the deal, the roles still missing, a submit gate that names what is
 * missing, scheduling the handoff meeting, and the CSM's acceptance. Fields
 * the user may not edit are read-only (field case F14).
 */
export default class DiscoveryHandoff extends LightningElement {
    /** Id of the Opportunity, Account or onboarding plan the page shows. */
    @api recordId = '';

    labels = {
        TITLE,
        LOADING,
        NO_PLAN,
        SAVE,
        SUBMIT,
        MISSING,
        ACCEPT,
        STAKEHOLDERS,
        NO_STAKEHOLDERS,
        ROLES,
        SCHEDULE,
        MEETING_START,
        MEETING_DURATION,
        FILLED
    };

    handoff: HandoffDto | null = null;
    errorMessage = '';
    busy = false;
    drafts: HandoffInput = {};
    missing: { key: string; label: string }[] = [];
    meetingStart = '';
    meetingDuration = '60';

    private wiredResult: WireResult<HandoffDto> | undefined;
    private refreshHandlerId: number | undefined;

    @wire(getHandoff, { recordId: '$recordId' })
    wiredHandoff(result: WireResult<HandoffDto>): void {
        this.wiredResult = result;
        if (result.data) {
            this.handoff = result.data;
            this.errorMessage = '';
        } else if (result.error) {
            this.handoff = null;
            this.errorMessage = reportError(COMPONENT, 'load', result.error, LOAD_ERROR);
        }
    }

    /** Stakeholders added on the stakeholder map change the required roles shown here: refresh with the view. */
    override connectedCallback(): void {
        this.refreshHandlerId = registerRefreshHandler(this, () => this.refresh());
    }

    override disconnectedCallback(): void {
        if (this.refreshHandlerId !== undefined) {
            unregisterRefreshHandler(this.refreshHandlerId);
        }
    }

    get isLoading(): boolean {
        return !this.handoff && !this.errorMessage;
    }

    get hasPlan(): boolean {
        return !!this.handoff?.plan?.id;
    }

    get noPlan(): boolean {
        return !!this.handoff && !this.hasPlan;
    }

    private get editable(): Set<string> {
        return new Set((this.handoff?.editableFields ?? []).map(stripNamespace));
    }

    get fields() {
        const handoff = this.handoff;
        const editable = this.editable;
        return FIELDS.map((field) => {
            const saved = handoff ? handoff[field.key] : null;
            const value = field.key in this.drafts ? this.drafts[field.key] : saved;
            const readOnly = !editable.has(field.apiName);
            return {
                ...field,
                value: value ?? '',
                readOnly,
                isTextarea: field.type === 'textarea',
                isInput: field.type === 'text' || field.type === 'number' || field.type === 'date',
                isSponsor: field.type === 'sponsor',
                inputType: field.type === 'sponsor' || field.type === 'textarea' ? 'text' : field.type,
                help: readOnly ? READ_ONLY_HINT : '',
                sponsorName: handoff?.executiveSponsorName ?? NO_SPONSOR
            };
        });
    }

    /** The fields in the order the AE is guided through them, one group per section. */
    get sections() {
        const fields = this.fields;
        return SECTIONS.map((section) => ({
            key: section.key,
            label: section.label,
            headingId: `handoff-section-${section.key}`,
            fields: fields.filter((field) => field.section === section.key)
        }));
    }

    /** How much of the discovery is filled in, counting unsaved edits. */
    get completion(): { value: number; text: string } {
        const filled = this.fields.filter((field) => field.value !== '' && field.value !== null).length;
        return {
            value: Math.round((filled / FIELDS.length) * 100),
            text: formatLabel(FILLED, filled, FIELDS.length)
        };
    }

    get sponsorOptions(): PicklistOption[] {
        return (this.handoff?.stakeholders ?? [])
            .filter((s) => !s.departed)
            .map((s) => ({
                value: s.contactId,
                label: s.title ? formatLabel(NAME_WITH_TITLE, s.name, s.title) : s.name
            }));
    }

    get stakeholders() {
        return (this.handoff?.stakeholders ?? []).map((s) => ({
            id: s.id,
            name: s.name,
            title: s.title,
            roles: [roleLabel(s.buyingRole, 'buying'), roleLabel(s.onboardingRole, 'onboarding')]
                .filter((r) => r)
                .join(' · '),
            departed: s.departed ? DEPARTED : ''
        }));
    }

    get hasStakeholders(): boolean {
        return this.stakeholders.length > 0;
    }

    get requiredRoles() {
        return (this.handoff?.requiredRoles ?? []).map((role) => ({
            key: role.role,
            label: role.label,
            icon: role.filled ? 'utility:success' : 'utility:warning',
            variant: role.filled ? 'success' : 'warning',
            state: role.filled ? ROLE_FILLED : ROLE_MISSING
        }));
    }

    get isDirty(): boolean {
        return Object.keys(this.drafts).length > 0;
    }

    get saveDisabled(): boolean {
        return this.busy || !this.isDirty;
    }

    get hasEditableFields(): boolean {
        return this.editable.size > 0;
    }

    get showSubmit(): boolean {
        return !!this.handoff?.canSubmit && !this.handoff.handoffSubmittedAt;
    }

    get showAccept(): boolean {
        return !!this.handoff?.canAccept && !!this.handoff.handoffSubmittedAt && !this.handoff.handoffAcceptedAt;
    }

    get hasMissing(): boolean {
        return this.missing.length > 0;
    }

    private get timeZone(): string {
        return this.handoff?.plan?.userTimeZone || TIME_ZONE;
    }

    get statusLines(): { key: string; text: string }[] {
        const h = this.handoff;
        if (!h) {
            return [];
        }
        const at = (value: string | null) => formatDateTime(value, LOCALE, this.timeZone);
        const byWhom = (withName: string, withoutName: string, when: string | null, name: string | null) => {
            const who = name?.trim();
            return who ? formatLabel(withName, at(when), who) : formatLabel(withoutName, at(when));
        };
        const lines = [
            {
                key: 'submitted',
                show: !!h.handoffSubmittedAt,
                text: byWhom(SUBMITTED_BY, SUBMITTED_AT, h.handoffSubmittedAt, h.handoffSubmittedByName)
            },
            {
                key: 'accepted',
                show: !!h.handoffAcceptedAt,
                text: byWhom(ACCEPTED_BY, ACCEPTED_AT, h.handoffAcceptedAt, h.handoffAcceptedByName)
            },
            { key: 'meeting', show: !!h.handoffMeetingAt, text: formatLabel(MEETING_AT, at(h.handoffMeetingAt)) }
        ];
        return lines.filter((line) => line.show).map(({ key, text }) => ({ key, text }));
    }

    get durationOptions(): PicklistOption[] {
        return DURATIONS.map((minutes) => ({ value: String(minutes), label: formatLabel(MINUTES, minutes) }));
    }

    get scheduleDisabled(): boolean {
        return this.busy || !this.meetingStart;
    }

    get userTimeZone(): string {
        return this.timeZone;
    }

    handleFieldChange(event: CustomEvent<{ value: string | null }>): void {
        const key = (event.target as HTMLElement).dataset.key as FieldKey;
        const field = FIELDS.find((f) => f.key === key);
        // A bad entry (a date or number the input cannot read) arrives as an empty value: not an edit.
        if (!field || !this.handoff || isInvalidField(event.target)) {
            return;
        }
        const raw = event.detail.value;
        const value = field.type === 'number' ? (raw === '' || raw === null ? null : Number(raw)) : raw || null;
        const drafts: Record<string, unknown> = { ...this.drafts };
        if ((this.handoff[key] ?? null) === value) {
            delete drafts[key];
        } else {
            drafts[key] = value;
        }
        this.drafts = drafts as HandoffInput;
    }

    handleMeetingStart(event: CustomEvent<{ value: string }>): void {
        this.meetingStart = event.detail.value;
    }

    handleMeetingDuration(event: CustomEvent<{ value: string }>): void {
        this.meetingDuration = event.detail.value;
    }

    async handleSave(): Promise<void> {
        if (!this.formIsValid('[data-key]')) {
            return;
        }
        await this.run('save', async () => {
            await this.saveDrafts();
            this.toast(SAVED, 'success');
        });
    }

    async handleSubmit(): Promise<void> {
        if (!this.formIsValid('[data-key]')) {
            return;
        }
        await this.run('submit', async () => {
            await this.saveDrafts();
            const result = await submitHandoff({ planId: this.planId });
            this.handoff = result.handoff;
            this.missing = result.submitted ? [] : result.missing;
            if (result.submitted) {
                this.toast(SUBMITTED, 'success');
                await this.afterChange();
            }
        });
    }

    async handleAccept(): Promise<void> {
        await this.run('accept', async () => {
            this.handoff = await acceptHandoff({ planId: this.planId });
            this.toast(ACCEPTED, 'success');
            await this.afterChange();
        });
    }

    async handleSchedule(): Promise<void> {
        if (!this.formIsValid('.meeting-start, .meeting-duration')) {
            return;
        }
        await this.run('schedule', async () => {
            await scheduleHandoffMeeting({
                planId: this.planId,
                startIso: new Date(this.meetingStart).toISOString(),
                durationMinutes: Number(this.meetingDuration)
            });
            this.meetingStart = '';
            this.toast(MEETING_SCHEDULED, 'success');
            await this.afterChange();
        });
    }

    private get planId(): string {
        return this.handoff?.plan?.id ?? '';
    }

    private async saveDrafts(): Promise<void> {
        if (!this.isDirty) {
            return;
        }
        this.handoff = await saveHandoff({ planId: this.planId, input: this.drafts });
        this.drafts = {};
        await this.afterChange();
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
        const ids = [...new Set([this.planId, this.recordId].filter((id) => id))];
        await Promise.all([this.refresh(), notifyRecordUpdateAvailable(ids.map((recordId) => ({ recordId })))]);
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

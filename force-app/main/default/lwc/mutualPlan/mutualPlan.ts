import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getPlan from '@salesforce/apex/MutualPlanController.getPlan';
import saveMilestones from '@salesforce/apex/MutualPlanController.saveMilestones';
import applyPlaybook from '@salesforce/apex/MutualPlanController.applyPlaybook';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { RefreshEvent, registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { scoreHealth } from 'c/onboardingEngine';
import type { HealthResult, MilestoneFacts, PlanBundle } from 'c/onboardingEngine';
import {
    type WireResult,
    formatCount,
    formatDate,
    formatLabel,
    isInvalidField,
    picklistLabel,
    reportFormValidity,
    reportError,
    stripNamespace,
    todayIso
} from 'c/liftoffUtils';
import type { MilestoneDto, MilestoneEdit, MutualPlanDto, PicklistOption, RowSaveResult } from 'liftoff/dto';

import TITLE from '@salesforce/label/c.MutualPlanTitle';
import EDIT from '@salesforce/label/c.MutualPlanEdit';
import SAVE from '@salesforce/label/c.MutualPlanSave';
import CANCEL from '@salesforce/label/c.MutualPlanCancel';
import CUSTOMER_VIEW from '@salesforce/label/c.MutualPlanCustomerView';
import EMPTY from '@salesforce/label/c.MutualPlanEmpty';
import LOADING from '@salesforce/label/c.LiftoffLoading';
import LOAD_ERROR from '@salesforce/label/c.MutualPlanLoadError';
import SAVE_ERROR from '@salesforce/label/c.MutualPlanSaveError';
import SAVED from '@salesforce/label/c.MutualPlanSaved';
import SAVED_ONE from '@salesforce/label/c.MutualPlanSavedOne';
import FORM_INVALID from '@salesforce/label/c.LiftoffFormInvalid';
import PARTIAL from '@salesforce/label/c.MutualPlanPartiallySaved';
import PLAYBOOK from '@salesforce/label/c.MutualPlanPlaybook';
import APPLY_PLAYBOOK from '@salesforce/label/c.MutualPlanApplyPlaybook';
import PLAYBOOK_APPLIED from '@salesforce/label/c.MutualPlanPlaybookApplied';
import FIRST_VALUE from '@salesforce/label/c.MutualPlanFirstValueProgress';
import FULL_VALUE from '@salesforce/label/c.MutualPlanFullValueProgress';
import PROGRESS_TEXT from '@salesforce/label/c.MutualPlanProgressText';
import ACHIEVED_ON from '@salesforce/label/c.MutualPlanAchievedOn';
import PROJECTION from '@salesforce/label/c.MutualPlanProjectedHealth';
import PROJECTION_UNSCORED from '@salesforce/label/c.MutualPlanProjectedUnscored';
import MILESTONE from '@salesforce/label/c.MutualPlanMilestone';
import OWNER_SIDE from '@salesforce/label/c.MutualPlanOwnerSide';
import VENDOR_OWNER from '@salesforce/label/c.MutualPlanVendorOwner';
import CUSTOMER_OWNER from '@salesforce/label/c.MutualPlanCustomerOwner';
import TARGET_DATE from '@salesforce/label/c.MutualPlanTargetDate';
import FORECAST_DATE from '@salesforce/label/c.MutualPlanForecastDate';
import COMPLETED_DATE from '@salesforce/label/c.MutualPlanCompletedDate';
import STATUS from '@salesforce/label/c.MutualPlanStatus';
import VALUE_MARKER from '@salesforce/label/c.MutualPlanValueMarker';
import SLIP_CAUSE from '@salesforce/label/c.MutualPlanSlipCause';
import VISIBLE from '@salesforce/label/c.MutualPlanCustomerVisible';
import UNSAVED from '@salesforce/label/c.MutualPlanUnsavedRows';
import UNSAVED_ONE from '@salesforce/label/c.MutualPlanUnsavedRowsOne';
import NOT_SET from '@salesforce/label/c.LiftoffNotSet';
import SCHEDULE_UNSCHEDULED from '@salesforce/label/c.ScheduleStatusUnscheduled';
import SCHEDULE_ON_TRACK from '@salesforce/label/c.ScheduleStatusOnTrack';
import SCHEDULE_AT_RISK from '@salesforce/label/c.ScheduleStatusAtRisk';
import SCHEDULE_STALLED from '@salesforce/label/c.ScheduleStatusStalled';
import SCHEDULE_DONE from '@salesforce/label/c.ScheduleStatusDone';
import SCHEDULE_DONE_LATE from '@salesforce/label/c.ScheduleStatusDoneLate';

const COMPONENT = 'c-mutual-plan';

/** Editable milestone properties and the field API names (without namespace) Apex reports errors on. */
const FIELD_OF_API_NAME: Record<string, keyof MilestoneEdit> = {
    Name: 'name',
    Phase__c: 'phase',
    OwnerSide__c: 'ownerSide',
    TargetDate__c: 'targetDate',
    ForecastDate__c: 'forecastDate',
    CompletedDate__c: 'completedDate',
    Status__c: 'status',
    ValueMarker__c: 'valueMarker',
    SlipCause__c: 'slipCause',
    CustomerVisible__c: 'customerVisible'
};

const SCHEDULE_LABELS: Record<string, string> = {
    Unscheduled: SCHEDULE_UNSCHEDULED,
    OnTrack: SCHEDULE_ON_TRACK,
    AtRisk: SCHEDULE_AT_RISK,
    Stalled: SCHEDULE_STALLED,
    Done: SCHEDULE_DONE,
    DoneLate: SCHEDULE_DONE_LATE
};

const SCHEDULE_BADGE: Record<string, string> = {
    AtRisk: 'slds-badge slds-theme_warning',
    Stalled: 'slds-badge slds-theme_error',
    DoneLate: 'slds-badge slds-theme_warning',
    Done: 'slds-badge slds-theme_success'
};

type Draft = Omit<MilestoneEdit, 'id'>;
type Projection = { text: string; className: string };
type RowErrors = { row: string[]; fields: Partial<Record<keyof MilestoneEdit, string>> };

interface ProgressView {
    key: string;
    label: string;
    value: number;
    text: string;
    achieved: string;
}

/**
 * The mutual onboarding plan: milestones grouped by phase, edited several rows
 * at a time; rows that fail keep their edits and show their error in place,
 * good rows save (field case F26), and the view and the record page refresh
 * (F27). While edits are unsaved it shows their projected effect on health,
 * computed in the browser with the onboarding engine.
 */
export default class MutualPlan extends LightningElement {
    /** Id of the Account, Opportunity or onboarding plan the page shows. */
    @api recordId = '';

    /** Start in the customer view (only customer-visible milestones, no internal fields). */
    @api customerViewDefault = false;

    /** Hide the projected health effect of unsaved edits (shown by default). */
    @api hideProjection = false;

    labels = {
        TITLE,
        EDIT,
        SAVE,
        CANCEL,
        CUSTOMER_VIEW,
        EMPTY,
        LOADING,
        PLAYBOOK,
        APPLY_PLAYBOOK,
        MILESTONE,
        OWNER_SIDE,
        VENDOR_OWNER,
        CUSTOMER_OWNER,
        TARGET_DATE,
        FORECAST_DATE,
        COMPLETED_DATE,
        STATUS,
        VALUE_MARKER,
        SLIP_CAUSE,
        VISIBLE
    };

    data: MutualPlanDto | null = null;
    errorMessage = '';
    editing = false;
    saving = false;
    customerViewOverride: boolean | null = null;
    selectedPlaybookId = '';
    drafts: Record<string, Draft> = {};
    projection: Projection | null = null;
    rowErrors: Record<string, RowErrors> = {};

    private wiredResult: WireResult<MutualPlanDto> | undefined;
    private refreshHandlerId: number | undefined;

    @wire(getPlan, { recordId: '$recordId' })
    wiredPlan(result: WireResult<MutualPlanDto>): void {
        this.wiredResult = result;
        if (result.data) {
            this.data = result.data;
            this.errorMessage = '';
            this.updateProjection();
        } else if (result.error) {
            this.data = null;
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

    get isLoading(): boolean {
        return !this.data && !this.errorMessage;
    }

    get hasMilestones(): boolean {
        return this.visibleMilestones.length > 0;
    }

    get isEmpty(): boolean {
        return !!this.data && !this.hasMilestones;
    }

    get customerView(): boolean {
        return this.customerViewOverride ?? this.customerViewDefault;
    }

    get canEdit(): boolean {
        return !!this.data?.canEdit && !this.customerView;
    }

    /** Internal fields (slip cause, health projection, playbooks) stay out of the customer view. */
    get showInternal(): boolean {
        return !this.customerView;
    }

    get showEditButton(): boolean {
        return this.canEdit && !this.editing && this.hasMilestones;
    }

    get isEditing(): boolean {
        return this.canEdit && this.editing;
    }

    get showPlaybooks(): boolean {
        return this.canEdit && (this.data?.playbooks.length ?? 0) > 0;
    }

    get playbookOptions(): PicklistOption[] {
        return (this.data?.playbooks ?? []).map((p) => ({ value: p.id, label: p.name }));
    }

    get applyDisabled(): boolean {
        return !this.selectedPlaybookId || this.saving;
    }

    get saveDisabled(): boolean {
        return this.saving || this.dirtyCount === 0;
    }

    get dirtyCount(): number {
        return Object.keys(this.drafts).length;
    }

    get unsavedText(): string {
        return formatCount(this.dirtyCount, UNSAVED_ONE, UNSAVED);
    }

    private get visibleMilestones(): MilestoneDto[] {
        const all = [...(this.data?.milestones ?? [])].sort((a, b) => a.sequence - b.sequence);
        return this.customerView ? all.filter((m) => m.customerVisible) : all;
    }

    /** Milestones grouped by phase, in the order the record type lists its phases. */
    get phaseGroups() {
        const options = this.data?.options;
        const order = (options?.phase ?? []).map((o) => o.value);
        const groups = new Map<string, MilestoneDto[]>();
        for (const milestone of this.visibleMilestones) {
            groups.set(milestone.phase, [...(groups.get(milestone.phase) ?? []), milestone]);
        }
        const rank = (phase: string): number => (order.includes(phase) ? order.indexOf(phase) : order.length);
        return [...groups.entries()]
            .sort(([a], [b]) => rank(a) - rank(b))
            .map(([phase, milestones]) => ({
                key: phase,
                label: picklistLabel(options?.phase, phase),
                headingId: `phase-${phase}`,
                rows: milestones.map((m) => this.rowView(m))
            }));
    }

    private rowView(milestone: MilestoneDto) {
        const options = this.data?.options;
        const merged = { ...milestone, ...this.drafts[milestone.id] };
        const errors = this.rowErrors[milestone.id];
        return {
            id: milestone.id,
            name: merged.name,
            description: milestone.description,
            ownerSide: merged.ownerSide,
            ownerSideLabel: picklistLabel(options?.ownerSide, merged.ownerSide),
            vendorOwnerName: milestone.vendorOwnerName ?? NOT_SET,
            customerOwnerName: milestone.customerOwnerName ?? NOT_SET,
            targetDate: merged.targetDate,
            forecastDate: merged.forecastDate,
            completedDate: merged.completedDate,
            targetDateText: formatDate(merged.targetDate, LOCALE) || NOT_SET,
            forecastDateText: formatDate(merged.forecastDate, LOCALE) || NOT_SET,
            completedDateText: formatDate(merged.completedDate, LOCALE) || NOT_SET,
            status: merged.status,
            statusLabel: picklistLabel(options?.status, merged.status),
            scheduleLabel: SCHEDULE_LABELS[milestone.scheduleStatus] ?? milestone.scheduleStatus,
            scheduleClass: SCHEDULE_BADGE[milestone.scheduleStatus] ?? 'slds-badge',
            valueMarker: merged.valueMarker,
            valueMarkerLabel: picklistLabel(options?.valueMarker, merged.valueMarker),
            hasValueMarker: merged.valueMarker !== 'None',
            slipCause: merged.slipCause,
            slipCauseLabel: picklistLabel(options?.slipCause, merged.slipCause),
            customerVisible: merged.customerVisible,
            dirty: !!this.drafts[milestone.id],
            rowClass: errors
                ? 'slds-box slds-box_x-small slds-m-bottom_x-small slds-has-error'
                : 'slds-box slds-box_x-small slds-m-bottom_x-small',
            hasErrors: !!errors,
            rowErrors: errors?.row ?? [],
            nameError: errors?.fields.name ?? '',
            targetDateError: errors?.fields.targetDate ?? '',
            forecastDateError: errors?.fields.forecastDate ?? '',
            completedDateError: errors?.fields.completedDate ?? '',
            statusError: errors?.fields.status ?? ''
        };
    }

    get phaseOptions(): PicklistOption[] {
        return this.data?.options.phase ?? [];
    }

    get statusOptions(): PicklistOption[] {
        return this.data?.options.status ?? [];
    }

    get valueMarkerOptions(): PicklistOption[] {
        return this.data?.options.valueMarker ?? [];
    }

    get slipCauseOptions(): PicklistOption[] {
        return this.data?.options.slipCause ?? [];
    }

    get ownerSideOptions(): PicklistOption[] {
        return this.data?.options.ownerSide ?? [];
    }

    /** Share of the milestones up to each value marker that are done. */
    get progress(): ProgressView[] {
        const milestones = [...(this.data?.milestones ?? [])].sort((a, b) => a.sequence - b.sequence);
        const plan = this.data?.plan;
        const views: ProgressView[] = [];
        const markers: [string, string, string | null | undefined][] = [
            ['FirstValue', FIRST_VALUE, plan?.firstValueAchievedDate],
            ['FullValue', FULL_VALUE, plan?.fullValueAchievedDate]
        ];
        for (const [marker, label, achievedDate] of markers) {
            const markerIndex = milestones.findIndex((m) => m.valueMarker === marker);
            if (markerIndex < 0) {
                continue;
            }
            const upTo = milestones.slice(0, markerIndex + 1).filter((m) => m.status !== 'Skipped');
            const done = upTo.filter((m) => m.status === 'Completed').length;
            const value = upTo.length === 0 ? 100 : Math.round((done / upTo.length) * 100);
            views.push({
                key: marker,
                label,
                value,
                text: formatLabel(PROGRESS_TEXT, done, upTo.length),
                achieved: achievedDate ? formatLabel(ACHIEVED_ON, formatDate(achievedDate, LOCALE)) : ''
            });
        }
        return views;
    }

    get hasProgress(): boolean {
        return !this.customerView && this.progress.length > 0;
    }

    /** The projection while editing; it is computed when the edits change, not on every render. */
    get visibleProjection(): Projection | null {
        return this.isEditing ? this.projection : null;
    }

    private updateProjection(): void {
        this.projection = this.computeProjection();
    }

    /** Health now and with the unsaved edits applied, both computed in the browser by the engine. */
    private computeProjection(): Projection | null {
        const input = this.data?.engineInput;
        const model = this.data?.model;
        if (this.hideProjection || this.dirtyCount === 0 || !input || !model) {
            return null;
        }
        const asOf = todayIso(this.data?.plan?.userTimeZone || TIME_ZONE);
        let current: HealthResult;
        let projected: HealthResult;
        try {
            current = scoreHealth(input, model, asOf);
            projected = scoreHealth(this.withDrafts(input), model, asOf);
        } catch (error) {
            reportError(COMPONENT, 'project', error, PROJECTION_UNSCORED);
            return { text: PROJECTION_UNSCORED, className: 'slds-text-color_weak' };
        }
        if (projected.score === null || current.score === null) {
            return { text: PROJECTION_UNSCORED, className: 'slds-text-color_weak' };
        }
        const delta = projected.score - current.score;
        const signed = delta > 0 ? `+${delta}` : `${delta}`;
        const className = delta < 0 ? 'slds-text-color_error' : delta > 0 ? 'slds-text-color_success' : '';
        return { text: formatLabel(PROJECTION, current.score, projected.score, signed), className };
    }

    private withDrafts(input: PlanBundle): PlanBundle {
        const milestones: MilestoneFacts[] = input.milestones.map((m) => {
            const draft = this.drafts[m.id];
            if (!draft) {
                return m;
            }
            const next = { ...m };
            for (const key of [
                'ownerSide',
                'status',
                'targetDate',
                'forecastDate',
                'completedDate',
                'valueMarker'
            ] as const) {
                if (key in draft) {
                    (next as Record<string, unknown>)[key] = draft[key];
                }
            }
            return next;
        });
        return { ...input, milestones };
    }

    handleCustomerView(event: CustomEvent<{ checked: boolean }>): void {
        this.customerViewOverride = event.detail.checked;
    }

    handleEdit(): void {
        this.editing = true;
    }

    handleCancel(): void {
        this.editing = false;
        this.drafts = {};
        this.rowErrors = {};
        this.updateProjection();
    }

    handleFieldChange(event: CustomEvent<{ value?: string | null; checked?: boolean }>): void {
        const target = event.target as HTMLElement;
        // A date input clears a bad entry such as "Feb 31, 2026" to an empty value; keeping that
        // as an edit would erase the stored date on save, so the draft keeps its last good value.
        if (isInvalidField(target)) {
            return;
        }
        const id = target.dataset.id ?? '';
        const field = target.dataset.field as keyof Draft;
        const value = field === 'customerVisible' ? !!event.detail.checked : (event.detail.value ?? null) || null;
        const original = this.data?.milestones.find((m) => m.id === id);
        if (!original || !field) {
            return;
        }
        const draft: Draft = { ...this.drafts[id], [field]: value };
        if ((original as unknown as Record<string, unknown>)[field] === value) {
            delete draft[field];
        }
        const drafts = { ...this.drafts };
        if (Object.keys(draft).length === 0) {
            delete drafts[id];
        } else {
            drafts[id] = draft;
        }
        this.drafts = drafts;
        this.updateProjection();
    }

    async handleSave(): Promise<void> {
        const rows: MilestoneEdit[] = Object.entries(this.drafts).map(([id, draft]) => ({ id, ...draft }));
        if (rows.length === 0) {
            return;
        }
        // Only the milestone fields (they carry data-field), not the customer-view toggle or playbook picker.
        if (!reportFormValidity(this.template, '[data-field]')) {
            this.toast(TITLE, FORM_INVALID, 'error');
            return;
        }
        this.saving = true;
        try {
            const results = await saveMilestones({ rows });
            this.applySaveResults(results);
            const saved = results.filter((r) => r.success).map((r) => r.id);
            if (saved.length > 0) {
                await this.afterChange(saved);
            }
        } catch (error) {
            this.toast(SAVE_ERROR, reportError(COMPONENT, 'save', error, SAVE_ERROR), 'error');
        } finally {
            this.saving = false;
        }
    }

    private applySaveResults(results: RowSaveResult[]): void {
        const drafts = { ...this.drafts };
        const rowErrors: Record<string, RowErrors> = {};
        for (const result of results) {
            if (result.success) {
                delete drafts[result.id];
                continue;
            }
            const errors: RowErrors = { row: [], fields: {} };
            for (const error of result.errors) {
                const field = FIELD_OF_API_NAME[stripNamespace(error.field)];
                if (field) {
                    errors.fields[field] = error.message;
                } else {
                    errors.row.push(error.message);
                }
            }
            if (errors.row.length === 0 && Object.keys(errors.fields).length === 0) {
                errors.row.push(SAVE_ERROR);
            }
            rowErrors[result.id] = errors;
        }
        this.drafts = drafts;
        this.rowErrors = rowErrors;
        this.updateProjection();
        const failed = Object.keys(rowErrors).length;
        const saved = results.length - failed;
        if (failed === 0) {
            this.editing = false;
            this.toast(TITLE, formatCount(saved, SAVED_ONE, SAVED), 'success');
        } else {
            reportError(
                COMPONENT,
                'save',
                Object.values(rowErrors).flatMap((e) => [...e.row, ...Object.values(e.fields)]),
                SAVE_ERROR
            );
            this.toast(TITLE, formatLabel(PARTIAL, saved, failed), 'warning');
        }
    }

    handlePlaybookChange(event: CustomEvent<{ value: string }>): void {
        this.selectedPlaybookId = event.detail.value;
    }

    async handleApplyPlaybook(): Promise<void> {
        const planId = this.data?.plan?.id;
        if (!planId || !this.selectedPlaybookId) {
            return;
        }
        this.saving = true;
        try {
            const result = await applyPlaybook({ planId, playbookId: this.selectedPlaybookId });
            this.data = result;
            this.selectedPlaybookId = '';
            this.updateProjection();
            this.toast(TITLE, PLAYBOOK_APPLIED, 'success');
            await this.afterChange([]);
        } catch (error) {
            this.toast(SAVE_ERROR, reportError(COMPONENT, 'applyPlaybook', error, SAVE_ERROR), 'error');
        } finally {
            this.saving = false;
        }
    }

    /** Fresh data here, in the record page header and in every other component of the view (F27). */
    private async afterChange(changedIds: string[]): Promise<void> {
        const planId = this.data?.plan?.id;
        const ids = [...changedIds, ...(planId ? [planId] : []), ...(this.recordId ? [this.recordId] : [])];
        await Promise.all([
            this.refresh(),
            notifyRecordUpdateAvailable([...new Set(ids)].map((recordId) => ({ recordId })))
        ]);
        this.dispatchEvent(new RefreshEvent());
    }

    private async refresh(): Promise<void> {
        if (this.wiredResult) {
            try {
                await refreshApex(this.wiredResult);
            } catch (error) {
                this.errorMessage = reportError(COMPONENT, 'refresh', error, LOAD_ERROR);
            }
        }
    }

    private toast(title: string, message: string, variant: 'success' | 'warning' | 'error'): void {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}

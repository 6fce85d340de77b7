import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getBusinessReview from '@salesforce/apex/BusinessReviewController.getBusinessReview';
import saveBusinessReview from '@salesforce/apex/BusinessReviewController.saveBusinessReview';
import scheduleBusinessReview from '@salesforce/apex/BusinessReviewController.scheduleBusinessReview';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { RefreshEvent, registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import {
    type WireResult,
    formatDate,
    formatLabel,
    formatNumber,
    formatPercent,
    isInvalidField,
    reportError,
    reportFormValidity
} from 'c/liftoffUtils';
import type { BusinessReviewDto, BusinessReviewInput, PicklistOption } from 'liftoff/dto';

import TITLE from '@salesforce/label/c.ReviewTitle';
import LOADING from '@salesforce/label/c.LiftoffLoading';
import LOAD_ERROR from '@salesforce/label/c.ReviewLoadError';
import ACTION_ERROR from '@salesforce/label/c.ReviewActionError';
import FORM_INVALID from '@salesforce/label/c.LiftoffFormInvalid';
import NO_PLAN from '@salesforce/label/c.ReviewNoPlan';
import PROMISED from '@salesforce/label/c.ReviewPromised';
import DELIVERED from '@salesforce/label/c.ReviewDelivered';
import BUSINESS_CASE from '@salesforce/label/c.ReviewBusinessCase';
import SUCCESS_CRITERIA from '@salesforce/label/c.ReviewSuccessCriteria';
import METRIC from '@salesforce/label/c.ReviewMetric';
import METRIC_LINE from '@salesforce/label/c.ReviewMetricLine';
import METRIC_CURRENT from '@salesforce/label/c.ReviewMetricCurrent';
import NO_METRIC from '@salesforce/label/c.ReviewNoMetric';
import MILESTONES from '@salesforce/label/c.ReviewMilestones';
import MILESTONES_OPEN from '@salesforce/label/c.ReviewMilestonesOpen';
import ADOPTION from '@salesforce/label/c.ReviewAdoption';
import ADOPTION_DATE from '@salesforce/label/c.ReviewAdoptionDate';
import ADOPTION_ACTIVE from '@salesforce/label/c.ReviewAdoptionActive';
import ADOPTION_LICENSED from '@salesforce/label/c.ReviewAdoptionLicensed';
import ADOPTION_SHARE from '@salesforce/label/c.ReviewAdoptionShare';
import NO_ADOPTION from '@salesforce/label/c.ReviewNoAdoption';
import CHANGES from '@salesforce/label/c.ReviewStakeholderChanges';
import NO_CHANGES from '@salesforce/label/c.ReviewNoStakeholderChanges';
import CHANGE_ADDED from '@salesforce/label/c.ReviewStakeholderAdded';
import CHANGE_DEPARTED from '@salesforce/label/c.ReviewStakeholderDeparted';
import REALIZED from '@salesforce/label/c.ReviewRealizedValue';
import EXPANSION from '@salesforce/label/c.ReviewExpansionSignals';
import HELD_DATE from '@salesforce/label/c.ReviewHeldDate';
import SCHEDULED_FOR from '@salesforce/label/c.ReviewScheduledFor';
import NOT_SCHEDULED from '@salesforce/label/c.ReviewNotScheduled';
import SPONSOR from '@salesforce/label/c.ReviewSponsor';
import SAVE from '@salesforce/label/c.ReviewSave';
import SAVED from '@salesforce/label/c.ReviewSaved';
import PRINT from '@salesforce/label/c.ReviewPrint';
import SCHEDULE from '@salesforce/label/c.ReviewSchedule';
import START from '@salesforce/label/c.ReviewStart';
import DURATION from '@salesforce/label/c.ReviewDuration';
import SCHEDULED from '@salesforce/label/c.ReviewScheduled';
import MINUTES from '@salesforce/label/c.HandoffMinutes';
import NOT_SET from '@salesforce/label/c.LiftoffNotSet';

const COMPONENT = 'c-business-review';
const DURATIONS = [30, 60, 90];

type InputKey = keyof BusinessReviewInput;

/**
 * The 90-day business review: what was promised (business case, success
 * criteria, the headline metric) beside the proof (milestones done, the metric
 * now, adoption, committee changes); realized value and expansion signals are
 * recorded here, the review is scheduled with the sponsor, and the page prints.
 */
export default class BusinessReview extends LightningElement {
    /** Id of the Account, Opportunity or onboarding plan the page shows. */
    @api recordId = '';

    labels = {
        TITLE,
        LOADING,
        NO_PLAN,
        PROMISED,
        DELIVERED,
        BUSINESS_CASE,
        SUCCESS_CRITERIA,
        METRIC,
        METRIC_CURRENT,
        MILESTONES,
        ADOPTION,
        ADOPTION_DATE,
        ADOPTION_ACTIVE,
        ADOPTION_LICENSED,
        ADOPTION_SHARE,
        NO_ADOPTION,
        CHANGES,
        NO_CHANGES,
        REALIZED,
        EXPANSION,
        HELD_DATE,
        SAVE,
        PRINT,
        SCHEDULE,
        START,
        DURATION
    };

    review: BusinessReviewDto | null = null;
    errorMessage = '';
    busy = false;
    drafts: BusinessReviewInput = {};
    meetingStart = '';
    meetingDuration = '60';

    private wiredResult: WireResult<BusinessReviewDto> | undefined;
    private refreshHandlerId: number | undefined;

    @wire(getBusinessReview, {
        recordId: '$recordId'
    })
    wiredReview(result: WireResult<BusinessReviewDto>): void {
        this.wiredResult = result;
        if (result.data) {
            this.review = result.data;
            this.errorMessage = '';
        } else if (result.error) {
            this.review = null;
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
        return !this.review && !this.errorMessage;
    }

    get hasPlan(): boolean {
        return !!this.review?.plan?.id;
    }

    get noPlan(): boolean {
        return !!this.review && !this.hasPlan;
    }

    get canEdit(): boolean {
        return !!this.review?.canEdit;
    }

    private value<K extends InputKey>(key: K): BusinessReviewDto[K] | null {
        return key in this.drafts ? (this.drafts[key] as BusinessReviewDto[K]) : (this.review?.[key] ?? null);
    }

    get businessCase(): string {
        return this.review?.businessCase ?? NOT_SET;
    }

    get successCriteria(): string {
        return this.review?.successCriteria ?? NOT_SET;
    }

    /** "Baseline → target, now current (change)" for the headline metric. */
    get metricText(): string {
        const r = this.review;
        if (!r?.primaryMetricName) {
            return NO_METRIC;
        }
        const current = this.value('primaryMetricCurrent');
        const change = current !== null && r.primaryMetricBaseline !== null ? current - r.primaryMetricBaseline : null;
        const signed = change === null ? '' : `${change > 0 ? '+' : ''}${formatNumber(change, LOCALE)}`;
        return formatLabel(
            METRIC_LINE,
            r.primaryMetricName,
            formatNumber(r.primaryMetricBaseline, LOCALE) || NOT_SET,
            formatNumber(r.primaryMetricTarget, LOCALE) || NOT_SET,
            formatNumber(current, LOCALE) || NOT_SET,
            signed
        );
    }

    get milestones() {
        return (this.review?.milestonesCompleted ?? []).map((m) => ({
            id: m.id,
            name: m.name,
            completed: formatDate(m.completedDate, LOCALE)
        }));
    }

    get openMilestonesText(): string {
        return formatLabel(MILESTONES_OPEN, this.review?.milestonesOpen ?? 0);
    }

    get adoption() {
        return (this.review?.adoptionTrend ?? []).map((point) => ({
            key: point.asOfDate,
            date: formatDate(point.asOfDate, LOCALE),
            active: formatNumber(point.activeUsers, LOCALE),
            licensed: formatNumber(point.licensedUsers, LOCALE),
            share: point.licensedUsers > 0 ? formatPercent(point.activeUsers / point.licensedUsers, LOCALE) : NOT_SET
        }));
    }

    get hasAdoption(): boolean {
        return this.adoption.length > 0;
    }

    get changes() {
        return (this.review?.stakeholderChanges ?? []).map((change, index) => ({
            key: `${change.name}-${index}`,
            text: formatLabel(
                change.change === 'added' ? CHANGE_ADDED : CHANGE_DEPARTED,
                change.name,
                formatDate(change.date, LOCALE) || NOT_SET
            )
        }));
    }

    get hasChanges(): boolean {
        return this.changes.length > 0;
    }

    get scheduleText(): string {
        const date = this.review?.businessReviewDate;
        return date ? formatLabel(SCHEDULED_FOR, formatDate(date, LOCALE)) : NOT_SCHEDULED;
    }

    get sponsorText(): string {
        return formatLabel(SPONSOR, this.review?.executiveSponsorName ?? NOT_SET);
    }

    get realizedValue(): string {
        return this.value('realizedValue') ?? '';
    }

    get expansionSignals(): string {
        return this.value('expansionSignals') ?? '';
    }

    get heldDate(): string {
        return this.value('businessReviewHeldDate') ?? '';
    }

    get heldDateText(): string {
        return formatDate(this.value('businessReviewHeldDate'), LOCALE) || NOT_SET;
    }

    get metricCurrent(): number | string {
        return this.value('primaryMetricCurrent') ?? '';
    }

    /** Editable values print as text; read-only users always see the text. */
    get printOnlyWhenEditable(): string {
        return this.canEdit ? 'print-only' : '';
    }

    get saveDisabled(): boolean {
        return this.busy || Object.keys(this.drafts).length === 0;
    }

    get durationOptions(): PicklistOption[] {
        return DURATIONS.map((minutes) => ({ value: String(minutes), label: formatLabel(MINUTES, minutes) }));
    }

    get scheduleDisabled(): boolean {
        return this.busy || !this.meetingStart;
    }

    get userTimeZone(): string {
        return this.review?.plan?.userTimeZone || TIME_ZONE;
    }

    handleChange(event: CustomEvent<{ value: string | null }>): void {
        // A bad entry (a date or number the input cannot read) arrives as an empty value: not an edit.
        if (isInvalidField(event.target)) {
            return;
        }
        const key = (event.target as HTMLElement).dataset.key as InputKey;
        const raw = event.detail.value;
        const value = key === 'primaryMetricCurrent' ? (raw === '' || raw === null ? null : Number(raw)) : raw || null;
        const drafts: Record<string, unknown> = { ...this.drafts };
        if ((this.review?.[key] ?? null) === value) {
            delete drafts[key];
        } else {
            drafts[key] = value;
        }
        this.drafts = drafts as BusinessReviewInput;
    }

    handleMeetingStart(event: CustomEvent<{ value: string }>): void {
        this.meetingStart = event.detail.value;
    }

    handleMeetingDuration(event: CustomEvent<{ value: string }>): void {
        this.meetingDuration = event.detail.value;
    }

    handlePrint(): void {
        window.print();
    }

    async handleSave(): Promise<void> {
        if (!this.formIsValid('[data-key]')) {
            return;
        }
        await this.run('save', async () => {
            this.review = await saveBusinessReview({ planId: this.planId, input: this.drafts });
            this.drafts = {};
            this.toast(SAVED, 'success');
            await this.afterChange();
        });
    }

    async handleSchedule(): Promise<void> {
        if (!this.formIsValid('.meeting-start, .meeting-duration')) {
            return;
        }
        await this.run('schedule', async () => {
            await scheduleBusinessReview({
                planId: this.planId,
                startIso: new Date(this.meetingStart).toISOString(),
                durationMinutes: Number(this.meetingDuration)
            });
            this.meetingStart = '';
            this.toast(SCHEDULED, 'success');
            await this.afterChange();
        });
    }

    private get planId(): string {
        return this.review?.plan?.id ?? '';
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
        await Promise.all([this.refresh(), notifyRecordUpdateAvailable([{ recordId: this.planId }])]);
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

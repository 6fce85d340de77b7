import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getHealth from '@salesforce/apex/OnboardingHealthController.getHealth';
import updateAlert from '@salesforce/apex/OnboardingHealthController.updateAlert';
import rescore from '@salesforce/apex/OnboardingHealthController.rescore';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { RefreshEvent, registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import {
    type WireResult,
    daysBetween,
    formatDate,
    formatDateTime,
    formatLabel,
    reportError,
    todayIso
} from 'c/liftoffUtils';
import type { AlertAction, AlertDto, HealthDto } from 'liftoff/dto';

import TITLE from '@salesforce/label/c.HealthTitle';
import LOADING from '@salesforce/label/c.LiftoffLoading';
import LOAD_ERROR from '@salesforce/label/c.HealthLoadError';
import ACTION_ERROR from '@salesforce/label/c.HealthActionError';
import NO_PLAN from '@salesforce/label/c.HealthNoPlan';
import NOT_SCORED from '@salesforce/label/c.HealthNotScored';
import SCORE from '@salesforce/label/c.HealthScore';
import BAND_GREEN from '@salesforce/label/c.HealthBandGreen';
import BAND_YELLOW from '@salesforce/label/c.HealthBandYellow';
import BAND_RED from '@salesforce/label/c.HealthBandRed';
import BAND_NOT_SCORED from '@salesforce/label/c.HealthBandNotScored';
import TREND_UP from '@salesforce/label/c.HealthTrendUp';
import TREND_FLAT from '@salesforce/label/c.HealthTrendFlat';
import TREND_DOWN from '@salesforce/label/c.HealthTrendDown';
import TREND_NEW from '@salesforce/label/c.HealthTrendNew';
import COMPONENT_MILESTONES from '@salesforce/label/c.HealthComponentMilestones';
import COMPONENT_SCHEDULE from '@salesforce/label/c.HealthComponentSchedule';
import COMPONENT_ADOPTION from '@salesforce/label/c.HealthComponentAdoption';
import COMPONENT_ENGAGEMENT from '@salesforce/label/c.HealthComponentEngagement';
import NO_DATA from '@salesforce/label/c.HealthNoData';
import DRIVERS from '@salesforce/label/c.HealthDrivers';
import NO_DRIVERS from '@salesforce/label/c.HealthNoDrivers';
import ALERTS from '@salesforce/label/c.HealthAlerts';
import NO_ALERTS from '@salesforce/label/c.HealthNoAlerts';
import ACKNOWLEDGE from '@salesforce/label/c.HealthAcknowledge';
import SNOOZE from '@salesforce/label/c.HealthSnooze';
import SNOOZE_UNTIL from '@salesforce/label/c.HealthSnoozeUntil';
import RESOLVE from '@salesforce/label/c.HealthResolve';
import RESCORE from '@salesforce/label/c.HealthRescore';
import RESCORED from '@salesforce/label/c.HealthRescored';
import ALERT_UPDATED from '@salesforce/label/c.HealthAlertUpdated';
import STALE_SINCE from '@salesforce/label/c.HealthStaleSince';
import INPUTS_AS_OF from '@salesforce/label/c.HealthInputsAsOf';
import SCORED_AT from '@salesforce/label/c.HealthScoredAt';
import OVERRIDDEN from '@salesforce/label/c.HealthOverridden';
import RAISED_AT from '@salesforce/label/c.HealthRaisedAt';
import SNOOZED_UNTIL from '@salesforce/label/c.HealthSnoozedUntil';
import RECOMMENDED from '@salesforce/label/c.HealthRecommendedAction';
import HISTORY from '@salesforce/label/c.HealthHistory';
import DRIVER_MILESTONES_MISSED from '@salesforce/label/c.HealthDriverMilestonesMissed';
import DRIVER_MILESTONES_LATE from '@salesforce/label/c.HealthDriverMilestonesLate';
import DRIVER_SCHEDULE_PACE from '@salesforce/label/c.HealthDriverSchedulePace';
import DRIVER_VALUE_MILESTONE_BEHIND from '@salesforce/label/c.HealthDriverValueMilestoneBehind';
import DRIVER_ADOPTION_BELOW_TARGET from '@salesforce/label/c.HealthDriverAdoptionBelowTarget';
import DRIVER_COMMITTEE_GAPS from '@salesforce/label/c.HealthDriverCommitteeGaps';
import DRIVER_SPONSOR_QUIET from '@salesforce/label/c.HealthDriverSponsorQuiet';
import DRIVER_CHAMPION_QUIET from '@salesforce/label/c.HealthDriverChampionQuiet';
import DRIVER_LOW_ATTENDANCE from '@salesforce/label/c.HealthDriverLowAttendance';
import DRIVER_SLOW_RESPONSES from '@salesforce/label/c.HealthDriverSlowResponses';
import DRIVER_MILESTONES_NO_DATA from '@salesforce/label/c.HealthDriverMilestonesNoData';
import DRIVER_SCHEDULE_NO_DATA from '@salesforce/label/c.HealthDriverScheduleNoData';
import DRIVER_ADOPTION_NO_DATA from '@salesforce/label/c.HealthDriverAdoptionNoData';
import DRIVER_ENGAGEMENT_NO_DATA from '@salesforce/label/c.HealthDriverEngagementNoData';
import SEVERITY_CRITICAL from '@salesforce/label/c.SeverityCritical';
import SEVERITY_HIGH from '@salesforce/label/c.SeverityHigh';
import SEVERITY_MEDIUM from '@salesforce/label/c.SeverityMedium';
import SEVERITY_LOW from '@salesforce/label/c.SeverityLow';
import STATUS_OPEN from '@salesforce/label/c.AlertStatusOpen';
import STATUS_ACKNOWLEDGED from '@salesforce/label/c.AlertStatusAcknowledged';
import STATUS_SNOOZED from '@salesforce/label/c.AlertStatusSnoozed';
import SNOOZE_IN_PAST from '@salesforce/label/c.HealthSnoozeInPast';

const COMPONENT = 'c-onboarding-health';

/** How many earlier scores the trend line lists. */
const HISTORY_POINTS = 6;

const BAND: Record<string, { label: string; className: string }> = {
    Green: { label: BAND_GREEN, className: 'band slds-badge slds-theme_success' },
    Yellow: { label: BAND_YELLOW, className: 'band slds-badge slds-theme_warning' },
    Red: { label: BAND_RED, className: 'band slds-badge slds-theme_error' },
    NotScored: { label: BAND_NOT_SCORED, className: 'band slds-badge' }
};

const TREND: Record<string, { label: string; icon: string }> = {
    Up: { label: TREND_UP, icon: 'utility:arrowup' },
    Flat: { label: TREND_FLAT, icon: 'utility:forward' },
    Down: { label: TREND_DOWN, icon: 'utility:arrowdown' },
    New: { label: TREND_NEW, icon: 'utility:new' }
};

const COMPONENT_LABELS: Record<string, string> = {
    milestones: COMPONENT_MILESTONES,
    schedule: COMPONENT_SCHEDULE,
    adoption: COMPONENT_ADOPTION,
    engagement: COMPONENT_ENGAGEMENT
};

const DRIVER_LABELS: Record<string, string> = {
    milestonesMissed: DRIVER_MILESTONES_MISSED,
    milestonesLate: DRIVER_MILESTONES_LATE,
    schedulePace: DRIVER_SCHEDULE_PACE,
    valueMilestoneBehind: DRIVER_VALUE_MILESTONE_BEHIND,
    adoptionBelowTarget: DRIVER_ADOPTION_BELOW_TARGET,
    committeeGaps: DRIVER_COMMITTEE_GAPS,
    sponsorQuiet: DRIVER_SPONSOR_QUIET,
    championQuiet: DRIVER_CHAMPION_QUIET,
    lowAttendance: DRIVER_LOW_ATTENDANCE,
    slowResponses: DRIVER_SLOW_RESPONSES,
    milestonesNoData: DRIVER_MILESTONES_NO_DATA,
    scheduleNoData: DRIVER_SCHEDULE_NO_DATA,
    adoptionNoData: DRIVER_ADOPTION_NO_DATA,
    engagementNoData: DRIVER_ENGAGEMENT_NO_DATA
};

const SEVERITY: Record<string, { label: string; rank: number; className: string }> = {
    Critical: { label: SEVERITY_CRITICAL, rank: 0, className: 'slds-badge slds-theme_error' },
    High: { label: SEVERITY_HIGH, rank: 1, className: 'slds-badge slds-theme_warning' },
    Medium: { label: SEVERITY_MEDIUM, rank: 2, className: 'slds-badge' },
    Low: { label: SEVERITY_LOW, rank: 3, className: 'slds-badge slds-badge_lightest' }
};

const ALERT_STATUS: Record<string, string> = {
    Open: STATUS_OPEN,
    Acknowledged: STATUS_ACKNOWLEDGED,
    Snoozed: STATUS_SNOOZED
};

/**
 * Onboarding health of the record's plan: score, band, trend, the four
 * components, the drivers in plain words, how old the inputs are, and the
 * open alerts with acknowledge, snooze and resolve.
 */
export default class OnboardingHealth extends LightningElement {
    /** Id of the Account, Opportunity or onboarding plan the page shows. */
    @api recordId = '';

    /** Inputs older than this many days make the component say "stale since". */
    @api staleAfterDays = 14;

    labels = {
        TITLE,
        LOADING,
        NO_PLAN,
        NOT_SCORED,
        SCORE,
        DRIVERS,
        NO_DRIVERS,
        ALERTS,
        NO_ALERTS,
        ACKNOWLEDGE,
        SNOOZE,
        SNOOZE_UNTIL,
        RESOLVE,
        RESCORE,
        OVERRIDDEN,
        RECOMMENDED,
        HISTORY
    };

    health: HealthDto | null = null;
    errorMessage = '';
    busy = false;
    snoozeDates: Record<string, string> = {};

    private wiredResult: WireResult<HealthDto> | undefined;
    private refreshHandlerId: number | undefined;

    @wire(getHealth, { recordId: '$recordId' })
    wiredHealth(result: WireResult<HealthDto>): void {
        this.wiredResult = result;
        if (result.data) {
            this.health = result.data;
            this.errorMessage = '';
        } else if (result.error) {
            this.health = null;
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
        return !this.health && !this.errorMessage;
    }

    get hasPlan(): boolean {
        return !!this.health?.planId;
    }

    get noPlan(): boolean {
        return !!this.health && !this.health.planId;
    }

    get isScored(): boolean {
        return this.health?.score !== null && this.health?.score !== undefined;
    }

    get scoreText(): string {
        return this.isScored ? String(this.health?.score) : '';
    }

    get band() {
        return BAND[this.health?.band ?? 'NotScored'] ?? BAND.NotScored;
    }

    get trend() {
        return TREND[this.health?.trend ?? 'New'] ?? TREND.New;
    }

    get components() {
        const values = this.health?.components;
        return Object.keys(COMPONENT_LABELS).map((name) => {
            const value = values?.[name as keyof typeof values] ?? null;
            return {
                name,
                label: COMPONENT_LABELS[name],
                hasData: value !== null,
                value: value ?? 0,
                text: value === null ? NO_DATA : String(value)
            };
        });
    }

    /**
     * Drivers by size of effect, each with its signed points: a translated title
     * for the reason and the engine's detail.
     * Limitation: the detail (with its figures) comes from the engine in English only.
     */
    get drivers() {
        return [...(this.health?.drivers ?? [])]
            .sort((a, b) => Math.abs(b.impact) - Math.abs(a.impact))
            .map((driver, index) => ({
                key: `${driver.code}-${index}`,
                title: DRIVER_LABELS[driver.code] ?? '',
                message: driver.message,
                impact: driver.impact > 0 ? `+${driver.impact}` : String(driver.impact),
                className: driver.impact < 0 ? 'impact slds-text-color_error' : 'impact slds-text-color_success',
                icon: driver.impact < 0 ? 'utility:arrowdown' : 'utility:arrowup'
            }));
    }

    /** The most recent scores behind the trend, oldest first, each on its own calendar day (F18). */
    get history() {
        return [...(this.health?.history ?? [])]
            .sort((a, b) => a.asOfDate.localeCompare(b.asOfDate))
            .slice(-HISTORY_POINTS)
            .map((point) => ({
                key: point.asOfDate,
                date: formatDate(point.asOfDate, LOCALE),
                score: point.score === null ? BAND_NOT_SCORED : String(point.score)
            }));
    }

    get hasHistory(): boolean {
        return this.history.length > 0;
    }

    get hasDrivers(): boolean {
        return this.drivers.length > 0;
    }

    /** "Stale since" when the oldest input is older than the configured number of days. */
    get staleText(): string {
        const asOf = this.health?.inputsAsOf;
        if (!asOf) {
            return '';
        }
        const age = daysBetween(asOf, todayIso(TIME_ZONE));
        return age > Number(this.staleAfterDays) ? formatLabel(STALE_SINCE, formatDate(asOf, LOCALE)) : '';
    }

    get inputsAsOfText(): string {
        const asOf = this.health?.inputsAsOf;
        return asOf && !this.staleText ? formatLabel(INPUTS_AS_OF, formatDate(asOf, LOCALE)) : '';
    }

    get scoredAtText(): string {
        const scoredAt = this.health?.scoredAt;
        if (!scoredAt) {
            return '';
        }
        const version = this.health?.modelVersion ?? '';
        return formatLabel(SCORED_AT, formatDateTime(scoredAt, LOCALE, TIME_ZONE), version);
    }

    get alerts() {
        return (this.health?.alerts ?? [])
            .filter((alert) => alert.status !== 'Resolved')
            .sort((a, b) => (SEVERITY[a.severity]?.rank ?? 9) - (SEVERITY[b.severity]?.rank ?? 9))
            .map((alert) => this.alertView(alert));
    }

    private alertView(alert: AlertDto) {
        const severity = SEVERITY[alert.severity] ?? SEVERITY.Medium;
        const snoozeDate = this.snoozeDates[alert.id] ?? '';
        return {
            id: alert.id,
            message: alert.message,
            recommendedAction: alert.recommendedAction,
            severityLabel: severity.label,
            severityClass: severity.className,
            statusLabel: ALERT_STATUS[alert.status] ?? alert.status,
            raisedText: formatLabel(RAISED_AT, formatDateTime(alert.raisedAt, LOCALE, TIME_ZONE)),
            snoozedText: alert.snoozedUntil ? formatLabel(SNOOZED_UNTIL, formatDate(alert.snoozedUntil, LOCALE)) : '',
            canAcknowledge: alert.status === 'Open',
            snoozeDate,
            snoozeDisabled: this.busy || !snoozeDate,
            headingId: `alert-${alert.id}`
        };
    }

    get hasAlerts(): boolean {
        return this.alerts.length > 0;
    }

    get minSnoozeDate(): string {
        return todayIso(TIME_ZONE);
    }

    handleSnoozeDate(event: CustomEvent<{ value: string }>): void {
        const id = (event.target as HTMLElement).dataset.id ?? '';
        this.snoozeDates = { ...this.snoozeDates, [id]: event.detail.value };
    }

    async handleAlertAction(event: Event): Promise<void> {
        const target = event.currentTarget as HTMLElement;
        const id = target.dataset.id ?? '';
        const action = target.dataset.action as AlertAction;
        const snoozeUntil = action === 'snooze' ? this.snoozeDates[id] || null : null;
        // The input's min only marks a past date as wrong; a date typed in or chosen yesterday still reaches here.
        if (snoozeUntil && snoozeUntil < this.minSnoozeDate) {
            this.toast(formatLabel(SNOOZE_IN_PAST, formatDate(snoozeUntil, LOCALE)), 'error');
            return;
        }
        await this.changeAlert(id, action, snoozeUntil);
    }

    private async changeAlert(alertId: string, action: AlertAction, snoozeUntil: string | null): Promise<void> {
        this.busy = true;
        try {
            await updateAlert({ alertId, action, snoozeUntil });
            this.toast(ALERT_UPDATED, 'success');
            await this.afterChange([alertId]);
        } catch (error) {
            this.toast(reportError(COMPONENT, action, error, ACTION_ERROR), 'error');
        } finally {
            this.busy = false;
        }
    }

    async handleRescore(): Promise<void> {
        const planId = this.health?.planId;
        if (!planId) {
            return;
        }
        this.busy = true;
        try {
            this.health = await rescore({ planId });
            this.toast(RESCORED, 'success');
            await this.afterChange([]);
        } catch (error) {
            this.toast(reportError(COMPONENT, 'rescore', error, ACTION_ERROR), 'error');
        } finally {
            this.busy = false;
        }
    }

    /** Fresh data here, in the record page header and in the other components of the view (F27). */
    private async afterChange(changedIds: string[]): Promise<void> {
        const planId = this.health?.planId;
        const ids = [...changedIds, ...(planId ? [planId] : [])];
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

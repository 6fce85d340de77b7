import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { loadScript } from 'lightning/platformResourceLoader';
import getPortfolio from '@salesforce/apex/PortfolioController.getPortfolio';
import CHART_JS from '@salesforce/resourceUrl/ChartJs';
import FORM_FACTOR from '@salesforce/client/formFactor';
import LOCALE from '@salesforce/i18n/locale';
import { type WireResult, formatDate, formatLabel, formatNumber, formatPercent, reportError } from 'c/liftoffUtils';
import { type ChartConstructor, healthChart, timeToValueChart } from './charts';
import type { Segment } from 'c/onboardingEngine';
import type { PicklistOption, PortfolioDto, PortfolioFilter, PortfolioGroupDto } from 'liftoff/dto';

import TITLE from '@salesforce/label/c.PortfolioTitle';
import LOADING from '@salesforce/label/c.LiftoffLoading';
import LOAD_ERROR from '@salesforce/label/c.PortfolioLoadError';
import CHART_ERROR from '@salesforce/label/c.PortfolioChartError';
import EMPTY from '@salesforce/label/c.PortfolioEmpty';
import AS_OF from '@salesforce/label/c.PortfolioAsOf';
import SEGMENT from '@salesforce/label/c.PortfolioSegment';
import ALL_SEGMENTS from '@salesforce/label/c.PortfolioAllSegments';
import SEARCH from '@salesforce/label/c.PortfolioSearch';
import GROUP_BY from '@salesforce/label/c.PortfolioGroupBy';
import BY_SEGMENT from '@salesforce/label/c.PortfolioBySegment';
import BY_COHORT from '@salesforce/label/c.PortfolioByCohort';
import GRAIN from '@salesforce/label/c.PortfolioCohortGrain';
import MONTH from '@salesforce/label/c.PortfolioMonth';
import QUARTER from '@salesforce/label/c.PortfolioQuarter';
import GROUP from '@salesforce/label/c.PortfolioGroup';
import PLANS from '@salesforce/label/c.PortfolioPlans';
import FIRST_VALUE from '@salesforce/label/c.PortfolioDaysToFirstValue';
import FULL_VALUE from '@salesforce/label/c.PortfolioDaysToFullValue';
import DAYS_LINE from '@salesforce/label/c.PortfolioDaysLine';
import COMPLETION from '@salesforce/label/c.PortfolioCompletion';
import ON_TIME from '@salesforce/label/c.PortfolioOnTime';
import ADOPTION from '@salesforce/label/c.PortfolioAdoption90';
import CHURN from '@salesforce/label/c.PortfolioOnboardingChurn';
import NRR from '@salesforce/label/c.PortfolioNrr';
import TOTAL from '@salesforce/label/c.PortfolioTotal';
import HEALTH_CHART from '@salesforce/label/c.PortfolioHealthChart';
import TIME_CHART from '@salesforce/label/c.PortfolioTimeChart';
import MEDIAN from '@salesforce/label/c.PortfolioMedianDays';
import TARGET from '@salesforce/label/c.PortfolioTargetDays';
import AT_RISK from '@salesforce/label/c.PortfolioAtRiskOrAttention';
import NO_AT_RISK from '@salesforce/label/c.PortfolioNoAtRiskOrAttention';
import SCORE from '@salesforce/label/c.PortfolioScore';
import OPEN_ALERTS from '@salesforce/label/c.PortfolioOpenAlerts';
import TOP_DRIVER from '@salesforce/label/c.PortfolioTopDriver';
import SEGMENT_HIGH_TOUCH from '@salesforce/label/c.SegmentHighTouch';
import SEGMENT_GUIDED from '@salesforce/label/c.SegmentGuided';
import SEGMENT_TECH_TOUCH from '@salesforce/label/c.SegmentTechTouch';
import BAND_GREEN from '@salesforce/label/c.HealthBandGreen';
import BAND_YELLOW from '@salesforce/label/c.HealthBandYellow';
import BAND_RED from '@salesforce/label/c.HealthBandRed';
import BAND_NOT_SCORED from '@salesforce/label/c.HealthBandNotScored';
import NOT_SET from '@salesforce/label/c.LiftoffNotSet';

const COMPONENT = 'c-portfolio-health';

const SEGMENT_LABELS: Record<string, string> = {
    HighTouch: SEGMENT_HIGH_TOUCH,
    Guided: SEGMENT_GUIDED,
    TechTouch: SEGMENT_TECH_TOUCH
};

const BAND_LABELS: Record<string, string> = {
    Green: BAND_GREEN,
    Yellow: BAND_YELLOW,
    Red: BAND_RED,
    NotScored: BAND_NOT_SCORED
};

const BAND_CLASS: Record<string, string> = {
    Green: 'slds-badge slds-theme_success',
    Yellow: 'slds-badge slds-theme_warning',
    Red: 'slds-badge slds-theme_error',
    NotScored: 'slds-badge'
};

type Chart = { destroy(): void };

/**
 * The leader's portfolio: health distribution, time to first and full value
 * against target, completion, adoption at day 90, onboarding-driven churn and
 * NRR, by segment or by cohort; charts (Chart.js from a static resource) each
 * with a table for screen readers; the at-risk plans drill down to the Account.
 * The segment filter and search run on the server (field case F15).
 */
export default class PortfolioHealth extends NavigationMixin(LightningElement) {
    /** Group by segment or by contract cohort when the page opens. */
    @api defaultGroupBy: 'segment' | 'cohort' = 'segment';

    /** Cohort grain when the page opens. */
    @api defaultCohortGrain: 'month' | 'quarter' = 'quarter';

    labels = {
        TITLE,
        LOADING,
        EMPTY,
        SEGMENT,
        SEARCH,
        GROUP_BY,
        GRAIN,
        GROUP,
        PLANS,
        FIRST_VALUE,
        FULL_VALUE,
        COMPLETION,
        ON_TIME,
        ADOPTION,
        CHURN,
        NRR,
        HEALTH_CHART,
        TIME_CHART,
        MEDIAN,
        TARGET,
        AT_RISK,
        NO_AT_RISK,
        SCORE,
        OPEN_ALERTS,
        TOP_DRIVER,
        BAND_GREEN,
        BAND_YELLOW,
        BAND_RED,
        BAND_NOT_SCORED
    };

    portfolio: PortfolioDto | null = null;
    errorMessage = '';
    chartError = '';
    groupByOverride: 'segment' | 'cohort' | null = null;
    filter: PortfolioFilter = { segment: null, cohortGrain: 'quarter', search: null };
    searchText = '';
    /** A changed filter is on its way to the server; the figures shown are the previous ones. */
    refreshing = false;

    private chartLibrary: ChartConstructor | null = null;
    private charts: Chart[] = [];
    private chartsStale = false;
    private filterInitialised = false;

    @wire(getPortfolio, { filter: '$filter' })
    wiredPortfolio(result: WireResult<PortfolioDto>): void {
        if (result.data) {
            this.portfolio = result.data;
            this.errorMessage = '';
            this.chartsStale = true;
            this.refreshing = false;
        } else if (result.error) {
            this.refreshing = false;
            this.portfolio = null;
            this.errorMessage = reportError(COMPONENT, 'load', result.error, LOAD_ERROR);
        }
    }

    override connectedCallback(): void {
        if (!this.filterInitialised) {
            this.filterInitialised = true;
            this.filter = { ...this.filter, cohortGrain: this.defaultCohortGrain === 'month' ? 'month' : 'quarter' };
        }
        loadScript(this, CHART_JS)
            .then(() => {
                const library = (window as unknown as { Chart?: ChartConstructor }).Chart;
                if (!library) {
                    throw new Error('Chart.js did not load from the ChartJs static resource.');
                }
                this.chartLibrary = library;
                this.chartsStale = true;
                this.drawCharts();
            })
            .catch((error: unknown) => {
                // The technical reason goes to the log; the person learns the tables hold the same figures.
                reportError(COMPONENT, 'loadChartJs', error, CHART_ERROR);
                this.chartError = CHART_ERROR;
            });
    }

    override disconnectedCallback(): void {
        this.destroyCharts();
    }

    override renderedCallback(): void {
        this.drawCharts();
    }

    get isLoading(): boolean {
        return (!this.portfolio && !this.errorMessage) || this.refreshing;
    }

    private setFilter(filter: PortfolioFilter): void {
        this.filter = filter;
        this.refreshing = true;
    }

    get hasData(): boolean {
        return (this.portfolio?.total.planCount ?? 0) > 0;
    }

    get isEmpty(): boolean {
        return !!this.portfolio && !this.hasData;
    }

    get asOfText(): string {
        return this.portfolio ? formatLabel(AS_OF, formatDate(this.portfolio.asOfDate, LOCALE)) : '';
    }

    get isPhone(): boolean {
        return FORM_FACTOR === 'Small';
    }

    get groupBy(): 'segment' | 'cohort' {
        return this.groupByOverride ?? (this.defaultGroupBy === 'cohort' ? 'cohort' : 'segment');
    }

    get byCohort(): boolean {
        return this.groupBy === 'cohort';
    }

    get segmentOptions(): PicklistOption[] {
        return [
            { value: '', label: ALL_SEGMENTS },
            ...Object.entries(SEGMENT_LABELS).map(([value, label]) => ({ value, label }))
        ];
    }

    get groupByOptions(): PicklistOption[] {
        return [
            { value: 'segment', label: BY_SEGMENT },
            { value: 'cohort', label: BY_COHORT }
        ];
    }

    get grainOptions(): PicklistOption[] {
        return [
            { value: 'month', label: MONTH },
            { value: 'quarter', label: QUARTER }
        ];
    }

    get segmentValue(): string {
        return this.filter.segment ?? '';
    }

    private get groups(): PortfolioGroupDto[] {
        const source = this.byCohort ? this.portfolio?.byCohort : this.portfolio?.bySegment;
        if (this.byCohort) {
            return source ?? [];
        }
        return (source ?? []).map((g) => ({ ...g, label: SEGMENT_LABELS[g.key] ?? g.label }));
    }

    /** One row per group, then the total; every figure already formatted for the user's locale. */
    get rows() {
        const total = this.portfolio?.total;
        const all = total ? [...this.groups, { ...total, label: TOTAL }] : this.groups;
        const pct = (value: number | null) => formatPercent(value, LOCALE) || NOT_SET;
        const days = (median: number | null, p90: number | null, target: number | null): string => {
            if (median === null) {
                return NOT_SET;
            }
            const show = (value: number | null) => formatNumber(value, LOCALE) || NOT_SET;
            return formatLabel(DAYS_LINE, show(median), show(p90), show(target));
        };
        return all.map((g) => ({
            key: g.key,
            label: g.label,
            planCount: formatNumber(g.planCount, LOCALE),
            green: g.health.Green ?? 0,
            yellow: g.health.Yellow ?? 0,
            red: g.health.Red ?? 0,
            notScored: g.health.NotScored ?? 0,
            firstValue: days(g.medianDaysToFirstValue, g.p90DaysToFirstValue, g.targetDaysToFirstValue),
            fullValue: days(g.medianDaysToFullValue, g.p90DaysToFullValue, g.targetDaysToFullValue),
            firstValueLate:
                g.medianDaysToFirstValue !== null &&
                g.targetDaysToFirstValue !== null &&
                g.medianDaysToFirstValue > g.targetDaysToFirstValue,
            completion: pct(g.completionRate),
            onTime: pct(g.onTimeMilestoneRate),
            adoption: pct(g.adoption90),
            churn: pct(g.onboardingChurnRate),
            nrr: pct(g.nrr),
            rowClass: g.key === 'total' ? 'total slds-text-title_bold' : ''
        }));
    }

    /** The time-to-value chart's figures, as the table beside it for screen readers. */
    get timeRows() {
        return this.groups.map((g) => ({
            key: g.key,
            label: g.label,
            median: formatNumber(g.medianDaysToFirstValue, LOCALE) || NOT_SET,
            target: formatNumber(g.targetDaysToFirstValue, LOCALE) || NOT_SET
        }));
    }

    get atRisk() {
        return (this.portfolio?.atRisk ?? []).map((plan) => ({
            key: plan.planId,
            accountId: plan.accountId,
            accountName: plan.accountName,
            segment: SEGMENT_LABELS[plan.segment] ?? plan.segment,
            score: plan.score === null ? NOT_SET : String(plan.score),
            band: BAND_LABELS[plan.band] ?? plan.band,
            bandClass: BAND_CLASS[plan.band] ?? 'slds-badge',
            openAlerts: plan.openAlerts,
            topDriver: plan.topDriver ?? NOT_SET
        }));
    }

    get hasAtRisk(): boolean {
        return this.atRisk.length > 0;
    }

    handleSegment(event: CustomEvent<{ value: string }>): void {
        const segment = (event.detail.value || null) as Segment | null;
        this.setFilter({ ...this.filter, segment });
    }

    handleGroupBy(event: CustomEvent<{ value: 'segment' | 'cohort' }>): void {
        this.groupByOverride = event.detail.value;
        this.chartsStale = true;
    }

    handleGrain(event: CustomEvent<{ value: 'month' | 'quarter' }>): void {
        this.setFilter({ ...this.filter, cohortGrain: event.detail.value });
    }

    handleSearchText(event: CustomEvent<{ value: string }>): void {
        this.searchText = event.detail.value ?? '';
    }

    /** Runs the search on Enter or when the field is cleared; the text goes to Apex as a bind variable. */
    handleSearchCommit(): void {
        const search = this.searchText.trim() || null;
        if (search !== this.filter.search) {
            this.setFilter({ ...this.filter, search });
        }
    }

    handleOpenAccount(event: Event): void {
        const accountId = (event.currentTarget as HTMLElement).dataset.id ?? '';
        const navigate = (this as unknown as Record<symbol, (ref: unknown) => void>)[NavigationMixin.Navigate];
        navigate.call(this, {
            type: 'standard__recordPage',
            attributes: { recordId: accountId, objectApiName: 'Account', actionName: 'view' }
        });
    }

    private drawCharts(): void {
        const Chart = this.chartLibrary;
        if (!Chart || !this.chartsStale || !this.hasData) {
            return;
        }
        const healthCanvas = this.template?.querySelector<HTMLCanvasElement>('canvas.health-chart');
        const timeCanvas = this.template?.querySelector<HTMLCanvasElement>('canvas.time-chart');
        if (!healthCanvas || !timeCanvas) {
            return;
        }
        this.chartsStale = false;
        this.destroyCharts();
        try {
            this.charts = [
                new Chart(healthCanvas, healthChart(this.groups, BAND_LABELS)),
                new Chart(timeCanvas, timeToValueChart(this.groups, { median: MEDIAN, target: TARGET }))
            ];
        } catch (error) {
            reportError(COMPONENT, 'drawCharts', error, CHART_ERROR);
            this.chartError = CHART_ERROR;
        }
    }

    private destroyCharts(): void {
        this.charts.forEach((chart) => chart.destroy());
        this.charts = [];
    }
}

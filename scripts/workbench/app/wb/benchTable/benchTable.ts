/**
 * Benchmark baseline (workbench-only): a plain lightning-datatable showing the
 * same rows as the mutual plan or the stakeholder map, fetched through the
 * same Apex methods and refreshed the same way, so the component benchmark
 * compares rendering work and not data access.
 */
import { LightningElement, api } from 'lwc';
import getPlan from '@salesforce/apex/MutualPlanController.getPlan';
import getStakeholderMap from '@salesforce/apex/StakeholderMapController.getStakeholderMap';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import type { MutualPlanDto, StakeholderMapDto } from '../../../../../types/dto.d.ts';

const MILESTONE_COLUMNS = [
    { label: 'Milestone', fieldName: 'name' },
    { label: 'Status', fieldName: 'status' },
    { label: 'Owner side', fieldName: 'ownerSide' },
    { label: 'Target', fieldName: 'targetDate', type: 'date-local' },
    { label: 'Forecast', fieldName: 'forecastDate', type: 'date-local' },
    { label: 'Completed', fieldName: 'completedDate', type: 'date-local' },
    { label: 'Schedule', fieldName: 'scheduleStatus' }
];
const STAKEHOLDER_COLUMNS = [
    { label: 'Name', fieldName: 'name' },
    { label: 'Title', fieldName: 'title' },
    { label: 'Buying role', fieldName: 'buyingRole' },
    { label: 'Onboarding role', fieldName: 'onboardingRole' },
    { label: 'Stance', fieldName: 'stance' },
    { label: 'Last engaged', fieldName: 'lastEngagedDate', type: 'date-local' }
];

export default class BenchTable extends LightningElement {
    /** `milestones` or `stakeholders`. */
    @api kind = 'milestones';
    /** Account, Opportunity or plan id. */
    @api recordId = '';
    rows: Record<string, unknown>[] = [];
    private refreshId: number | null = null;

    get columns(): Record<string, unknown>[] {
        return this.kind === 'milestones' ? MILESTONE_COLUMNS : STAKEHOLDER_COLUMNS;
    }

    override connectedCallback(): void {
        this.refreshId = registerRefreshHandler(this, () => this.load());
        void this.load();
    }

    override disconnectedCallback(): void {
        if (this.refreshId !== null) unregisterRefreshHandler(this.refreshId);
    }

    async load(): Promise<void> {
        if (this.kind === 'milestones') {
            const plan = (await getPlan({ recordId: this.recordId })) as MutualPlanDto;
            this.rows = plan.milestones as unknown as Record<string, unknown>[];
            return;
        }
        const rows: Record<string, unknown>[] = [];
        for (let page = 1; ; page += 1) {
            const map = (await getStakeholderMap({
                recordId: this.recordId,
                pageSize: 200,
                pageNumber: page
            })) as StakeholderMapDto;
            rows.push(...(map.stakeholders as unknown as Record<string, unknown>[]));
            if (rows.length >= map.totalCount || map.stakeholders.length === 0) break;
        }
        this.rows = rows;
    }
}

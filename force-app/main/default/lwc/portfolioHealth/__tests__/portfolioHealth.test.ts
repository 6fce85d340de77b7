import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'lwc';
import PortfolioHealth from 'c/portfolioHealth';
import getPortfolio from '@salesforce/apex/PortfolioController.getPortfolio';
import { loadScript } from 'lightning/platformResourceLoader';
import { log } from 'lightning/logger';
import type { PortfolioDto } from 'liftoff/dto';
import {
    INLINE_HOSTILE,
    deepQueryAll,
    deepText,
    accessibilityViolations,
    flushPromises,
    sampleHostileStrings
} from '../../../../../../test/jest-mocks/liftoffTestUtils';
import { navigations, resetNavigations } from '../../../../../../test/jest-mocks/lightning/navigation';
import getPortfolioJson from './data/getPortfolio.json';

jest.mock(
    '@salesforce/apex/PortfolioController.getPortfolio',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('lightning/navigation', () => jest.requireActual('../../../../../../test/jest-mocks/lightning/navigation'));

const PORTFOLIO: PortfolioDto = getPortfolioJson as unknown as PortfolioDto;
const wire = getPortfolio as unknown as {
    emit(value: unknown): void;
    error(body?: unknown): void;
    getLastConfig(): { filter: Record<string, unknown> };
};
const loadScriptMock = loadScript as unknown as jest.Mock;
type Stub = HTMLElement & Record<string, unknown>;
type ChartCall = [HTMLCanvasElement, { data: { labels: string[]; datasets: { label: string; data: unknown[] }[] } }];

const chartInstances: { destroy: jest.Mock }[] = [];
const ChartMock = jest.fn().mockImplementation(() => {
    const instance = { destroy: jest.fn() };
    chartInstances.push(instance);
    return instance;
});

function clone(): PortfolioDto {
    return JSON.parse(JSON.stringify(PORTFOLIO));
}

async function render(data: unknown = PORTFOLIO, props: Record<string, unknown> = {}): Promise<HTMLElement> {
    const element = createElement('c-portfolio-health', { is: PortfolioHealth });
    Object.assign(element, props);
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
const change = (target: Stub, value: unknown) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));

describe('c-portfolio-health', () => {
    beforeEach(() => {
        (window as unknown as { Chart?: unknown }).Chart = ChartMock;
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        chartInstances.length = 0;
        resetNavigations();
        delete (window as unknown as { Chart?: unknown }).Chart;
    });

    it('shows a spinner until the portfolio arrives and asks for it with the default filter', async () => {
        // Render without data
        const element = await render(null);

        // Spinner; the first request carries no segment, the default grain and no search
        expect(q(element, 'lightning-spinner')).not.toBeNull();
        expect(wire.getLastConfig()).toEqual({ filter: { segment: null, cohortGrain: 'quarter', search: null } });
    });

    it('shows one row per segment plus the total, with percentages and days against target', async () => {
        // Render
        const element = await render();

        // Segment labels come from labels, figures formatted
        const rows = qa(element, 'table.metrics tbody tr');
        expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual([
            'c.SegmentHighTouch',
            'c.SegmentGuided',
            'c.PortfolioTotal'
        ]);
        const first = [...rows[0].querySelectorAll('td')].map((td) => td.textContent);
        expect(first).toEqual([
            '10',
            '5',
            '3',
            '2',
            '0',
            'c.PortfolioDaysLine',
            'c.LiftoffNotSet',
            '25%',
            '80%',
            '46%',
            '5%',
            '108%'
        ]);
        expect(rows[1].querySelector('.nrr')!.textContent).toBe('c.LiftoffNotSet');
        expect(q(element, '.as-of').textContent).toBe('c.PortfolioAsOf');
    });

    it('switches to cohorts and asks the server for another grain', async () => {
        // Group by cohort
        const element = await render();
        change(q(element, '.group-by'), 'cohort');
        await flushPromises();

        // Cohort rows show, with their own labels
        const labels = qa(element, 'table.metrics tbody th').map((th) => th.textContent);
        expect(labels).toEqual(['2024 Q1', 'No contract date', 'c.PortfolioTotal']);

        // Monthly cohorts are fetched from the server
        change(q(element, '.grain'), 'month');
        await flushPromises();
        expect(wire.getLastConfig().filter.cohortGrain).toBe('month');
    });

    it('opens grouped by monthly cohorts when the page is set up that way', async () => {
        // Design attributes
        const element = await render(PORTFOLIO, { defaultGroupBy: 'cohort', defaultCohortGrain: 'month' });

        // Cohorts and months from the start
        expect(q(element, '.group-by').value).toBe('cohort');
        expect(wire.getLastConfig().filter.cohortGrain).toBe('month');
    });

    it('filters by segment on the server and back to all', async () => {
        // Pick a segment
        const element = await render();
        change(q(element, '.segment-filter'), 'Guided');
        await flushPromises();
        expect(wire.getLastConfig().filter.segment).toBe('Guided');

        // A spinner shows until the filtered figures arrive
        expect(q(element, 'lightning-spinner')).not.toBeNull();
        wire.emit(clone());
        await flushPromises();
        expect(q(element, 'lightning-spinner')).toBeNull();

        // Back to all segments
        change(q(element, '.segment-filter'), '');
        await flushPromises();
        expect(wire.getLastConfig().filter.segment).toBeNull();
    });

    it('sends an injection attempt to the server verbatim, for the bind variable there (F15)', async () => {
        // Type the payload and press Enter
        const element = await render();
        const search = q(element, 'lightning-input.search');
        change(search, "Acme' OR Name LIKE '%");
        search.dispatchEvent(new CustomEvent('commit'));
        await flushPromises();

        // The exact text is the filter value; no client-side quoting or dropping
        expect(wire.getLastConfig().filter.search).toBe("Acme' OR Name LIKE '%");

        // Clearing the box clears the search; committing the same text again asks nothing new
        change(search, '   ');
        search.dispatchEvent(new CustomEvent('commit'));
        await flushPromises();
        expect(wire.getLastConfig().filter.search).toBeNull();
        const before = wire.getLastConfig();
        search.dispatchEvent(new CustomEvent('commit'));
        expect(wire.getLastConfig()).toBe(before);
    });

    it('draws both charts from the same figures as the tables', async () => {
        // Render with Chart.js available
        const element = await render();

        // The static resource was loaded and two charts drawn on their canvases
        expect(loadScriptMock).toHaveBeenCalledTimes(1);
        expect(ChartMock).toHaveBeenCalledTimes(2);
        const [health, time] = ChartMock.mock.calls as ChartCall[];
        expect(health[0]).toBe(q(element, 'canvas.health-chart'));
        expect(health[1].data.labels).toEqual(['c.SegmentHighTouch', 'c.SegmentGuided']);
        expect(health[1].data.datasets.map((d) => d.data)).toEqual([
            [5, 12],
            [3, 4],
            [2, 1],
            [0, 3]
        ]);
        expect(time[1].data.datasets.map((d) => d.data)).toEqual([
            [45, 25],
            [30, 30]
        ]);
    });

    it('gives each chart a text alternative: a name and a table with its figures', async () => {
        // Render
        const element = await render();

        // Canvases are named images; tables hold their data
        expect(q(element, 'canvas.health-chart').getAttribute('role')).toBe('img');
        expect(q(element, 'canvas.health-chart').getAttribute('aria-label')).toBe('c.PortfolioHealthChart');
        const timeRows = qa(element, 'table.time-table tbody tr').map((tr) =>
            [...tr.children].map((cell) => cell.textContent)
        );
        expect(timeRows).toEqual([
            ['c.SegmentHighTouch', '45', '30'],
            ['c.SegmentGuided', '25', '30']
        ]);
        expect(qa(element, 'table.health-table tbody tr')).toHaveLength(3);
    });

    it('redraws the charts for new data and destroys them when removed', async () => {
        // New data arrives
        const element = await render();
        wire.emit(clone());
        await flushPromises();

        // Old charts destroyed, new ones drawn
        expect(ChartMock).toHaveBeenCalledTimes(4);
        expect(chartInstances[0].destroy).toHaveBeenCalled();

        // Removal destroys the rest
        document.body.removeChild(element);
        expect(chartInstances[3].destroy).toHaveBeenCalled();
    });

    it('falls back to the tables when Chart.js cannot load, and reports it', async () => {
        // The resource fails
        loadScriptMock.mockRejectedValueOnce(new Error('Resource not found'));
        const element = await render();

        // The tables stay; the failure is stated and logged
        expect(q(element, '.chart-error').textContent).toBe('c.PortfolioChartError');
        expect(qa(element, 'table.metrics tbody tr')).toHaveLength(3);
        expect(log).toHaveBeenCalledWith(
            expect.objectContaining({ action: 'loadChartJs', message: 'Resource not found' })
        );
    });

    it('says so when the resource loads but defines no Chart', async () => {
        // No global after loading
        delete (window as unknown as { Chart?: unknown }).Chart;
        const element = await render();

        // Stated
        expect(q(element, '.chart-error').textContent).toBe('c.PortfolioChartError');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('ChartJs') }));
    });

    it('reports a chart that fails to draw', async () => {
        // Chart.js throws
        ChartMock.mockImplementationOnce(() => {
            throw new Error('canvas unsupported');
        });
        const element = await render();

        // Stated and logged
        expect(q(element, '.chart-error').textContent).toBe('c.PortfolioChartError');
        expect(log).toHaveBeenCalledWith(
            expect.objectContaining({ action: 'drawCharts', message: 'canvas unsupported' })
        );
    });

    it('lists the plans at risk and drills down to the Account', async () => {
        // Render
        const element = await render();
        const buttons = qa(element, '.at-risk lightning-button');
        expect(buttons.map((b) => b.label)).toEqual(['Globex', 'Initech']);
        expect(qa(element, '.top-driver').map((s) => s.textContent)).toEqual([
            'Two milestones are past their target date.',
            'c.LiftoffNotSet'
        ]);

        // Open the first
        buttons[0].click();

        // Navigates to the Account record page
        expect(navigations()).toEqual([
            {
                pageReference: {
                    type: 'standard__recordPage',
                    attributes: { recordId: '001000000000009AAA', objectApiName: 'Account', actionName: 'view' }
                },
                replace: undefined
            }
        ]);
    });

    it('fits the wide metrics table: headers wrap and the table scrolls inside its own box', async () => {
        // Thirteen columns at desktop width
        const element = await render();

        // Every header may wrap; the scrolling box is the table's direct parent
        const headers = qa(element, 'table.metrics thead th');
        expect(headers).toHaveLength(13);
        expect(headers.filter((th) => !th.classList.contains('slds-cell-wrap'))).toEqual([]);
        expect(q(element, 'table.metrics').parentElement!.classList.contains('slds-scrollable_x')).toBe(true);
    });

    it('names the list for what the server sends: red plans and plans with open alerts (Yellow included)', async () => {
        // The server's atRisk holds Red plans and any plan with open alerts
        const element = await render();

        // The heading says both, not only "at risk"
        expect(q(element, '.at-risk-heading').textContent!.trim()).toBe('c.PortfolioAtRiskOrAttention');
    });

    it('says when nothing matches and when no plan is at risk', async () => {
        // Empty portfolio
        const data = clone();
        data.total.planCount = 0;
        data.atRisk = [];
        const element = await render(data);

        // Both stated; no charts
        expect(q(element, '.empty-state').textContent).toBe('c.PortfolioEmpty');
        expect(q(element, '.no-at-risk').textContent).toBe('c.PortfolioNoAtRiskOrAttention');
        expect(ChartMock).not.toHaveBeenCalled();
    });

    it('shows the load error and reports it', async () => {
        // Wire error
        const element = await render(null);
        wire.error({ message: 'Portfolio access requires the Liftoff Leader permission set.' });
        await flushPromises();

        // Shown and logged
        expect(q(element, '.load-error').textContent).toContain('Liftoff Leader');
        expect(log).toHaveBeenCalledWith(expect.objectContaining({ action: 'load' }));
        expect(await accessibilityViolations(element)).toEqual([]);
    });

    it('never reads namespaced field keys (F30)', async () => {
        // Decoy keys
        const data = clone() as PortfolioDto & { atRisk: Record<string, unknown>[] };
        data.atRisk = data.atRisk.map((p) => ({ ...p, liftoff__Account__c: 'WRONG' })) as never;
        const element = await render(data);

        // DTO values only
        expect(deepText(element)).not.toContain('WRONG');
        for (const file of ['portfolioHealth.ts', 'charts.ts']) {
            const source = readFileSync(join(__dirname, '..', file), 'utf8');
            expect(source).not.toMatch(/\.\w+__c\b|\[['"]\w+__c['"]\]/);
        }
    });

    it('renders hostile account names, cohort labels and drivers literally (F16)', async () => {
        // Hostile strings in several places
        const data = clone();
        data.atRisk = INLINE_HOSTILE.map((text, i) => ({ ...PORTFOLIO.atRisk[0], planId: `p${i}`, topDriver: text }));
        data.byCohort = INLINE_HOSTILE.map((text, i) => ({ ...PORTFOLIO.byCohort[0], key: `c${i}`, label: text }));
        const element = await render(data, { defaultGroupBy: 'cohort' });

        // Verbatim text; the account button gets the raw string as its label
        const text = deepText(element);
        INLINE_HOSTILE.forEach((hostile) => expect(text).toContain(hostile));
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('renders the hostile sample Opportunity descriptions literally (checks nothing when LIFTOFF_DATA_DIR/apex-recipes/Opportunities.json is absent)', async () => {
        // Sample descriptions as account names
        const samples = sampleHostileStrings() ?? [];
        const data = clone();
        data.atRisk = samples.map((text, i) => ({ ...PORTFOLIO.atRisk[0], planId: `s${i}`, accountName: text }));
        const element = await render(data);

        // Button labels are the raw strings
        expect(qa(element, '.at-risk lightning-button').map((b) => b.label)).toEqual(samples);
        expect(deepQueryAll(element.shadowRoot!, 'img')).toHaveLength(0);
    });

    it('is accessible', async () => {
        // Render
        const element = await render();

        // Check
        expect(await accessibilityViolations(element)).toEqual([]);
    });
});

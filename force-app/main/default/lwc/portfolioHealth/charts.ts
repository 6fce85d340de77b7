/**
 * Chart.js configurations for the portfolio page, built from the same group
 * figures the tables show, so a chart never says something its table does not.
 */
import type { PortfolioGroupDto } from 'liftoff/dto';

/** The part of a Chart.js configuration this page uses. */
export interface ChartConfig {
    type: 'bar';
    data: {
        labels: string[];
        datasets: { label: string; data: (number | null)[]; backgroundColor: string; stack?: string }[];
    };
    options: Record<string, unknown>;
}

/** The Chart.js constructor as the static resource exposes it on `window`. */
export type ChartConstructor = new (canvas: HTMLCanvasElement, config: ChartConfig) => { destroy(): void };

const BAND_COLOURS: Record<string, string> = {
    Green: '#2e844a',
    Yellow: '#dd7a01',
    Red: '#ba0517',
    NotScored: '#aeaeae'
};

const COMMON_OPTIONS = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom' } }
};

/** Stacked bars: how many plans of each group sit in each health band. */
export function healthChart(groups: PortfolioGroupDto[], bandLabels: Record<string, string>): ChartConfig {
    return {
        type: 'bar',
        data: {
            labels: groups.map((g) => g.label),
            datasets: Object.keys(BAND_COLOURS).map((band) => ({
                label: bandLabels[band] ?? band,
                data: groups.map((g) => g.health[band as keyof PortfolioGroupDto['health']] ?? 0),
                backgroundColor: BAND_COLOURS[band],
                stack: 'health'
            }))
        },
        options: { ...COMMON_OPTIONS, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    };
}

/** Bars: median days to first value beside the target, per group. */
export function timeToValueChart(groups: PortfolioGroupDto[], labels: { median: string; target: string }): ChartConfig {
    return {
        type: 'bar',
        data: {
            labels: groups.map((g) => g.label),
            datasets: [
                { label: labels.median, data: groups.map((g) => g.medianDaysToFirstValue), backgroundColor: '#0176d3' },
                { label: labels.target, data: groups.map((g) => g.targetDaysToFirstValue), backgroundColor: '#aeaeae' }
            ]
        },
        options: { ...COMMON_OPTIONS, scales: { y: { beginAtZero: true } } }
    };
}

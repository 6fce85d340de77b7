/**
 * `liftoff metrics`: portfolio metrics by segment and cohort, computed from the
 * org's records with the engine's `portfolioMetrics` (docs/engine.md, section 6).
 */
import { resolve } from 'node:path';
import {
    localDate,
    portfolioMetrics,
    type PortfolioGroup,
    type PortfolioMetrics,
    type PortfolioPlanInput
} from '../../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import { ORG_OPTIONS, type CommandSpec, type OptionValues } from '../args.ts';
import { openSession, requireAlias, type CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { requireObject } from '../names.ts';
import { orgTimeZone, readPortfolio, type OrgPortfolio, type Unmapped } from '../orgData.ts';
import { emit, markdownTable, parseFormat, percent, toCsv } from '../report.ts';

/** The `metrics` command's specification. */
export const metricsSpec: CommandSpec = {
    name: 'metrics',
    summary: 'portfolio metrics by segment and cohort from the org, as CSV, JSON or Markdown',
    description: [
        'Reads every onboarding plan with its milestones, adoption snapshots and won expansion Opportunities',
        "(won = IsWon, never the stage label) and computes the workbench's portfolio metrics with the same",
        'engine: health by band, time to first and full value (median, p90), completion, on-time milestones,',
        '90-day adoption, onboarding-driven churn and 12-month NRR by cohort. Every query follows',
        'nextRecordsUrl to the end and must deliver exactly the totalSize the API reported, or nothing is',
        'written. Rows the engine cannot take (unknown picklist values, malformed dates) are listed, not guessed.'
    ].join('\n'),
    options: {
        ...ORG_OPTIONS,
        format: { type: 'string', short: 'f', value: 'csv|json|md', description: 'output format', default: 'md' },
        out: { type: 'string', value: 'file', description: 'write to a file instead of stdout' },
        grain: {
            type: 'string',
            value: 'month|quarter',
            description: 'cohort by contract month or quarter',
            default: 'quarter'
        },
        'as-of': {
            type: 'string',
            value: 'YYYY-MM-DD',
            description: "as-of date (default: today in the org's time zone)"
        }
    },
    examples: [
        'npx liftoff metrics --target-org liftoff-dev',
        'npx liftoff metrics -o liftoff-dev --format csv --out reports/portfolio.csv --grain month',
        'npx liftoff metrics -o liftoff-dev --format json --as-of 2026-06-30'
    ]
};

const CSV_HEADER = [
    'dimension',
    'key',
    'label',
    'planCount',
    'green',
    'yellow',
    'red',
    'notScored',
    'medianDaysToFirstValue',
    'p90DaysToFirstValue',
    'medianDaysToFullValue',
    'p90DaysToFullValue',
    'targetDaysToFirstValue',
    'targetDaysToFullValue',
    'completionRate',
    'onTimeMilestoneRate',
    'adoption90',
    'onboardingChurnRate',
    'onboardingChurned',
    'nrr',
    'startArr',
    'expansionArr',
    'contractionArr',
    'churnedArr',
    'endArr',
    'nrrPlans'
];

function csvRow(dimension: string, g: PortfolioGroup): unknown[] {
    return [
        dimension,
        g.key,
        g.label,
        g.planCount,
        g.health.Green,
        g.health.Yellow,
        g.health.Red,
        g.health.NotScored,
        g.medianDaysToFirstValue,
        g.p90DaysToFirstValue,
        g.medianDaysToFullValue,
        g.p90DaysToFullValue,
        g.targetDaysToFirstValue,
        g.targetDaysToFullValue,
        g.completionRate,
        g.onTimeMilestoneRate,
        g.adoption90,
        g.onboardingChurnRate,
        g.onboardingChurned,
        g.nrr,
        g.arr.startArr,
        g.arr.expansionArr,
        g.arr.contractionArr,
        g.arr.churnedArr,
        g.arr.endArr,
        g.arr.plans
    ];
}

function markdownRows(groups: PortfolioGroup[]): unknown[][] {
    return groups.map((g) => [
        g.label,
        g.planCount,
        `${g.health.Green} / ${g.health.Yellow} / ${g.health.Red} / ${g.health.NotScored}`,
        g.medianDaysToFirstValue === null ? null : `${g.medianDaysToFirstValue} (p90 ${g.p90DaysToFirstValue})`,
        g.medianDaysToFullValue === null ? null : `${g.medianDaysToFullValue} (p90 ${g.p90DaysToFullValue})`,
        percent(g.completionRate),
        percent(g.onTimeMilestoneRate),
        percent(g.adoption90),
        percent(g.onboardingChurnRate),
        percent(g.nrr)
    ]);
}

const MD_HEADER = [
    'group',
    'plans',
    'green / yellow / red / not scored',
    'days to first value',
    'days to full value',
    'completed',
    'milestones on time',
    'adoption at day 90',
    'onboarding churn',
    'NRR (12 months)'
];

function markdown(metrics: PortfolioMetrics, source: OrgPortfolio, alias: string): string {
    const read = Object.entries(source.rowsRead)
        .map(([sobject, n]) => `${n} ${sobject}`)
        .join(', ');
    return [
        `# Liftoff portfolio metrics: ${alias}, as of ${metrics.asOfDate}`,
        '',
        `Read from the org: ${read}. Cohorts by contract ${metrics.grain}.`,
        '',
        '## By segment',
        '',
        markdownTable(MD_HEADER, markdownRows(metrics.bySegment)),
        '',
        '## By cohort',
        '',
        markdownTable(MD_HEADER, markdownRows(metrics.byCohort)),
        '',
        '## Total',
        '',
        markdownTable(MD_HEADER, markdownRows([metrics.total])),
        '',
        '## Rows left out',
        '',
        source.unmapped.length === 0
            ? 'None: every row was mapped.'
            : markdownTable(
                  ['object', 'id', 'reason'],
                  source.unmapped.map((u) => [u.sobject, u.id, u.reason])
              ),
        ''
    ].join('\n');
}

function render(format: 'csv' | 'json' | 'md', metrics: PortfolioMetrics, source: OrgPortfolio, alias: string): string {
    if (format === 'json') {
        return `${JSON.stringify({ org: alias, rowsRead: source.rowsRead, unmapped: source.unmapped, ...metrics }, null, 4)}\n`;
    }
    if (format === 'csv') {
        const rows = [
            ...metrics.bySegment.map((g) => csvRow('segment', g)),
            ...metrics.byCohort.map((g) => csvRow('cohort', g)),
            csvRow('total', metrics.total)
        ];
        return toCsv(CSV_HEADER, rows);
    }
    return markdown(metrics, source, alias);
}

/** Reads and checks `--as-of`, or takes today in the org's time zone. */
export async function asOfDate(value: unknown, command: string, zone: () => Promise<string>): Promise<string> {
    if (typeof value === 'string') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
            throw new CliError(
                `--as-of ${value} is not a YYYY-MM-DD date.`,
                `npx liftoff ${command} --as-of 2026-06-30`,
                2
            );
        }
        return value;
    }
    return localDate(new Date(), await zone());
}

/** Tells the person which rows were left out and why, one line each. */
export function warnUnmapped(unmapped: Unmapped[], print: (line: string) => void): void {
    for (const entry of unmapped) print(`warning: left out ${entry.sobject} ${entry.id}: ${entry.reason}`);
}

/**
 * Runs `metrics`.
 *
 * @returns exit code 0; failures throw and become one-line errors
 */
export async function metricsCommand(values: OptionValues, context: CliContext): Promise<number> {
    const alias = requireAlias(values['target-org'] as string | undefined, 'metrics');
    const format = parseFormat(values.format, 'metrics');
    const grain = values.grain;
    if (grain !== 'month' && grain !== 'quarter')
        throw new CliError(
            `--grain must be month or quarter (got '${String(grain)}').`,
            'npx liftoff metrics --grain quarter',
            2
        );
    const session = await openSession(
        context,
        { alias, apiVersion: (values['api-version'] as string | undefined) ?? null },
        'metrics'
    );
    for (const sobject of ['OnboardingPlan__c', 'OnboardingMilestone__c', 'AdoptionSnapshot__c'])
        requireObject(session.catalog, sobject, alias);
    const asOf = await asOfDate(values['as-of'], 'metrics', () => orgTimeZone(session.conn, session.catalog));
    context.io.err(`metrics: reading plans from ${alias} (as of ${asOf})`);
    const source = await readPortfolio(session.conn, session.catalog, { stakeholders: false });
    const inputs: PortfolioPlanInput[] = [...source.plans.values()].map((p) => ({
        plan: p.facts,
        milestones: p.milestones,
        adoption: p.adoption,
        band: p.band,
        arrChanges: p.arrChanges
    }));
    const metrics = portfolioMetrics(inputs, asOf, grain);
    warnUnmapped(source.unmapped, context.io.err);
    const out = typeof values.out === 'string' ? resolve(context.root, values.out) : undefined;
    emit(render(format, metrics, source, alias), out, context.io.out);
    if (out) context.io.err(`metrics: ${inputs.length} plans written to ${out}`);
    return 0;
}

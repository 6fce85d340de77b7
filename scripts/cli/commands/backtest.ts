/**
 * `liftoff backtest`: replays a candidate health model over the org's history
 * with the engine's `backtest` and compares it with the model in use
 * (docs/engine.md, section 7).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
    backtest,
    defaultRules,
    validateModel,
    type BacktestResult,
    type EscalationRuleConfig,
    type HealthModel,
    type RuleName,
    type Segment
} from '../../../force-app/main/default/lwc/onboardingEngine/onboardingEngine.ts';
import { intOption, ORG_OPTIONS, type CommandSpec, type OptionValues } from '../args.ts';
import { openSession, requireAlias, type CliContext, type OrgSession } from '../context.ts';
import { CliError } from '../errors.ts';
import { churnFacts, replayDates, snapshotOn } from '../history.ts';
import { requireObject } from '../names.ts';
import { addTo } from '../query.ts';
import { orgTimeZone, readModelsInUse, readPortfolio, readRows, type OrgPortfolio, type Unmapped } from '../orgData.ts';
import { emit, markdownTable, parseFormat, toCsv } from '../report.ts';
import { asOfDate, warnUnmapped } from './metrics.ts';

/** The `backtest` command's specification. */
export const backtestSpec: CommandSpec = {
    name: 'backtest',
    summary: 'replay a candidate health model over org history; band changes and alert lead time',
    description: [
        'Reads plans, milestones, stakeholders, adoption snapshots, health snapshot dates and churn dates from',
        'the org, rebuilds each plan as it stood on each date, and replays it with the model in use (the',
        "org's active HealthModel__mdt records, or --baseline) and with the candidate (--model). Reports how",
        'many snapshots and plans change band, the band transitions, and per escalation rule how many days',
        'before each churn it fired under each model. --model takes a HealthModel JSON, an array of them, or',
        '{ "models": [...], "rules": [...] }; segments the file leaves out keep the model in use.'
    ].join('\n'),
    options: {
        ...ORG_OPTIONS,
        model: { type: 'string', short: 'm', value: 'file', description: 'candidate model JSON (required)' },
        baseline: {
            type: 'string',
            value: 'file',
            description: "compare with this model file instead of the org's active models"
        },
        format: { type: 'string', short: 'f', value: 'csv|json|md', description: 'output format', default: 'md' },
        out: { type: 'string', value: 'file', description: 'write to a file instead of stdout' },
        'step-days': {
            type: 'string',
            value: 'n',
            description: 'replay every n days for plans never scored in the org',
            default: '7'
        },
        'as-of': {
            type: 'string',
            value: 'YYYY-MM-DD',
            description: "last date replayed (default: today in the org's time zone)"
        }
    },
    examples: [
        'npx liftoff backtest --target-org liftoff-dev --model models/guided-2.json',
        'npx liftoff backtest -o liftoff-dev -m candidate.json --format json --out reports/backtest.json',
        'npx liftoff backtest -o liftoff-dev -m candidate.json --baseline shipped.json --step-days 14'
    ]
};

const SEGMENTS: readonly Segment[] = ['HighTouch', 'Guided', 'TechTouch'];

interface ModelFile {
    models: HealthModel[];
    rules: EscalationRuleConfig[] | null;
}

/**
 * Reads and validates a model file with the engine's own checks.
 *
 * @throws CliError (exit code 2) naming the file and what to fix
 */
export function readModelFile(path: string): ModelFile {
    const fix = `edit ${path} (a HealthModel, an array of them, or { "models": [...], "rules": [...] }; see docs/cli.md)`;
    if (!existsSync(path))
        throw new CliError(`Model file ${path} does not exist.`, 'npx liftoff backtest --model <file>', 2);
    let content: unknown;
    try {
        content = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new CliError(`Model file ${path} is not JSON: ${(error as Error).message}.`, fix, 2);
    }
    const wrapped =
        content !== null && typeof content === 'object' && 'models' in content
            ? (content as { models: unknown; rules?: unknown })
            : { models: content };
    const list = (Array.isArray(wrapped.models) ? wrapped.models : [wrapped.models]) as HealthModel[];
    const seen = new Set<string>();
    for (const model of list) {
        if (!model || !SEGMENTS.includes(model.segment))
            throw new CliError(
                `Model file ${path}: segment must be HighTouch, Guided or TechTouch (found ${String(model?.segment)}).`,
                fix,
                2
            );
        if (seen.has(model.segment))
            throw new CliError(`Model file ${path}: two models for segment ${model.segment}.`, fix, 2);
        seen.add(model.segment);
        try {
            validateModel(model);
        } catch (error) {
            throw new CliError(`Model file ${path}: ${(error as Error).message}`, fix, 2);
        }
    }
    const rules = wrapped.rules === undefined ? null : (wrapped.rules as EscalationRuleConfig[]);
    if (rules !== null && !Array.isArray(rules))
        throw new CliError(`Model file ${path}: "rules" must be an array.`, fix, 2);
    return { models: list, rules };
}

async function scoredDates(session: OrgSession): Promise<Map<string, string[]>> {
    const dates = new Map<string, string[]>();
    if (!session.catalog.objects.has(session.catalog.names.toOrg('HealthSnapshot__c'))) return dates;
    for (const row of await readRows(
        session.conn,
        session.catalog,
        'SELECT Id, OnboardingPlan__c, AsOfDate__c FROM HealthSnapshot__c'
    )) {
        const plan = String(row.OnboardingPlan__c);
        if (typeof row.AsOfDate__c === 'string') addTo(dates, plan, row.AsOfDate__c);
    }
    return dates;
}

interface Comparison {
    asOf: string;
    inUse: HealthModel[];
    candidate: HealthModel[];
    rulesSource: string;
    /** Candidate (B) against the model in use (A): band changes and leads under B. */
    forward: BacktestResult;
    /** Leads under the model in use, from the mirrored run. */
    mirrored: BacktestResult;
    unmapped: Unmapped[];
}

const RULE_HEADER = [
    'rule',
    'churnedPlans',
    'firedInUse',
    'medianLeadDaysInUse',
    'firedCandidate',
    'medianLeadDaysCandidate'
];
const RULE_HEADER_MD = [
    'rule',
    'churned plans',
    'fired (in use)',
    'median lead (in use)',
    'fired (candidate)',
    'median lead (candidate)'
];

function ruleRows(c: Comparison): unknown[][] {
    return (Object.keys(c.forward.leadDaysByRule) as RuleName[]).map((rule) => {
        const inUse = c.mirrored.leadDaysByRule[rule];
        const candidate = c.forward.leadDaysByRule[rule];
        return [
            rule,
            candidate.churnedPlans,
            inUse.firedBeforeChurn,
            inUse.medianLeadDays,
            candidate.firedBeforeChurn,
            candidate.medianLeadDays
        ];
    });
}

function markdown(c: Comparison, alias: string): string {
    const versions = (models: HealthModel[]): string => models.map((m) => `${m.segment} ${m.version}`).join(', ');
    const transitions = Object.entries(c.forward.bandChanges.transitions).map(([key, n]) => [
        key.replace('->', ' → '),
        n
    ]);
    const { plans, snapshots, skippedPlans, bandChanges } = c.forward;
    return [
        `# Liftoff backtest: ${alias}, up to ${c.asOf}`,
        '',
        `Model in use: ${versions(c.inUse)}. Candidate: ${versions(c.candidate)}. Rules: ${c.rulesSource}.`,
        '',
        `Replayed ${plans} plans over ${snapshots} dated snapshots (${skippedPlans} plans skipped: no model for their segment).`,
        '',
        '## Band changes',
        '',
        `${bandChanges.snapshots} snapshots and ${bandChanges.plans} plans (at their latest snapshot) change band.`,
        '',
        transitions.length === 0
            ? 'No plan ends in a different band.'
            : markdownTable(['in use → candidate', 'plans'], transitions),
        '',
        '## Alert lead time before churn (days)',
        '',
        markdownTable(RULE_HEADER_MD, ruleRows(c)),
        ''
    ].join('\n');
}

function render(format: 'csv' | 'json' | 'md', c: Comparison, alias: string): string {
    if (format === 'csv') return toCsv(RULE_HEADER, ruleRows(c));
    if (format === 'md') return markdown(c, alias);
    const { asOf, rulesSource, inUse, candidate, forward, mirrored, unmapped } = c;
    const document = {
        org: alias,
        asOfDate: asOf,
        rulesSource,
        inUse,
        candidate,
        result: forward,
        leadDaysInUse: mirrored.leadDaysByRule,
        unmapped
    };
    return `${JSON.stringify(document, null, 4)}\n`;
}

/** Completes the candidate set with the models in use for segments it does not cover. */
function completeCandidate(candidate: HealthModel[], inUse: HealthModel[]): HealthModel[] {
    const covered = new Set(candidate.map((m) => m.segment));
    return [...candidate, ...inUse.filter((m) => !covered.has(m.segment))];
}

interface ModelsInUse {
    inUse: HealthModel[];
    rules: EscalationRuleConfig[];
    rulesSource: string;
}

/** The model in use (the org's active records, or --baseline) and the rules (file, org, else shipped). */
async function modelsInUse(
    session: OrgSession,
    candidate: ModelFile,
    baseline: ModelFile | null,
    unmapped: Unmapped[]
): Promise<ModelsInUse> {
    const org = baseline === null ? await readModelsInUse(session.conn, session.catalog, unmapped) : null;
    const inUse = baseline?.models ?? org?.models ?? [];
    if (inUse.length === 0) {
        throw new CliError(
            `Org '${session.alias}' has no active HealthModel__mdt record to compare with.`,
            'npx liftoff backtest --baseline <model file> (or deploy the shipped models: npx liftoff setup)'
        );
    }
    if (candidate.rules) return { inUse, rules: candidate.rules, rulesSource: 'from the model file' };
    if (org && org.rules.length > 0)
        return { inUse, rules: org.rules, rulesSource: "the org's EscalationRule__mdt records" };
    return { inUse, rules: defaultRules(), rulesSource: 'the shipped defaults' };
}

/** Rebuilds history and runs the engine's backtest both ways (leads under each model set). */
async function compare(
    session: OrgSession,
    portfolio: OrgPortfolio,
    models: ModelsInUse,
    candidateFile: ModelFile,
    stepDays: number,
    asOf: string
): Promise<Comparison> {
    const scored = await scoredDates(session);
    const plans = [...portfolio.plans.values()];
    const snapshots = plans.flatMap((plan) =>
        replayDates(plan, scored.get(plan.facts.id) ?? [], stepDays, asOf).map((day) => snapshotOn(plan, day))
    );
    const churn = churnFacts(plans, asOf);
    const candidate = completeCandidate(candidateFile.models, models.inUse);
    return {
        asOf,
        inUse: models.inUse,
        candidate,
        rulesSource: models.rulesSource,
        forward: backtest(snapshots, models.inUse, candidate, churn, models.rules),
        mirrored: backtest(snapshots, candidate, models.inUse, churn, models.rules),
        unmapped: portfolio.unmapped
    };
}

const NEEDED = ['OnboardingPlan__c', 'OnboardingMilestone__c', 'OnboardingStakeholder__c', 'AdoptionSnapshot__c'];

/**
 * Runs `backtest`.
 *
 * @returns exit code 0; failures throw and become one-line errors
 */
export async function backtestCommand(values: OptionValues, context: CliContext): Promise<number> {
    const alias = requireAlias(values['target-org'] as string | undefined, 'backtest');
    if (typeof values.model !== 'string')
        throw new CliError('backtest needs a candidate model.', 'npx liftoff backtest --model <file.json>', 2);
    const candidateFile = readModelFile(resolve(context.root, values.model));
    const baselineFile =
        typeof values.baseline === 'string' ? readModelFile(resolve(context.root, values.baseline)) : null;
    const format = parseFormat(values.format, 'backtest');
    const stepDays = intOption(values, 'step-days', 'backtest', 1);
    const session = await openSession(
        context,
        { alias, apiVersion: (values['api-version'] as string | undefined) ?? null },
        'backtest'
    );
    for (const sobject of NEEDED) requireObject(session.catalog, sobject, alias);
    const asOf = await asOfDate(values['as-of'], 'backtest', () => orgTimeZone(session.conn, session.catalog));
    context.io.err(`backtest: reading history from ${alias} (up to ${asOf})`);
    const portfolio = await readPortfolio(session.conn, session.catalog, { stakeholders: true });
    const models = await modelsInUse(session, candidateFile, baselineFile, portfolio.unmapped);
    const comparison = await compare(session, portfolio, models, candidateFile, stepDays, asOf);
    warnUnmapped(portfolio.unmapped, context.io.err);
    const out = typeof values.out === 'string' ? resolve(context.root, values.out) : undefined;
    emit(render(format, comparison, alias), out, context.io.out);
    if (out) context.io.err(`backtest: ${comparison.forward.plans} plans written to ${out}`);
    return 0;
}

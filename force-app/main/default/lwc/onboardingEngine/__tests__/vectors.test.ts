/**
 * Runs every shared engine vector (staticresources/EngineVectors.json) against the TypeScript engine. The Apex
 * engine test runs the same file; docs/engine.md, section 8, says how each kind is called and compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    addBusinessDays,
    attributeSlip,
    businessDaysBetween,
    defaultModel,
    defaultRules,
    evaluateAlerts,
    localDate,
    percentileNearestRank,
    portfolioMetrics,
    rebaseline,
    roundHalfUp,
    scheduleMilestones,
    scheduleStatus,
    scoreHealth,
    timeToValue
} from 'c/onboardingEngine';
import type {
    EscalationRuleConfig,
    ExistingAlert,
    HealthModel,
    HealthResult,
    IsoDate,
    MilestoneFacts,
    PlanBundle,
    PlanFacts,
    PortfolioPlanInput,
    ScheduleInput
} from 'c/onboardingEngine';

interface Vector {
    name: string;
    kind: string;
    input: Record<string, unknown>;
    expected: unknown;
    note?: string;
}

const file = join(__dirname, '..', '..', '..', 'staticresources', 'EngineVectors.json');
const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { version: number; vectors: Vector[] }).vectors;

type Runner = (input: Record<string, unknown>) => unknown;

function healthOf(input: Record<string, unknown>): HealthResult {
    const bundle = input.bundle as PlanBundle;
    const model = (input.model as HealthModel | undefined) ?? defaultModel(bundle.plan.segment);
    return scoreHealth(bundle, model, input.asOf as IsoDate);
}

/** The callable API by name, for `error` vectors. */
const CALLS: Record<string, (...args: never[]) => unknown> = {
    scoreHealth,
    localDate,
    scheduleMilestones,
    evaluateAlerts,
    portfolioMetrics
};

const RUNNERS: Record<string, Runner> = {
    localDate: (i) => localDate(i.instant as string, i.timeZone as string),
    addBusinessDays: (i) => addBusinessDays(i.date as IsoDate, i.n as number),
    businessDaysBetween: (i) => businessDaysBetween(i.from as IsoDate, i.to as IsoDate),
    scheduleStatus: (i) => scheduleStatus(i.milestone as MilestoneFacts, i.asOf as IsoDate),
    schedule: (i) => scheduleMilestones(i as unknown as ScheduleInput),
    rebaseline: (i) =>
        rebaseline(
            i.plan as PlanFacts,
            i.milestones as MilestoneFacts[],
            i.fromAnchor as IsoDate,
            i.toAnchor as IsoDate
        ),
    timeToValue: (i) => timeToValue(i.plan as PlanFacts),
    slip: (i) => {
        const milestones = i.milestones as MilestoneFacts[];
        const milestone = milestones.find((m) => m.id === i.milestoneId);
        if (!milestone) {
            throw new Error(`Vector names milestone ${String(i.milestoneId)}, which is not in its list.`);
        }
        return attributeSlip(milestone, milestones, i.asOf as IsoDate);
    },
    health: (i) => {
        const r = healthOf(i);
        return {
            score: r.score,
            band: r.band,
            trend: r.trend,
            components: r.components,
            coverage: r.coverage,
            drivers: r.drivers.map((d) => ({ component: d.component, code: d.code, impact: d.impact })),
            inputsAsOf: r.inputsAsOf,
            trendReferenceDate: r.trendReferenceDate,
            trendDelta: r.trendDelta
        };
    },
    alerts: (i) => {
        const health = (i.health as HealthResult | undefined) ?? healthOf(i);
        const rules = (i.rules as EscalationRuleConfig[] | undefined) ?? defaultRules();
        const changes = evaluateAlerts(
            i.bundle as PlanBundle,
            health,
            rules,
            i.asOf as IsoDate,
            i.existing as ExistingAlert[],
            i.model as HealthModel | undefined
        );
        return {
            raise: changes.raise.map((a) => ({
                dedupeKey: a.dedupeKey,
                rule: a.rule,
                severity: a.severity,
                createTask: a.createTask
            })),
            resolve: changes.resolve,
            reopen: changes.reopen
        };
    },
    portfolio: (i) =>
        portfolioMetrics(i.plans as PortfolioPlanInput[], i.asOf as IsoDate, i.grain as 'month' | 'quarter'),
    percentile: (i) => percentileNearestRank(i.values as number[], i.p as number),
    roundHalfUp: (i) => roundHalfUp(i.x as number)
};

describe('shared engine vectors', () => {
    it('has at least 60 vectors with unique names and a runner for every kind', () => {
        const names = new Set(vectors.map((v) => v.name));

        expect(vectors.length).toBeGreaterThanOrEqual(60);
        expect(names.size).toBe(vectors.length);
        for (const v of vectors) {
            expect(v.kind === 'error' || v.kind in RUNNERS).toBe(true);
        }
    });

    it.each(vectors.filter((v) => v.kind === 'error').map((v) => [v.name, v] as const))('%s', (_name, v) => {
        const call = CALLS[v.input.call as string];

        expect(call).toBeDefined();
        expect(() => call(...(v.input.args as never[]))).toThrow(Error);
    });

    it.each(vectors.filter((v) => v.kind === 'portfolio').map((v) => [v.name, v] as const))('%s', (_name, v) => {
        const actual = RUNNERS.portfolio(v.input) as Record<string, unknown>;

        // Portfolio vectors may list a subset of the result's fields; every listed field must match exactly.
        for (const [key, value] of Object.entries(v.expected as Record<string, unknown>)) {
            expect({ [key]: actual[key] }).toEqual({ [key]: value });
        }
    });

    it.each(vectors.filter((v) => v.kind !== 'error' && v.kind !== 'portfolio').map((v) => [v.name, v] as const))(
        '%s',
        (_name, v) => {
            expect(RUNNERS[v.kind](v.input)).toEqual(v.expected);
        }
    );
});

/**
 * Replays health models over history to see what a model change would do (docs/engine.md, section 7).
 */
import { toDayNumber } from './dates';
import { RULE_NAMES, defaultRules } from './defaults';
import { conditionsThatHold } from './alerts';
import { scoreHealth } from './health';
import { percentileNearestRank } from './numbers';
import type {
    BacktestResult,
    BacktestSnapshot,
    ChurnFact,
    EscalationRuleConfig,
    HealthBand,
    HealthHistoryPoint,
    HealthModel,
    RuleLead,
    RuleName,
    Segment
} from './types';

function modelsBySegment(models: HealthModel | readonly HealthModel[], which: string): Map<Segment, HealthModel> {
    const list = Array.isArray(models) ? models : [models as HealthModel];
    const map = new Map<Segment, HealthModel>();
    for (const m of list) {
        if (map.has(m.segment)) {
            throw new Error(`Backtest ${which}: two models for segment ${m.segment}; give one per segment.`);
        }
        map.set(m.segment, m);
    }
    return map;
}

interface Replayed {
    band: HealthBand;
    day: number;
    fired: Set<RuleName>;
}

/** Scores one plan's snapshots in date order; each score sees only the replayed scores before it. */
function replay(
    snapshots: readonly BacktestSnapshot[],
    model: HealthModel,
    rules: readonly EscalationRuleConfig[] | null
): Replayed[] {
    const history: HealthHistoryPoint[] = [];
    const out: Replayed[] = [];
    for (const snap of snapshots) {
        const bundle = { ...snap.bundle, history: [...history] };
        const health = scoreHealth(bundle, model, snap.asOfDate);
        const fired = new Set<RuleName>();
        if (rules !== null) {
            for (const h of conditionsThatHold(bundle, health, rules, snap.asOfDate, model)) {
                fired.add(h.rule);
            }
        }
        out.push({ band: health.band, day: toDayNumber(snap.asOfDate, 'snapshot asOfDate'), fired });
        history.push({ asOfDate: snap.asOfDate, score: health.score });
    }
    return out;
}

function churnDays(history: readonly BacktestSnapshot[], churn: readonly ChurnFact[] | undefined): Map<string, number> {
    const days = new Map<string, number>();
    if (churn !== undefined) {
        for (const c of churn) {
            days.set(c.planId, toDayNumber(c.churnDate, `churn date of plan ${c.planId}`));
        }
        return days;
    }
    for (const snap of history) {
        if (snap.bundle.plan.churnDate !== null) {
            days.set(
                snap.bundle.plan.id,
                toDayNumber(snap.bundle.plan.churnDate, `churn date of plan ${snap.bundle.plan.id}`)
            );
        }
    }
    return days;
}

/**
 * Replays two model sets over plan history (docs/engine.md, section 7): how many snapshots and plans change band
 * from A to B, and for each rule how many days before each churn it would have fired under B.
 * @param history plan bundles as they stood on past dates (any order)
 * @param modelsA the current models (one per segment, or one model)
 * @param modelsB the candidate models
 * @param churn churn dates per plan; absent: each plan's churnDate in its snapshots
 * @param rules the rule configuration; defaults to the shipped rules
 */
export function backtest(
    history: readonly BacktestSnapshot[],
    modelsA: HealthModel | readonly HealthModel[],
    modelsB: HealthModel | readonly HealthModel[],
    churn?: readonly ChurnFact[],
    rules: readonly EscalationRuleConfig[] = defaultRules()
): BacktestResult {
    const a = modelsBySegment(modelsA, 'model set A');
    const b = modelsBySegment(modelsB, 'model set B');
    const plans = new Map<string, BacktestSnapshot[]>();
    for (const snap of history) {
        const list = plans.get(snap.bundle.plan.id) ?? [];
        list.push(snap);
        plans.set(snap.bundle.plan.id, list);
    }
    const churned = churnDays(history, churn);
    const leads = new Map<RuleName, number[]>(RULE_NAMES.map((r) => [r, []]));
    const transitions: Record<string, number> = {};
    const result = { plans: 0, snapshots: 0, skippedPlans: 0, changedSnapshots: 0, changedPlans: 0, churnedPlans: 0 };
    for (const id of [...plans.keys()].sort()) {
        const snaps = (plans.get(id) ?? []).sort((x, y) => toDayNumber(x.asOfDate) - toDayNumber(y.asOfDate));
        const segment = snaps[0].bundle.plan.segment;
        const modelA = a.get(segment);
        const modelB = b.get(segment);
        if (modelA === undefined || modelB === undefined) {
            result.skippedPlans += 1;
            continue;
        }
        const churnDay = churned.get(id);
        const withA = replay(snaps, modelA, null);
        const withB = replay(snaps, modelB, churnDay === undefined ? null : rules);
        result.plans += 1;
        result.snapshots += snaps.length;
        withA.forEach((r, i) => (result.changedSnapshots += r.band === withB[i].band ? 0 : 1));
        const lastA = withA[withA.length - 1].band;
        const lastB = withB[withB.length - 1].band;
        if (lastA !== lastB) {
            result.changedPlans += 1;
            transitions[`${lastA}->${lastB}`] = (transitions[`${lastA}->${lastB}`] ?? 0) + 1;
        }
        if (churnDay !== undefined) {
            result.churnedPlans += 1;
            for (const rule of RULE_NAMES) {
                const first = withB.find((r) => r.day <= churnDay && r.fired.has(rule));
                if (first !== undefined) {
                    leads.get(rule)?.push(churnDay - first.day);
                }
            }
        }
    }
    const leadDaysByRule = {} as Record<RuleName, RuleLead>;
    for (const rule of RULE_NAMES) {
        const list = leads.get(rule) ?? [];
        leadDaysByRule[rule] = {
            churnedPlans: result.churnedPlans,
            firedBeforeChurn: list.length,
            medianLeadDays: percentileNearestRank(list, 50),
            leadDays: list
        };
    }
    return {
        plans: result.plans,
        snapshots: result.snapshots,
        skippedPlans: result.skippedPlans,
        bandChanges: { snapshots: result.changedSnapshots, plans: result.changedPlans, transitions },
        leadDaysByRule
    };
}

/**
 * Escalation rules: which conditions hold for a plan, and what to raise, resolve or reopen given the alerts that
 * already exist (docs/engine.md, section 5).
 */
import { toDayNumber, toDayNumberOrNull, dayOf } from './dates';
import { ALERT_HORIZON_DAYS, RULE_NAMES, defaultModel } from './defaults';
import { adoptionTargetOn, latestUsableSnapshot, planClock } from './healthComponents';
import { bySequence, isLateOn, isOpen } from './schedule';
import type {
    AlertChanges,
    AlertDecision,
    EscalationRuleConfig,
    ExistingAlert,
    HealthModel,
    HealthResult,
    IsoDate,
    PlanBundle,
    RuleName
} from './types';

/** A condition that holds: the rule, what it is about and a plain-English message. */
export interface RuleHit {
    rule: RuleName;
    subject: string;
    message: string;
}

interface RuleContext {
    bundle: PlanBundle;
    health: HealthResult | null;
    /** The segment's model; null only when AdoptionBelowTarget, its one reader, is not configured. */
    model: HealthModel | null;
    config: EscalationRuleConfig;
    today: number;
    start: number | null;
}

type RuleCheck = (ctx: RuleContext) => RuleHit[];

const STATE_RULES: ReadonlySet<RuleName> = new Set<RuleName>(['SponsorOrChampionGone', 'HealthDrop']);

function hit(rule: RuleName, message: string, subject = 'plan'): RuleHit[] {
    return [{ rule, subject, message }];
}

function twoMissedMilestones(ctx: RuleContext): RuleHit[] {
    let run = 0;
    let longest = 0;
    for (const m of bySequence(ctx.bundle.milestones)) {
        if (m.status === 'Skipped') {
            continue;
        }
        const target = dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
        run = isOpen(m) && target !== null && target < ctx.today ? run + 1 : 0;
        longest = Math.max(longest, run);
    }
    const needed = Math.max(1, ctx.config.threshold);
    return longest >= needed
        ? hit('TwoMissedMilestones', `${longest} consecutive milestones are past their target dates`)
        : [];
}

function silentExecutiveSponsor(ctx: RuleContext): RuleHit[] {
    const kickoff = toDayNumberOrNull(ctx.bundle.plan.kickoffDate, 'kickoffDate');
    const days = ctx.config.threshold;
    if (kickoff === null || ctx.today - kickoff < days) {
        return [];
    }
    const heard = ctx.bundle.stakeholders.some((s) => {
        const engaged = dayOf(s.lastEngagedDate, 'stakeholder', s.id, 'lastEngagedDate');
        return (
            !s.departed &&
            s.onboardingRole === 'ExecutiveSponsor' &&
            engaged !== null &&
            engaged <= ctx.today &&
            ctx.today - engaged < days
        );
    });
    return heard
        ? []
        : hit('SilentExecutiveSponsor', `No engagement with the executive sponsor in the last ${days} days`);
}

function adoptionBelowTarget(ctx: RuleContext): RuleHit[] {
    if (ctx.model === null || ctx.start === null || ctx.today - ctx.start < ctx.config.threshold) {
        return [];
    }
    const usable = latestUsableSnapshot(ctx.bundle.adoption, ctx.today);
    if (usable === null) {
        return [];
    }
    const ratio = usable.snapshot.activeUsers / usable.snapshot.licensedUsers;
    const target = adoptionTargetOn(ctx.model, { today: ctx.today, start: ctx.start });
    return ratio < target
        ? hit(
              'AdoptionBelowTarget',
              `${Math.round(ratio * 100)}% of licensed users active, below the ${Math.round(target * 100)}% expected by now`
          )
        : [];
}

function firstValueOverdue(ctx: RuleContext): RuleHit[] {
    const plan = ctx.bundle.plan;
    const target = toDayNumberOrNull(plan.firstValueTargetDate, 'firstValueTargetDate');
    if (target === null || plan.firstValueAchievedDate !== null || ctx.today - target <= ctx.config.threshold) {
        return [];
    }
    return hit('FirstValueOverdue', `First value is ${ctx.today - target} days past its target date`);
}

function healthDrop(ctx: RuleContext): RuleHit[] {
    const score = ctx.health?.score ?? null;
    if (score === null) {
        return [];
    }
    let peak: number | null = null;
    for (const point of ctx.bundle.history) {
        const day = toDayNumber(point.asOfDate, 'health history asOfDate');
        if (
            point.score !== null &&
            day < ctx.today &&
            day >= ctx.today - ctx.config.windowDays &&
            (peak === null || point.score > peak)
        ) {
            peak = point.score;
        }
    }
    return peak !== null && peak - score >= ctx.config.threshold
        ? hit('HealthDrop', `Health fell ${peak - score} points within ${ctx.config.windowDays} days`)
        : [];
}

function noBusinessReview(ctx: RuleContext): RuleHit[] {
    const plan = ctx.bundle.plan;
    if (ctx.start === null || ctx.today - ctx.start < ctx.config.threshold || plan.businessReviewHeldDate !== null) {
        return [];
    }
    const scheduled = toDayNumberOrNull(plan.businessReviewDate, 'businessReviewDate');
    return scheduled !== null && scheduled >= ctx.today
        ? []
        : hit('NoBusinessReview', `No business review held or scheduled by day ${ctx.config.threshold}`);
}

function sponsorOrChampionGone(ctx: RuleContext): RuleHit[] {
    const active = ctx.bundle.stakeholders.filter((s) => !s.departed);
    const sponsorCovered = active.some((s) => s.onboardingRole === 'ExecutiveSponsor');
    const championCovered = active.some((s) => s.buyingRole === 'Champion');
    const hits: RuleHit[] = [];
    for (const s of ctx.bundle.stakeholders) {
        if (!s.departed) {
            continue;
        }
        const lostSponsor = s.onboardingRole === 'ExecutiveSponsor' && !sponsorCovered;
        const lostChampion = s.buyingRole === 'Champion' && !championCovered;
        if (lostSponsor || lostChampion) {
            const role = lostSponsor ? 'executive sponsor' : 'champion';
            hits.push({
                rule: 'SponsorOrChampionGone',
                subject: s.id,
                message: `The ${role} has left and nobody has taken the role`
            });
        }
    }
    return hits;
}

function sideSlipping(ctx: RuleContext, side: 'Customer' | 'Vendor', rule: RuleName): RuleHit[] {
    const other = side === 'Customer' ? 'Vendor' : 'Customer';
    let lateHere = 0;
    let dueThere = 0;
    let lateThere = 0;
    for (const m of ctx.bundle.milestones) {
        const target = dayOf(m.targetDate, 'milestone', m.id, 'targetDate');
        if (
            target === null ||
            m.status === 'Skipped' ||
            target >= ctx.today ||
            target < ctx.today - ctx.config.windowDays
        ) {
            continue;
        }
        const late = isLateOn(m, ctx.today);
        if (m.ownerSide === side && late) {
            lateHere += 1;
        } else if (m.ownerSide === other) {
            dueThere += 1;
            lateThere += late ? 1 : 0;
        }
    }
    const fires = lateHere >= Math.max(1, ctx.config.threshold) && dueThere > 0 && lateThere === 0;
    const who = side === 'Customer' ? 'customer' : 'vendor';
    return fires ? hit(rule, `${lateHere} ${who}-side milestones are late while the other side is on time`) : [];
}

function kickoffLate(ctx: RuleContext): RuleHit[] {
    const plan = ctx.bundle.plan;
    const contract = toDayNumberOrNull(plan.contractSignedDate, 'contractSignedDate');
    const kickoff = toDayNumberOrNull(plan.kickoffDate, 'kickoffDate');
    if (
        contract === null ||
        ctx.today - contract <= ctx.config.threshold ||
        (kickoff !== null && kickoff <= ctx.today)
    ) {
        return [];
    }
    return hit('KickoffLate', `No kickoff ${ctx.today - contract} days after the contract was signed`);
}

const CHECKS: Record<RuleName, RuleCheck> = {
    TwoMissedMilestones: twoMissedMilestones,
    SilentExecutiveSponsor: silentExecutiveSponsor,
    AdoptionBelowTarget: adoptionBelowTarget,
    FirstValueOverdue: firstValueOverdue,
    HealthDrop: healthDrop,
    NoBusinessReview: noBusinessReview,
    SponsorOrChampionGone: sponsorOrChampionGone,
    CustomerSideSlipping: (ctx) => sideSlipping(ctx, 'Customer', 'CustomerSideSlipping'),
    VendorSideSlipping: (ctx) => sideSlipping(ctx, 'Vendor', 'VendorSideSlipping'),
    KickoffLate: kickoffLate
};

/** Active rule configurations by name; an unknown rule or a rule configured twice is an error. */
function activeRules(rules: readonly EscalationRuleConfig[]): Map<RuleName, EscalationRuleConfig> {
    const seen = new Map<RuleName, EscalationRuleConfig>();
    const configured = new Set<RuleName>();
    for (const r of rules) {
        if (!RULE_NAMES.includes(r.rule)) {
            throw new Error(`Unknown escalation rule "${String(r.rule)}": expected one of ${RULE_NAMES.join(', ')}.`);
        }
        if (configured.has(r.rule)) {
            throw new Error(
                `Escalation rule ${r.rule} is configured twice: keep one EscalationRule__mdt record per rule.`
            );
        }
        configured.add(r.rule);
        if (r.active) {
            seen.set(r.rule, r);
        }
    }
    return seen;
}

/**
 * The conditions that hold for a plan on an as-of date, after the status and age gates of docs/engine.md 5.1.
 * @param bundle the plan
 * @param health the plan's current health (HealthDrop reads its score); null when not scored
 * @param rules the rule configuration
 * @param asOf the as-of date in the plan's time zone
 * @param model the segment's model (AdoptionBelowTarget); defaults to the shipped one
 */
export function conditionsThatHold(
    bundle: PlanBundle,
    health: HealthResult | null,
    rules: readonly EscalationRuleConfig[],
    asOf: IsoDate,
    model?: HealthModel
): RuleHit[] {
    return holdingConditions(bundle, health, activeRules(rules), asOf, model);
}

function holdingConditions(
    bundle: PlanBundle,
    health: HealthResult | null,
    configs: Map<RuleName, EscalationRuleConfig>,
    asOf: IsoDate,
    model: HealthModel | undefined
): RuleHit[] {
    const status = bundle.plan.status;
    if (status !== 'Active' && status !== 'HandoffSubmitted') {
        return [];
    }
    const clock = planClock(bundle, asOf);
    const contract = toDayNumberOrNull(bundle.plan.contractSignedDate, 'contractSignedDate');
    const ageStart = contract ?? clock.start;
    const young = ageStart !== null && clock.today - ageStart <= ALERT_HORIZON_DAYS;
    const hits: RuleHit[] = [];
    const segmentModel = model ?? (configs.has('AdoptionBelowTarget') ? defaultModel(bundle.plan.segment) : null);
    for (const name of RULE_NAMES) {
        const config = configs.get(name);
        if (config === undefined || (!young && !STATE_RULES.has(name))) {
            continue;
        }
        const ctx: RuleContext = {
            bundle,
            health,
            model: segmentModel,
            config,
            today: clock.today,
            start: clock.start
        };
        hits.push(...CHECKS[name](ctx));
    }
    return hits;
}

/**
 * Decides which alerts to raise, resolve and reopen for one plan (docs/engine.md, section 5): dedupe key
 * `<planId>:<rule>:<subject>`, snoozed alerts stay quiet through their date, cleared conditions resolve.
 * @param bundle the plan
 * @param health the plan's current health result (or null when it has none)
 * @param rules the escalation rule configuration (EscalationRule__mdt)
 * @param asOf the as-of date in the plan's time zone
 * @param existing the plan's existing alerts (keys of other plans are ignored)
 * @param model the segment's health model, for AdoptionBelowTarget; defaults to the shipped model
 */
export function evaluateAlerts(
    bundle: PlanBundle,
    health: HealthResult | null,
    rules: readonly EscalationRuleConfig[],
    asOf: IsoDate,
    existing: readonly ExistingAlert[],
    model?: HealthModel
): AlertChanges {
    const today = toDayNumber(asOf, 'asOf');
    const configs = activeRules(rules);
    const holding = new Map<string, RuleHit>();
    for (const h of holdingConditions(bundle, health, configs, asOf, model)) {
        holding.set(`${bundle.plan.id}:${h.rule}:${h.subject}`, h);
    }
    const prefix = `${bundle.plan.id}:`;
    const current = new Map<string, ExistingAlert>();
    for (const alert of existing) {
        if (alert.dedupeKey.startsWith(prefix) && (alert.status !== 'Resolved' || !current.has(alert.dedupeKey))) {
            current.set(alert.dedupeKey, alert);
        }
    }
    const raise: AlertDecision[] = [];
    const reopen: string[] = [];
    for (const [key, h] of holding) {
        const alert = current.get(key);
        if (alert === undefined || alert.status === 'Resolved') {
            const config = configs.get(h.rule) as EscalationRuleConfig;
            raise.push({
                rule: h.rule,
                dedupeKey: key,
                subject: h.subject,
                severity: config.severity,
                message: h.message,
                recommendedAction: config.recommendedAction,
                createTask: config.createTask
            });
        } else if (
            alert.status === 'Snoozed' &&
            alert.snoozedUntil !== null &&
            today > toDayNumber(alert.snoozedUntil, `alert ${key} snoozedUntil`)
        ) {
            reopen.push(key);
        }
    }
    const resolve = [...current.values()]
        .filter((a) => a.status !== 'Resolved' && !holding.has(a.dedupeKey))
        .map((a) => a.dedupeKey);
    const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return {
        raise: raise.sort((a, b) => byKey(a.dedupeKey, b.dedupeKey)),
        resolve: resolve.sort(byKey),
        reopen: reopen.sort(byKey)
    };
}

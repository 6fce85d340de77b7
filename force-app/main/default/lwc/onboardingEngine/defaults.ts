/**
 * Shipped configuration: the health model per segment and the escalation rules (docs/engine.md, section 7).
 * The HealthModel__mdt and EscalationRule__mdt records carry the same values.
 */
import type { EscalationRuleConfig, HealthModel, RuleName, Segment } from './types';

/** Default first/full value target days per segment, used when the playbook gives none. */
export const SEGMENT_VALUE_TARGET_DAYS: Record<Segment, { firstValue: number; fullValue: number }> = {
    HighTouch: { firstValue: 60, fullValue: 180 },
    Guided: { firstValue: 45, fullValue: 120 },
    TechTouch: { firstValue: 30, fullValue: 90 }
};

/** Time-based rules fire only for plans whose start is at most this many days before the as-of date (F20). */
export const ALERT_HORIZON_DAYS = 365;

/** Churn within this many days of the contract counts as onboarding-driven churn. */
export const ONBOARDING_CHURN_WINDOW_DAYS = 180;

/** Default trend window and threshold when the model does not set them. */
export const DEFAULT_TREND_WINDOW_DAYS = 14;
export const DEFAULT_TREND_THRESHOLD = 5;

/** Every rule name, in the order of docs/naming.md. */
export const RULE_NAMES: readonly RuleName[] = [
    'TwoMissedMilestones',
    'SilentExecutiveSponsor',
    'AdoptionBelowTarget',
    'FirstValueOverdue',
    'HealthDrop',
    'NoBusinessReview',
    'SponsorOrChampionGone',
    'CustomerSideSlipping',
    'VendorSideSlipping',
    'KickoffLate'
];

/**
 * The shipped health models, one per segment (fresh copies; callers may change them).
 */
export function defaultModels(): HealthModel[] {
    return [
        {
            segment: 'HighTouch',
            version: 'HighTouch-1',
            weights: { milestones: 30, schedule: 20, adoption: 20, engagement: 30 },
            greenMin: 75,
            yellowMin: 50,
            coverageMinimum: 0.5,
            adoptionTarget: 0.6
        },
        {
            segment: 'Guided',
            version: 'Guided-1',
            weights: { milestones: 30, schedule: 20, adoption: 30, engagement: 20 },
            greenMin: 75,
            yellowMin: 50,
            coverageMinimum: 0.5,
            adoptionTarget: 0.6
        },
        {
            segment: 'TechTouch',
            version: 'TechTouch-1',
            weights: { milestones: 20, schedule: 20, adoption: 45, engagement: 15 },
            greenMin: 70,
            yellowMin: 45,
            coverageMinimum: 0.5,
            adoptionTarget: 0.5
        }
    ];
}

/**
 * The shipped model of one segment.
 * @param segment the plan's segment
 */
export function defaultModel(segment: Segment): HealthModel {
    const model = defaultModels().find((m) => m.segment === segment);
    if (!model) {
        throw new Error(`Unknown segment "${String(segment)}": expected HighTouch, Guided or TechTouch.`);
    }
    return model;
}

function rule(
    name: RuleName,
    threshold: number,
    windowDays: number,
    severity: EscalationRuleConfig['severity'],
    createTask: boolean,
    recommendedAction: string
): EscalationRuleConfig {
    return { rule: name, threshold, windowDays, severity, recommendedAction, createTask, active: true };
}

/**
 * The shipped escalation rules with their default thresholds (fresh copies).
 */
export function defaultRules(): EscalationRuleConfig[] {
    return [
        rule('TwoMissedMilestones', 2, 0, 'High', true, 'Agree new dates for the missed milestones with the customer.'),
        rule('SilentExecutiveSponsor', 30, 0, 'High', true, 'Book a check-in with the executive sponsor.'),
        rule(
            'AdoptionBelowTarget',
            45,
            0,
            'Medium',
            false,
            'Run an enablement session for users who have not started.'
        ),
        rule('FirstValueOverdue', 0, 0, 'High', true, 'Agree the shortest path to first value and a new date.'),
        rule('HealthDrop', 15, 14, 'Medium', false, 'Review what changed in the plan in the last two weeks.'),
        rule('NoBusinessReview', 90, 0, 'Medium', true, 'Schedule the business review with the sponsor.'),
        rule('SponsorOrChampionGone', 0, 0, 'Critical', true, 'Find and meet the new sponsor or champion.'),
        rule('CustomerSideSlipping', 1, 30, 'Medium', false, 'Walk the customer owners through their late milestones.'),
        rule(
            'VendorSideSlipping',
            1,
            30,
            'High',
            true,
            'Escalate the late vendor milestones to the implementation lead.'
        ),
        rule('KickoffLate', 14, 0, 'High', true, 'Book the kickoff meeting now.')
    ];
}

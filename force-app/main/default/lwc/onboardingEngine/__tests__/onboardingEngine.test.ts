/**
 * Behaviour of the engine beyond the shared vectors: properties that must hold for any input (fast-check),
 * the backtest, the shipped configuration and the error messages people see.
 */
import fc from 'fast-check';
import type { PortfolioGroupDto } from 'liftoff/dto';
import {
    addBusinessDays,
    addDays,
    backtest,
    businessDaysBetween,
    daysBetween,
    defaultModel,
    defaultModels,
    defaultRules,
    evaluateAlerts,
    fromDayNumber,
    localDate,
    portfolioMetrics,
    RULE_NAMES,
    scheduleMilestones,
    scheduleStatus,
    scoreHealth,
    toDayNumber
} from 'c/onboardingEngine';
import type {
    AdoptionFacts,
    BacktestSnapshot,
    HealthHistoryPoint,
    HealthModel,
    IsoDate,
    MilestoneFacts,
    MilestoneStatus,
    OnboardingRole,
    PlanBundle,
    PlanFacts,
    StakeholderFacts
} from 'c/onboardingEngine';

const AS_OF = '2024-06-15';
const AS_OF_DAY = toDayNumber(AS_OF);

function plan(overrides: Partial<PlanFacts> = {}): PlanFacts {
    return {
        id: 'P1',
        accountId: 'A1',
        segment: 'Guided',
        status: 'Active',
        contractSignedDate: null,
        kickoffDate: null,
        firstValueTargetDate: null,
        firstValueAchievedDate: null,
        fullValueTargetDate: null,
        fullValueAchievedDate: null,
        businessReviewDate: null,
        businessReviewHeldDate: null,
        churnDate: null,
        arr: null,
        ...overrides
    };
}

// Arbitraries: dates within 200 days either side of the as-of date, so every rule and boundary is reachable.
const dayOffset = fc.integer({ min: -200, max: 200 });
const isoDate = dayOffset.map((d) => fromDayNumber(AS_OF_DAY + d));
const pastDate = fc.integer({ min: -200, max: 0 }).map((d) => fromDayNumber(AS_OF_DAY + d));
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
const statuses: MilestoneStatus[] = ['NotStarted', 'InProgress', 'Blocked', 'Completed', 'Skipped'];
const roles: OnboardingRole[] = ['ExecutiveSponsor', 'ProjectLead', 'Admin', 'Trainer', 'EndUser', 'None'];

const milestoneArb = (i: number): fc.Arbitrary<MilestoneFacts> =>
    fc.record({
        id: fc.constant(`M${i}`),
        sequence: fc.integer({ min: 1, max: 12 }),
        ownerSide: fc.constantFrom('Vendor', 'Customer', 'Joint'),
        status: fc.constantFrom(...statuses),
        targetDate: maybe(isoDate),
        forecastDate: maybe(isoDate),
        completedDate: maybe(pastDate),
        valueMarker: fc.constantFrom('None', 'FirstValue', 'FullValue')
    });

const stakeholderArb = (i: number): fc.Arbitrary<StakeholderFacts> =>
    fc
        .record({
            buyingRole: fc.constantFrom(
                'Signer',
                'EconomicBuyer',
                'Champion',
                'VetoHolder',
                'TechnicalEvaluator',
                'EndUser',
                'None'
            ),
            onboardingRole: fc.constantFrom(...roles),
            lastEngagedDate: maybe(isoDate),
            meetingsInvited: fc.integer({ min: 0, max: 20 }),
            attendedShare: fc.integer({ min: 0, max: 20 }),
            avgResponseHours: maybe(fc.integer({ min: 0, max: 200 })),
            departed: fc.boolean()
        })
        .map((s) => ({
            id: `S${i}`,
            contactId: `C${i}`,
            buyingRole: s.buyingRole,
            onboardingRole: s.onboardingRole,
            lastEngagedDate: s.lastEngagedDate,
            meetingsInvited: s.meetingsInvited,
            meetingsAttended: Math.min(s.meetingsInvited, s.attendedShare),
            avgResponseHours: s.avgResponseHours,
            departed: s.departed
        }));

const adoptionArb: fc.Arbitrary<AdoptionFacts> = fc
    .record({
        asOfDate: isoDate,
        licensedUsers: fc.integer({ min: 0, max: 50 }),
        active: fc.integer({ min: 0, max: 60 })
    })
    .map((a) => ({ asOfDate: a.asOfDate, licensedUsers: a.licensedUsers, activeUsers: a.active, keyActions: 0 }));

const historyArb: fc.Arbitrary<HealthHistoryPoint> = fc.record({
    asOfDate: isoDate,
    score: maybe(fc.integer({ min: 0, max: 100 }))
});

const bundleArb: fc.Arbitrary<PlanBundle> = fc
    .record({
        segment: fc.constantFrom('HighTouch', 'Guided', 'TechTouch'),
        status: fc.constantFrom('Active', 'HandoffSubmitted', 'OnHold', 'Completed'),
        contractSignedDate: maybe(isoDate),
        kickoffDate: maybe(isoDate),
        firstValueTargetDate: maybe(isoDate),
        firstValueAchievedDate: maybe(pastDate),
        fullValueTargetDate: maybe(isoDate),
        businessReviewDate: maybe(isoDate),
        milestoneCount: fc.integer({ min: 0, max: 8 }),
        stakeholderCount: fc.integer({ min: 0, max: 6 })
    })
    .chain((p) =>
        fc.record({
            plan: fc.constant(
                plan({
                    segment: p.segment,
                    status: p.status,
                    contractSignedDate: p.contractSignedDate,
                    kickoffDate: p.kickoffDate,
                    firstValueTargetDate: p.firstValueTargetDate,
                    firstValueAchievedDate: p.firstValueAchievedDate,
                    fullValueTargetDate: p.fullValueTargetDate,
                    businessReviewDate: p.businessReviewDate
                })
            ),
            milestones: fc.tuple(...Array.from({ length: p.milestoneCount }, (_, i) => milestoneArb(i))),
            stakeholders: fc.tuple(...Array.from({ length: p.stakeholderCount }, (_, i) => stakeholderArb(i))),
            adoption: fc.array(adoptionArb, { maxLength: 5 }),
            history: fc.array(historyArb, { maxLength: 5 })
        })
    );

function modelOf(bundle: PlanBundle): HealthModel {
    return defaultModel(bundle.plan.segment);
}

function reversed(bundle: PlanBundle): PlanBundle {
    return {
        plan: bundle.plan,
        milestones: [...bundle.milestones].reverse(),
        stakeholders: [...bundle.stakeholders].reverse(),
        adoption: [...bundle.adoption].reverse(),
        history: [...bundle.history].reverse()
    };
}

describe('health properties', () => {
    it('scores within 0 to 100, or null exactly when NotScored, with impacts adding up to score minus 100', () => {
        fc.assert(
            fc.property(bundleArb, (bundle) => {
                const health = scoreHealth(bundle, modelOf(bundle), AS_OF);
                const impacts = health.drivers.reduce((sum, d) => sum + d.impact, 0);

                const score = health.score ?? 100;

                expect(health.score === null).toBe(health.band === 'NotScored');
                expect(score).toBeGreaterThanOrEqual(0);
                expect(score).toBeLessThanOrEqual(100);
                expect(impacts).toBe(score - 100);
            }),
            { numRuns: 400 }
        );
    });

    it('never lowers the milestone component when a milestone is completed on or before the as-of date', () => {
        fc.assert(
            fc.property(bundleArb, fc.nat(), pastDate, (bundle, pick, completedDate) => {
                const open = [...bundle.milestones.keys()].filter(
                    (i) => bundle.milestones[i].status !== 'Completed' && bundle.milestones[i].status !== 'Skipped'
                );
                fc.pre(open.length > 0);
                const index = open[pick % open.length];
                const done = [...bundle.milestones];
                done[index] = { ...done[index], status: 'Completed', completedDate };
                const before = scoreHealth(bundle, modelOf(bundle), AS_OF).components.milestones;
                const after = scoreHealth({ ...bundle, milestones: done }, modelOf(bundle), AS_OF).components
                    .milestones;

                expect(after ?? 100).toBeGreaterThanOrEqual(before ?? 0);
            }),
            { numRuns: 400 }
        );
    });

    it('never lowers the engagement component when a stakeholder engages more', () => {
        fc.assert(
            fc.property(
                bundleArb,
                fc.nat(),
                fc.integer({ min: 0, max: 200 }),
                fc.integer({ min: 1, max: 10 }),
                (bundle, pick, daysAgo, more) => {
                    fc.pre(bundle.stakeholders.length > 0);
                    const index = pick % bundle.stakeholders.length;
                    const engaged = bundle.stakeholders.map((s, i) => {
                        if (i !== index) {
                            return s;
                        }
                        const current = s.lastEngagedDate === null ? null : toDayNumber(s.lastEngagedDate);
                        const candidate = AS_OF_DAY - daysAgo;
                        const latest =
                            current === null || current > AS_OF_DAY || candidate > current ? candidate : current;
                        return {
                            ...s,
                            lastEngagedDate: fromDayNumber(latest),
                            meetingsAttended: Math.min(s.meetingsInvited, s.meetingsAttended + more),
                            avgResponseHours:
                                s.avgResponseHours === null ? null : Math.max(0, s.avgResponseHours - more)
                        };
                    });
                    const before = scoreHealth(bundle, modelOf(bundle), AS_OF).components.engagement;
                    const after = scoreHealth({ ...bundle, stakeholders: engaged }, modelOf(bundle), AS_OF).components
                        .engagement;

                    expect(after ?? 0).toBeGreaterThanOrEqual(before ?? 0);
                }
            ),
            { numRuns: 400 }
        );
    });

    it('gives the same health and alerts whatever the order of the input arrays', () => {
        fc.assert(
            fc.property(bundleArb, (bundle) => {
                const health = scoreHealth(bundle, modelOf(bundle), AS_OF);
                const shuffled = reversed(bundle);
                const healthShuffled = scoreHealth(shuffled, modelOf(bundle), AS_OF);

                expect(healthShuffled).toEqual(health);
                expect(evaluateAlerts(shuffled, healthShuffled, defaultRules(), AS_OF, [])).toEqual(
                    evaluateAlerts(bundle, health, defaultRules(), AS_OF, [])
                );
            }),
            { numRuns: 300 }
        );
    });

    it('gives the same portfolio metrics whatever the order of the plans', () => {
        fc.assert(
            fc.property(fc.array(bundleArb, { maxLength: 6 }), (bundles) => {
                const inputs = bundles.map((b, i) => ({
                    plan: { ...b.plan, id: `P${i}`, arr: 100 * (i + 1) },
                    milestones: b.milestones,
                    adoption: b.adoption,
                    band: scoreHealth(b, modelOf(b), AS_OF).band,
                    arrChanges: []
                }));

                expect(portfolioMetrics([...inputs].reverse(), AS_OF, 'quarter')).toEqual(
                    portfolioMetrics(inputs, AS_OF, 'quarter')
                );
            }),
            { numRuns: 150 }
        );
    });
});

describe('order of inputs (bugs found by the property above)', () => {
    it('resolves two history points of the same day to the higher score in either order', () => {
        const bundle: PlanBundle = {
            plan: plan({ kickoffDate: '2024-06-01' }),
            milestones: [],
            stakeholders: [],
            adoption: [{ asOfDate: '2024-06-10', licensedUsers: 10, activeUsers: 5, keyActions: 0 }],
            history: [
                { asOfDate: '2024-06-05', score: 0 },
                { asOfDate: '2024-06-05', score: 1 }
            ]
        };
        const model = {
            ...defaultModel('Guided'),
            weights: { milestones: 0, schedule: 0, adoption: 1, engagement: 0 }
        };

        const forward = scoreHealth(bundle, model, AS_OF);
        const backward = scoreHealth(reversed(bundle), model, AS_OF);

        expect(backward).toEqual(forward);
        expect(forward.trendReferenceDate).toBe('2024-06-05');
        expect(forward.trendDelta).toBe(99);
    });
});

describe('business days', () => {
    function stepped(date: IsoDate, n: number): IsoDate {
        let day = toDayNumber(date);
        const isWeekend = (d: number): boolean => {
            const weekday = new Date(d * 86400000).getUTCDay();
            return weekday === 0 || weekday === 6;
        };
        if (n === 0) {
            while (isWeekend(day)) {
                day += 1;
            }
        }
        for (let i = 0; i < Math.abs(n); i += 1) {
            day += Math.sign(n);
            while (isWeekend(day)) {
                day += Math.sign(n);
            }
        }
        return fromDayNumber(day);
    }

    it('matches the one-day-at-a-time definition for any start and count', () => {
        fc.assert(
            fc.property(isoDate, fc.integer({ min: -60, max: 60 }), (date, n) => {
                expect(addBusinessDays(date, n)).toBe(stepped(date, n));
            }),
            { numRuns: 1000 }
        );
    });

    it('counts back what it adds for weekdays', () => {
        fc.assert(
            fc.property(isoDate, fc.integer({ min: 0, max: 60 }), (date, n) => {
                const start = addBusinessDays(date, 0);

                expect(businessDaysBetween(start, addBusinessDays(start, n))).toBe(n);
            }),
            { numRuns: 500 }
        );
    });

    it('round-trips every day number through the calendar date', () => {
        fc.assert(
            fc.property(fc.integer({ min: toDayNumber('0001-01-01'), max: toDayNumber('9999-12-31') }), (day) => {
                expect(toDayNumber(fromDayNumber(day))).toBe(day);
            })
        );
    });
});

describe('dates and errors', () => {
    it('counts and adds calendar days across a leap day', () => {
        expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
        expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
        expect(addDays('2024-03-01', -366)).toBe('2023-03-01');
    });

    it('says what to fix for malformed dates and counts', () => {
        expect(() => toDayNumber('2024-3-1', 'kickoffDate')).toThrow(
            'Invalid kickoffDate "2024-3-1": expected a calendar date written YYYY-MM-DD.'
        );
        expect(() => toDayNumber('2023-02-29')).toThrow('no such calendar date');
        expect(() => toDayNumber('0000-01-01')).toThrow('no such calendar date');
        expect(() => fromDayNumber(toDayNumber('0001-01-01') - 1)).toThrow('outside the years 0001 to 9999');
        expect(() => fromDayNumber(toDayNumber('9999-12-31') + 1)).toThrow('outside the years 0001 to 9999');
        expect(() => addDays('2024-01-01', 1.5)).toThrow('expected a whole number');
        expect(() => addBusinessDays('2024-01-01', Number.NaN)).toThrow('expected a whole number');
        expect(() => localDate(new Date(Number.NaN), 'UTC')).toThrow('not a valid moment');
        expect(() => localDate('2024-02-30', 'UTC')).toThrow('no such calendar date');
    });

    it('takes Date objects for the moment', () => {
        expect(localDate(new Date(Date.UTC(2024, 0, 16, 7, 59, 59)), 'America/Los_Angeles')).toBe('2024-01-15');
    });

    it('refuses an unknown segment and bad playbook days', () => {
        const input = { steps: [], contractSignedDate: '2024-01-01', kickoffDate: null };

        expect(() => defaultModel('Enterprise' as never)).toThrow('Unknown segment "Enterprise"');
        expect(() => scheduleMilestones({ ...input, segment: 'Bespoke' as never })).toThrow('Unknown segment');
        expect(() => scheduleMilestones({ ...input, segment: 'Guided', firstValueTargetDays: -3 })).toThrow(
            'firstValueTargetDays -3 must be a whole number'
        );
    });

    it('says which list is missing from a plan bundle', () => {
        const model = defaultModel('Guided');
        const noHistory = { plan: plan(), milestones: [], stakeholders: [], adoption: [] } as unknown as PlanBundle;

        expect(() => scoreHealth(noHistory, model, AS_OF)).toThrow(
            'Plan P1: history must be a list (use [] when there are none).'
        );
        expect(() => scoreHealth({} as PlanBundle, model, AS_OF)).toThrow('Plan bundle without plan facts');
    });

    it('refuses unknown rules, coverage minimums and adoption targets out of range', () => {
        const bundle: PlanBundle = { plan: plan(), milestones: [], stakeholders: [], adoption: [], history: [] };
        const model = defaultModel('Guided');
        const unknownRule = [{ ...defaultRules()[0], rule: 'Mystery' as never }];

        expect(() => evaluateAlerts(bundle, null, unknownRule, AS_OF, [])).toThrow('Unknown escalation rule "Mystery"');
        expect(() => scoreHealth(bundle, { ...model, coverageMinimum: 2 }, AS_OF)).toThrow('coverageMinimum');
        expect(() => scoreHealth(bundle, { ...model, adoptionTarget: 0 }, AS_OF)).toThrow('adoptionTarget');
        expect(() => scoreHealth(bundle, { ...model, weights: { ...model.weights, schedule: -1 } }, AS_OF)).toThrow(
            'weight of schedule'
        );
        expect(() =>
            portfolioMetrics(
                [
                    {
                        plan: plan({ segment: 'Other' as never }),
                        milestones: [],
                        adoption: [],
                        band: null,
                        arrChanges: []
                    }
                ],
                AS_OF,
                'month'
            )
        ).toThrow('unknown segment');
    });
});

describe('shipped configuration', () => {
    it('has one valid model per segment and every rule once, active', () => {
        const models = defaultModels();

        expect(models.map((m) => m.segment)).toEqual(['HighTouch', 'Guided', 'TechTouch']);
        for (const m of models) {
            expect(() =>
                scoreHealth(
                    { plan: plan({ segment: m.segment }), milestones: [], stakeholders: [], adoption: [], history: [] },
                    m,
                    AS_OF
                )
            ).not.toThrow();
        }
        expect(defaultRules().map((r) => r.rule)).toEqual([...RULE_NAMES]);
        expect(defaultRules().every((r) => r.active)).toBe(true);
    });
});

describe('backtest', () => {
    const guidedPlan = plan({ kickoffDate: '2024-01-01', fullValueTargetDate: '2024-04-10' });
    const milestones: MilestoneFacts[] = [
        {
            id: 'M1',
            sequence: 1,
            ownerSide: 'Vendor',
            status: 'Completed',
            targetDate: '2024-02-01',
            forecastDate: null,
            completedDate: '2024-02-03',
            valueMarker: 'None'
        },
        {
            id: 'M2',
            sequence: 2,
            ownerSide: 'Vendor',
            status: 'NotStarted',
            targetDate: '2024-03-20',
            forecastDate: null,
            completedDate: null,
            valueMarker: 'FullValue'
        }
    ];
    const snapshot = (asOfDate: IsoDate, id: string, segment: PlanFacts['segment']): BacktestSnapshot => ({
        asOfDate,
        bundle: { plan: { ...guidedPlan, id, segment }, milestones, stakeholders: [], adoption: [], history: [] }
    });
    const history = [
        snapshot('2024-02-22', 'X', 'Guided'),
        snapshot('2024-02-20', 'X', 'Guided'),
        snapshot('2024-02-21', 'X', 'Guided'),
        snapshot('2024-02-20', 'Y', 'TechTouch')
    ];

    it('counts band changes and how early each rule fired before churn', () => {
        // Arrange: plan X scores 76 on each date (Green under the shipped model, Red when Green needs 95).
        const strict = { ...defaultModel('Guided'), version: 'Guided-strict', greenMin: 95, yellowMin: 90 };

        // Act
        const result = backtest(history, defaultModels(), strict, [{ planId: 'X', churnDate: '2024-03-01' }]);

        // Assert: Y has no TechTouch model in set B, so it is skipped; with no sponsor, SilentExecutiveSponsor held from 20 Feb.
        expect(result.plans).toBe(1);
        expect(result.skippedPlans).toBe(1);
        expect(result.snapshots).toBe(3);
        expect(result.bandChanges).toEqual({ snapshots: 3, plans: 1, transitions: { 'Green->Red': 1 } });
        expect(result.leadDaysByRule.SilentExecutiveSponsor).toEqual({
            churnedPlans: 1,
            firedBeforeChurn: 1,
            medianLeadDays: 10,
            leadDays: [10]
        });
        expect(result.leadDaysByRule.KickoffLate).toEqual({
            churnedPlans: 1,
            firedBeforeChurn: 0,
            medianLeadDays: null,
            leadDays: []
        });
    });

    it('reads churn dates from the plans when none are given, and reports no change for the same models', () => {
        const churned = history.map((s) => ({
            ...s,
            bundle: { ...s.bundle, plan: { ...s.bundle.plan, churnDate: '2024-02-21' } }
        }));

        const result = backtest(churned, defaultModels(), defaultModels());

        expect(result.bandChanges).toEqual({ snapshots: 0, plans: 0, transitions: {} });
        expect(result.leadDaysByRule.SilentExecutiveSponsor.leadDays).toEqual([1, 1]);
    });

    it('refuses two models for one segment', () => {
        expect(() => backtest(history, [defaultModel('Guided'), defaultModel('Guided')], defaultModels())).toThrow(
            'two models for segment Guided'
        );
    });
});

describe('field cases', () => {
    it('F19: a nightly run at 02:00 UTC marks a milestone due yesterday overdue in UTC and Brisbane but not in Los Angeles', () => {
        // Arrange: one milestone due 12 March, the job runs at 02:00 UTC on 13 March (18:00 on the 12th in LA).
        const milestone: MilestoneFacts = {
            id: 'M1',
            sequence: 1,
            ownerSide: 'Vendor',
            status: 'InProgress',
            targetDate: '2024-03-12',
            forecastDate: null,
            completedDate: null,
            valueMarker: 'None'
        };
        const run = '2024-03-13T02:00:00Z';

        // Act
        const statusIn = (zone: string): string => scheduleStatus(milestone, localDate(run, zone));

        // Assert
        expect(statusIn('Etc/GMT+8')).toBe('OnTrack');
        expect(statusIn('America/Los_Angeles')).toBe('OnTrack');
        expect(statusIn('UTC')).toBe('AtRisk');
        expect(statusIn('Australia/Brisbane')).toBe('AtRisk');
    });

    it('F20: 200 plans from deals closed years ago, with unscheduled milestones, raise no time-based alert and no error', () => {
        // Arrange: contracts in 2019-2021, kickoff cleared, milestones with and without targets, sponsors present.
        const plans: PlanBundle[] = Array.from({ length: 200 }, (_, i) => ({
            plan: plan({
                id: `OLD${i}`,
                contractSignedDate: fromDayNumber(toDayNumber('2019-01-01') + i * 5),
                firstValueTargetDate: fromDayNumber(toDayNumber('2019-03-01') + i * 5)
            }),
            milestones: [
                {
                    id: `M${i}a`,
                    sequence: 1,
                    ownerSide: 'Vendor',
                    status: 'NotStarted',
                    targetDate: null,
                    forecastDate: null,
                    completedDate: null,
                    valueMarker: 'None'
                },
                {
                    id: `M${i}b`,
                    sequence: 2,
                    ownerSide: 'Customer',
                    status: 'NotStarted',
                    targetDate: '2019-06-01',
                    forecastDate: null,
                    completedDate: null,
                    valueMarker: 'FirstValue'
                },
                {
                    id: `M${i}c`,
                    sequence: 3,
                    ownerSide: 'Vendor',
                    status: 'Blocked',
                    targetDate: '2019-07-01',
                    forecastDate: null,
                    completedDate: null,
                    valueMarker: 'None'
                }
            ],
            stakeholders: [
                {
                    id: `S${i}`,
                    contactId: `C${i}`,
                    buyingRole: 'Champion',
                    onboardingRole: 'ExecutiveSponsor',
                    lastEngagedDate: null,
                    meetingsInvited: 0,
                    meetingsAttended: 0,
                    avgResponseHours: null,
                    departed: false
                }
            ],
            adoption: [],
            history: []
        }));

        // Act
        const raised = plans.flatMap(
            (b) => evaluateAlerts(b, scoreHealth(b, modelOf(b), AS_OF), defaultRules(), AS_OF, []).raise
        );
        const milestoneStatuses = plans.flatMap((b) => b.milestones.map((m) => scheduleStatus(m, AS_OF)));

        // Assert
        expect(raised).toEqual([]);
        expect(milestoneStatuses.filter((s) => s === 'Unscheduled')).toHaveLength(200);
        expect(milestoneStatuses.filter((s) => s === 'Stalled')).toHaveLength(400);
    });

    it('returns portfolio groups that are PortfolioGroupDto values', () => {
        const metrics = portfolioMetrics([], AS_OF, 'month');
        const total: PortfolioGroupDto = metrics.total;

        expect(total.planCount).toBe(0);
        expect(total.health).toEqual({ Green: 0, Yellow: 0, Red: 0, NotScored: 0 });
    });
});

/**
 * Driver messages (docs/engine.md 3.7). The shared vectors compare drivers without their English text, so this spec
 * pins the text of every reason code on one plan whose figures can be checked by hand.
 */
import { defaultModel, scoreHealth } from 'c/onboardingEngine';
import type { MilestoneFacts, MilestoneStatus, PlanBundle, StakeholderFacts, ValueMarker } from 'c/onboardingEngine';

const AS_OF = '2024-06-15';

function milestone(
    sequence: number,
    status: MilestoneStatus,
    targetDate: string,
    completedDate: string | null,
    valueMarker: ValueMarker = 'None',
    forecastDate: string | null = null
): MilestoneFacts {
    return {
        id: `M${sequence}`,
        sequence,
        ownerSide: 'Vendor',
        status,
        targetDate,
        forecastDate,
        completedDate,
        valueMarker
    };
}

function stakeholder(id: string, facts: Partial<StakeholderFacts>): StakeholderFacts {
    return {
        id,
        contactId: `C${id}`,
        buyingRole: 'None',
        onboardingRole: 'None',
        lastEngagedDate: null,
        meetingsInvited: 0,
        meetingsAttended: 0,
        avgResponseHours: null,
        departed: false,
        ...facts
    };
}

/** A plan 96 days past kickoff with a shortfall in every part of every component. */
function strugglingPlan(): PlanBundle {
    return {
        plan: {
            id: 'P1',
            accountId: 'A1',
            segment: 'HighTouch',
            status: 'Active',
            contractSignedDate: '2024-03-01',
            kickoffDate: '2024-03-11',
            firstValueTargetDate: '2024-04-15',
            firstValueAchievedDate: null,
            fullValueTargetDate: '2024-07-31',
            fullValueAchievedDate: null,
            businessReviewDate: null,
            businessReviewHeldDate: null,
            churnDate: null,
            arr: 50000
        },
        milestones: [
            milestone(1, 'Completed', '2024-03-20', '2024-03-25'),
            milestone(2, 'InProgress', '2024-04-10', null, 'FirstValue', '2024-06-20'),
            milestone(3, 'Blocked', '2024-05-01', null),
            milestone(4, 'Completed', '2024-05-20', '2024-05-18'),
            milestone(5, 'NotStarted', '2024-07-15', null, 'FullValue')
        ],
        stakeholders: [
            stakeholder('S1', {
                onboardingRole: 'ExecutiveSponsor',
                lastEngagedDate: '2024-05-16',
                meetingsInvited: 10,
                meetingsAttended: 4,
                avgResponseHours: 90
            }),
            stakeholder('S2', {
                buyingRole: 'Champion',
                onboardingRole: 'Admin',
                meetingsInvited: 6,
                meetingsAttended: 2,
                avgResponseHours: 70
            }),
            stakeholder('S3', {
                buyingRole: 'Champion',
                onboardingRole: 'Trainer',
                lastEngagedDate: '2024-06-14',
                departed: true
            })
        ],
        adoption: [{ asOfDate: '2024-06-01', licensedUsers: 200, activeUsers: 50, keyActions: 10 }],
        history: []
    };
}

describe('driver messages', () => {
    it('quotesTheFiguresBehindEveryReasonCode', () => {
        // Score the plan with the shipped HighTouch model.
        const result = scoreHealth(strugglingPlan(), defaultModel('HighTouch'), AS_OF);

        // M2 and M3 are overdue, M1 was late, M5 is not due; M2 is forecast for 06-20, 71 days after its 04-10 target;
        // 50 of 200 users against the full 60% target; the departed Trainer and Champion do not count.
        const messages = Object.fromEntries(result.drivers.map((d) => [d.code, d.message]));
        expect(messages).toEqual({
            milestonesMissed: '2 of 4 due milestones missed',
            milestonesLate: '1 of 4 due milestones completed late',
            schedulePace: 'Milestones are completed more slowly than the plan\u2019s time runs',
            valueMilestoneBehind: 'Next value milestone is 71 days behind its target',
            adoptionBelowTarget: '25% of licensed users active against a target of 60% for this day',
            committeeGaps: '3 of 5 onboarding roles have nobody',
            sponsorQuiet: 'Last engagement with the executive sponsor 30 days ago',
            championQuiet: 'No engagement recorded with an active champion',
            lowAttendance: '38% of meeting invitations attended',
            slowResponses: 'Customer replies take 80 hours on average'
        });
    });

    it('ordersDriversByImpactAndAddsThemUpToTheScore', () => {
        // Score the same plan.
        const result = scoreHealth(strugglingPlan(), defaultModel('HighTouch'), AS_OF);

        // Impacts are whole points, most negative first, summing to score - 100.
        const impacts = result.drivers.map((d) => d.impact);
        expect(impacts).toEqual([...impacts].sort((a, b) => a - b));
        expect(impacts.reduce((sum, i) => sum + i, 0)).toBe((result.score ?? 0) - 100);
        expect(result.score).toBe(37);
    });
});

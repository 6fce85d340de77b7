/**
 * Generates Liftoff's own sample data set into `data/sample/`: about 200
 * Accounts over the three segments and 18 monthly contract cohorts, their
 * Contacts and Opportunities, the three segment playbooks, one onboarding plan
 * per won Opportunity at every stage of its life (draft handoffs to churned
 * customers), milestones with realistic misses, stakeholder maps with silent
 * sponsors and departed champions, and monthly adoption snapshots.
 *
 * The output is sObject tree JSON exactly as `sf data export tree --plan`
 * writes it (one `<Type>s.json` per object, `<Type>RefN` reference ids,
 * children pointing at `@<Type>RefN`) plus the plan file, so the org CLI can
 * seed an org from the same files. A seeded PRNG makes every run identical;
 * a test regenerates the files and compares them with the committed ones.
 *
 *   npx tsx scripts/data/generate-sample.ts [--out <dir>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './prng.ts';

/** The date the sample describes: plans are aged relative to it. */
export const SAMPLE_AS_OF = '2026-11-30';
const SEED = 20261130;
const ACCOUNT_COUNT = 200;
const COHORT_MONTHS = 18;

type Json = string | number | boolean | null;
type TreeRecord = { attributes: { type: string; referenceId: string } } & Record<
    string,
    Json | { type: string; referenceId: string }
>;

const DAY_MS = 86400000;

function dayNumber(iso: string): number {
    return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

function isoOf(day: number): string {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
    return isoOf(dayNumber(iso) + days);
}

/** Weekday-only offset, Monday to Friday, as the playbook offsets are business days. */
function addBusinessDays(iso: string, n: number): string {
    let day = dayNumber(iso);
    const weekday = (d: number): number => (((d + 3) % 7) + 7) % 7;
    while (weekday(day) >= 5) day += 1;
    let left = n;
    while (left > 0) {
        day += 1;
        if (weekday(day) < 5) left -= 1;
    }
    return isoOf(day);
}

type Segment = 'HighTouch' | 'Guided' | 'TechTouch';

interface StepTemplate {
    name: string;
    phase: string;
    ownerSide: 'Vendor' | 'Customer' | 'Joint';
    offset: number;
    valueMarker: 'None' | 'FirstValue' | 'FullValue';
    customerVisible: boolean;
}

const PLAYBOOKS: Record<
    Segment,
    {
        name: string;
        cadence: number;
        training: string;
        firstValueDays: number;
        fullValueDays: number;
        steps: StepTemplate[];
    }
> = {
    HighTouch: {
        name: 'High touch onboarding',
        cadence: 7,
        training: 'Onsite',
        firstValueDays: 60,
        fullValueDays: 180,
        steps: [
            {
                name: 'Kickoff with executive sponsor',
                phase: 'Kickoff',
                ownerSide: 'Joint',
                offset: 0,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Success plan signed off',
                phase: 'Kickoff',
                ownerSide: 'Customer',
                offset: 5,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Environment provisioned',
                phase: 'Setup',
                ownerSide: 'Vendor',
                offset: 8,
                valueMarker: 'None',
                customerVisible: false
            },
            {
                name: 'Single sign-on configured',
                phase: 'Setup',
                ownerSide: 'Customer',
                offset: 12,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'CRM integration live',
                phase: 'Integration',
                ownerSide: 'Vendor',
                offset: 20,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Data migration validated',
                phase: 'Integration',
                ownerSide: 'Customer',
                offset: 26,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Admin certification',
                phase: 'Enablement',
                ownerSide: 'Customer',
                offset: 32,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'First team live',
                phase: 'GoLive',
                ownerSide: 'Joint',
                offset: 40,
                valueMarker: 'FirstValue',
                customerVisible: true
            },
            {
                name: 'Power user training',
                phase: 'Enablement',
                ownerSide: 'Vendor',
                offset: 55,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'All regions live',
                phase: 'Adoption',
                ownerSide: 'Joint',
                offset: 90,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Adoption target reached',
                phase: 'Adoption',
                ownerSide: 'Customer',
                offset: 110,
                valueMarker: 'FullValue',
                customerVisible: true
            },
            {
                name: 'Executive business review',
                phase: 'Review',
                ownerSide: 'Joint',
                offset: 120,
                valueMarker: 'None',
                customerVisible: true
            }
        ]
    },
    Guided: {
        name: 'Guided onboarding',
        cadence: 14,
        training: 'LiveVirtual',
        firstValueDays: 45,
        fullValueDays: 120,
        steps: [
            {
                name: 'Kickoff call',
                phase: 'Kickoff',
                ownerSide: 'Joint',
                offset: 0,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Workspace configured',
                phase: 'Setup',
                ownerSide: 'Vendor',
                offset: 5,
                valueMarker: 'None',
                customerVisible: false
            },
            {
                name: 'Users invited',
                phase: 'Setup',
                ownerSide: 'Customer',
                offset: 8,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Integration connected',
                phase: 'Integration',
                ownerSide: 'Customer',
                offset: 15,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Live training session',
                phase: 'Enablement',
                ownerSide: 'Vendor',
                offset: 20,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'First workflow in production',
                phase: 'GoLive',
                ownerSide: 'Joint',
                offset: 28,
                valueMarker: 'FirstValue',
                customerVisible: true
            },
            {
                name: 'Usage review',
                phase: 'Adoption',
                ownerSide: 'Vendor',
                offset: 50,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Team-wide rollout',
                phase: 'Adoption',
                ownerSide: 'Customer',
                offset: 75,
                valueMarker: 'FullValue',
                customerVisible: true
            },
            {
                name: 'Business review',
                phase: 'Review',
                ownerSide: 'Joint',
                offset: 85,
                valueMarker: 'None',
                customerVisible: true
            }
        ]
    },
    TechTouch: {
        name: 'Tech touch onboarding',
        cadence: 30,
        training: 'SelfPaced',
        firstValueDays: 30,
        fullValueDays: 90,
        steps: [
            {
                name: 'Welcome email and setup guide',
                phase: 'Kickoff',
                ownerSide: 'Vendor',
                offset: 0,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Account configured',
                phase: 'Setup',
                ownerSide: 'Customer',
                offset: 5,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'Self-paced course completed',
                phase: 'Enablement',
                ownerSide: 'Customer',
                offset: 12,
                valueMarker: 'None',
                customerVisible: true
            },
            {
                name: 'First report shared',
                phase: 'GoLive',
                ownerSide: 'Customer',
                offset: 18,
                valueMarker: 'FirstValue',
                customerVisible: true
            },
            {
                name: 'Usage check-in',
                phase: 'Adoption',
                ownerSide: 'Vendor',
                offset: 40,
                valueMarker: 'None',
                customerVisible: false
            },
            {
                name: 'Habitual weekly use',
                phase: 'Adoption',
                ownerSide: 'Customer',
                offset: 60,
                valueMarker: 'FullValue',
                customerVisible: true
            }
        ]
    }
};

/**
 * Hostile strings (field case F16): markup, SQL, path traversal, right-to-left
 * and zero-width characters and emoji. They must show as literal text.
 */
export const HOSTILE_STRINGS = [
    `<img src=x onerror=alert('liftoff')>`,
    `<script>document.title='pwned'</script>`,
    `Acme' OR Name LIKE '%`,
    `1;DROP TABLE Account`,
    '../../../../etc/passwd',
    'הָיְתָה test الصفحات',
    'zero\u200bwidth\u200djoin',
    '🚀 launch 👩🏽‍💻'
];

const NAME_A = [
    'Blue',
    'North',
    'Iron',
    'Silver',
    'Bright',
    'Cedar',
    'Granite',
    'Harbor',
    'Summit',
    'Pioneer',
    'Atlas',
    'Vertex',
    'Lumen',
    'Quarry',
    'Juniper',
    'Falcon',
    'Beacon',
    'Meridian',
    'Orchard',
    'Tidal'
];
const NAME_B = [
    'Logistics',
    'Health',
    'Foods',
    'Robotics',
    'Analytics',
    'Energy',
    'Retail',
    'Capital',
    'Labs',
    'Freight',
    'Media',
    'Dental',
    'Software',
    'Insurance',
    'Textiles',
    'Motors',
    'Biotech',
    'Education',
    'Water',
    'Aerospace'
];
const SUFFIX = ['Inc.', 'GmbH', 'Ltd', 'SA', 'LLC', 'Group', 'Co.', 'AG', 'KK', 'Oy'];
const FIRST = [
    'Amara',
    'Jonas',
    'Priya',
    'Mateo',
    'Chen',
    'Fatima',
    'Lukas',
    'Sofia',
    'Kwame',
    'Elif',
    'Noah',
    'Yuki',
    'Olivia',
    'Ravi',
    'Ines',
    'Tomás',
    'Hana',
    'Diego',
    'Aiko',
    'Zanele'
];
const LAST = [
    'Okafor',
    'Schmidt',
    'Raman',
    'García',
    'Wei',
    'Haddad',
    'Novak',
    'Rossi',
    'Mensah',
    'Yılmaz',
    'Dubois',
    'Tanaka',
    'Brown',
    'Iyer',
    'Costa',
    'Lindqvist',
    'Kim',
    'Silva',
    'Moreau',
    'Ndlovu'
];
const INDUSTRIES = [
    'Technology',
    'Healthcare',
    'Manufacturing',
    'Retail',
    'Finance',
    'Education',
    'Transportation',
    'Energy'
];
const TITLES: { title: string; buying: string; onboarding: string }[] = [
    { title: 'Chief Operating Officer', buying: 'Signer', onboarding: 'ExecutiveSponsor' },
    { title: 'VP Finance', buying: 'EconomicBuyer', onboarding: 'None' },
    { title: 'Director of Operations', buying: 'Champion', onboarding: 'ProjectLead' },
    { title: 'IT Security Lead', buying: 'VetoHolder', onboarding: 'None' },
    { title: 'Systems Administrator', buying: 'TechnicalEvaluator', onboarding: 'Admin' },
    { title: 'Training Manager', buying: 'None', onboarding: 'Trainer' },
    { title: 'Operations Analyst', buying: 'EndUser', onboarding: 'EndUser' }
];

interface Output {
    records: Map<string, TreeRecord[]>;
}

function ref(type: string, index: number): string {
    return `${type}Ref${index}`;
}

/** Builds every record of the sample, grouped by sObject type, in plan order. */
export function generateSample(): Map<string, TreeRecord[]> {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
    const chance = (p: number): boolean => random() < p;
    const out: Output = { records: new Map() };
    const add = (type: string, fields: Record<string, Json>): string => {
        const list = out.records.get(type) ?? [];
        const referenceId = ref(type, list.length + 1);
        list.push({ attributes: { type, referenceId }, ...fields });
        out.records.set(type, list);
        return `@${referenceId}`;
    };
    for (const type of [
        'Account',
        'Contact',
        'Opportunity',
        'Playbook__c',
        'PlaybookStep__c',
        'OnboardingPlan__c',
        'OnboardingMilestone__c',
        'OnboardingStakeholder__c',
        'AdoptionSnapshot__c'
    ]) {
        out.records.set(type, []);
    }

    const playbookRefs = new Map<Segment, { ref: string; stepRefs: string[] }>();
    for (const segment of ['HighTouch', 'Guided', 'TechTouch'] as Segment[]) {
        const book = PLAYBOOKS[segment];
        const bookRef = add('Playbook__c', {
            Name: book.name,
            DeveloperName__c: `${segment}Default`,
            Segment__c: segment,
            CheckInCadenceDays__c: book.cadence,
            TrainingFormat__c: book.training,
            FirstValueTargetDays__c: book.firstValueDays,
            FullValueTargetDays__c: book.fullValueDays,
            IsActive__c: true,
            Description__c: `Default ${segment} playbook shipped with the sample data.`
        });
        const stepRefs = book.steps.map((step, index) =>
            add('PlaybookStep__c', {
                Name: step.name,
                Playbook__c: bookRef,
                Sequence__c: (index + 1) * 10,
                Phase__c: step.phase,
                OwnerSide__c: step.ownerSide,
                OffsetBusinessDays__c: step.offset,
                ValueMarker__c: step.valueMarker,
                CustomerVisible__c: step.customerVisible,
                Description__c: `${step.name} (${step.ownerSide.toLowerCase()} side).`,
                ExternalId__c: `sample-step-${segment}-${index + 1}`
            })
        );
        playbookRefs.set(segment, { ref: bookRef, stepRefs });
    }

    const firstCohort = addDays(SAMPLE_AS_OF, -30 * COHORT_MONTHS);
    for (let a = 0; a < ACCOUNT_COUNT; a += 1) {
        const roll = random();
        const segment: Segment = roll < 0.2 ? 'HighTouch' : roll < 0.55 ? 'Guided' : 'TechTouch';
        const arr =
            segment === 'HighTouch'
                ? between(150, 600) * 1000
                : segment === 'Guided'
                  ? between(40, 150) * 1000
                  : between(6, 40) * 1000;
        const accountRef = add('Account', {
            Name: `${NAME_A[a % NAME_A.length]} ${NAME_B[Math.floor(a / NAME_A.length) % NAME_B.length]} ${SUFFIX[a % SUFFIX.length]}`,
            Industry: pick(INDUSTRIES),
            Type: 'Customer',
            NumberOfEmployees:
                segment === 'HighTouch'
                    ? between(2000, 40000)
                    : segment === 'Guided'
                      ? between(200, 2000)
                      : between(10, 200),
            BillingCountry: pick([
                'United States',
                'Germany',
                'India',
                'Brazil',
                'Japan',
                'Kenya',
                'France',
                'Australia'
            ]),
            Description: a % 37 === 5 ? HOSTILE_STRINGS[(a / 37) | 0] : `${segment} customer of the Liftoff sample.`
        });

        const contactCount =
            segment === 'HighTouch' ? between(6, 7) : segment === 'Guided' ? between(4, 6) : between(2, 4);
        const contacts = TITLES.slice(0, contactCount).map((role, index) => {
            const first = FIRST[(a * 3 + index) % FIRST.length];
            const last = LAST[(a * 7 + index * 3) % LAST.length];
            return {
                role,
                ref: add('Contact', {
                    FirstName: first,
                    LastName: last,
                    Title: role.title,
                    Email: `${first.toLowerCase()}.${a + 1}.${index + 1}@example.com`
                        .normalize('NFD')
                        .replace(/[\u0300-\u036f]/g, ''),
                    AccountId: accountRef
                })
            };
        });

        // Contract dates spread over 18 monthly cohorts ending at the as-of month.
        const cohort = a % COHORT_MONTHS;
        const contractDate = addDays(firstCohort, cohort * 30 + between(0, 27));
        const age = dayNumber(SAMPLE_AS_OF) - dayNumber(contractDate);
        const hostile = a % 25 === 3 ? HOSTILE_STRINGS[(a / 25) | 0] : null;
        const oppRef = add('Opportunity', {
            Name: `${NAME_B[a % NAME_B.length]} platform ${segment === 'TechTouch' ? 'starter' : 'rollout'}`,
            AccountId: accountRef,
            StageName: 'Closed Won',
            CloseDate: contractDate,
            Amount: arr,
            Type: 'New Business',
            Description:
                hostile ??
                `Won ${segment} deal; customer expects value within ${PLAYBOOKS[segment].firstValueDays} days.`
        });
        if (chance(0.35)) {
            add('Opportunity', {
                Name: `${NAME_B[(a + 3) % NAME_B.length]} expansion`,
                AccountId: accountRef,
                StageName: pick([
                    'Qualification',
                    'Needs Analysis',
                    'Proposal/Price Quote',
                    'Negotiation/Review',
                    'Closed Lost'
                ]),
                CloseDate: addDays(SAMPLE_AS_OF, between(-60, 120)),
                Amount: Math.round(arr * 0.3),
                Type: 'Existing Business',
                Description: a % 11 === 0 ? HOSTILE_STRINGS[a % HOSTILE_STRINGS.length] : 'Expansion to more teams.'
            });
        }

        buildPlan({ a, segment, arr, accountRef, oppRef, contacts, contractDate, age, hostile });
    }

    function buildPlan(input: {
        a: number;
        segment: Segment;
        arr: number;
        accountRef: string;
        oppRef: string;
        contacts: { role: (typeof TITLES)[number]; ref: string }[];
        contractDate: string;
        age: number;
        hostile: string | null;
    }): void {
        const { a, segment, arr, accountRef, oppRef, contacts, contractDate, age } = input;
        const book = PLAYBOOKS[segment];
        const kickoffLag = chance(0.12) ? between(16, 30) : between(3, 12);
        const kickoffDate = age >= kickoffLag ? addDays(contractDate, kickoffLag) : null;
        const churns = age > 90 && chance(0.1);
        const onHold = !churns && chance(0.03);
        const fullValueDays = book.fullValueDays + between(-10, 40);
        const completed = !churns && age > fullValueDays + 30 && chance(0.6);
        const cancelled = a % 53 === 7;
        const wave = Math.floor(a / COHORT_MONTHS) % 3;
        const handoffStage = age < 30 && wave !== 2 ? (wave === 0 ? 'Draft' : 'HandoffSubmitted') : null;
        // About one account in thirteen is in real trouble: slipping steps, silent people, weak adoption.
        const troubled = a % 13 === 4 && age > 60;
        const status =
            handoffStage ??
            (troubled
                ? 'Active'
                : cancelled
                  ? 'Cancelled'
                  : churns
                    ? 'Churned'
                    : onHold
                      ? 'OnHold'
                      : completed
                        ? 'Completed'
                        : 'Active');
        const sponsor = contacts.find((contact) => contact.role.onboarding === 'ExecutiveSponsor') ?? contacts[0];
        const slipProne = troubled || chance(0.25);
        const customerSlips = chance(0.5);
        const silentSponsor = troubled || chance(0.15);
        const firstValueTarget = addDays(contractDate, book.firstValueDays);
        const fullValueTarget = addDays(contractDate, book.fullValueDays);

        const milestoneRows: { fields: Record<string, Json>; completedDate: string | null; valueMarker: string }[] = [];
        book.steps.forEach((step, index) => {
            const target = kickoffDate ? addBusinessDays(kickoffDate, step.offset) : null;
            let completedDate: string | null = null;
            let state = 'NotStarted';
            if (target && status !== 'Draft' && status !== 'HandoffSubmitted') {
                const slipSide = customerSlips ? 'Customer' : 'Vendor';
                const late =
                    slipProne && (step.ownerSide === slipSide || chance(0.2)) ? between(3, 25) : between(-4, 2);
                const done = addDays(target, late);
                const stopped = churns && dayNumber(target) > dayNumber(contractDate) + Math.min(age, 120);
                if (
                    !stopped &&
                    dayNumber(done) <= dayNumber(SAMPLE_AS_OF) &&
                    !(slipProne && late > 10 && chance(0.5))
                ) {
                    completedDate = done;
                    state = 'Completed';
                } else if (dayNumber(target) <= dayNumber(SAMPLE_AS_OF) + 10) {
                    state = chance(0.15) ? 'Blocked' : 'InProgress';
                }
            }
            milestoneRows.push({
                fields: {
                    Name: step.name,
                    Sequence__c: (index + 1) * 10,
                    Phase__c: step.phase,
                    OwnerSide__c: step.ownerSide,
                    OffsetBusinessDays__c: step.offset,
                    TargetDate__c: target,
                    ForecastDate__c: completedDate ? null : target,
                    CompletedDate__c: completedDate,
                    Status__c: state,
                    ValueMarker__c: step.valueMarker,
                    SlipCause__c:
                        completedDate && target && completedDate > target
                            ? slipProne && customerSlips
                                ? 'Customer'
                                : 'Vendor'
                            : 'None',
                    CustomerVisible__c: step.customerVisible,
                    Description__c: step.name,
                    ExternalId__c: `sample-ms-${a + 1}-${index + 1}`
                },
                completedDate,
                valueMarker: step.valueMarker
            });
        });
        const valueDate = (marker: string): string | null =>
            milestoneRows.find((row) => row.valueMarker === marker)?.completedDate ?? null;
        const firstValueAchieved = valueDate('FirstValue');
        const fullValueAchieved = valueDate('FullValue');
        const churnDate = churns ? addDays(contractDate, between(90, Math.max(91, age))) : null;
        const reviewDate = kickoffDate && age > 60 ? addDays(kickoffDate, between(80, 100)) : null;
        const reviewHeld =
            reviewDate && dayNumber(reviewDate) < dayNumber(SAMPLE_AS_OF) && chance(0.7) ? reviewDate : null;

        const planRef = add('OnboardingPlan__c', {
            Name: `${segment} onboarding ${a + 1}`,
            Account__c: accountRef,
            Opportunity__c: oppRef,
            Playbook__c: playbookRefs.get(segment)?.ref ?? null,
            Segment__c: segment,
            Status__c: status,
            ExecutiveSponsor__c: sponsor.ref,
            ContractValue__c: arr * (segment === 'HighTouch' ? 3 : 1),
            ARR__c: arr,
            ContractCurrency__c: 'USD',
            ContractSignedDate__c: contractDate,
            KickoffDate__c: kickoffDate,
            FirstValueTargetDate__c: firstValueTarget,
            FirstValueAchievedDate__c: firstValueAchieved,
            FullValueTargetDate__c: fullValueTarget,
            FullValueAchievedDate__c: fullValueAchieved,
            BusinessReviewDate__c: reviewDate,
            BusinessReviewHeldDate__c: reviewHeld,
            RealizedValue__c: reviewHeld ? 'Cut manual reporting time by a third for the first team.' : null,
            ChurnDate__c: churnDate,
            ChurnReason__c: churns ? pick(['Onboarding', 'Budget', 'Competitor', 'Product', 'Pricing']) : null,
            TimeZone__c: pick([
                'America/Los_Angeles',
                'America/New_York',
                'Europe/Berlin',
                'Asia/Kolkata',
                'Australia/Sydney'
            ]),
            SuccessCriteria__c:
                input.hostile ?? 'Every regional team runs its weekly operations review in the product.',
            BusinessCase__c: `Replace spreadsheets across ${segment === 'HighTouch' ? 'twelve' : 'three'} teams; save 20 hours a week.`,
            MetricsToImprove__c: 'Hours spent on manual reporting per week.',
            PrimaryMetricName__c: 'Reporting hours per week',
            PrimaryMetricBaseline__c: 40,
            PrimaryMetricTarget__c: 20,
            PrimaryMetricCurrent__c: reviewHeld ? between(18, 34) : null,
            TechnicalEnvironment__c: pick([
                'Salesforce Sales Cloud, Okta SSO',
                'Microsoft Dynamics, Azure AD',
                'HubSpot, Google Workspace'
            ]),
            IntegrationDependencies__c: segment === 'TechTouch' ? null : 'CRM sync; data warehouse export.',
            AssumedTimeline__c: `Live within ${Math.round(book.firstValueDays / 7)} weeks.`,
            CustomerGoLiveDate__c: addDays(contractDate, book.firstValueDays - 5),
            HandoffSubmittedAt__c: status === 'Draft' ? null : `${addDays(contractDate, -2)}T16:00:00.000+0000`,
            HandoffAcceptedAt__c:
                status === 'Draft' || status === 'HandoffSubmitted'
                    ? null
                    : `${addDays(contractDate, 1)}T09:30:00.000+0000`,
            ExternalId__c: `sample-plan-${a + 1}`
        });

        const stepRefs = playbookRefs.get(segment)?.stepRefs ?? [];
        milestoneRows.forEach((row, index) => {
            add('OnboardingMilestone__c', {
                ...row.fields,
                OnboardingPlan__c: planRef,
                PlaybookStep__c: stepRefs[index] ?? null
            });
        });

        contacts.forEach((contact, index) => {
            const isSponsor = contact.role.onboarding === 'ExecutiveSponsor';
            const departed = contact.role.buying === 'Champion' && chance(0.06);
            const invited = kickoffDate ? between(2, 12) : 0;
            const attended = (isSponsor && silentSponsor) || troubled ? 0 : Math.min(invited, between(0, invited));
            const engagedAgo = isSponsor && silentSponsor ? null : troubled ? between(60, 120) : between(1, 45);
            add('OnboardingStakeholder__c', {
                OnboardingPlan__c: planRef,
                Contact__c: contact.ref,
                BuyingRole__c: contact.role.buying,
                OnboardingRole__c: contact.role.onboarding,
                Influence__c: index < 2 ? 'High' : index < 4 ? 'Medium' : 'Low',
                Stance__c: pick(['Advocate', 'Supporter', 'Supporter', 'Neutral', 'Skeptic']),
                LastEngagedDate__c:
                    kickoffDate && engagedAgo !== null ? addDays(SAMPLE_AS_OF, -Math.min(engagedAgo, age)) : null,
                MeetingsInvited__c: invited,
                MeetingsAttended__c: attended,
                AvgResponseHours__c: between(2, 72),
                EnablementStatus__c: pick(['NotStarted', 'InProgress', 'Certified']),
                Departed__c: departed,
                ExternalId__c: `sample-sh-${a + 1}-${index + 1}`
            });
        });

        if (!kickoffDate || status === 'Draft' || status === 'HandoffSubmitted') return;
        const licensed =
            segment === 'HighTouch' ? between(200, 1500) : segment === 'Guided' ? between(40, 200) : between(5, 40);
        const lowAdopter = troubled || chance(0.2);
        const end = Math.min(dayNumber(SAMPLE_AS_OF), churnDate ? dayNumber(churnDate) : Infinity);
        for (let month = 1; dayNumber(kickoffDate) + month * 30 <= end; month += 1) {
            const ramp = Math.min(1, month / 4) * (lowAdopter ? 0.3 : 0.75) + (random() - 0.5) * 0.1;
            const active = Math.max(0, Math.min(licensed, Math.round(licensed * ramp)));
            add('AdoptionSnapshot__c', {
                Account__c: accountRef,
                AsOfDate__c: addDays(kickoffDate, month * 30),
                LicensedUsers__c: licensed,
                ActiveUsers__c: active,
                KeyActions__c: active * between(5, 30),
                ExternalId__c: `sample-ad-${a + 1}-${month}`
            });
        }
    }

    return out.records;
}

/** Which objects a file of the plan may point at: parents are saved (and referenced) first. */
const PARENT_TYPES = new Set([
    'Account',
    'Contact',
    'Opportunity',
    'Playbook__c',
    'PlaybookStep__c',
    'OnboardingPlan__c'
]);

/** The plan file, in the shape `sf data export tree --plan` writes and `sf data import tree --plan` reads. */
export function samplePlan(
    records: Map<string, TreeRecord[]>
): { sobject: string; saveRefs: boolean; resolveRefs: boolean; files: string[] }[] {
    return [...records.keys()].map((type, index) => ({
        sobject: type,
        saveRefs: PARENT_TYPES.has(type),
        resolveRefs: index > 0,
        files: [`${type}s.json`]
    }));
}

/** The plan file name; a fixed name so the org CLI and the workbench find it. */
export const SAMPLE_PLAN_FILE = 'sample-plan.json';

/** Writes the sample into `dir`, returning the file names written. */
export function writeSample(dir: string): string[] {
    const records = generateSample();
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    for (const [type, list] of records) {
        const file = `${type}s.json`;
        writeFileSync(join(dir, file), `${JSON.stringify({ records: list }, null, 4)}\n`);
        written.push(file);
    }
    writeFileSync(join(dir, SAMPLE_PLAN_FILE), `${JSON.stringify(samplePlan(records), null, 4)}\n`);
    written.push(SAMPLE_PLAN_FILE);
    return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const at = process.argv.indexOf('--out');
    const dir = at === -1 ? join(root, 'data', 'sample') : process.argv[at + 1];
    const files = writeSample(dir);
    console.log(`generate-sample: wrote ${files.length} files to ${dir}`);
}

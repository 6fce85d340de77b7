/**
 * Typed contracts of every Apex method the components call.
 *
 * Nothing installable types `@salesforce/apex/*` imports, so each method is
 * declared here with the exact parameter object and return type. The Apex
 * controllers, the components and the local workbench server all follow these
 * declarations; a change here is a change of contract for all three.
 *
 * `recordId` parameters accept an Account, Opportunity or OnboardingPlan__c id:
 * the controller resolves the Account's active plan (or the plan itself).
 */

/**
 * A cacheable Apex method import: components call it imperatively or pass it
 * to `@wire`, which provisions `{ data, error }` (as it does in the org).
 */
type ApexWireMethod<Params extends Record<string, unknown>, Result> = ((params: Params) => Promise<Result>) &
    import('lwc').WireAdapterConstructor<Params, { data?: Result; error?: unknown }>;

declare module '@salesforce/apex/DiscoveryHandoffController.getHandoff' {
    import type { HandoffDto } from 'liftoff/dto';
    const getHandoff: ApexWireMethod<{ recordId: string }, HandoffDto>;
    export default getHandoff;
}
declare module '@salesforce/apex/DiscoveryHandoffController.saveHandoff' {
    import type { HandoffDto, HandoffInput } from 'liftoff/dto';
    export default function saveHandoff(params: { planId: string; input: HandoffInput }): Promise<HandoffDto>;
}
declare module '@salesforce/apex/DiscoveryHandoffController.submitHandoff' {
    import type { HandoffGateResult } from 'liftoff/dto';
    export default function submitHandoff(params: { planId: string }): Promise<HandoffGateResult>;
}
declare module '@salesforce/apex/DiscoveryHandoffController.acceptHandoff' {
    import type { HandoffDto } from 'liftoff/dto';
    export default function acceptHandoff(params: { planId: string }): Promise<HandoffDto>;
}
declare module '@salesforce/apex/DiscoveryHandoffController.scheduleHandoffMeeting' {
    /** Creates an Event with the AE, CSM and implementation lead; the discovery summary is its description. */
    export default function scheduleHandoffMeeting(params: {
        planId: string;
        startIso: string;
        durationMinutes: number;
    }): Promise<string>;
}

declare module '@salesforce/apex/MutualPlanController.getPlan' {
    import type { MutualPlanDto } from 'liftoff/dto';
    const getPlan: ApexWireMethod<{ recordId: string }, MutualPlanDto>;
    export default getPlan;
}
declare module '@salesforce/apex/MutualPlanController.saveMilestones' {
    import type { MilestoneEdit, RowSaveResult } from 'liftoff/dto';
    export default function saveMilestones(params: { rows: MilestoneEdit[] }): Promise<RowSaveResult[]>;
}
declare module '@salesforce/apex/MutualPlanController.applyPlaybook' {
    import type { MutualPlanDto } from 'liftoff/dto';
    export default function applyPlaybook(params: { planId: string; playbookId: string }): Promise<MutualPlanDto>;
}

declare module '@salesforce/apex/StakeholderMapController.getStakeholderMap' {
    import type { StakeholderMapDto } from 'liftoff/dto';
    const getStakeholderMap: ApexWireMethod<
        { recordId: string; pageSize: number; pageNumber: number },
        StakeholderMapDto
    >;
    export default getStakeholderMap;
}
declare module '@salesforce/apex/StakeholderMapController.searchContacts' {
    import type { ContactOptionDto } from 'liftoff/dto';
    export default function searchContacts(params: { planId: string; searchTerm: string }): Promise<ContactOptionDto[]>;
}
declare module '@salesforce/apex/StakeholderMapController.addStakeholders' {
    import type { RowSaveResult } from 'liftoff/dto';
    export default function addStakeholders(params: { planId: string; contactIds: string[] }): Promise<RowSaveResult[]>;
}
declare module '@salesforce/apex/StakeholderMapController.saveStakeholders' {
    import type { RowSaveResult, StakeholderEdit } from 'liftoff/dto';
    export default function saveStakeholders(params: { rows: StakeholderEdit[] }): Promise<RowSaveResult[]>;
}

declare module '@salesforce/apex/OnboardingHealthController.getHealth' {
    import type { HealthDto } from 'liftoff/dto';
    const getHealth: ApexWireMethod<{ recordId: string }, HealthDto>;
    export default getHealth;
}
declare module '@salesforce/apex/OnboardingHealthController.updateAlert' {
    import type { AlertAction, AlertDto } from 'liftoff/dto';
    export default function updateAlert(params: {
        alertId: string;
        action: AlertAction;
        snoozeUntil: string | null;
    }): Promise<AlertDto>;
}
declare module '@salesforce/apex/OnboardingHealthController.rescore' {
    import type { HealthDto } from 'liftoff/dto';
    export default function rescore(params: { planId: string }): Promise<HealthDto>;
}

declare module '@salesforce/apex/BusinessReviewController.getBusinessReview' {
    import type { BusinessReviewDto } from 'liftoff/dto';
    const getBusinessReview: ApexWireMethod<{ recordId: string }, BusinessReviewDto>;
    export default getBusinessReview;
}
declare module '@salesforce/apex/BusinessReviewController.saveBusinessReview' {
    import type { BusinessReviewDto, BusinessReviewInput } from 'liftoff/dto';
    export default function saveBusinessReview(params: {
        planId: string;
        input: BusinessReviewInput;
    }): Promise<BusinessReviewDto>;
}
declare module '@salesforce/apex/BusinessReviewController.scheduleBusinessReview' {
    export default function scheduleBusinessReview(params: {
        planId: string;
        startIso: string;
        durationMinutes: number;
    }): Promise<string>;
}

declare module '@salesforce/apex/PortfolioController.getPortfolio' {
    import type { PortfolioDto, PortfolioFilter } from 'liftoff/dto';
    const getPortfolio: ApexWireMethod<{ filter: PortfolioFilter }, PortfolioDto>;
    export default getPortfolio;
}

/**
 * Loads the RavenStack CSV layout into the workbench through the project's one
 * mapping (`scripts/data/ravenstack-mapping.ts`, docs/engine.md section 9):
 * accounts become Accounts, each mapped account's paid subscriptions and churn
 * events become its onboarding plan, each of the plan's ARR changes becomes a
 * won Opportunity on the Account (signed Amount, closed on the change date:
 * docs/engine.md 6.1), feature usage becomes monthly adoption
 * snapshots, and support tickets become Tasks on the Account (the engagement
 * facts an org keeps as activities). Rows the mapping cannot place are
 * reported as rejected with the mapping's reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { mapRavenstack, readRavenstack } from '../data/ravenstack-mapping.ts';
import { FieldError } from './db.ts';
import type { InputValue, WorkbenchDb } from './db.ts';
import { bump } from './import-report.ts';
import type { ImportReport } from './import-report.ts';
import { STANDARD_STAGES } from './standard-objects.ts';

/**
 * The stage of the Opportunities that carry a plan's ARR changes: the standard
 * stage whose won flag is set (won is decided by the flag, never the label).
 */
const WON_STAGE = (() => {
    const stage = STANDARD_STAGES.find((candidate) => candidate.isWon && candidate.isClosed);
    if (!stage) throw new Error('The standard sales process has no won stage.');
    return stage;
})();

const FILE_OBJECT: Record<string, string> = {
    'ravenstack_accounts.csv': 'Account',
    'ravenstack_subscriptions.csv': 'OnboardingPlan__c',
    'ravenstack_churn_events.csv': 'OnboardingPlan__c',
    'ravenstack_feature_usage.csv': 'AdoptionSnapshot__c',
    'ravenstack_support_tickets.csv': 'Task'
};

function insertOrReject(
    db: WorkbenchDb,
    report: ImportReport,
    object: string,
    file: string,
    row: string,
    values: Record<string, InputValue>,
    options: { allowSystem?: boolean } = {}
): string | null {
    try {
        const id = db.insert(object, values, options);
        bump(report.written, object);
        return id;
    } catch (error) {
        if (!(error instanceof FieldError)) throw error;
        report.rejected.push({ object, file, row, reason: error.message });
        return null;
    }
}

/** Reads the tickets file, which the shared mapping does not cover. */
function readTickets(dir: string): Record<string, string>[] {
    return parse(readFileSync(join(dir, 'ravenstack_support_tickets.csv'), 'utf8'), {
        columns: true,
        skip_empty_lines: true,
        trim: true
    }) as Record<string, string>[];
}

/**
 * Imports a RavenStack folder into `db` (inside the caller's transaction).
 * `report.read` counts the CSV rows per file; `report.written` the records per object.
 */
export function loadRavenstack(db: WorkbenchDb, dir: string, report: ImportReport): ImportReport {
    const rows = readRavenstack(dir);
    const tickets = readTickets(dir);
    report.read['ravenstack_accounts.csv'] = rows.accounts.length;
    report.read['ravenstack_subscriptions.csv'] = rows.subscriptions.length;
    report.read['ravenstack_churn_events.csv'] = rows.churnEvents.length;
    report.read['ravenstack_feature_usage.csv'] = rows.featureUsage.length;
    report.read['ravenstack_support_tickets.csv'] = tickets.length;
    const mapping = mapRavenstack(rows);
    for (const unmapped of mapping.unmapped) {
        report.rejected.push({
            object: FILE_OBJECT[unmapped.file] ?? unmapped.file,
            file: unmapped.file,
            row: unmapped.id,
            reason: unmapped.reason
        });
    }
    const accountIds = new Map<string, string>();
    rows.accounts.forEach((account, index) => {
        const id = insertOrReject(
            db,
            report,
            'Account',
            'ravenstack_accounts.csv',
            `${account.account_id} (line ${index + 2})`,
            {
                Name: account.account_name,
                Industry: account.industry,
                BillingCountry: account.country,
                Type: account.is_trial?.toUpperCase() === 'TRUE' ? 'Trial' : 'Customer',
                Description: `RavenStack ${account.plan_tier} account ${account.account_id}, ${account.seats} seats, referred by ${account.referral_source}.`
            }
        );
        if (id) accountIds.set(account.account_id, id);
    });
    for (const input of mapping.plans) {
        const accountId = accountIds.get(input.plan.accountId);
        if (!accountId) {
            report.rejected.push({
                object: 'OnboardingPlan__c',
                file: 'ravenstack_subscriptions.csv',
                row: input.plan.id,
                reason: `its Account ${input.plan.accountId} was rejected`
            });
            continue;
        }
        const plan = input.plan;
        const planId = insertOrReject(db, report, 'OnboardingPlan__c', 'ravenstack_subscriptions.csv', plan.id, {
            Name: `${mapping.accountNames.get(plan.accountId) ?? plan.accountId} onboarding`,
            Account__c: accountId,
            Segment__c: plan.segment,
            Status__c: plan.status,
            ContractSignedDate__c: plan.contractSignedDate,
            KickoffDate__c: plan.kickoffDate,
            FirstValueTargetDate__c: plan.firstValueTargetDate,
            FirstValueAchievedDate__c: plan.firstValueAchievedDate,
            FullValueTargetDate__c: plan.fullValueTargetDate,
            FullValueAchievedDate__c: plan.fullValueAchievedDate,
            ChurnDate__c: plan.churnDate,
            ARR__c: plan.arr,
            ContractValue__c: plan.arr,
            ContractCurrency__c: 'USD',
            TimeZone__c: 'UTC',
            ExternalId__c: `ravenstack-${plan.id}`
        });
        if (!planId) continue;
        for (const change of input.arrChanges) {
            insertOrReject(
                db,
                report,
                'Opportunity',
                'ravenstack_subscriptions.csv',
                `${plan.accountId} ${change.date} ${change.amount}`,
                {
                    Name: `${change.amount < 0 ? 'Contraction' : 'Expansion'} ${change.date.slice(0, 7)}`,
                    AccountId: accountId,
                    StageName: WON_STAGE.apiName,
                    IsWon: WON_STAGE.isWon,
                    IsClosed: WON_STAGE.isClosed,
                    Amount: change.amount,
                    CloseDate: change.date
                },
                { allowSystem: true }
            );
        }
        for (const snapshot of input.adoption) {
            insertOrReject(
                db,
                report,
                'AdoptionSnapshot__c',
                'ravenstack_feature_usage.csv',
                `${plan.accountId} ${snapshot.asOfDate}`,
                {
                    Account__c: accountId,
                    OnboardingPlan__c: planId,
                    AsOfDate__c: snapshot.asOfDate,
                    LicensedUsers__c: snapshot.licensedUsers,
                    ActiveUsers__c: snapshot.activeUsers,
                    KeyActions__c: snapshot.keyActions,
                    ExternalId__c: `ravenstack-${plan.accountId}-${snapshot.asOfDate}`
                }
            );
        }
    }
    tickets.forEach((ticket, index) => {
        const accountId = accountIds.get(ticket.account_id);
        const row = `${ticket.ticket_id} (line ${index + 2})`;
        if (!accountId) {
            report.rejected.push({
                object: 'Task',
                file: 'ravenstack_support_tickets.csv',
                row,
                reason: `unknown account ${ticket.account_id}`
            });
            return;
        }
        insertOrReject(db, report, 'Task', 'ravenstack_support_tickets.csv', row, {
            Subject: `Support ticket ${ticket.ticket_id} (${ticket.priority})`,
            WhatId: accountId,
            ActivityDate: ticket.submitted_at.slice(0, 10),
            Status: ticket.closed_at ? 'Completed' : 'Open',
            Priority: ticket.priority,
            Description: `Resolution ${ticket.resolution_time_hours} h, first response ${ticket.first_response_time_minutes} min, satisfaction ${ticket.satisfaction_score || 'not given'}.`
        });
    });
    return report;
}

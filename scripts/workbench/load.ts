/**
 * Loading data into the workbench, all or nothing: the sample set on first
 * start, an sObject tree export or the ravenstack CSVs with `--import`. Each
 * load runs in one transaction together with the automation an org would run
 * on the same rows (plans for won opportunities, keys, scores, alerts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fillStakeholderKeys, linkAdoptionToPlans, nightly, plansForWonOpportunities } from './automation.ts';
import type { Clock } from './automation.ts';
import type { WorkbenchDb } from './db.ts';
import { ensureRoleUsers } from './server.ts';
import { ImportRefusedError, bump, emptyReport } from './import-report.ts';
import type { ImportReport } from './import-report.ts';
import { loadTree } from './import-tree.ts';
import { loadRavenstack } from './import-ravenstack.ts';

export interface LoadOptions {
    /** Load the rows that pass and report the rest, instead of refusing the whole import. */
    allowRejects: boolean;
    /** Stage API names mapped by the person importing: `{ "Closed/Won": "Closed Won" }` (field case F12). */
    stageMap?: Record<string, string>;
}

/** Which loader reads a folder: ravenstack CSVs or sObject tree JSON. */
export function detectFormat(dir: string): 'ravenstack' | 'tree' {
    if (!existsSync(dir)) throw new Error(`Import folder ${dir} does not exist.`);
    const files = readdirSync(dir);
    if (files.includes('ravenstack_accounts.csv')) return 'ravenstack';
    if (files.some((file) => file.endsWith('.json'))) return 'tree';
    throw new Error(
        `${dir} holds neither sObject tree JSON files nor the ravenstack CSV files (ravenstack_accounts.csv ...).`
    );
}

function count(db: WorkbenchDb, object: string): number {
    return db.count(object);
}

/**
 * Replaces the database content with the rows of `dir`, in one transaction.
 * Throws `ImportRefusedError` (nothing written) when rows are rejected and
 * `allowRejects` is off.
 */
export function importFolder(
    db: WorkbenchDb,
    dir: string,
    clock: Clock,
    options: LoadOptions,
    sample: { playbooksFrom?: string } = {}
): ImportReport {
    const format = detectFormat(dir);
    const report = emptyReport(dir, format);
    db.sql.pragma('foreign_keys = OFF');
    try {
        db.transaction(() => {
            clearData(db);
            if (format === 'tree') loadTree(db, dir, report, options.stageMap ?? {});
            else loadRavenstack(db, dir, report);
            if (report.rejected.length > 0 && !options.allowRejects) throw new ImportRefusedError(report);
            seedPlaybooks(db, sample.playbooksFrom, report);
            // RavenStack plans come from its mapping; its won Opportunities are those plans' ARR changes, not new deals.
            const derived =
                format === 'tree' ? plansForWonOpportunities(db) : { plans: 0, milestones: 0, stakeholders: 0 };
            if (derived.plans > 0) {
                bump(report.derived, 'OnboardingPlan__c', derived.plans);
                bump(report.derived, 'OnboardingMilestone__c', derived.milestones);
                bump(report.derived, 'OnboardingStakeholder__c', derived.stakeholders);
            }
            fillStakeholderKeys(db);
            linkAdoptionToPlans(db);
            assignWorkbenchUsers(db);
            const violations = db.all('PRAGMA foreign_key_check');
            if (violations.length > 0) {
                throw new Error(
                    `Import left ${violations.length} broken reference(s), e.g. ${JSON.stringify(violations[0])}; nothing was written.`
                );
            }
            db.setInfo('source', `${format}:${dir}`);
            const result = nightly(db, clock);
            bump(report.derived, 'HealthSnapshot__c', count(db, 'HealthSnapshot__c'));
            bump(report.derived, 'OnboardingAlert__c', result.openAlerts);
        });
    } finally {
        db.sql.pragma('foreign_keys = ON');
    }
    report.committed = true;
    return report;
}

/**
 * Tree exports cannot carry users, so plans arrive without their CSM, account
 * executive or handoff people. The workbench gives them its role users, as an
 * org's assignment rules would give them real ones.
 */
function assignWorkbenchUsers(db: WorkbenchDb): void {
    const users = ensureRoleUsers(db);
    const set = (field: string, userId: string, when = 'TRUE'): void => {
        db.sql.prepare(`UPDATE OnboardingPlan__c SET "${field}" = ? WHERE "${field}" IS NULL AND ${when}`).run(userId);
    };
    set('CSM__c', users.LiftoffCSM);
    set('AccountExecutive__c', users.LiftoffSales);
    set('HandoffSubmittedBy__c', users.LiftoffSales, 'HandoffSubmittedAt__c IS NOT NULL');
    set('HandoffAcceptedBy__c', users.LiftoffCSM, 'HandoffAcceptedAt__c IS NOT NULL');
}

function clearData(db: WorkbenchDb): void {
    for (const object of db.metadata.objects.values()) {
        if (object.apiName === 'User') continue;
        db.sql.exec(`DELETE FROM "${object.apiName}"`);
    }
}

/**
 * An org export often has no playbooks; the workbench then loads the sample's
 * three segment playbooks so plans born from won opportunities get milestones.
 */
function seedPlaybooks(db: WorkbenchDb, sampleDir: string | undefined, report: ImportReport): void {
    if (!sampleDir || count(db, 'Playbook__c') > 0) return;
    const playbooks = emptyReport(sampleDir, 'sample');
    loadTree(db, sampleDir, playbooks, {}, new Set(['Playbook__c', 'PlaybookStep__c']));
    for (const [object, n] of Object.entries(playbooks.written)) bump(report.derived, object, n);
}

/** The sample folder of the project. */
export function sampleDir(root: string): string {
    return join(root, 'data', 'sample');
}

/**
 * Switches Liftoff's own automation off for the loading user while sample data
 * loads, and back on afterwards.
 *
 * The sample is a finished state: plans, milestones and stakeholders as they
 * stand. With automation on, loading a won Opportunity starts onboarding (the
 * package creates a plan and applies a playbook), so the sample's own plan for
 * that deal would arrive second and be refused or doubled. The package's
 * documented lever for data migrations is `LiftoffSettings__c.BypassAutomation__c`
 * at user level; seed sets it for the running user only and restores what was
 * there before, even when the load fails.
 */
import type { Connection } from 'jsforce';
import type { OrgCatalog } from '../names.ts';
import { queryAll, soqlString } from '../query.ts';
import type { Say } from './bulk.ts';

/** Undoes the bypass; safe to call once. */
export type Restore = () => Promise<void>;

const SETTINGS = 'LiftoffSettings__c';
const FLAG = 'BypassAutomation__c';

/**
 * Sets the user-level bypass for the connection's user.
 *
 * @returns how to restore the previous state (a no-op when nothing was changed)
 */
export async function bypassAutomation(conn: Connection, catalog: OrgCatalog, say: Say): Promise<Restore> {
    const settings = catalog.names.toOrg(SETTINGS);
    const flag = catalog.names.toOrg(FLAG);
    if (!catalog.objects.has(settings)) return async () => undefined;
    const user = await conn.request<{ user_id: string }>({ method: 'GET', url: '/services/oauth2/userinfo' });
    const rows = await queryAll(
        conn,
        `SELECT Id, ${flag} FROM ${settings} WHERE SetupOwnerId IN (${soqlString(user.user_id)})`
    );
    const existing = rows[0];
    if (existing && existing[flag] === true) return async () => undefined;
    const restoreHint = `remove or untick ${SETTINGS}.${FLAG} for user ${user.user_id} in Setup > Custom Settings`;
    say(`automation: Liftoff triggers bypassed for this user while loading (${SETTINGS}.${FLAG}); restored afterwards`);
    let restore: () => Promise<unknown>;
    if (existing) {
        const id = String(existing.Id);
        await conn.sobject(settings).update({ Id: id, [flag]: true });
        restore = () => conn.sobject(settings).update({ Id: id, [flag]: false });
    } else {
        const created = await conn.sobject(settings).create({ SetupOwnerId: user.user_id, [flag]: true });
        restore = () => conn.sobject(settings).destroy(String(created.id));
    }
    return async () => {
        try {
            await restore();
            say('automation: Liftoff triggers restored for this user');
        } catch (error) {
            say(
                `warning: could not restore Liftoff automation (${(error as Error).message.split('\n')[0]}); ${restoreHint}`
            );
        }
    };
}

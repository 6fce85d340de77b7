/**
 * The package's validation rules that the workbench can model exactly, run
 * on a record after a person's save, with the rule's own error message and
 * display field read from `objects/<Object>/validationRules/*.xml`.
 *
 * Limitation: only the rules in `MODELLED` are evaluated, and only on the
 * saves that go through `checkRules` (milestone and stakeholder row saves).
 * docs/workbench.md lists the rules the workbench does not evaluate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ORG_TIME_ZONE } from '../automation.ts';
import { ROOT } from '../build.ts';
import { FieldError } from '../db.ts';
import type { Row } from '../db.ts';
import type { ApexContext } from './support.ts';

const RULES_DIR = join(ROOT, 'force-app', 'main', 'default', 'objects');

/** A rule's error condition in TypeScript; `today` is TODAY() in the running user's time zone. */
type Condition = (row: Row, ctx: ApexContext, today: string) => boolean;

const dateOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function addDays(date: string, days: number): string {
    const parsed = new Date(`${date}T00:00:00Z`);
    parsed.setUTCDate(parsed.getUTCDate() + days);
    return parsed.toISOString().slice(0, 10);
}

/** `NOT(ISBLANK(field)) && field > TODAY() + 1`: the "not in the future" rules with their one day of tolerance. */
const notInFuture =
    (field: string): Condition =>
    (row, _ctx, today) => {
        const value = dateOf(row[field]);
        return value !== null && value > addDays(today, 1);
    };

/** Every modelled rule, by object and rule name. Each also skips for holders of BypassAutomation, as the rules do. */
const MODELLED: Record<string, Record<string, Condition>> = {
    OnboardingMilestone__c: {
        CompletedDateNotInFuture: notInFuture('CompletedDate__c'),
        TargetDateNotBeforeContract: (row, ctx) => {
            const target = dateOf(row.TargetDate__c);
            const plan = ctx.db.one(
                'SELECT ContractSignedDate__c FROM OnboardingPlan__c WHERE Id = ?',
                String(row.OnboardingPlan__c)
            );
            const contract = dateOf(plan?.ContractSignedDate__c);
            return target !== null && contract !== null && target < contract;
        }
    },
    OnboardingStakeholder__c: {
        ReportsToNotSelf: (row) => row.ReportsTo__c !== null && row.ReportsTo__c === row.Id
    }
};

interface RuleText {
    active: boolean;
    message: string;
    displayField: string;
}

const parser = new XMLParser({ parseTagValue: false, trimValues: true });
const ruleTexts = new Map<string, RuleText | null>();

/** The rule's message and display field from its XML, or null when the package no longer has the rule. */
function ruleText(objectName: string, ruleName: string): RuleText | null {
    const key = `${objectName}.${ruleName}`;
    if (!ruleTexts.has(key)) {
        const path = join(RULES_DIR, objectName, 'validationRules', `${ruleName}.validationRule-meta.xml`);
        if (!existsSync(path)) {
            ruleTexts.set(key, null);
        } else {
            const parsed = parser.parse(readFileSync(path, 'utf8')) as {
                ValidationRule?: { active?: string; errorMessage?: string; errorDisplayField?: string };
            };
            const rule = parsed.ValidationRule ?? {};
            ruleTexts.set(key, {
                active: rule.active === 'true',
                message: String(rule.errorMessage ?? `Validation rule ${ruleName} failed.`),
                displayField: String(rule.errorDisplayField ?? '')
            });
        }
    }
    return ruleTexts.get(key) ?? null;
}

/** TODAY() as the org computes it: the calendar date in the running user's time zone. */
export function userToday(ctx: ApexContext): string {
    return new Intl.DateTimeFormat('en-CA', {
        timeZone: ctx.userTimeZone || ORG_TIME_ZONE,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit'
    }).format(ctx.clock.now());
}

/**
 * Runs the modelled validation rules of an object on a saved record and
 * throws a `FieldError` on the rule's display field with its own message for
 * the first rule that fails. Holders of BypassAutomation skip them.
 */
export function checkRules(ctx: ApexContext, objectName: string, id: string): void {
    const rules = MODELLED[objectName];
    if (!rules || ctx.access.hasCustomPermission('BypassAutomation')) return;
    const row = ctx.db.get(objectName, id);
    if (!row) return;
    const today = userToday(ctx);
    for (const [ruleName, fails] of Object.entries(rules)) {
        const text = ruleText(objectName, ruleName);
        if (text?.active && fails(row, ctx, today)) {
            throw new FieldError(objectName, text.displayField, text.message);
        }
    }
}

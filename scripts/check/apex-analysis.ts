/**
 * `npm test -- --only apex-analysis`: Salesforce Code Analyzer over the project's Apex.
 *
 * Runs the Code Analyzer core libraries with:
 * - PMD 7: its `Recommended` Apex rules plus every `Security` Apex rule;
 * - regex: every rule of the engine (old API versions in metadata, heap checks in loops, ...);
 * - SFGE (Salesforce Graph Engine) data-flow rules for FLS, sharing and database
 *   operations in loops (about three minutes on two cores; `--no-sfge` skips it
 *   for a quick local run, `npm test` always runs it).
 *
 * Severity overrides live in code-analyzer.yml. Any violation of severity 1
 * (Critical) or 2 (High) fails the check and is printed as `path:line: message`;
 * lower severities are printed as a count per rule. An error of the PMD or regex
 * engine fails the check. SFGE gives up on some entry points (a 30 s path
 * timeout, internal exceptions on constructs it cannot model): those are printed
 * one by one as "not verified by the data-flow engine" and counted, never hidden,
 * but they are limits of the tool, not findings, so they do not fail the check.
 * A deliberate system-mode read that SFGE reports is accepted only when
 * scripts/check/sfge-accepted.json names its file, rule and the reason; accepted
 * findings are printed with that reason.
 *
 * Usage: tsx scripts/check/apex-analysis.ts [directory] [--no-sfge] [--rules]
 * (`--rules` prints the rules that fail the check, with their severity, and stops)
 * (default directory: force-app)
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig, EventType, LogLevel, SeverityLevel } from '@salesforce/code-analyzer-core';
import type { EngineLogEvent, LogEvent, RuleSelection, RunResults, Violation } from '@salesforce/code-analyzer-core';
import { createEnginePlugin as createPmdPlugin } from '@salesforce/code-analyzer-pmd-engine';
import { createEnginePlugin as createRegexPlugin } from '@salesforce/code-analyzer-regex-engine';
import { createEnginePlugin as createSfgePlugin } from '@salesforce/code-analyzer-sfge-engine';
import { display, listFiles, projectRoot, targetFromArgs } from './shared.ts';

/** Rule selectors: a union of engine:tag:language intersections. */
export const PMD_SELECTORS = ['pmd:Recommended:Apex', 'pmd:Security:Apex'];
export const REGEX_SELECTORS = ['regex'];
export const SFGE_SELECTORS = ['sfge'];

/** The highest severity number that fails the check (1 Critical, 2 High). */
export const FAILING_SEVERITY = SeverityLevel.High;

function describe(violation: Violation): string {
    const rule = violation.getRule();
    const location = violation.getPrimaryLocation();
    const file = location.getFile();
    const where = file ? `${display(file)}:${location.getStartLine() ?? 1}` : '(no file)';
    return `${where}: ${violation.getMessage().trim()} [${rule.getEngineName()}:${rule.getName()}, severity ${rule.getSeverityLevel()}]`;
}

interface AcceptedFinding {
    file: string;
    rule: string;
    /** Pins the acceptance to one line where the rest of the file must stay checked. */
    line?: number;
    reason: string;
}

/** Reviewed SFGE findings on deliberate system-mode code (file relative to the project root). */
function loadAccepted(): AcceptedFinding[] {
    return JSON.parse(
        readFileSync(join(projectRoot, 'scripts', 'check', 'sfge-accepted.json'), 'utf8')
    ) as AcceptedFinding[];
}

function acceptedReason(violation: Violation, accepted: AcceptedFinding[]): string | null {
    const file = violation.getPrimaryLocation().getFile();
    if (!file || violation.getRule().getEngineName() !== 'sfge') return null;
    const path = relative(projectRoot, file);
    const line = violation.getPrimaryLocation().getStartLine();
    const match = accepted.find(
        (entry) =>
            entry.file === path &&
            entry.rule === violation.getRule().getName() &&
            (entry.line === undefined || entry.line === line)
    );
    return match ? match.reason : null;
}

function report(results: RunResults): number {
    const accepted = loadAccepted();
    const severe = results.getViolations().filter((v) => v.getRule().getSeverityLevel() <= FAILING_SEVERITY);
    const failing = severe.filter((violation) => acceptedReason(violation, accepted) === null);
    for (const violation of failing) console.log(describe(violation));
    for (const violation of severe.filter((v) => !failing.includes(v))) {
        console.log(`accepted: ${describe(violation)} (${acceptedReason(violation, accepted) ?? ''})`);
    }
    const lower = new Map<string, number>();
    for (const violation of results.getViolations()) {
        const rule = violation.getRule();
        if (rule.getSeverityLevel() <= FAILING_SEVERITY) continue;
        const key = `severity ${rule.getSeverityLevel()} ${rule.getEngineName()}:${rule.getName()}`;
        lower.set(key, (lower.get(key) ?? 0) + 1);
    }
    const lowerTotal = [...lower.values()].reduce((sum, count) => sum + count, 0);
    if (lowerTotal > 0) {
        console.log(`apex-analysis: ${lowerTotal} lower-severity finding(s), not gating:`);
        for (const [key, count] of [...lower.entries()].sort()) console.log(`  ${String(count).padStart(4)}  ${key}`);
    }
    return failing.length;
}

/**
 * PMD honours `@SuppressWarnings('PMD.Rule')` and `// NOPMD` in the code itself.
 * They do not fail the check, but every one is listed so a reviewer sees what is silenced.
 */
function listInCodeSuppressions(target: string): string[] {
    const found: string[] = [];
    for (const file of listFiles(target, (path) => path.endsWith('.cls') || path.endsWith('.trigger'))) {
        readFileSync(file, 'utf8')
            .split('\n')
            .forEach((text, index) => {
                const annotation = /@SuppressWarnings\(\s*'([^']*PMD[^']*)'\s*\)/i.exec(text);
                const marker = /\/\/\s*NOPMD\b(.*)$/i.exec(text);
                if (annotation) found.push(`${display(file)}:${index + 1}: ${annotation[1]}`);
                if (marker) found.push(`${display(file)}:${index + 1}: NOPMD${marker[1] ?? ''}`);
            });
    }
    return found;
}

/** SFGE's messages carry a Java stack trace after the first sentence; the location and reason are enough. */
function firstLine(message: string): string {
    const cut = message.indexOf(' Error and stacktrace:');
    return (cut === -1 ? message : message.slice(0, cut)).replace(/\/.*?force-app\//, 'force-app/');
}

function printGatingRules(rules: RuleSelection): void {
    for (const engine of rules.getEngineNames()) {
        const gating = rules.getRulesFor(engine).filter((rule) => rule.getSeverityLevel() <= FAILING_SEVERITY);
        for (const rule of gating) console.log(`${engine}:${rule.getName()} severity ${rule.getSeverityLevel()}`);
    }
    console.log(`apex-analysis: ${rules.getCount()} rules selected; the ones above fail the check.`);
}

async function main(): Promise<void> {
    const target = targetFromArgs('force-app');
    const useSfge = !process.argv.includes('--no-sfge');
    const configFile = join(projectRoot, 'code-analyzer.yml');
    const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.fromFile(configFile));
    const errors: string[] = [];
    const unverified: string[] = [];
    analyzer.onEvent(EventType.LogEvent, (event: LogEvent) => {
        if (event.logLevel === LogLevel.Error) errors.push(event.message);
    });
    analyzer.onEvent(EventType.EngineLogEvent, (event: EngineLogEvent) => {
        if (event.logLevel !== LogLevel.Error) return;
        if (event.engineName === 'sfge') unverified.push(firstLine(event.message));
        else errors.push(`${event.engineName}: ${event.message}`);
    });
    await analyzer.addEnginePlugin(createPmdPlugin());
    await analyzer.addEnginePlugin(createRegexPlugin());
    if (useSfge) await analyzer.addEnginePlugin(createSfgePlugin());

    const workspace = await analyzer.createWorkspace([target]);
    const selectors = [...PMD_SELECTORS, ...REGEX_SELECTORS, ...(useSfge ? SFGE_SELECTORS : [])];
    const rules = await analyzer.selectRules(selectors, { workspace });
    if (process.argv.includes('--rules')) {
        printGatingRules(rules);
        return;
    }
    const started = Date.now();
    const results = await analyzer.run(rules, { workspace });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const engines = results.getEngineNames().map((name) => {
        const engine = results.getEngineRunResults(name);
        return `${name} ${engine.getEngineVersion()}: ${engine.getViolationCount()}`;
    });
    const failing = report(results);
    const suppressions = listInCodeSuppressions(target);
    if (suppressions.length > 0) {
        console.log(
            `apex-analysis: ${suppressions.length} PMD suppression(s) in the code (not gating, listed for review):`
        );
        for (const suppression of suppressions) console.log(`  ${suppression}`);
    }
    for (const error of errors) console.log(`apex-analysis: engine error: ${error}`);
    for (const entry of unverified) console.log(`apex-analysis: not verified by the data-flow engine: ${entry}`);
    if (unverified.length > 0) {
        console.log(
            `apex-analysis: SFGE could not finish ${unverified.length} path(s) (timeouts or constructs it cannot model); PMD still checked them.`
        );
    }
    console.log(`apex-analysis: ${rules.getCount()} rules, ${seconds} s (${engines.join('; ')})`);
    if (failing > 0 || errors.length > 0) {
        console.log(`apex-analysis: ${failing} violation(s) of severity 1-2 in ${display(target)}; fix them.`);
        process.exit(1);
    }
    console.log('apex-analysis: no violation of severity 1-2.');
}

main().catch((error: unknown) => {
    console.error(`apex-analysis: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
});

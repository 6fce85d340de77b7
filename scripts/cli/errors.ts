/**
 * Errors the CLI explains in one line: what went wrong and the command that fixes it.
 *
 * Every failure that reaches the top of `liftoff` is turned into a `CliError` by
 * {@link explain}; `main.ts` prints `error: <cause> Fix: <fix>` and exits non-zero,
 * with the stack only under `--verbose`.
 */

/** A failure with a known cause and a command (or action) that fixes it. */
export class CliError extends Error {
    readonly fix: string;
    readonly exitCode: number;
    /** More context, printed only under `--verbose` (the query that failed, for example). */
    readonly detail: string | null;

    /**
     * @param message what went wrong, one sentence
     * @param fix the command or action that fixes it
     * @param exitCode process exit code (2 for bad usage, 1 otherwise)
     * @param detail extra context for `--verbose`
     */
    constructor(message: string, fix: string, exitCode = 1, detail: string | null = null) {
        super(message);
        this.name = 'CliError';
        this.fix = fix;
        this.exitCode = exitCode;
        this.detail = detail;
    }
}

/** Raised when a query delivers fewer or more rows than the `totalSize` the API reported (field case F10). */
export class TruncatedQueryError extends CliError {
    constructor(sobject: string, received: number, totalSize: number, soql: string) {
        super(
            `Query on ${sobject} returned ${received} rows but the API reported totalSize ${totalSize}; nothing was written.`,
            'rerun the command; if it repeats, run it with --verbose and report the query it prints',
            1,
            `query: ${soql}`
        );
        this.name = 'TruncatedQueryError';
    }
}

/** What the CLI knows about the org it talks to, for naming fixes. */
export interface ErrorContext {
    alias: string;
    command: string;
}

interface ApiErrorLike {
    name?: string;
    errorCode?: string;
    message?: string;
}

function codeOf(error: ApiErrorLike): string {
    return error.errorCode ?? error.name ?? '';
}

function fieldFrom(message: string): string {
    const column = /No such column '([^']+)' on (?:entity|sobject of type) '?([^' ]+)'?/i.exec(message);
    if (column) return `${column[2]}.${column[1]}`;
    const named = /field '?([A-Za-z0-9_.]+)'?/i.exec(message);
    return named ? named[1] : 'a Liftoff field';
}

function typeFrom(message: string): string {
    const match = /sObject type '([^']+)'/i.exec(message);
    return match ? match[1] : 'a Liftoff object';
}

/**
 * Turns any error thrown by jsforce, the sf CLI wrapper or the commands into a
 * one-line `CliError`. Unknown errors keep their message and point at `--verbose`.
 *
 * @param error what was thrown
 * @param context the alias and command, so the fix can be pasted as is
 */
export function explain(error: unknown, context: ErrorContext): CliError {
    if (error instanceof CliError) return error;
    const apiError = (error ?? {}) as ApiErrorLike;
    const code = codeOf(apiError);
    const message = apiError.message ?? String(error);
    const login = `sf org login web --alias ${context.alias}`;
    if (code === 'INVALID_SESSION_ID' || /expired access\/refresh token|RefreshTokenAuthError/i.test(message)) {
        return new CliError(`The session for org '${context.alias}' has expired or was revoked.`, login);
    }
    if (code === 'INVALID_FIELD' || /No such column/i.test(message)) {
        return new CliError(
            `Field ${fieldFrom(message)} is not deployed in org '${context.alias}' (or is hidden from this user).`,
            `sf project deploy start --target-org ${context.alias}`
        );
    }
    if (code === 'INVALID_TYPE' || (code === 'NOT_FOUND' && /sObject type/i.test(message))) {
        return new CliError(
            `Object ${typeFrom(message)} is not deployed in org '${context.alias}' or this user cannot see it.`,
            `npx liftoff setup --target-org ${context.alias}`
        );
    }
    if (/^INSUFFICIENT_ACCESS/.test(code) || code === 'API_DISABLED_FOR_ORG' || code === 'FUNCTIONALITY_NOT_ENABLED') {
        return new CliError(
            `The user of org '${context.alias}' lacks a permission Liftoff needs (${code}: ${firstLine(message)}).`,
            `sf org assign permset --name LiftoffAdmin --target-org ${context.alias}`
        );
    }
    if (code === 'UNSUPPORTED_API_VERSION') {
        return new CliError(
            `Org '${context.alias}' does not support the requested API version.`,
            `npx liftoff ${context.command} --api-version <a version the org lists>`
        );
    }
    return new CliError(
        `${code ? `${code}: ` : ''}${firstLine(message)}`,
        `npx liftoff ${context.command} --verbose (prints the full error)`
    );
}

function firstLine(text: string): string {
    return text.split('\n')[0].trim();
}

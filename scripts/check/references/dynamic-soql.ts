/**
 * Dynamic SOQL written as string literals (`Database.queryWithBinds('SELECT ' +
 * 'Id FROM Plan__c WHERE ...', binds, level)`) is checked like inline SOQL: the
 * literals are joined, parsed as a query and resolved against the schema. A
 * query built from anything but literals (variables, method calls) is left to
 * the Apex tests, since its text is only known at run time.
 */
import {
    ApexErrorListener,
    ApexParserFactory,
    Arth2ExpressionContext,
    ExpressionContext,
    LiteralPrimaryContext,
    PrimaryExpressionContext
} from '@apexdevtools/apex-parser';
import type { SchemaIndex } from './schema-index.ts';

/** ANTLR's token type for the end of the input. */
const END_OF_INPUT = -1;
import { checkSoql } from './soql.ts';
import type { Reporter } from './soql.ts';

/** Database methods whose first argument is a SOQL query. */
export const QUERY_METHODS = new Set([
    'query',
    'querywithbinds',
    'countquery',
    'countquerywithbinds',
    'getquerylocator',
    'getquerylocatorwithbinds',
    'getcursor',
    'getcursorwithbinds',
    'getpaginationcursor',
    'getpaginationcursorwithbinds'
]);

/** Apex string literal text to its value: `'it\'s'` → `it's`. */
function unquote(literal: string): string {
    return literal.slice(1, -1).replace(/\\(.)/g, (_match, escaped: string) => {
        const replacements: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
        return replacements[escaped] ?? escaped;
    });
}

/** The value of an expression made only of string literals joined by `+`, or null. */
export function literalText(expression: ExpressionContext): string | null {
    if (expression instanceof Arth2ExpressionContext && expression.ADD()) {
        const left = literalText(expression.expression(0));
        const right = literalText(expression.expression(1));
        return left === null || right === null ? null : left + right;
    }
    if (expression instanceof PrimaryExpressionContext) {
        const primary = expression.primary();
        const text =
            primary instanceof LiteralPrimaryContext ? primary.literal().StringLiteral()?.getText() : undefined;
        return text === undefined ? null : unquote(text);
    }
    return null;
}

class FirstErrorListener extends ApexErrorListener {
    error: string | null = null;

    apexSyntaxError(_line: number, column: number, message: string): void {
        this.error ??= `${message} (at character ${column + 1} of the query)`;
    }
}

/**
 * Checks the query passed as the first argument of a Database query method.
 * @param argument the first argument
 * @param schema objects and fields that exist
 * @param report receives each problem, on the line where the argument starts
 */
export function checkDynamicSoql(argument: ExpressionContext, schema: SchemaIndex, report: Reporter): void {
    const text = literalText(argument);
    if (text === null) return;
    const line = argument.start.line;
    const listener = new FirstErrorListener();
    const { parser } = ApexParserFactory.createLexerAndParser(text, listener);
    const query = parser.query();
    const rest = parser.getCurrentToken();
    if (!listener.error && rest.type !== END_OF_INPUT) {
        listener.error = `unexpected '${rest.text}' after the query (at character ${rest.column + 1} of the query)`;
    }
    if (listener.error) {
        const shown = text.length > 160 ? `${text.slice(0, 157)}...` : text;
        report(line, `dynamic SOQL does not parse: ${listener.error} in "${shown}"`);
        return;
    }
    checkSoql(query, schema, (_queryLine, message) => report(line, message));
}

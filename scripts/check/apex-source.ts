/**
 * Parses Apex classes and triggers with @apexdevtools/apex-parser and collects
 * every syntax error with its line, so checks can report `path:line: message`.
 */
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import type { ApexParser, CompilationUnitContext, TriggerUnitContext } from '@apexdevtools/apex-parser';

/** One syntax error found by the Apex parser. */
export interface ApexSyntaxProblem {
    line: number;
    column: number;
    message: string;
}

/** ANTLR lists every token it would have accepted; past a few that list helps nobody. */
function shorten(message: string): string {
    return message.replace(/ expecting \{([^}]*)\}/, (whole, list: string) =>
        list.split(',').length > 6 ? ' (the parser expected something else here)' : whole
    );
}

class CollectingListener extends ApexErrorListener {
    readonly problems: ApexSyntaxProblem[] = [];

    apexSyntaxError(line: number, column: number, message: string): void {
        this.problems.push({ line, column, message: shorten(message) });
    }
}

/** A parsed Apex file: its tree, the parser that made it, and any syntax errors. */
export interface ParsedApex {
    tree: CompilationUnitContext | TriggerUnitContext;
    parser: ApexParser;
    problems: ApexSyntaxProblem[];
}

/**
 * Parses one Apex source file. `.trigger` files use the trigger grammar, anything else the class grammar.
 * @param source the file's text
 * @param fileName the file name, to choose the grammar
 * @returns the tree and every syntax error, in source order
 */
export function parseApex(source: string, fileName: string): ParsedApex {
    const listener = new CollectingListener();
    const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
    const tree = fileName.endsWith('.trigger') ? parser.triggerUnit() : parser.compilationUnit();
    return { tree, parser, problems: listener.problems };
}

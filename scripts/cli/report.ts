/**
 * Writers for command output: CSV, JSON and Markdown, to a file or stdout.
 * Files are written whole, after every query succeeded, so a failed run never
 * leaves a half-written report.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from './errors.ts';

/** Output formats every reporting command offers. */
export type Format = 'csv' | 'json' | 'md';

/** Reads `--format`, failing with the help fix for anything else. */
export function parseFormat(value: unknown, command: string): Format {
    if (value === 'csv' || value === 'json' || value === 'md') return value;
    throw new CliError(
        `--format must be csv, json or md (got '${String(value)}').`,
        `npx liftoff ${command} --format md`,
        2
    );
}

/** One CSV cell: quoted when it holds a comma, quote or line break; blank for null. */
export function csvCell(value: unknown): string {
    if (value === null || value === undefined) return '';
    const textValue = String(value);
    return /[",\r\n]/.test(textValue) ? `"${textValue.replace(/"/g, '""')}"` : textValue;
}

/** A CSV document from a header and rows (RFC 4180, LF line ends). */
export function toCsv(header: string[], rows: unknown[][]): string {
    return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/** A Markdown table; pipes in cells are escaped so hostile text stays literal. */
export function markdownTable(header: string[], rows: unknown[][]): string {
    const cell = (value: unknown): string =>
        value === null || value === undefined ? '–' : String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
    return [
        `| ${header.join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)
    ].join('\n');
}

/** A rate (0 to 1) as a percentage with one decimal, or blank. */
export function percent(value: number | null): string | null {
    return value === null ? null : `${(value * 100).toFixed(1)} %`;
}

/**
 * Writes the document to `out` (through a temporary file renamed into place) or
 * prints it when `out` is absent.
 */
export function emit(document: string, out: string | undefined, print: (text: string) => void): void {
    if (!out) {
        print(document.replace(/\n$/, ''));
        return;
    }
    mkdirSync(dirname(out), { recursive: true });
    const temporary = `${out}.partial`;
    writeFileSync(temporary, document);
    renameSync(temporary, out);
}

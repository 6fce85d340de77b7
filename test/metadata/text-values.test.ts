/**
 * Text stored by the org (label values, descriptions, help text, error messages) must be exactly the words
 * written: no line break or indentation inside a value. An XML formatter that reflows long text (Prettier's
 * XML plugin with `xmlWhitespaceSensitivity: "ignore"`) silently puts both into the stored text, which then
 * shows in the UI; `.prettierrc.json` therefore preserves XML whitespace, and this test guards the result.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROJECT_ROOT } from '../../scripts/docs/data-model.ts';

/** A leaf element whose text holds a line break, e.g. `<value>\n  words\n</value>`. */
const WRAPPED_TEXT = /<(\w+)(?:\s[^>]*)?>([^<]*\n[^<]*)<\/\1>/g;

function xmlFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
        const full = join(dir, entry);
        if (statSync(full).isDirectory()) return xmlFiles(full);
        return entry.endsWith('.xml') ? [full] : [];
    });
}

/** `file:line: <element>` for every text value that spans lines. */
export function wrappedTextValues(dir: string): string[] {
    const found: string[] = [];
    for (const file of xmlFiles(dir)) {
        const source = readFileSync(file, 'utf8');
        for (const match of source.matchAll(WRAPPED_TEXT)) {
            if ((match[2] ?? '').trim() === '') continue;
            const line = source.slice(0, match.index).split('\n').length;
            found.push(`${relative(PROJECT_ROOT, file)}:${line}: <${match[1]}> text spans lines`);
        }
    }
    return found;
}

describe('stored metadata text', () => {
    it('has no line break or indentation inside any text value under force-app', () => {
        const found = wrappedTextValues(join(PROJECT_ROOT, 'force-app'));

        assert.deepEqual(found, [], `reflowed text values:\n${found.join('\n')}`);
    });

    it('finds a label value that a formatter wrapped onto two lines', () => {
        const found = wrappedTextValues(join(PROJECT_ROOT, 'test', 'fixtures', 'metadata', 'text-values'));

        assert.equal(found.length, 1);
        assert.match(found[0] ?? '', /Wrapped\.labels-meta\.xml:8: <value> text spans lines/);
    });
});

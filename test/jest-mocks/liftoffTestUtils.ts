/**
 * Helpers shared by the Liftoff component specs: waiting for the component to
 * settle, walking shadow trees, an accessibility assertion, and the hostile
 * strings of field case F16.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toBeAccessible } from '@sa11y/jest';

/** Lets pending promises (imperative Apex, re-renders) settle. */
export async function flushPromises(): Promise<void> {
    for (let i = 0; i < 5; i += 1) {
        await new Promise<void>((done) => setTimeout(done, 0));
    }
}

/** Every element matching `selector` in `root` and in the shadow trees below it. */
export function deepQueryAll(root: Element | ShadowRoot | Document, selector: string): Element[] {
    const found: Element[] = [...root.querySelectorAll(selector)];
    for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) {
            found.push(...deepQueryAll(element.shadowRoot, selector));
        }
    }
    return found;
}

/** The text a person would read in the component, through nested shadow trees. */
export function deepText(start: Element | ShadowRoot): string {
    const root = start instanceof Element && start.shadowRoot ? start.shadowRoot : start;
    const parts: string[] = [root.textContent ?? ''];
    for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) {
            parts.push(deepText(element.shadowRoot));
        }
    }
    return parts.join(' ');
}

type Props = Record<string, unknown>;
const NEEDS_LABEL = [
    'lightning-input',
    'lightning-combobox',
    'lightning-textarea',
    'lightning-select',
    'lightning-radio-group',
    'lightning-checkbox-group',
    'lightning-dual-listbox',
    'lightning-slider'
];
const NEEDS_ALT = ['lightning-button-icon', 'lightning-button-icon-stateful', 'lightning-progress-ring'];
/** Base components that take `aria-label` and hand it to the inner element carrying the role. */
const FORWARDS_ARIA_LABEL = ['lightning-progress-bar'];

function blank(value: unknown): boolean {
    return typeof value !== 'string' || value.trim() === '';
}

/**
 * Base components are empty stubs under Jest, so axe cannot see their inner
 * markup: check the properties that give them an accessible name instead.
 */
export function namingViolations(element: Element): string[] {
    const root = element.shadowRoot ?? element;
    const violations: string[] = [];
    for (const field of deepQueryAll(root, NEEDS_LABEL.join(','))) {
        if (blank((field as unknown as Props).label)) {
            violations.push(`${field.tagName.toLowerCase()} has no label`);
        }
    }
    for (const button of deepQueryAll(root, 'lightning-button,lightning-button-menu')) {
        const props = button as unknown as Props;
        if (blank(props.label) && blank(props.alternativeText) && blank(props.title)) {
            violations.push(`${button.tagName.toLowerCase()} has no accessible name`);
        }
    }
    for (const icon of deepQueryAll(root, NEEDS_ALT.join(','))) {
        if (blank((icon as unknown as Props).alternativeText)) {
            violations.push(`${icon.tagName.toLowerCase()} has no alternative text`);
        }
    }
    for (const bar of deepQueryAll(root, FORWARDS_ARIA_LABEL.join(','))) {
        if (blank(bar.getAttribute('aria-label'))) {
            violations.push(`${bar.tagName.toLowerCase()} has no aria-label`);
        }
    }
    return violations;
}

/**
 * The real base component moves `aria-label` onto its inner element with a
 * role; the empty stub keeps it on a role-less host, which axe rejects. Once
 * the label is checked, take it off the stub so axe judges the rest.
 */
function dropForwardedAriaLabels(element: Element): () => void {
    const dropped = deepQueryAll(element.shadowRoot ?? element, FORWARDS_ARIA_LABEL.join(',')).map(
        (host) => [host, host.getAttribute('aria-label') ?? ''] as const
    );
    dropped.forEach(([host]) => host.removeAttribute('aria-label'));
    return () => dropped.forEach(([host, label]) => host.setAttribute('aria-label', label));
}

/**
 * Every accessibility problem found: axe (through sa11y) on the rendered DOM,
 * plus the accessible names of the base components, which axe cannot see.
 */
export async function accessibilityViolations(element: Element): Promise<string[]> {
    const violations = namingViolations(element);
    const restore = dropForwardedAriaLabels(element);
    try {
        const result = await toBeAccessible(element);
        if (!result.pass) {
            violations.push(result.message());
        }
    } finally {
        restore();
    }
    return violations;
}

/** Hostile strings every spec renders, whether or not the shared sample data is present (F16). */
export const INLINE_HOSTILE: string[] = [
    '<img src=x onerror=alert(1)>',
    "Acme' OR Name LIKE '%",
    "'; DROP TABLE Account; --",
    'مرحبا \u202Eبالعالم',
    'zero\u200Bwidth\u200Djoiner',
    '🐵 🙈 🙉 🙊'
];

/** Where the shared public data lives: `LIFTOFF_DATA_DIR`, default `../shared/data` beside the project. */
export function dataDir(): string {
    return process.env.LIFTOFF_DATA_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'data');
}

/**
 * The Opportunity descriptions of the apex-recipes sample that hold markup,
 * quotes or non-ASCII text, or `null` when the sample data is absent.
 */
export function sampleHostileStrings(): string[] | null {
    const file = join(dataDir(), 'apex-recipes', 'Opportunities.json');
    if (!existsSync(file)) {
        return null;
    }
    const { records } = JSON.parse(readFileSync(file, 'utf8')) as { records: { description?: string }[] };
    const hostile = records
        .map((record) => record.description)
        .filter((text): text is string => typeof text === 'string' && /[<>'"]|[^\x00-\x7F]/.test(text));
    return [...new Set(hostile)];
}

/** Every key of a JSON value, at any depth. */
export function allKeys(value: unknown): string[] {
    if (Array.isArray(value)) {
        return value.flatMap(allKeys);
    }
    if (value !== null && typeof value === 'object') {
        return Object.entries(value).flatMap(([key, inner]) => [key, ...allKeys(inner)]);
    }
    return [];
}

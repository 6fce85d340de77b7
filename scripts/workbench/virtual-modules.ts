/**
 * A rollup plugin that supplies the platform modules an org provides and
 * `lightning-base-components` does not: Apex methods (a client that POSTs to
 * the workbench server and doubles as a wire adapter), schema references
 * checked against the package metadata, custom labels read from
 * `CustomLabels.labels-meta.xml`, the running user, i18n and form factor from
 * the page's context, static resource URLs, and small browser versions of
 * lightning/platformResourceLoader, uiRecordApi, platformShowToastEvent,
 * logger, refresh and navigation.
 *
 * The modules are plain JavaScript text: they run in the browser, not here.
 */
import type { Plugin } from 'rollup';
import type { PackageMetadata } from './metadata.ts';

const PREFIX = '\0liftoff:';

/** Reads the context the server writes into the page (role, user, locale, time zone). */
const CONTEXT = `
function context() {
    const element = document.getElementById('liftoff-context');
    return element ? JSON.parse(element.textContent) : {};
}`;

const APEX_RUNTIME = `
import { unwrap } from 'lwc';
${CONTEXT}
const adapters = new WeakMap();

export class ApexError extends Error {}

/** Calls one Apex method on the workbench server; rejects with the platform's error shape. */
export async function callApex(name, params) {
    const response = await fetch('/api/apex/' + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(params ?? {})
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) {
        throw { status: response.status, statusText: response.statusText, body: body ?? { message: response.statusText } };
    }
    return body;
}

/** Wire adapter for a method: provisions { data, error } and remembers the value for refreshApex. */
export function apexAdapter(name) {
    return class {
        constructor(callback) {
            this.callback = callback;
            this.config = undefined;
        }
        update(config) {
            this.config = config;
            const missing = Object.values(config ?? {}).some((value) => value === undefined);
            if (missing) return Promise.resolve();
            return this.fetch();
        }
        fetch() {
            return callApex(name, this.config).then(
                (data) => this.emit({ data, error: undefined }),
                (error) => this.emit({ data: undefined, error })
            );
        }
        emit(value) {
            adapters.set(value, this);
            this.callback(value);
        }
        connect() {}
        disconnect() {}
    };
}

export function refreshApex(wiredValue) {
    // Components hold the wired value behind LWC's reactive proxy; the cache is keyed by the original object.
    const adapter = wiredValue && typeof wiredValue === 'object' ? adapters.get(unwrap(wiredValue)) : undefined;
    return adapter ? adapter.fetch() : Promise.resolve();
}

export function getSObjectValue(record, field) {
    const name = typeof field === 'string' ? field : field.fieldApiName;
    return record ? record[name] : undefined;
}
`;

const RESOURCE_LOADER = `
const loaded = new Map();
function load(tag, url, attributes) {
    if (!loaded.has(url)) {
        loaded.set(url, new Promise((resolve, reject) => {
            const element = document.createElement(tag);
            Object.assign(element, attributes);
            element.onload = () => resolve();
            element.onerror = () => reject(new Error('Could not load ' + url));
            document.head.appendChild(element);
        }));
    }
    return loaded.get(url);
}
export function loadScript(component, url) { return load('script', url, { src: url }); }
export function loadStyle(component, url) { return load('link', url, { rel: 'stylesheet', href: url }); }
`;

const UI_RECORD_API = `
const listeners = new Set();
function fieldName(field) { return typeof field === 'string' ? field.split('.').slice(1).join('.') : field.fieldApiName; }
async function fetchRecord(recordId, fields) {
    const names = (fields ?? []).map(fieldName).join(',');
    const response = await fetch('/api/record/' + encodeURIComponent(recordId) + '?fields=' + encodeURIComponent(names), { credentials: 'same-origin' });
    const body = await response.json();
    if (!response.ok) throw { status: response.status, body };
    return body;
}
export class getRecord {
    constructor(callback) { this.callback = callback; this.refresh = () => this.fetch(); }
    update(config) { this.config = config; if (config && config.recordId) this.fetch(); }
    fetch() {
        const { recordId, fields, optionalFields } = this.config;
        return fetchRecord(recordId, [...(fields ?? []), ...(optionalFields ?? [])]).then(
            (data) => this.callback({ data, error: undefined }),
            (error) => this.callback({ data: undefined, error })
        );
    }
    connect() { listeners.add(this.refresh); }
    disconnect() { listeners.delete(this.refresh); }
}
export function getFieldValue(record, field) {
    const value = record && record.fields ? record.fields[fieldName(field)] : undefined;
    return value ? value.value : undefined;
}
export function getFieldDisplayValue(record, field) {
    const value = record && record.fields ? record.fields[fieldName(field)] : undefined;
    return value ? (value.displayValue ?? value.value) : undefined;
}
export function notifyRecordUpdateAvailable() {
    return Promise.all([...listeners].map((refresh) => refresh())).then(() => undefined);
}
export const getRecordNotifyChange = notifyRecordUpdateAvailable;
`;

const TOAST = `
export class ShowToastEvent extends CustomEvent {
    constructor(toast) {
        super('lightning__showtoast', { detail: toast, bubbles: true, composed: true });
    }
}
`;

const LOGGER = `
export function log(message) {
    fetch('/api/log', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message }) }).catch(() => undefined);
}
`;

const REFRESH = `
const handlers = new Map();
let next = 1;
let listening = false;
export class RefreshEvent extends CustomEvent {
    constructor() { super('lightning__refresh', { bubbles: true, composed: true }); }
}
export function registerRefreshHandler(element, handler) {
    if (!listening) {
        listening = true;
        document.addEventListener('lightning__refresh', () => {
            for (const entry of handlers.values()) entry.handler();
        });
    }
    const id = next++;
    handlers.set(id, { element, handler });
    return id;
}
export function unregisterRefreshHandler(id) { handlers.delete(id); }
export const REFRESH_COMPLETE = 'RefreshComplete';
export const REFRESH_COMPLETE_WITH_ERRORS = 'RefreshCompleteWithErrors';
export const REFRESH_ERROR = 'RefreshError';
`;

const NAVIGATION = `
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');
/** The workbench routes by the URL hash: #/Account/<id>, #/Opportunity/<id>, #/portfolio, #/playbooks. */
export function urlFor(pageReference) {
    const attributes = pageReference.attributes ?? {};
    if (pageReference.type === 'standard__recordPage') return '#/' + (attributes.objectApiName ?? 'record') + '/' + attributes.recordId;
    if (pageReference.type === 'standard__navItemPage') return '#/' + String(attributes.apiName ?? '').toLowerCase();
    if (pageReference.type === 'standard__objectPage') return '#/' + attributes.objectApiName;
    return '#/';
}
export function NavigationMixin(Base) {
    return class extends Base {
        [Navigate](pageReference, replace) {
            const url = urlFor(pageReference);
            if (replace) window.location.replace(url); else window.location.hash = url.slice(1);
        }
        [GenerateUrl](pageReference) { return Promise.resolve(urlFor(pageReference)); }
    };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;
function currentReference() {
    const [, objectApiName, recordId] = window.location.hash.split('/');
    return recordId
        ? { type: 'standard__recordPage', attributes: { objectApiName, recordId, actionName: 'view' }, state: {} }
        : { type: 'standard__navItemPage', attributes: { apiName: objectApiName ?? '' }, state: {} };
}
export class CurrentPageReference {
    constructor(callback) { this.callback = callback; this.listener = () => this.callback(currentReference()); }
    update() { this.callback(currentReference()); }
    connect() { window.addEventListener('hashchange', this.listener); }
    disconnect() { window.removeEventListener('hashchange', this.listener); }
}
`;

function jsString(value: string): string {
    return JSON.stringify(value);
}

export interface VirtualModuleOptions {
    metadata: PackageMetadata;
    /** Labels asked for that the labels file lacks; the build reports them. */
    missingLabels: Set<string>;
    /** Names of the package components that were compiled (`mutualPlan` ...), for `@liftoff/components`. */
    components: string[];
}

/** The registry module: every compiled package component by name, so the shell renders whatever exists. */
export function registryModule(components: string[]): string {
    const imports = components.map((name, index) => `import c${index} from 'c/${name}';`);
    const entries = components.map((name, index) => `${jsString(name)}: c${index}`);
    return `${imports.join('\n')}\nexport default { ${entries.join(', ')} };`;
}

/** Resolves a schema import (`Object.Field`, `Object.Lookup__r.Field`) against the metadata; throws on unknown names. */
export function schemaModule(metadata: PackageMetadata, path: string): string {
    const [objectName, ...rest] = path.split('.');
    const object = metadata.objects.get(objectName);
    if (!object) throw new Error(`@salesforce/schema/${path}: object ${objectName} is not in the package metadata.`);
    if (rest.length === 0) return `export default { objectApiName: ${jsString(objectName)} };`;
    const first = rest[0].endsWith('__r') ? rest[0].replace(/__r$/, '__c') : rest[0];
    if (
        !object.fields.some((field) => field.apiName === first) &&
        !object.fields.some((field) => field.apiName === `${rest[0]}Id`)
    ) {
        throw new Error(`@salesforce/schema/${path}: field ${rest[0]} is not a field of ${objectName}.`);
    }
    return `export default { objectApiName: ${jsString(objectName)}, fieldApiName: ${jsString(rest.join('.'))} };`;
}

/** The rollup plugin; place it before the LWC plugin so these modules win over package stubs. */
export function liftoffVirtualModules(options: VirtualModuleOptions): Plugin {
    const labels = new Map(options.metadata.labels.map((label) => [label.fullName, label.value]));
    const fixed: Record<string, string> = {
        '@salesforce/apex': `export { refreshApex, getSObjectValue } from '${PREFIX}apex-runtime';`,
        'lightning/platformResourceLoader': RESOURCE_LOADER,
        'lightning/uiRecordApi': UI_RECORD_API,
        'lightning/platformShowToastEvent': TOAST,
        'lightning/logger': LOGGER,
        'lightning/refresh': REFRESH,
        'lightning/navigation': NAVIGATION,
        '@salesforce/client/formFactor': `${CONTEXT}\nexport default context().formFactor ?? 'Large';`,
        '@salesforce/i18n/locale': `${CONTEXT}\nexport default context().locale ?? 'en-US';`,
        '@salesforce/i18n/timeZone': `${CONTEXT}\nexport default context().timeZone ?? 'America/Los_Angeles';`,
        '@salesforce/user/Id': `${CONTEXT}\nexport default context().userId ?? null;`,
        '@salesforce/user/isGuest': 'export default false;'
    };
    return {
        name: 'liftoff-virtual-modules',
        resolveId(source) {
            if (source.startsWith(PREFIX)) return source;
            if (source in fixed || source.startsWith('@salesforce/apex/') || source.startsWith('@salesforce/schema/'))
                return PREFIX + source;
            if (source.startsWith('@salesforce/label/c.') || source.startsWith('@salesforce/resourceUrl/'))
                return PREFIX + source;
            if (source.startsWith('@salesforce/customPermission/') || source === '@liftoff/components')
                return PREFIX + source;
            return null;
        },
        load(id) {
            if (!id.startsWith(PREFIX)) return null;
            const source = id.slice(PREFIX.length);
            if (source === 'apex-runtime') return APEX_RUNTIME;
            if (source === '@liftoff/components') return registryModule(options.components);
            if (source in fixed) return fixed[source];
            if (source.startsWith('@salesforce/apex/')) {
                const name = source.slice('@salesforce/apex/'.length);
                return (
                    `import { callApex, apexAdapter } from '${PREFIX}apex-runtime';\n` +
                    `const method = (params) => callApex(${jsString(name)}, params);\n` +
                    `method.adapter = apexAdapter(${jsString(name)});\nexport default method;`
                );
            }
            if (source.startsWith('@salesforce/schema/'))
                return schemaModule(options.metadata, source.slice('@salesforce/schema/'.length));
            if (source.startsWith('@salesforce/label/c.')) {
                const name = source.slice('@salesforce/label/c.'.length);
                const value = labels.get(name);
                if (value === undefined) options.missingLabels.add(name);
                return `export default ${jsString(value ?? `[${name}]`)};`;
            }
            if (source.startsWith('@salesforce/resourceUrl/')) {
                return `export default ${jsString(`/resources/${source.slice('@salesforce/resourceUrl/'.length)}`)};`;
            }
            if (source.startsWith('@salesforce/customPermission/')) {
                const name = source.slice('@salesforce/customPermission/'.length);
                return `${CONTEXT}\nexport default (context().customPermissions ?? []).includes(${jsString(name)});`;
            }
            return null;
        }
    };
}

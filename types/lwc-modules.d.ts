/**
 * Types for the platform modules that `@salesforce/lightning-types` does not cover.
 *
 * The org (and the Jest transformer) resolve these imports at build time; the
 * declarations here only let `tsc` check how the components use them.
 */

declare module '@salesforce/label/*' {
    const label: string;
    export default label;
}

declare module '@salesforce/schema/*' {
    /** A field or object reference; the platform adds the namespace prefix where one applies. */
    const reference: { objectApiName: string; fieldApiName?: string };
    export default reference;
}

declare module '@salesforce/i18n/locale' {
    const locale: string;
    export default locale;
}

declare module '@salesforce/i18n/timeZone' {
    /** The user's Salesforce time zone (IANA id), not the browser's. */
    const timeZone: string;
    export default timeZone;
}

declare module '@salesforce/i18n/lang' {
    const lang: string;
    export default lang;
}

declare module '@salesforce/i18n/dir' {
    const dir: 'ltr' | 'rtl';
    export default dir;
}

declare module '@salesforce/i18n/currency' {
    const currency: string;
    export default currency;
}

declare module '@salesforce/customPermission/*' {
    /** Whether the running user has the custom permission (for example `OverrideHealthScore`). */
    const hasPermission: boolean;
    export default hasPermission;
}

declare module '@salesforce/userPermission/*' {
    const hasPermission: boolean;
    export default hasPermission;
}

declare module '@salesforce/resourceUrl/*' {
    const url: string;
    export default url;
}

declare module '@salesforce/apex' {
    /** Asks the server again for the value a wired Apex method provisioned, and updates its cache. */
    export function refreshApex(wiredValue: unknown): Promise<void>;
}

declare module 'lightning/uiRecordApi' {
    /** Tells Lightning Data Service that records changed outside it (for example through imperative Apex). */
    export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void>;
}

declare module 'lightning/platformShowToastEvent' {
    export class ShowToastEvent extends CustomEvent<{
        title: string;
        message: string;
        variant?: 'info' | 'success' | 'warning' | 'error';
        mode?: 'dismissible' | 'pester' | 'sticky';
    }> {
        constructor(toast: {
            title: string;
            message: string;
            variant?: 'info' | 'success' | 'warning' | 'error';
            mode?: 'dismissible' | 'pester' | 'sticky';
        });
    }
}

declare module 'lightning/refresh' {
    /** Fired by a component after it changed data, so every registered view refreshes. */
    export class RefreshEvent extends CustomEvent<unknown> {
        constructor();
    }
    export function registerRefreshHandler(element: EventTarget, handler: () => Promise<unknown> | void): number;
    export function unregisterRefreshHandler(id: number): void;
}

declare module 'lightning/navigation' {
    import type { LightningElement } from 'lwc';

    export interface PageReference {
        type: string;
        attributes?: Record<string, unknown>;
        state?: Record<string, string>;
    }
    type Constructor<T> = new (...args: never[]) => T;
    /**
     * Adds `this[NavigationMixin.Navigate](pageReference)` to a component class; the
     * symbol-keyed methods are not typed, so callers index the instance with the symbol.
     */
    export const NavigationMixin: {
        <T extends Constructor<LightningElement>>(base: T): T;
        readonly Navigate: unique symbol;
        readonly GenerateUrl: unique symbol;
    };
    export const CurrentPageReference: unknown;
}

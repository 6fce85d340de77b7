/**
 * Jest stand-in for `lightning/navigation` that records where a component
 * navigated (the sfdx-lwc-jest stub drops the page reference). Specs use it with
 * `jest.mock('lightning/navigation', () => require('<path>/test/jest-mocks/lightning/navigation'))`.
 */
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

type Constructor = new () => object;

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');
const calls: { pageReference: unknown; replace: boolean | undefined }[] = [];

export const CurrentPageReference = createTestWireAdapter(jest.fn());

export const NavigationMixin = Object.assign(
    <T extends Constructor>(Base: T): T =>
        class extends (Base as Constructor) {
            [Navigate](pageReference: unknown, replace?: boolean): void {
                calls.push({ pageReference, replace });
            }

            [GenerateUrl](): Promise<string> {
                return Promise.resolve('https://example.invalid/lightning/r/Account/view');
            }
        } as T,
    { Navigate, GenerateUrl }
);

/** Every navigation since the last reset, oldest first. */
export function navigations(): { pageReference: unknown; replace: boolean | undefined }[] {
    return [...calls];
}

/** Forgets the recorded navigations (call it in afterEach). */
export function resetNavigations(): void {
    calls.length = 0;
}

import { createElement } from 'lwc';
import MutualPlan from 'c/mutualPlan';
import getPlan from '@salesforce/apex/MutualPlanController.getPlan';
import getPlanJson from './data/getPlan.json';
import { flushPromises } from '../../../../../../test/jest-mocks/liftoffTestUtils';

jest.mock(
    '@salesforce/apex/MutualPlanController.getPlan',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
// A template with the figures only, so the spec can read what the real engine computed.
jest.mock('@salesforce/label/c.MutualPlanProjectedHealth', () => ({ default: '{0}|{1}|{2}' }), { virtual: true });

const wire = getPlan as unknown as { emit(value: unknown): void };
const ERP = getPlanJson.milestones[0].id;

describe('c-mutual-plan with the real onboarding engine', () => {
    beforeEach(() => {
        // A fixed "today" (in the user's time zone) a few days after the ERP milestone fell due
        jest.useFakeTimers({
            now: new Date('2024-03-25T18:00:00Z'),
            doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask']
        });
    });

    afterEach(() => {
        jest.useRealTimers();
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('projects a better score when an overdue milestone is marked completed', async () => {
        // Render the plan with the projection on
        const element = createElement('c-mutual-plan', { is: MutualPlan });
        element.recordId = '001000000000001AAA';
        document.body.appendChild(element);
        wire.emit(getPlanJson);
        await flushPromises();

        // Complete the overdue ERP milestone in the browser
        (element.shadowRoot!.querySelector('lightning-button.edit-button') as HTMLElement).click();
        await flushPromises();
        for (const [field, value] of [
            ['status', 'Completed'],
            ['completedDate', '2024-03-22']
        ]) {
            element
                .shadowRoot!.querySelector(`[data-id="${ERP}"][data-field="${field}"]`)!
                .dispatchEvent(new CustomEvent('change', { detail: { value } }));
        }
        await flushPromises();

        // The engine scored both versions; the edit raises the projected score
        const [current, projected, delta] = element.shadowRoot!.querySelector('.projection')!.textContent!.split('|');
        expect(Number(projected)).toBeGreaterThan(Number(current));
        expect(delta).toBe(`+${Number(projected) - Number(current)}`);
    });
});

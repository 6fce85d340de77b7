import { createElement } from 'lwc';
import PortfolioHealth from 'c/portfolioHealth';
import getPortfolio from '@salesforce/apex/PortfolioController.getPortfolio';
import { accessibilityViolations, flushPromises } from '../../../../../../test/jest-mocks/liftoffTestUtils';
import getPortfolioJson from './data/getPortfolio.json';

jest.mock(
    '@salesforce/apex/PortfolioController.getPortfolio',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/client/formFactor', () => ({ __esModule: true, default: 'Small' }), { virtual: true });

const PORTFOLIO = getPortfolioJson;
const wire = getPortfolio as unknown as { emit(value: unknown): void };

describe('c-portfolio-health on a phone (F28)', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('shows one card per group instead of the wide table, and stays accessible', async () => {
        // Render on a small form factor
        const element = createElement('c-portfolio-health', { is: PortfolioHealth });
        document.body.appendChild(element);
        wire.emit(PORTFOLIO);
        await flushPromises();

        // Cards, no metrics table
        const cards = [...element.shadowRoot!.querySelectorAll('li.group-card')] as HTMLElement[];
        expect(cards.map((card) => card.dataset.key)).toEqual(['HighTouch', 'Guided', 'total']);
        expect(element.shadowRoot!.querySelector('table.metrics')).toBeNull();
        expect(await accessibilityViolations(element)).toEqual([]);
    });
});

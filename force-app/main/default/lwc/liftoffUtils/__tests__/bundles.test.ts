import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const LWC_DIR = join(__dirname, '..', '..');

/** The page types and objects each Liftoff component is offered on in Lightning App Builder. */
const EXPECTED: Record<string, { targets: string[]; objects: string[] }> = {
    discoveryHandoff: { targets: ['lightning__RecordPage'], objects: ['Account', 'Opportunity'] },
    mutualPlan: { targets: ['lightning__RecordPage'], objects: ['Account'] },
    stakeholderMap: { targets: ['lightning__RecordPage'], objects: ['Account'] },
    onboardingHealth: { targets: ['lightning__RecordPage'], objects: ['Account'] },
    businessReview: { targets: ['lightning__RecordPage'], objects: ['Account'] },
    portfolioHealth: { targets: ['lightning__AppPage', 'lightning__HomePage'], objects: [] }
};

interface TargetConfig {
    '@_targets': string;
    property?: { '@_name': string }[];
    objects?: { object: string[] };
    supportedFormFactors?: { supportedFormFactor: { '@_type': string }[] };
}

function readMeta(name: string) {
    const parser = new XMLParser({
        ignoreAttributes: false,
        isArray: (tag) => ['target', 'targetConfig', 'property', 'object', 'supportedFormFactor'].includes(tag)
    });
    const xml = readFileSync(join(LWC_DIR, name, `${name}.js-meta.xml`), 'utf8');
    return parser.parse(xml).LightningComponentBundle as {
        isExposed: boolean;
        masterLabel?: string;
        description?: string;
        targets: { target: string[] };
        targetConfigs: { targetConfig: TargetConfig[] };
    };
}

describe('Liftoff component bundles', () => {
    it.each(Object.keys(EXPECTED))('%s is exposed with a label, a description, its pages and its objects', (name) => {
        // Read the bundle's metadata
        const meta = readMeta(name);
        const configs = meta.targetConfigs.targetConfig;

        // Exposed and described for App Builder
        expect(meta.isExposed).toBe(true);
        expect(meta.masterLabel).toMatch(/^Liftoff /);
        expect(String(meta.description).trim().length).toBeGreaterThan(20);
        expect(meta.targets.target).toEqual(EXPECTED[name].targets);

        // Record pages name their objects
        const objects = configs.flatMap((config) => config.objects?.object ?? []);
        expect(objects).toEqual(EXPECTED[name].objects);
    });

    it.each(Object.keys(EXPECTED))('%s offers phones wherever the page type allows them (F28)', (name) => {
        // Form factors per page type
        const configs = readMeta(name).targetConfigs.targetConfig;
        const factors = Object.fromEntries(
            configs.map((config) => [
                config['@_targets'],
                (config.supportedFormFactors?.supportedFormFactor ?? []).map((f) => f['@_type'])
            ])
        );

        // Record and app pages: desktop and phone; Home pages support desktop only
        for (const [targets, types] of Object.entries(factors)) {
            expect(types).toEqual(targets.includes('HomePage') ? ['Large'] : ['Large', 'Small']);
        }
        expect(Object.keys(factors).length).toBeGreaterThan(0);
    });

    it.each(Object.keys(EXPECTED))('%s declares a design attribute only for a public property', (name) => {
        // Properties set in App Builder
        const configs = readMeta(name).targetConfigs.targetConfig;
        const properties = configs.flatMap((config) => (config.property ?? []).map((p) => p['@_name']));
        const source = readFileSync(join(LWC_DIR, name, `${name}.ts`), 'utf8');

        // Each is an @api member of the class
        for (const property of properties) {
            expect(source).toMatch(new RegExp(`@api ${property}\\b`));
        }
        expect(existsSync(join(LWC_DIR, name, `${name}.html`))).toBe(true);
    });
});

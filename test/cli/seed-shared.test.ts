import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeOrg } from './fakeOrg.ts';
import { runAgainst } from './harness.ts';

const DATA_DIR = resolve(join(import.meta.dirname, '..', '..'), process.env.LIFTOFF_DATA_DIR ?? '../shared/data');
const RECIPES = join(DATA_DIR, 'apex-recipes');

describe('liftoff seed with a public export that has no plan file (apex-recipes)', () => {
    let org: FakeOrg;
    before(async () => {
        org = await new FakeOrg().start();
    });
    after(async () => {
        await org.stop();
    });

    it('orders the files by their references, loads every row and a rerun creates nothing', async (t) => {
        if (!existsSync(join(RECIPES, 'Accounts.json'))) {
            t.skip(`skipped: LIFTOFF_DATA_DIR ${DATA_DIR} has no apex-recipes export`);
            return;
        }
        const argv = ['seed', '--target-org', 'fake', '--data', RECIPES, '--automation', 'run'];

        const first = await runAgainst(org, argv);
        const second = await runAgainst(org, argv, { root: first.root });

        assert.equal(first.code, 0, first.err.slice(0, 5).join('\n'));
        assert.deepEqual(
            first.out.filter((line) => /^\[\d\/3\]/.test(line)),
            ['[1/3] Account: 50 rows', '[2/3] Contact: 150 rows', '[3/3] Opportunity: 50 rows']
        );
        assert.deepEqual(
            ['Account', 'Contact', 'Opportunity'].map((o) => org.records(o).length),
            [50, 150, 50]
        );
        assert.equal(second.code, 0, second.err.slice(0, 5).join('\n'));
        assert.match(second.out.at(-1) ?? '', /^seed: 250 rows: created 0, updated 250, failed 0/);
        const file = JSON.parse(readFileSync(join(RECIPES, 'Opportunities.json'), 'utf8')) as {
            records: { description?: string }[];
        };
        const stored = org.records('Opportunity').map((o) => String(o.description));
        assert.deepEqual(
            stored.sort(),
            file.records.map((r) => String(r.description)).sort(),
            'hostile descriptions arrive byte for byte'
        );
    });
});

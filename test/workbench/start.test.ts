import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clockFor, listen, parseOptions } from '../../scripts/workbench/start.ts';

describe('npm start options', () => {
    it('takes the port from --port, else PORT, else 3000', () => {
        assert.equal(parseOptions(['--port', '4100'], { PORT: '4200' }).port, 4100);
        assert.equal(parseOptions([], { PORT: '4200' }).port, 4200);
        assert.equal(parseOptions([], {}).port, 3000);
    });

    it('refuses a port or a date it cannot use, saying what to pass', () => {
        assert.throws(() => parseOptions(['--port', 'eighty'], {}), /port "eighty" is not a port number/);
        assert.throws(() => parseOptions(['--today', '30/11/2026'], {}), /write it as YYYY-MM-DD/);
        assert.throws(() => parseOptions(['--colour'], {}), /Unknown option/);
    });

    it('pins the clock at noon UTC so every plan time zone sees the same date', () => {
        assert.equal(clockFor('2026-11-30').now().toISOString(), '2026-11-30T12:00:00.000Z');
    });

    it('says clearly when the port is taken', async () => {
        const holder = createServer();
        const port = await listen(holder, 0);
        try {
            await assert.rejects(listen(createServer(), port), new RegExp(`port ${port} is already in use.*--port`));
        } finally {
            holder.close();
        }
    });
});

import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkbenchServer } from '../../scripts/workbench/server.ts';
import { listen, parseOptions, portInUseMessage, start } from '../../scripts/workbench/start.ts';
import { ROOT, freshDb, pinnedClock } from './helpers.ts';

function tempDbPath(): string {
    return join(mkdtempSync(join(tmpdir(), 'liftoff-start-')), 'wb.db');
}

describe('npm start checks its inputs before touching the database', () => {
    it('suggests the port after the one asked for when it is taken', async () => {
        const holder = createServer();
        const port = await listen(holder, 0);
        try {
            await assert.rejects(listen(createServer(), port), { message: portInUseMessage(port) });
            assert.match(portInUseMessage(4100), /--port 4101 \(or PORT=4101 npm start\)/);
            assert.match(portInUseMessage(65535), /--port 65534/);
        } finally {
            holder.close();
        }
    });

    it('refuses a taken port before creating or filling the --db file', async () => {
        const holder: Server = createServer();
        const port = await listen(holder, 0);
        const dbPath = tempDbPath();
        const said: string[] = [];
        try {
            const options = { ...parseOptions(['--port', String(port), '--db', dbPath], {}) };
            await assert.rejects(
                start(options, (line) => said.push(line)),
                new RegExp(`port ${port} is already in use.*--port ${port + 1}`)
            );
        } finally {
            holder.close();
        }
        assert.equal(existsSync(dbPath), false, 'the database file was not created');
        assert.ok(!said.some((line) => line.includes('loading')), `nothing was loaded: ${said.join(' | ')}`);
    });

    it('refuses an import folder that does not exist before creating the --db file', async () => {
        const dbPath = tempDbPath();
        const options = parseOptions(['--import', '/nonexistent/liftoff-export', '--db', dbPath, '--no-serve'], {});
        await assert.rejects(
            start(options, () => undefined),
            /Import folder \/nonexistent\/liftoff-export does not exist/
        );
        assert.equal(existsSync(dbPath), false, 'the database file was not created');
    });
});

describe('the workbench server', () => {
    it('answers /favicon.ico with an empty 204 instead of a 404', async () => {
        const db = freshDb();
        const server = createWorkbenchServer({
            db,
            clock: pinnedClock('2026-11-30'),
            wwwDir: '/nonexistent',
            root: ROOT
        });
        const port = await listen(server, 0);
        try {
            const response = await fetch(`http://127.0.0.1:${port}/favicon.ico`);
            assert.equal(response.status, 204);
            assert.equal(await response.text(), '');
        } finally {
            server.close();
            db.close();
        }
    });
});

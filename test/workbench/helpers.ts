/**
 * Shared setup for the workbench tests: the package metadata, fresh
 * databases, a pinned clock and the public data folder.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from '../../scripts/workbench/build.ts';
import { WorkbenchDb } from '../../scripts/workbench/db.ts';
import { importFolder } from '../../scripts/workbench/load.ts';
import { readPackageMetadata } from '../../scripts/workbench/metadata.ts';
import { createWorkbenchServer } from '../../scripts/workbench/server.ts';
import type { PackageMetadata } from '../../scripts/workbench/metadata.ts';

export { ROOT };
export const SOURCE_DIR = join(ROOT, 'force-app', 'main', 'default');
export const SAMPLE_DIR = join(ROOT, 'data', 'sample');

let cached: PackageMetadata | null = null;

export function metadata(): PackageMetadata {
    cached ??= readPackageMetadata(SOURCE_DIR);
    return cached;
}

/** A new database with the generated schema, in memory or in a temporary file. */
export function freshDb(onDisk = false): WorkbenchDb {
    const path = onDisk ? join(mkdtempSync(join(tmpdir(), 'liftoff-wb-')), 'test.db') : ':memory:';
    const db = new WorkbenchDb(path, metadata());
    db.recreate();
    return db;
}

export function pinnedClock(today: string): { now: () => Date } {
    return { now: () => new Date(`${today}T12:00:00Z`) };
}

/** `$LIFTOFF_DATA_DIR/<name>`, or null when the public data is not on this machine. */
export function publicData(name: string): string | null {
    const base = resolve(ROOT, process.env.LIFTOFF_DATA_DIR ?? '../shared/data');
    const dir = join(base, name);
    return existsSync(dir) ? dir : null;
}

export function skipMessage(name: string): string {
    return `skipped: LIFTOFF_DATA_DIR (${process.env.LIFTOFF_DATA_DIR ?? '../shared/data'}) has no ${name} folder`;
}

/** A workbench server on a free loopback port over a fresh database holding the sample data. */
export interface SampleServer {
    db: WorkbenchDb;
    server: Server;
    base: string;
}

/** Loads the sample data into a fresh on-disk database and serves it, with "today" pinned to `today`. */
export async function startSampleServer(today: string): Promise<SampleServer> {
    const db = freshDb(true);
    importFolder(db, SAMPLE_DIR, pinnedClock(today), { allowRejects: false });
    const server = createWorkbenchServer({ db, clock: pinnedClock(today), wwwDir: '/nonexistent', root: ROOT });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { db, server, base };
}

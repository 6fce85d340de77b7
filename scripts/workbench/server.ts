/**
 * The workbench HTTP server (node:http, no framework): serves the page, the
 * bundle, SLDS and static resources, answers the Apex contracts at
 * `POST /api/apex/<Class>.<method>` as the role chosen in the page (cookie
 * `liftoff_role`), and the workbench's own endpoints (context, role switch,
 * record headers, playbooks, the nightly pass).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { Access, AccessError, ROLES } from './access.ts';
import type { Role } from './access.ts';
import { CONTROLLERS } from './apex/controllers.ts';
import { ApexError, objectOfId, str } from './apex/support.ts';
import type { ApexContext } from './apex/support.ts';
import { ORG_TIME_ZONE, nightly, rescorePlan } from './automation.ts';
import type { Clock } from './automation.ts';
import { FieldError } from './db.ts';
import type { SqlValue, WorkbenchDb } from './db.ts';

export interface ServerOptions {
    db: WorkbenchDb;
    clock: Clock;
    /** Folder holding `app.js` from the build. */
    wwwDir: string;
    root: string;
    /** Called for each line the components log through lightning/logger. */
    log?: (line: string) => void;
    /** While this returns text, the page shows it (the bundle is still being built) and reloads itself. */
    pending?: () => string | null;
}

function waitingPage(message: string): string {
    const text = message.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Liftoff workbench: getting ready</title>
<link rel="stylesheet" href="/slds/styles/salesforce-lightning-design-system.min.css"></head>
<body class="slds-scope"><div class="slds-p-around_large"><h1 class="slds-text-heading_medium">Liftoff workbench is getting ready</h1>
<p class="slds-m-top_small" role="status">${text}</p><p class="slds-text-color_weak">This page reloads by itself.</p></div></body>
</html>`;
}

const TYPES: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.html': 'text/html; charset=utf-8',
    '.json': 'application/json'
};

const ROLE_USERS: Record<Role, { first: string; last: string; label: string }> = {
    LiftoffAdmin: { first: 'Ada', last: 'Admin', label: 'Admin' },
    LiftoffCSM: { first: 'Casey', last: 'Success', label: 'CSM' },
    LiftoffSales: { first: 'Sam', last: 'Seller', label: 'Sales' },
    LiftoffExecutive: { first: 'Erin', last: 'Executive', label: 'Executive' }
};

/** One workbench user per role, created once; returns the user id of each role. */
export function ensureRoleUsers(db: WorkbenchDb): Record<Role, string> {
    const ids = {} as Record<Role, string>;
    for (const role of ROLES) {
        const person = ROLE_USERS[role];
        const username = `${role.toLowerCase()}@liftoff.workbench`;
        const existing = db.one('SELECT Id FROM User WHERE Username = ?', username);
        ids[role] = existing
            ? String(existing.Id)
            : db.insert('User', {
                  FirstName: person.first,
                  LastName: person.last,
                  Username: username,
                  Email: username,
                  Title: person.label,
                  TimeZoneSidKey: ORG_TIME_ZONE,
                  IsActive: true
              });
    }
    return ids;
}

function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > 5_000_000) throw new ApexError('Request body larger than 5 MB.');
        chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    try {
        const parsed = JSON.parse(text) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        return parsed as Record<string, unknown>;
    } catch {
        throw new ApexError('The request body must be a JSON object of parameters.');
    }
}

function roleOf(req: IncomingMessage): Role {
    const cookie = req.headers.cookie ?? '';
    const match = /(?:^|;\s*)liftoff_role=([A-Za-z]+)/.exec(cookie);
    const role = match?.[1] as Role | undefined;
    return role && (ROLES as readonly string[]).includes(role) ? role : 'LiftoffCSM';
}

function serveFile(res: ServerResponse, file: string, cache = false): void {
    if (!existsSync(file) || !statSync(file).isFile()) {
        send(res, 404, { message: 'Not found.' });
        return;
    }
    res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': cache ? 'max-age=3600' : 'no-store'
    });
    createReadStream(file).pipe(res);
}

/** Resolves `rest` inside `base`, refusing paths that climb out of it. */
function inside(base: string, rest: string): string | null {
    const target = normalize(join(base, decodeURIComponent(rest)));
    return target.startsWith(base + sep) ? target : null;
}

function page(context: Record<string, unknown>): string {
    // The context is JSON inside a non-executed script element; "<" is escaped so no text can close the element.
    const json = JSON.stringify(context).replace(/</g, '\\u003c');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Liftoff workbench</title>
<link rel="stylesheet" href="/slds/styles/salesforce-lightning-design-system.min.css">
<script type="application/json" id="liftoff-context">${json}</script>
</head>
<body class="slds-scope">
<div id="main"></div>
<script src="/app.js"></script>
</body>
</html>`;
}

/** Creates the server; call `listen` on it. */
export function createWorkbenchServer(options: ServerOptions): Server {
    const { db, clock } = options;
    const users = ensureRoleUsers(db);
    const sldsDir = join(options.root, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
    const resources: Record<string, string> = {
        ChartJs: join(options.root, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js')
    };

    const contextFor = (role: Role): ApexContext => ({
        db,
        clock,
        access: new Access(db.metadata, role),
        userId: users[role],
        userTimeZone: ORG_TIME_ZONE
    });

    const api = async (req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> => {
        const role = roleOf(req);
        const ctx = contextFor(role);
        if (path.startsWith('/api/apex/') && req.method === 'POST') {
            const name = decodeURIComponent(path.slice('/api/apex/'.length));
            const handler = CONTROLLERS[name];
            if (!handler) {
                send(res, 404, {
                    message: `No Apex method ${name} in the workbench.`,
                    exceptionType: 'System.NoSuchMethodException'
                });
                return;
            }
            send(res, 200, (await Promise.resolve(handler(await readBody(req), ctx))) ?? null);
            return;
        }
        if (path === '/api/wb/context') {
            send(res, 200, {
                role,
                userName: str(db.one('SELECT Name FROM User WHERE Id = ?', users[role])?.Name),
                roles: ROLES.map((name) => ({ name, label: ROLE_USERS[name].label }))
            });
            return;
        }
        if (path === '/api/wb/role' && req.method === 'POST') {
            const body = await readBody(req);
            const wanted = String(body.role ?? '');
            if (!(ROLES as readonly string[]).includes(wanted))
                throw new ApexError(`Unknown role ${wanted}; use one of ${ROLES.join(', ')}.`);
            res.setHeader('Set-Cookie', `liftoff_role=${wanted}; Path=/; SameSite=Strict`);
            send(res, 200, { role: wanted });
            return;
        }
        if (path === '/api/nightly' && req.method === 'POST') {
            ctx.access.require('OnboardingPlan__c', 'read');
            send(res, 200, nightly(db, clock));
            return;
        }
        if (path === '/api/log' && req.method === 'POST') {
            const body = await readBody(req);
            options.log?.(`component log: ${String(body.message ?? '').slice(0, 500)}`);
            send(res, 200, {});
            return;
        }
        if (path === '/api/wb/accounts') {
            const search = url.searchParams.get('search') ?? '';
            const rows = db.all(
                `SELECT a.Id, a.Name, p.Segment__c, p.Status__c, p.HealthBand__c FROM Account a
                 LEFT JOIN OnboardingPlan__c p ON p.Id = (SELECT Id FROM OnboardingPlan__c WHERE Account__c = a.Id ORDER BY CASE Status__c WHEN 'Active' THEN 0 ELSE 1 END, ContractSignedDate__c DESC LIMIT 1)
                 WHERE a.Name LIKE ? ESCAPE '\\' ORDER BY (p.Id IS NULL), a.Name LIMIT 200`,
                `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
            );
            send(
                res,
                200,
                rows.map((row) => ({
                    id: row.Id,
                    name: row.Name,
                    segment: row.Segment__c,
                    segmentLabel: picklistLabel(db, 'OnboardingPlan__c', 'Segment__c', row.Segment__c),
                    planStatus: row.Status__c,
                    planStatusLabel: picklistLabel(db, 'OnboardingPlan__c', 'Status__c', row.Status__c),
                    healthBand: row.HealthBand__c,
                    healthBandLabel: picklistLabel(db, 'OnboardingPlan__c', 'HealthBand__c', row.HealthBand__c),
                    url: `#/Account/${String(row.Id)}`
                }))
            );
            return;
        }
        const header = /^\/api\/wb\/(account|opportunity)\/([A-Za-z0-9]{15,18})$/.exec(path);
        if (header) {
            send(res, 200, recordHeader(db, header[1] === 'account' ? 'Account' : 'Opportunity', header[2]));
            return;
        }
        const record = /^\/api\/record\/([A-Za-z0-9]{15,18})$/.exec(path);
        if (record) {
            send(
                res,
                200,
                recordForUi(ctx, record[1], (url.searchParams.get('fields') ?? '').split(',').filter(Boolean))
            );
            return;
        }
        if (path === '/api/wb/playbooks') {
            ctx.access.require('Playbook__c', 'read');
            send(res, 200, playbooks(db));
            return;
        }
        if (path === '/api/wb/playbooks/steps' && req.method === 'POST') {
            send(res, 200, savePlaybookSteps(ctx, await readBody(req)));
            return;
        }
        send(res, 404, { message: `Unknown endpoint ${req.method ?? ''} ${path}.` });
    };

    return createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const path = url.pathname;
        if (path.startsWith('/api/')) {
            api(req, res, path, url).catch((error: unknown) => {
                if (error instanceof AccessError)
                    send(res, 403, { message: error.message, exceptionType: 'System.NoAccessException' });
                else if (error instanceof ApexError || error instanceof FieldError)
                    send(res, 400, { message: error.message, exceptionType: 'System.AuraHandledException' });
                else {
                    options.log?.(`server error on ${path}: ${(error as Error).stack ?? String(error)}`);
                    send(res, 500, {
                        message: `Workbench error: ${(error as Error).message}`,
                        exceptionType: 'System.UnexpectedException'
                    });
                }
            });
            return;
        }
        // Browsers ask for an icon on every page; an empty answer keeps a 404 out of the console.
        if (path === '/favicon.ico') {
            res.writeHead(204, { 'Cache-Control': 'max-age=86400' });
            res.end();
            return;
        }
        const waiting = options.pending?.() ?? null;
        if ((path === '/' || path === '/index.html') && waiting !== null) {
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(waitingPage(waiting));
            return;
        }
        if (path === '/' || path === '/index.html') {
            const role = roleOf(req);
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(
                page({
                    role,
                    userId: users[role],
                    locale: 'en-US',
                    timeZone: ORG_TIME_ZONE,
                    formFactor: url.searchParams.get('formFactor') ?? 'Large',
                    customPermissions: new Access(db.metadata, role).customPermissions
                })
            );
            return;
        }
        if (path === '/app.js') return serveFile(res, join(options.wwwDir, 'app.js'));
        if (path.startsWith('/slds/')) {
            const file = inside(sldsDir, path.slice('/slds/'.length));
            return file ? serveFile(res, file, true) : send(res, 404, { message: 'Not found.' });
        }
        if (path.startsWith('/assets/')) {
            const file = inside(sldsDir, path.slice('/assets/'.length));
            return file ? serveFile(res, file, true) : send(res, 404, { message: 'Not found.' });
        }
        if (path.startsWith('/resources/')) {
            const name = path.slice('/resources/'.length);
            const file =
                resources[name] ?? inside(join(options.root, 'force-app', 'main', 'default', 'staticresources'), name);
            return file ? serveFile(res, file) : send(res, 404, { message: 'Not found.' });
        }
        send(res, 404, { message: 'Not found.' });
    });
}

function recordHeader(db: WorkbenchDb, objectName: 'Account' | 'Opportunity', id: string): unknown {
    const row = db.get(objectName, id);
    if (!row) throw new ApexError(`${objectName} ${id} does not exist.`);
    const money = (value: unknown): string =>
        value === null || value === undefined
            ? ''
            : new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(value));
    if (objectName === 'Account') {
        const opportunities = db.all('SELECT * FROM Opportunity WHERE AccountId = ? ORDER BY CloseDate DESC, Id', id);
        return {
            id,
            name: row.Name,
            objectApiName: 'Account',
            fields: [
                { label: 'Industry', value: str(row.Industry) ?? '' },
                { label: 'Type', value: str(row.Type) ?? '' },
                { label: 'Employees', value: row.NumberOfEmployees === null ? '' : String(row.NumberOfEmployees) }
            ],
            description: str(row.Description),
            opportunities: opportunities.map((opp) => ({
                id: opp.Id,
                name: opp.Name,
                stageName: opp.StageName,
                amount: opp.Amount,
                closeDate: opp.CloseDate,
                description: opp.Description,
                url: `#/Opportunity/${String(opp.Id)}`
            })),
            accountUrl: null
        };
    }
    return {
        id,
        name: row.Name,
        objectApiName: 'Opportunity',
        fields: [
            { label: 'Stage', value: str(row.StageName) ?? '' },
            { label: 'Amount', value: money(row.Amount) },
            { label: 'Close date', value: str(row.CloseDate) ?? '' },
            { label: 'Won', value: row.IsWon === 1 ? 'Yes' : 'No' }
        ],
        description: str(row.Description),
        opportunities: [],
        accountUrl: row.AccountId ? `#/Account/${String(row.AccountId)}` : null
    };
}

/** The shape `lightning/uiRecordApi` getRecord provisions: `{ id, apiName, fields: { Name: { value, displayValue } } }`. */
function recordForUi(ctx: ApexContext, id: string, fields: string[]): unknown {
    const objectName = objectOfId(ctx.db, id);
    if (!objectName) throw new ApexError(`${id} is not a known record id.`);
    ctx.access.require(objectName, 'read');
    const row = ctx.db.get(objectName, id);
    if (!row) throw new ApexError(`${objectName} ${id} does not exist.`);
    const result: Record<string, { value: unknown; displayValue: string | null }> = {};
    for (const name of fields) {
        const field = ctx.db.field(objectName, name);
        if (!field) throw new ApexError(`${objectName}.${name} is not a field.`);
        if (!ctx.access.fieldReadable(objectName, field.apiName)) continue;
        const value = row[field.apiName];
        result[field.apiName] = {
            value: field.type === 'Checkbox' ? value === 1 : value,
            displayValue: field.picklist?.find((entry) => entry.value === value)?.label ?? null
        };
    }
    return { id, apiName: objectName, fields: result };
}

/**
 * The label a person sees for a stored picklist value, from the object
 * metadata; a value the picklist does not list is shown as stored, and no
 * value as an empty string.
 */
function picklistLabel(db: WorkbenchDb, objectName: string, fieldName: string, value: SqlValue | undefined): string {
    if (value === null || value === undefined) return '';
    return db.field(objectName, fieldName)?.picklist?.find((entry) => entry.value === value)?.label ?? String(value);
}

function playbooks(db: WorkbenchDb): unknown {
    return db.all('SELECT * FROM Playbook__c ORDER BY Name').map((book) => ({
        id: book.Id,
        name: book.Name,
        segment: book.Segment__c,
        segmentLabel: picklistLabel(db, 'Playbook__c', 'Segment__c', book.Segment__c),
        firstValueTargetDays: book.FirstValueTargetDays__c,
        fullValueTargetDays: book.FullValueTargetDays__c,
        steps: db
            .all('SELECT * FROM PlaybookStep__c WHERE Playbook__c = ? ORDER BY Sequence__c, Id', String(book.Id))
            .map((step) => ({
                id: step.Id,
                name: step.Name,
                sequence: step.Sequence__c,
                phase: step.Phase__c,
                phaseLabel: picklistLabel(db, 'PlaybookStep__c', 'Phase__c', step.Phase__c),
                ownerSide: step.OwnerSide__c,
                ownerSideLabel: picklistLabel(db, 'PlaybookStep__c', 'OwnerSide__c', step.OwnerSide__c),
                offsetBusinessDays: step.OffsetBusinessDays__c,
                valueMarker: step.ValueMarker__c,
                valueMarkerLabel: picklistLabel(db, 'PlaybookStep__c', 'ValueMarker__c', step.ValueMarker__c)
            }))
    }));
}

const STEP_FIELDS: Record<string, string> = {
    name: 'Name',
    sequence: 'Sequence__c',
    offsetBusinessDays: 'OffsetBusinessDays__c'
};

function savePlaybookSteps(ctx: ApexContext, body: Record<string, unknown>): unknown {
    ctx.access.require('PlaybookStep__c', 'edit');
    const rows = body.rows;
    if (!Array.isArray(rows)) throw new ApexError('rows must be a list of step edits.');
    ctx.db.transaction(() => {
        for (const raw of rows as Record<string, unknown>[]) {
            const values: Record<string, string | number | null> = {};
            for (const [key, value] of Object.entries(raw)) {
                if (key === 'id') continue;
                const field = STEP_FIELDS[key];
                if (!field) throw new ApexError(`${key} cannot be edited in the playbook editor.`);
                values[field] = key === 'name' ? String(value) : Number(value);
                if (key === 'offsetBusinessDays' && (!Number.isInteger(Number(value)) || Number(value) < 0)) {
                    throw new ApexError(`Offset ${String(value)} must be a whole number of business days, 0 or more.`);
                }
            }
            ctx.access.requireEditable('PlaybookStep__c', Object.keys(values));
            ctx.db.update('PlaybookStep__c', String(raw.id), values);
        }
    });
    return { saved: rows.length };
}

/** Re-exported so tests can rescore after direct writes. */
export { rescorePlan };

/**
 * Reference checks for inline SOQL and SOSL: the object after FROM (or a child
 * relationship in a subquery), and every field path in SELECT, WHERE, GROUP BY
 * and ORDER BY, resolved through parent relationships.
 */
import {
    BoundExpressionContext,
    FieldListContext,
    FieldNameContext,
    FieldSpecContext,
    FromNameListContext,
    QueryContext,
    SelectEntryContext,
    SoslIdContext,
    SubFieldEntryContext,
    SubQueryContext,
    TypeOfContext
} from '@apexdevtools/apex-parser';
import type { ApexParseTree, SoslClausesContext } from '@apexdevtools/apex-parser';
import type { ObjectInfo, SchemaIndex } from './schema-index.ts';

/** Receives one problem: the line it is on and what is wrong. */
export type Reporter = (line: number, message: string) => void;

const lower = (name: string): string => name.toLowerCase();

function children(node: ApexParseTree): ApexParseTree[] {
    return (node as { children?: ApexParseTree[] | null }).children ?? [];
}

/** Field names of one query level: nested subqueries, TYPEOF and bind expressions are left out. */
function ownFieldNames(node: ApexParseTree, found: FieldNameContext[] = []): FieldNameContext[] {
    for (const child of children(node)) {
        if (
            child instanceof SubQueryContext ||
            child instanceof TypeOfContext ||
            child instanceof BoundExpressionContext
        )
            continue;
        if (child instanceof FromNameListContext) continue;
        if (child instanceof FieldNameContext) found.push(child);
        else ownFieldNames(child, found);
    }
    return found;
}

/** Subqueries directly inside one query level, without descending into them. */
function ownSubQueries(node: ApexParseTree, found: SubQueryContext[] = []): SubQueryContext[] {
    for (const child of children(node)) {
        if (child instanceof BoundExpressionContext) continue;
        if (child instanceof SubQueryContext) found.push(child);
        else ownSubQueries(child, found);
    }
    return found;
}

function fieldPath(ctx: FieldNameContext): string[] {
    return ctx.soqlId_list().map((id) => id.getText());
}

/** Follows `Account__r.Owner.Name` from `object`; reports the first unknown part. */
function checkPath(schema: SchemaIndex, object: ObjectInfo, path: string[], line: number, report: Reporter): void {
    let current: ObjectInfo | null = object;
    for (let index = 0; index < path.length && current; index += 1) {
        const part = path[index] as string;
        if (!current.fieldsKnown || schema.isForeignNamespaced(part)) return;
        const key = lower(schema.stripNamespace(part));
        const last = index === path.length - 1;
        if (!last) {
            const parent = current.parents.get(key);
            if (parent === undefined) {
                report(line, `unknown relationship ${current.name}.${part}`);
                return;
            }
            current = parent === '*' ? null : schema.object(parent);
        } else if (!current.fields.has(key)) {
            report(line, `unknown field ${current.name}.${part}`);
        }
    }
}

class QueryChecker {
    constructor(
        private readonly schema: SchemaIndex,
        private readonly report: Reporter
    ) {}

    /** Checks one query level against `object`, then its subqueries. */
    checkLevel(level: QueryContext | SubQueryContext, object: ObjectInfo | null, alias: string | null): void {
        if (object) {
            for (const field of ownFieldNames(level)) {
                const path = fieldPath(field);
                const prefix = lower(path[0] ?? '');
                const relative =
                    path.length > 1 && (prefix === lower(alias ?? '') || prefix === lower(object.name))
                        ? path.slice(1)
                        : path;
                checkPath(this.schema, object, relative, field.start.line, this.report);
            }
        }
        for (const sub of ownSubQueries(level)) this.checkSubQuery(sub, object);
    }

    private checkSubQuery(sub: SubQueryContext, outer: ObjectInfo | null): void {
        const from = sub.fromNameList();
        const name = from.fieldName(0)?.getText() ?? '';
        const alias = from.soqlId(0)?.getText() ?? null;
        const line = sub.start.line;
        const inSelect = sub.parentCtx instanceof SelectEntryContext || sub.parentCtx instanceof SubFieldEntryContext;
        if (!inSelect) {
            this.checkLevel(sub, this.resolveObject(name, line), alias);
            return;
        }
        if (!outer || !outer.fieldsKnown) {
            this.checkLevel(sub, null, alias);
            return;
        }
        const child = outer.children.get(lower(this.schema.stripNamespace(name)));
        if (child === undefined) {
            if (!this.schema.isForeignNamespaced(name))
                this.report(line, `unknown child relationship ${outer.name}.${name}`);
            return;
        }
        this.checkLevel(sub, child === '*' ? null : this.schema.object(child), alias);
    }

    resolveObject(name: string, line: number): ObjectInfo | null {
        const object = this.schema.object(name);
        if (!object && !this.schema.isForeignNamespaced(name)) this.report(line, `unknown object ${name}`);
        return object;
    }
}

/**
 * Checks one inline SOQL query.
 * @param query the query's parse tree
 * @param schema objects and fields that exist
 * @param report receives each problem
 */
export function checkSoql(query: QueryContext, schema: SchemaIndex, report: Reporter): void {
    const checker = new QueryChecker(schema, report);
    const from = query.fromNameList();
    const object = checker.resolveObject(from.fieldName(0)?.getText() ?? '', query.start.line);
    checker.checkLevel(query, object, from.soqlId(0)?.getText() ?? null);
}

function soslIdPath(ctx: SoslIdContext): string[] {
    return ctx.getText().split('.');
}

/** The field names of a SOSL `RETURNING Object(...)` list; the alias after TOLABEL(x) is not a field. */
function soslFieldIds(list: FieldListContext, found: SoslIdContext[] = []): SoslIdContext[] {
    const wrapped = list.TOLABEL() ?? list.CONVERT_CURRENCY() ?? list.FORMAT();
    const ids = list.soslId_list();
    if (wrapped) {
        if (ids[0]) found.push(ids[0]);
    } else {
        found.push(...ids);
    }
    for (const nested of list.fieldList_list()) soslFieldIds(nested, found);
    return found;
}

/**
 * Checks the RETURNING part of one inline SOSL search.
 * @param clauses the search's clauses
 * @param schema objects and fields that exist
 * @param report receives each problem
 */
export function checkSosl(clauses: SoslClausesContext, schema: SchemaIndex, report: Reporter): void {
    const checker = new QueryChecker(schema, report);
    const specs: FieldSpecContext[] = [];
    const collect = (node: ApexParseTree): void => {
        for (const child of children(node)) {
            if (child instanceof FieldSpecContext) specs.push(child);
            collect(child);
        }
    };
    collect(clauses);
    for (const spec of specs) {
        const objectId = spec.soslId(0);
        if (!objectId) continue;
        const object = checker.resolveObject(objectId.getText(), spec.start.line);
        if (!object) continue;
        const fieldList = spec.fieldList();
        const fields = fieldList ? soslFieldIds(fieldList) : [];
        for (const id of fields) checkPath(schema, object, soslIdPath(id), id.start.line, report);
        for (const field of ownFieldNames(spec)) checkPath(schema, object, fieldPath(field), field.start.line, report);
    }
}

/**
 * Walks one parsed Apex file and reports every object, field, relationship,
 * label and class it names that the schema index and the project's types do
 * not know. Variables are tracked by scope so that `plan.Status__c` is checked
 * against the declared type of `plan`, and a local variable is never taken for
 * a class.
 */
import {
    BlockContext,
    CastExpressionContext,
    CatchClauseContext,
    ClassDeclarationContext,
    ConstructorDeclarationContext,
    CreatorContext,
    DotExpressionContext,
    DotMethodCallContext,
    EnhancedForControlContext,
    EnumDeclarationContext,
    ExpressionContext,
    FieldDeclarationContext,
    ForStatementContext,
    FormalParameterContext,
    IdPrimaryContext,
    InterfaceDeclarationContext,
    LocalVariableDeclarationContext,
    MethodDeclarationContext,
    NewExpressionContext,
    PrimaryExpressionContext,
    ArgumentsContext,
    ArrayExpressionContext,
    ClassCreatorRestContext,
    AssignExpressionContext,
    SetterContext,
    SoqlLiteralContext,
    SoslLiteralContext,
    SubExpressionContext,
    TriggerUnitContext,
    TypeRefContext,
    WhenControlContext
} from '@apexdevtools/apex-parser';
import type { ApexParseTree, ApexParserRuleContext } from '@apexdevtools/apex-parser';
import type { ApexType } from './apex-types.ts';
import type { SchemaIndex } from './schema-index.ts';
import { checkDynamicSoql, QUERY_METHODS } from './dynamic-soql.ts';
import { checkSoql, checkSosl } from './soql.ts';
import type { Reporter } from './soql.ts';
import { TypeResolver } from './type-resolver.ts';

/** One step of a dotted expression: `plan`, `Account__r`, `getDescribe()`. */
interface Segment {
    name: string;
    call: boolean;
    line: number;
}

const lower = (name: string): string => name.toLowerCase();

function children(node: ApexParseTree): ApexParseTree[] {
    return (node as { children?: ApexParseTree[] | null }).children ?? [];
}

function isRule(node: ApexParseTree): node is ApexParserRuleContext {
    return !('symbol' in node);
}

function lineOf(ctx: ApexParserRuleContext): number {
    return ctx.start.line;
}

/** Walks one file; construct one per file. */
export class ApexReferenceWalker {
    private readonly scopes: Map<string, string>[] = [];
    private readonly typeStack: ApexType[] = [];
    private readonly resolver: TypeResolver;

    constructor(
        private readonly schema: SchemaIndex,
        private readonly types: Map<string, ApexType>,
        private readonly report: Reporter
    ) {
        this.resolver = new TypeResolver(schema, types);
    }

    /** Checks the whole tree of one class or trigger file. */
    walk(tree: ApexParseTree): void {
        this.visit(tree);
    }

    private visit(node: ApexParseTree): void {
        if (!isRule(node)) return;
        if (this.visitSpecial(node)) return;
        this.visitChildren(node);
    }

    private visitChildren(node: ApexParseTree): void {
        for (const child of children(node)) this.visit(child);
    }

    private withScope(action: () => void, scope: Map<string, string> = new Map()): void {
        this.scopes.push(scope);
        try {
            action();
        } finally {
            this.scopes.pop();
        }
    }

    private declare(name: string, type: string): void {
        this.scopes[this.scopes.length - 1]?.set(lower(name), type);
    }

    /** The declared type of a variable, field or property in scope, or undefined. */
    private variableType(name: string): string | undefined {
        for (let index = this.scopes.length - 1; index >= 0; index -= 1) {
            const found = this.scopes[index]?.get(lower(name));
            if (found !== undefined) return found;
        }
        return undefined;
    }

    private visitSpecial(ctx: ApexParserRuleContext): boolean {
        if (ctx instanceof ClassDeclarationContext) return this.visitClass(ctx);
        if (ctx instanceof EnumDeclarationContext) return true;
        if (ctx instanceof InterfaceDeclarationContext) return this.visitInterface(ctx);
        if (ctx instanceof TriggerUnitContext) return this.visitTrigger(ctx);
        if (
            ctx instanceof MethodDeclarationContext ||
            ctx instanceof ConstructorDeclarationContext ||
            ctx instanceof BlockContext ||
            ctx instanceof ForStatementContext
        ) {
            this.withScope(() => this.visitChildren(ctx));
            return true;
        }
        if (ctx instanceof SetterContext) {
            this.withScope(() => this.visitChildren(ctx), new Map([['value', this.propertyType(ctx)]]));
            return true;
        }
        if (ctx instanceof CatchClauseContext) return this.visitCatch(ctx);
        if (ctx instanceof WhenControlContext) return this.visitWhen(ctx);
        if (ctx instanceof FormalParameterContext || ctx instanceof EnhancedForControlContext) {
            this.declare(ctx.id().getText(), ctx.typeRef().getText());
            return false;
        }
        if (ctx instanceof LocalVariableDeclarationContext || ctx instanceof FieldDeclarationContext) {
            for (const declarator of ctx.variableDeclarators().variableDeclarator_list()) {
                this.declare(declarator.id().getText(), ctx.typeRef().getText());
            }
            return false;
        }
        return this.visitExpressionNode(ctx);
    }

    private visitExpressionNode(ctx: ApexParserRuleContext): boolean {
        if (ctx instanceof TypeRefContext) {
            this.checkTypeRef(ctx);
            return false;
        }
        if (ctx instanceof NewExpressionContext) {
            this.checkCreator(ctx.creator());
            return false;
        }
        if (ctx instanceof DotExpressionContext) {
            this.checkQueryCall(ctx);
            if (!this.isInnerLink(ctx)) this.checkChain(ctx);
            return false;
        }
        if (ctx instanceof PrimaryExpressionContext && ctx.primary() instanceof IdPrimaryContext) {
            this.checkLoneName(ctx);
            return false;
        }
        if (ctx instanceof SoqlLiteralContext) {
            checkSoql(ctx.query(), this.schema, this.report);
            return false;
        }
        if (ctx instanceof SoslLiteralContext) {
            checkSosl(ctx.soslClauses(), this.schema, this.report);
            return false;
        }
        return false;
    }

    /**
     * A name used on its own (`total`, `value`) must be a variable, field or property in scope.
     * The start of a dotted chain is checked with the chain, and `Field__c` in
     * `new Plan__c(Field__c = ...)` is checked as a field by checkCreator.
     */
    private checkLoneName(ctx: PrimaryExpressionContext): void {
        const parent = ctx.parentCtx;
        if (parent instanceof DotExpressionContext && parent.expression() === ctx) return;
        if (parent instanceof AssignExpressionContext && parent.expression(0) === ctx && this.isCreatorArgument(parent))
            return;
        const name = ctx.primary().getText();
        if (this.variableType(name) === undefined) this.report(lineOf(ctx), `unknown variable ${name}`);
    }

    private isCreatorArgument(assignment: AssignExpressionContext): boolean {
        const list = assignment.parentCtx;
        const args = list?.parentCtx;
        return args instanceof ArgumentsContext && args.parentCtx instanceof ClassCreatorRestContext;
    }

    private propertyType(setter: SetterContext): string {
        const declaration = setter.parentCtx?.parentCtx;
        const typeRef = (declaration as { typeRef?: () => TypeRefContext | null } | null)?.typeRef?.();
        return typeRef ? typeRef.getText() : 'Object';
    }

    private visitClass(ctx: ClassDeclarationContext): boolean {
        const type = this.resolver.declaredType(ctx.id().getText(), this.typeStack);
        const scope = new Map<string, string>();
        for (let current: ApexType | null = type; current; current = this.resolver.superclassOf(current)) {
            for (const [name, declared] of current.fieldTypes) if (!scope.has(name)) scope.set(name, declared);
        }
        if (type) this.typeStack.push(type);
        try {
            this.withScope(() => this.visitChildren(ctx), scope);
        } finally {
            if (type) this.typeStack.pop();
        }
        return true;
    }

    private visitInterface(ctx: InterfaceDeclarationContext): boolean {
        const type = this.resolver.declaredType(ctx.id().getText(), this.typeStack);
        if (type) this.typeStack.push(type);
        try {
            this.visitChildren(ctx);
        } finally {
            if (type) this.typeStack.pop();
        }
        return true;
    }

    private visitTrigger(ctx: TriggerUnitContext): boolean {
        const objectId = ctx.id(1);
        if (objectId && !this.schema.object(objectId.getText())) {
            this.report(lineOf(objectId), `unknown object ${objectId.getText()}`);
        }
        this.withScope(() => this.visitChildren(ctx));
        return true;
    }

    private visitCatch(ctx: CatchClauseContext): boolean {
        const typeName = ctx.qualifiedName().getText();
        this.checkTypeName(typeName.split('.'), lineOf(ctx.qualifiedName()));
        this.withScope(() => {
            this.declare(ctx.id().getText(), typeName);
            this.visitChildren(ctx.block());
        });
        return true;
    }

    private visitWhen(ctx: WhenControlContext): boolean {
        this.withScope(() => {
            const value = ctx.whenValue();
            const typeRef = value.typeRef();
            const id = value.id();
            if (typeRef && id) this.declare(id.getText(), typeRef.getText());
            this.visitChildren(ctx);
        });
        return true;
    }

    /** `Database.query('SELECT ...')` and its relatives: a query written as literals is checked like inline SOQL. */
    private checkQueryCall(ctx: DotExpressionContext): void {
        const call = ctx.dotMethodCall();
        if (!call || !QUERY_METHODS.has(lower(call.anyId().getText()))) return;
        const target = lower(ctx.expression().getText());
        if (target !== 'database' && target !== 'system.database') return;
        const first = call.expressionList()?.expression(0);
        if (first) checkDynamicSoql(first, this.schema, this.report);
    }

    /** A dot expression that is the left side of another one is checked as part of the outer chain. */
    private isInnerLink(ctx: DotExpressionContext): boolean {
        const parent = ctx.parentCtx;
        return parent instanceof DotExpressionContext && parent.expression() === ctx;
    }

    private checkTypeRef(ctx: TypeRefContext): void {
        const names = ctx
            .typeName_list()
            .map((typeName) => typeName.id()?.getText() ?? typeName.getText().replace(/<.*$/, ''));
        this.checkTypeName(names, lineOf(ctx));
    }

    private checkTypeName(names: string[], line: number): void {
        const problem = this.resolver.checkTypeName(names, this.typeStack);
        if (problem) this.report(line, problem);
    }

    private checkCreator(creator: CreatorContext): void {
        const pairs = creator.createdName().idCreatedNamePair_list();
        const names = pairs.map((pair) => pair.anyId().getText());
        const line = lineOf(creator);
        this.checkTypeName(names, line);
        const objectName =
            names.length === 1
                ? names[0]
                : names.length === 2 && lower(names[0] ?? '') === 'schema'
                  ? names[1]
                  : undefined;
        const object =
            objectName && !this.resolver.findType(objectName, this.typeStack) ? this.schema.object(objectName) : null;
        const args = creator.classCreatorRest()?.arguments().expressionList()?.expression_list() ?? [];
        if (!object) return;
        for (const arg of args) {
            if (!(arg instanceof AssignExpressionContext)) continue;
            const target = arg.expression(0);
            const primary = target instanceof PrimaryExpressionContext ? target.primary() : null;
            if (primary instanceof IdPrimaryContext) {
                const problem = this.resolver.checkField(object, primary.getText());
                if (problem) this.report(lineOf(primary), problem);
            }
        }
    }

    private checkChain(ctx: DotExpressionContext): void {
        const segments: Segment[] = [];
        let base: ExpressionContext = ctx;
        while (base instanceof DotExpressionContext) {
            const call: DotMethodCallContext | null = base.dotMethodCall();
            const id = call ? call.anyId() : base.anyId();
            segments.unshift({ name: id.getText(), call: Boolean(call), line: lineOf(id) });
            base = base.expression();
        }
        const baseType = this.baseExpressionType(base);
        if (baseType !== undefined) {
            this.resolveOnType(baseType, segments);
            return;
        }
        if (base instanceof PrimaryExpressionContext && base.primary() instanceof IdPrimaryContext) {
            const first = base.primary().getText();
            this.resolveFromName([{ name: first, call: false, line: lineOf(base) }, ...segments]);
        }
    }

    /** The static type of a cast, an indexed list variable or a parenthesised cast, when known. */
    private baseExpressionType(base: ExpressionContext): string | undefined {
        if (base instanceof CastExpressionContext) return base.typeRef().getText();
        if (base instanceof SubExpressionContext) {
            const inner = base.getChild(1);
            return inner instanceof ExpressionContext ? this.baseExpressionType(inner) : undefined;
        }
        if (base instanceof ArrayExpressionContext) {
            const list = base.expression(0);
            if (list instanceof PrimaryExpressionContext && list.primary() instanceof IdPrimaryContext) {
                const declared = this.variableType(list.primary().getText());
                const element = declared ? /^(?:list<(.+)>|(.+)\[\])$/i.exec(declared) : null;
                return element ? (element[1] ?? element[2]) : undefined;
            }
        }
        return undefined;
    }

    private resolveOnType(typeName: string, segments: Segment[]): void {
        const object = this.resolver.objectForTypeName(typeName, this.typeStack);
        if (object) this.walkFields(object.name, segments);
    }

    private resolveFromName(segments: Segment[]): void {
        const [first, ...rest] = segments;
        if (!first || rest.length === 0) return;
        const declared = this.variableType(first.name);
        if (declared !== undefined) {
            this.resolveOnType(declared, rest);
            return;
        }
        const problem = this.resolver.checkStaticChain(
            segments.map((segment) => ({ name: segment.name, call: segment.call })),
            this.typeStack
        );
        if (problem) this.report(segments[problem.index]?.line ?? first.line, problem.message);
    }

    private walkFields(objectName: string, segments: Segment[]): void {
        const problem = this.resolver.walkFields(
            objectName,
            segments.map((segment) => ({ name: segment.name, call: segment.call }))
        );
        if (problem) this.report(segments[problem.index]?.line ?? 1, problem.message);
    }
}

export type { Reporter };

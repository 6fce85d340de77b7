/**
 * The project's own Apex types, read in a first pass over every class file so
 * that the reference check can resolve `new X()`, `X.member` and `Outer.Inner`
 * whatever the order of the files.
 */
import {
    ClassDeclarationContext,
    EnumDeclarationContext,
    FieldDeclarationContext,
    InterfaceDeclarationContext,
    MethodDeclarationContext,
    PropertyDeclarationContext,
    InterfaceMethodDeclarationContext
} from '@apexdevtools/apex-parser';

/** One class, interface or enum of the project, with the names of its members. */
export interface ApexType {
    name: string;
    kind: 'class' | 'interface' | 'enum';
    /** Lower-case names of fields, properties, methods and enum values. */
    members: Set<string>;
    /** Lower-case names of static methods annotated @AuraEnabled. */
    auraEnabled: Set<string>;
    /** Lower-case name → the type declared inside this one. */
    inner: Map<string, ApexType>;
    /** The `extends` type as written, or null. */
    superclass: string | null;
    /** Lower-case names and declared types of fields and properties (for variables resolved through `this`). */
    fieldTypes: Map<string, string>;
    outer: ApexType | null;
}

function addMembers(type: ApexType, ctx: ClassDeclarationContext): void {
    for (const declaration of ctx.classBody().classBodyDeclaration_list()) {
        const member = declaration.memberDeclaration();
        if (!member) continue;
        const modifiers = declaration.modifier_list().map((modifier) => modifier.getText().toLowerCase());
        const method = member.methodDeclaration();
        const field = member.fieldDeclaration();
        const property = member.propertyDeclaration();
        const nested = member.classDeclaration() ?? member.enumDeclaration() ?? member.interfaceDeclaration();
        if (method) addMethod(type, method, modifiers);
        if (field) addField(type, field);
        if (property) addProperty(type, property);
        if (nested) {
            const inner = readType(nested, type);
            type.inner.set(inner.name.toLowerCase(), inner);
        }
    }
}

function addMethod(type: ApexType, method: MethodDeclarationContext, modifiers: string[]): void {
    const name = method.id().getText().toLowerCase();
    type.members.add(name);
    if (modifiers.includes('static') && modifiers.some((modifier) => modifier.startsWith('@auraenabled'))) {
        type.auraEnabled.add(name);
    }
}

function addField(type: ApexType, field: FieldDeclarationContext): void {
    for (const declarator of field.variableDeclarators().variableDeclarator_list()) {
        const name = declarator.id().getText().toLowerCase();
        type.members.add(name);
        type.fieldTypes.set(name, field.typeRef().getText());
    }
}

function addProperty(type: ApexType, property: PropertyDeclarationContext): void {
    const name = property.id().getText().toLowerCase();
    type.members.add(name);
    type.fieldTypes.set(name, property.typeRef().getText());
}

/**
 * Reads one type declaration (and its inner types).
 * @param ctx the class, enum or interface declaration
 * @param outer the enclosing type, or null for a top-level type
 */
export function readType(
    ctx: ClassDeclarationContext | EnumDeclarationContext | InterfaceDeclarationContext,
    outer: ApexType | null
): ApexType {
    const base = {
        name: ctx.id().getText(),
        members: new Set<string>(),
        auraEnabled: new Set<string>(),
        inner: new Map<string, ApexType>(),
        fieldTypes: new Map<string, string>(),
        outer
    };
    if (ctx instanceof EnumDeclarationContext) {
        const constants = ctx.enumConstants()?.id_list() ?? [];
        for (const constant of constants) base.members.add(constant.getText().toLowerCase());
        return { ...base, kind: 'enum', superclass: null };
    }
    if (ctx instanceof InterfaceDeclarationContext) {
        const methods: InterfaceMethodDeclarationContext[] = ctx.interfaceBody().interfaceMethodDeclaration_list();
        for (const method of methods) base.members.add(method.id().getText().toLowerCase());
        return { ...base, kind: 'interface', superclass: null };
    }
    const type: ApexType = { ...base, kind: 'class', superclass: ctx.typeRef()?.getText() ?? null };
    addMembers(type, ctx);
    return type;
}

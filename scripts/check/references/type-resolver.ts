/**
 * Name resolution for the reference check: project types (with inner types and
 * inheritance), standard Apex classes and namespaces, and sObject fields and
 * relationships. Every method returns a problem message, or null when the name
 * resolves.
 */
import type { ApexType } from './apex-types.ts';
import type { ObjectInfo, SchemaIndex } from './schema-index.ts';

/** One step of a dotted name: `Account__r`, or `getDescribe()` when `call` is true. */
export interface NameStep {
    name: string;
    call: boolean;
}

/** A problem at one step of a dotted name. */
export interface StepProblem {
    index: number;
    message: string;
}

const lower = (name: string): string => name.toLowerCase();

/** Suffixes that mark an sObject type name rather than a class name. */
const SOBJECT_SUFFIX = /__(c|mdt|e|x|b|share|history|feed|changeevent)$/i;

export class TypeResolver {
    constructor(
        private readonly schema: SchemaIndex,
        private readonly types: Map<string, ApexType>
    ) {}

    /** The project type being declared as `name` inside the types on the stack. */
    declaredType(name: string, stack: ApexType[]): ApexType | null {
        const outer = stack[stack.length - 1];
        return (outer ? outer.inner.get(lower(name)) : this.types.get(lower(name))) ?? null;
    }

    /** The project superclass of `type`, or null when it has none or extends a standard class. */
    superclassOf(type: ApexType): ApexType | null {
        if (!type.superclass) return null;
        const context: ApexType[] = [];
        for (let current = type.outer; current; current = current.outer) context.unshift(current);
        const found = this.findType(type.superclass, context);
        return found === type ? null : found;
    }

    /** Inner types visible by simple name from inside `type`: its own, its outer types' and their superclasses'. */
    private innerVisibleFrom(type: ApexType, name: string): ApexType | null {
        const seen = new Set<ApexType>();
        for (let current: ApexType | null = type; current && !seen.has(current); current = this.superclassOf(current)) {
            seen.add(current);
            if (lower(current.name) === name) return current;
            const inner = current.inner.get(name);
            if (inner) return inner;
        }
        return type.outer ? this.innerVisibleFrom(type.outer, name) : null;
    }

    /**
     * The project type a (possibly dotted) name refers to from inside the types on `stack`.
     * @param name `Inner`, `Outer.Inner` or `Outer`
     * @param stack the enclosing types, outermost first
     */
    findType(name: string, stack: ApexType[]): ApexType | null {
        const [first, ...rest] = name.split('.').map(lower);
        if (!first) return null;
        const innermost = stack[stack.length - 1];
        let type = (innermost ? this.innerVisibleFrom(innermost, first) : null) ?? this.types.get(first) ?? null;
        for (const part of rest) {
            if (!type) return null;
            type = type.inner.get(part) ?? null;
        }
        return type;
    }

    /** Problem with a type name used in a declaration, cast, `new` or `catch`, or null. */
    checkTypeName(names: string[], stack: ApexType[]): string | null {
        const written = names.join('.');
        if (names.length === 0 || this.findType(written, stack)) return null;
        const [first = '', second = ''] = names.map(lower);
        if (names.length === 1) return this.checkSimpleTypeName(names[0] ?? '', stack);
        if (first === this.schema.namespace.toLowerCase() && names.length === 2) {
            return this.checkTypeName(names.slice(1), stack);
        }
        if (first === 'system' || first === 'schema' || first === 'database') {
            const known = this.schema.apexNamespaces.get(first)?.has(second) ?? false;
            const isObject = first === 'schema' && this.schema.object(names[1] ?? '') !== null;
            return names.length === 2 && (known || isObject) ? null : `unknown class ${written}`;
        }
        if (this.schema.otherApexNamespaces.has(first)) return null;
        return `unknown class ${written}`;
    }

    private checkSimpleTypeName(name: string, stack: ApexType[]): string | null {
        if (this.findType(name, stack) || this.schema.isSystemClass(name) || this.schema.object(name)) return null;
        // Schema classes (SObjectType, DescribeFieldResult, ...) may be written without their namespace.
        if (this.schema.apexNamespaces.get('schema')?.has(name.toLowerCase())) return null;
        if (this.schema.isForeignNamespaced(name)) return null;
        return SOBJECT_SUFFIX.test(name) ? `unknown object ${name}` : `unknown class ${name}`;
    }

    /** The object a declared type names (`OnboardingPlan__c`, `Schema.Account`), or null. */
    objectForTypeName(typeName: string, stack: ApexType[]): ObjectInfo | null {
        const plain = typeName.replace(/^schema\./i, '');
        if (plain.includes('<') || plain.includes('[') || this.findType(plain, stack)) return null;
        return this.schema.object(plain);
    }

    /** Problem with `field` on `object`, or null. Relationship names (`Account__r`) count as fields here. */
    checkField(object: ObjectInfo, field: string): string | null {
        if (!object.fieldsKnown || this.schema.isForeignNamespaced(field)) return null;
        const key = lower(this.schema.stripNamespace(field));
        if (object.fields.has(key) || object.parents.has(key) || object.children.has(key)) return null;
        return `unknown field ${object.name}.${field}`;
    }

    /**
     * Follows a field path from an sObject value: relationships first, a field last.
     * Stops at the first method call, polymorphic relationship or object whose fields are not listed.
     */
    walkFields(objectName: string, steps: NameStep[]): StepProblem | null {
        let object = this.schema.object(objectName);
        for (let index = 0; index < steps.length && object; index += 1) {
            const step = steps[index] as NameStep;
            if (step.call || !object.fieldsKnown || this.schema.isForeignNamespaced(step.name)) return null;
            const key = lower(this.schema.stripNamespace(step.name));
            const parent = object.parents.get(key);
            if (parent !== undefined) {
                object = parent === '*' ? null : this.schema.object(parent);
                continue;
            }
            if (object.fields.has(key) || object.children.has(key)) return null;
            return { index, message: `unknown field ${object.name}.${step.name}` };
        }
        return null;
    }

    /**
     * Checks a dotted name whose first part is not a variable: a class and its
     * members, an sObject token (`Account.Name`, `Plan__c.SObjectType`), a
     * describe (`Schema.SObjectType.Plan__c.fields.Status__c`) or a label.
     */
    checkStaticChain(steps: NameStep[], stack: ApexType[]): StepProblem | null {
        const [first, second] = steps.map((step) => lower(step.name));
        if (first === undefined || steps[0]?.call) return null;
        if (first === 'system' && second !== undefined && !steps[1]?.call) return this.checkSystemChain(steps);
        if (first === 'schema' && second !== undefined) return this.checkSchemaChain(steps);
        if (first === 'sobjecttype') return this.checkDescribe(steps, 1);
        if (first === 'label') return this.checkLabel(steps, 1);
        const type = this.findType(steps[0]?.name ?? '', stack);
        if (type) return this.checkMembers(type, steps, 1);
        const object = this.schema.object(steps[0]?.name ?? '');
        if (object) return this.checkObjectToken(object, steps, 1);
        if (
            this.schema.isSystemClass(first) ||
            this.schema.apexNamespaces.has(first) ||
            this.schema.otherApexNamespaces.has(first)
        ) {
            return null;
        }
        if (this.schema.isForeignNamespaced(steps[0]?.name ?? '')) return null;
        const what = SOBJECT_SUFFIX.test(first) ? 'object' : 'class or variable';
        return { index: 0, message: `unknown ${what} ${steps[0]?.name ?? ''}` };
    }

    private checkSystemChain(steps: NameStep[]): StepProblem | null {
        const second = lower(steps[1]?.name ?? '');
        if (second === 'label') return this.checkLabel(steps, 2);
        if (this.schema.isSystemClass(second)) return null;
        return { index: 1, message: `unknown class System.${steps[1]?.name ?? ''}` };
    }

    private checkSchemaChain(steps: NameStep[]): StepProblem | null {
        const second = steps[1] as NameStep;
        if (second.call) return null;
        if (lower(second.name) === 'sobjecttype') return this.checkDescribe(steps, 2);
        if (this.schema.apexNamespaces.get('schema')?.has(lower(second.name))) return null;
        const object = this.schema.object(second.name);
        if (object) return this.checkObjectToken(object, steps, 2);
        if (this.schema.isForeignNamespaced(second.name)) return null;
        return { index: 1, message: `unknown object or class Schema.${second.name}` };
    }

    /** `SObjectType.<object>.fields.<field>` starting at the object's index. */
    private checkDescribe(steps: NameStep[], at: number): StepProblem | null {
        const objectStep = steps[at];
        if (!objectStep || objectStep.call) return null;
        const object = this.schema.object(objectStep.name);
        if (!object) {
            if (this.schema.isForeignNamespaced(objectStep.name)) return null;
            return { index: at, message: `unknown object ${objectStep.name}` };
        }
        const fields = steps[at + 1];
        const field = steps[at + 2];
        if (fields && !fields.call && lower(fields.name) === 'fields' && field && !field.call) {
            const message = this.checkField(object, field.name);
            return message ? { index: at + 2, message } : null;
        }
        return null;
    }

    /** `<object>.<field>` token, `<object>.SObjectType` or a static method such as `getInstance()`. */
    private checkObjectToken(object: ObjectInfo, steps: NameStep[], at: number): StepProblem | null {
        const step = steps[at];
        if (!step) return null;
        if (step.call) {
            return this.schema.sObjectStaticMethods.has(lower(step.name))
                ? null
                : { index: at, message: `unknown method ${object.name}.${step.name}()` };
        }
        if (lower(step.name) === 'sobjecttype') return null;
        const message = this.checkField(object, step.name);
        return message ? { index: at, message } : null;
    }

    private checkLabel(steps: NameStep[], at: number): StepProblem | null {
        const step = steps[at];
        if (!step || step.call || !this.schema.labelsKnown) return null;
        return this.schema.labels.has(lower(step.name))
            ? null
            : { index: at, message: `unknown custom label ${step.name}` };
    }

    /** `Type.member`, `Outer.Inner.member`, enum values; inherited members count. */
    private checkMembers(type: ApexType, steps: NameStep[], at: number): StepProblem | null {
        const step = steps[at];
        if (!step) return null;
        const key = lower(step.name);
        const inner = step.call ? undefined : type.inner.get(key);
        if (inner) return this.checkMembers(inner, steps, at + 1);
        if (type.kind === 'enum' && step.call && (key === 'values' || key === 'valueof')) return null;
        for (let current: ApexType | null = type; current; current = this.superclassOf(current)) {
            if (current.members.has(key)) return null;
            if (current.superclass && !this.superclassOf(current)) return null;
        }
        return { index: at, message: `unknown member ${type.name}.${step.name}` };
    }
}

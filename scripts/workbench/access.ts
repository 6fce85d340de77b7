/**
 * Permission-set access for the workbench's four roles, read from
 * `permissionsets/*.permissionset-meta.xml` and enforced by the server on
 * every Apex call: object access (read, create, edit) and field-level
 * security (a field the role may not edit is refused with a clear message,
 * never written in system mode: field case F14).
 */
import type { FieldSchema, PackageMetadata, PermissionSetSchema } from './metadata.ts';

export const ROLES = ['LiftoffAdmin', 'LiftoffCSM', 'LiftoffSales', 'LiftoffExecutive'] as const;
export type Role = (typeof ROLES)[number];

/** A refused operation; the server answers 403 with the message. */
export class AccessError extends Error {}

const STANDARD = new Set(['Account', 'Contact', 'Opportunity', 'User', 'Event', 'Task']);

/** What one role may do, answered from its permission set. */
export class Access {
    readonly role: Role;
    private readonly set: PermissionSetSchema;
    private readonly metadata: PackageMetadata;

    constructor(metadata: PackageMetadata, role: Role) {
        const set = metadata.permissionSets.get(role);
        if (!set) {
            throw new Error(
                `Permission set ${role} is missing from force-app/main/default/permissionsets; the workbench cannot enforce this role.`
            );
        }
        this.role = role;
        this.set = set;
        this.metadata = metadata;
    }

    /**
     * Standard objects are granted by the user's profile in an org, not by
     * the package's permission sets. Limitation: the workbench lets every
     * role read Account, Contact, Opportunity, User, Event and Task, and lets
     * roles that can edit plans create Events and Tasks; it does not model
     * profiles or record sharing (every role sees every Account).
     */
    private standard(objectName: string, action: 'read' | 'create' | 'edit'): boolean {
        if (action === 'read') return true;
        if (objectName === 'Event' || objectName === 'Task') return this.can('OnboardingPlan__c', 'edit');
        return this.role === 'LiftoffAdmin';
    }

    can(objectName: string, action: 'read' | 'create' | 'edit' | 'delete'): boolean {
        if (STANDARD.has(objectName)) return action === 'delete' ? false : this.standard(objectName, action);
        const entry = this.set.objects[objectName];
        return entry ? entry[action] || entry.modifyAll || (action === 'read' && entry.viewAll) : false;
    }

    require(objectName: string, action: 'read' | 'create' | 'edit' | 'delete'): void {
        if (!this.can(objectName, action)) {
            const object = this.metadata.objects.get(objectName);
            throw new AccessError(`The ${this.set.label} role cannot ${action} ${object?.pluralLabel ?? objectName}.`);
        }
    }

    /** Fields with no field permission (required, master-detail, name, system) follow the object's access. */
    private implicit(field: FieldSchema | undefined): boolean {
        return (
            !field ||
            field.system ||
            field.required ||
            field.type === 'MasterDetail' ||
            field.apiName === 'Name' ||
            field.apiName === 'OwnerId'
        );
    }

    fieldReadable(objectName: string, fieldName: string): boolean {
        if (!this.can(objectName, 'read')) return false;
        if (STANDARD.has(objectName)) return true;
        const field = this.metadata.objects
            .get(objectName)
            ?.fields.find((candidate) => candidate.apiName === fieldName);
        if (this.implicit(field)) return true;
        return this.set.fields[`${objectName}.${fieldName}`]?.readable ?? false;
    }

    fieldEditable(objectName: string, fieldName: string): boolean {
        if (!this.can(objectName, 'edit') && !this.can(objectName, 'create')) return false;
        const field = this.metadata.objects
            .get(objectName)
            ?.fields.find((candidate) => candidate.apiName === fieldName);
        if (field?.system || field?.formula) return false;
        if (STANDARD.has(objectName)) return this.can(objectName, 'edit');
        if (this.implicit(field)) return true;
        return this.set.fields[`${objectName}.${fieldName}`]?.editable ?? false;
    }

    /** Throws naming every field of `fields` the role may not edit (F14). */
    requireEditable(objectName: string, fields: string[]): void {
        const refused = fields.filter((field) => !this.fieldEditable(objectName, field));
        if (refused.length > 0) {
            throw new AccessError(
                `The ${this.set.label} role cannot edit ${refused.map((field) => `${objectName}.${field}`).join(', ')}.`
            );
        }
    }

    hasCustomPermission(name: string): boolean {
        return this.set.customPermissions.includes(name);
    }

    get label(): string {
        return this.set.label;
    }

    get customPermissions(): string[] {
        return [...this.set.customPermissions];
    }
}

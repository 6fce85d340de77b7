/**
 * The standard objects the package reads and the standard fields the workbench
 * keeps for them. The package's metadata holds only its own custom fields on
 * these objects; those are merged in by `readObjects`.
 */
import { systemField } from './metadata.ts';
import type { FieldSchema, FieldType, ObjectSchema } from './metadata.ts';

function field(apiName: string, type: FieldType, extra: Partial<FieldSchema> = {}): FieldSchema {
    return { ...systemField(apiName, type), system: false, ...extra };
}

function lookup(apiName: string, referenceTo: string): FieldSchema {
    return field(apiName, 'Lookup', { referenceTo });
}

function base(): FieldSchema[] {
    return [
        systemField('Id', 'Id'),
        systemField('CreatedDate', 'DateTime'),
        systemField('LastModifiedDate', 'DateTime')
    ];
}

const ADDRESS = ['Street', 'City', 'State', 'PostalCode', 'Country'];

/**
 * Opportunity stages with their won and closed flags, as the standard sales
 * process ships them. An org's own stages live in OpportunityStage, which a
 * tree export does not contain (field case F12).
 */
export const STANDARD_STAGES: { apiName: string; isClosed: boolean; isWon: boolean }[] = [
    { apiName: 'Prospecting', isClosed: false, isWon: false },
    { apiName: 'Qualification', isClosed: false, isWon: false },
    { apiName: 'Needs Analysis', isClosed: false, isWon: false },
    { apiName: 'Value Proposition', isClosed: false, isWon: false },
    { apiName: 'Id. Decision Makers', isClosed: false, isWon: false },
    { apiName: 'Perception Analysis', isClosed: false, isWon: false },
    { apiName: 'Proposal/Price Quote', isClosed: false, isWon: false },
    { apiName: 'Negotiation/Review', isClosed: false, isWon: false },
    { apiName: 'Closed Won', isClosed: true, isWon: true },
    { apiName: 'Closed Lost', isClosed: true, isWon: false }
];

/** The standard objects, built on call (the module graph with metadata.ts is circular). */
export function standardObjects(): ObjectSchema[] {
    return [
        {
            apiName: 'User',
            label: 'User',
            pluralLabel: 'Users',
            custom: false,
            keyPrefix: '005',
            fields: [
                ...base(),
                field('Name', 'Text', { length: 121 }),
                field('FirstName', 'Text', { length: 40 }),
                field('LastName', 'Text', { length: 80, required: true }),
                field('Email', 'Email'),
                field('Title', 'Text', { length: 80 }),
                field('Username', 'Text', { length: 80, unique: true }),
                field('TimeZoneSidKey', 'Text', { length: 40 }),
                field('IsActive', 'Checkbox')
            ]
        },
        {
            apiName: 'Account',
            label: 'Account',
            pluralLabel: 'Accounts',
            custom: false,
            keyPrefix: '001',
            fields: [
                ...base(),
                field('Name', 'Text', { length: 255, required: true }),
                lookup('OwnerId', 'User'),
                lookup('ParentId', 'Account'),
                field('Type', 'Picklist'),
                field('Industry', 'Picklist'),
                field('Phone', 'Phone'),
                field('Fax', 'Phone'),
                field('Website', 'Url'),
                field('NumberOfEmployees', 'Number', { precision: 8, scale: 0 }),
                field('AnnualRevenue', 'Currency', { precision: 18, scale: 0 }),
                field('Description', 'LongTextArea'),
                ...ADDRESS.map((part) => field(`Billing${part}`, 'Text')),
                ...ADDRESS.map((part) => field(`Shipping${part}`, 'Text'))
            ]
        },
        {
            apiName: 'Contact',
            label: 'Contact',
            pluralLabel: 'Contacts',
            custom: false,
            keyPrefix: '003',
            fields: [
                ...base(),
                field('Name', 'Text', { length: 121, system: true }),
                lookup('AccountId', 'Account'),
                lookup('OwnerId', 'User'),
                lookup('ReportsToId', 'Contact'),
                field('FirstName', 'Text', { length: 40 }),
                field('LastName', 'Text', { length: 80, required: true }),
                field('Email', 'Email'),
                field('Title', 'Text', { length: 128 }),
                field('Phone', 'Phone'),
                field('MobilePhone', 'Phone'),
                field('Department', 'Text', { length: 80 }),
                field('Description', 'LongTextArea')
            ]
        },
        {
            apiName: 'Opportunity',
            label: 'Opportunity',
            pluralLabel: 'Opportunities',
            custom: false,
            keyPrefix: '006',
            fields: [
                ...base(),
                field('Name', 'Text', { length: 120, required: true }),
                lookup('AccountId', 'Account'),
                lookup('OwnerId', 'User'),
                field('StageName', 'Picklist', {
                    required: true,
                    picklist: STANDARD_STAGES.map((stage) => ({
                        value: stage.apiName,
                        label: stage.apiName,
                        isDefault: false
                    }))
                }),
                field('Amount', 'Currency', { precision: 18, scale: 2 }),
                field('CloseDate', 'Date', { required: true }),
                field('Probability', 'Percent', { precision: 3, scale: 0 }),
                field('Type', 'Picklist'),
                field('LeadSource', 'Picklist'),
                field('Description', 'LongTextArea'),
                field('NextStep', 'Text', { length: 255 }),
                field('IsClosed', 'Checkbox', { system: true }),
                field('IsWon', 'Checkbox', { system: true })
            ]
        },
        {
            apiName: 'Event',
            label: 'Event',
            pluralLabel: 'Events',
            custom: false,
            keyPrefix: '00U',
            fields: [
                ...base(),
                field('Subject', 'Text', { length: 255 }),
                lookup('WhatId', 'Account'),
                lookup('WhoId', 'Contact'),
                lookup('OwnerId', 'User'),
                field('StartDateTime', 'DateTime'),
                field('EndDateTime', 'DateTime'),
                field('DurationInMinutes', 'Number', { precision: 8, scale: 0 }),
                field('Description', 'LongTextArea')
            ]
        },
        {
            apiName: 'Task',
            label: 'Task',
            pluralLabel: 'Tasks',
            custom: false,
            keyPrefix: '00T',
            fields: [
                ...base(),
                field('Subject', 'Text', { length: 255 }),
                lookup('WhatId', 'Account'),
                lookup('WhoId', 'Contact'),
                lookup('OwnerId', 'User'),
                field('ActivityDate', 'Date'),
                field('Status', 'Picklist'),
                field('Priority', 'Picklist'),
                field('Description', 'LongTextArea')
            ]
        }
    ];
}

/**
 * Workbench-only playbook editor: what a CS operations admin edits in Setup
 * in an org. Lists the segment playbooks and edits their steps inline; the
 * server checks the role's permission to edit playbook steps.
 */
import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';

interface StepRow {
    id: string;
    name: string;
    sequence: number;
    phase: string;
    phaseLabel: string;
    ownerSide: string;
    ownerSideLabel: string;
    offsetBusinessDays: number;
    valueMarker: string;
    valueMarkerLabel: string;
}

interface PlaybookRow {
    id: string;
    name: string;
    segment: string;
    segmentLabel: string;
    firstValueTargetDays: number | null;
    fullValueTargetDays: number | null;
    steps: StepRow[];
}

const COLUMNS = [
    { label: 'Sequence', fieldName: 'sequence', type: 'number', editable: true, initialWidth: 110 },
    { label: 'Step', fieldName: 'name', type: 'text', editable: true },
    { label: 'Phase', fieldName: 'phaseLabel', type: 'text' },
    { label: 'Owner side', fieldName: 'ownerSideLabel', type: 'text' },
    { label: 'Offset (business days)', fieldName: 'offsetBusinessDays', type: 'number', editable: true },
    { label: 'Value marker', fieldName: 'valueMarkerLabel', type: 'text' }
];

export default class PlaybookEditor extends LightningElement {
    playbooks: PlaybookRow[] = [];
    selectedId = '';
    draftValues: Record<string, unknown>[] = [];
    errorMessage = '';
    columns = COLUMNS;

    override connectedCallback(): void {
        void this.load();
    }

    get options(): { label: string; value: string }[] {
        return this.playbooks.map((book) => ({ label: `${book.name} (${book.segmentLabel})`, value: book.id }));
    }

    get selected(): PlaybookRow | undefined {
        return this.playbooks.find((book) => book.id === this.selectedId);
    }

    get steps(): StepRow[] {
        return this.selected?.steps ?? [];
    }

    async load(): Promise<void> {
        const response = await fetch('/api/wb/playbooks', { credentials: 'same-origin' });
        const body = (await response.json()) as PlaybookRow[] & { message?: string };
        if (!response.ok) {
            this.errorMessage = body.message ?? response.statusText;
            return;
        }
        this.playbooks = body;
        if (!this.selectedId && body.length > 0) this.selectedId = body[0].id;
    }

    handleSelect(event: CustomEvent<{ value: string }>): void {
        this.selectedId = event.detail.value;
        this.draftValues = [];
    }

    async handleSave(event: CustomEvent<{ draftValues: Record<string, unknown>[] }>): Promise<void> {
        const response = await fetch('/api/wb/playbooks/steps', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ rows: event.detail.draftValues })
        });
        const body = (await response.json()) as { message?: string };
        if (!response.ok) {
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Playbook not saved',
                    message: body.message ?? response.statusText,
                    variant: 'error'
                })
            );
            return;
        }
        this.draftValues = [];
        this.dispatchEvent(
            new ShowToastEvent({ title: 'Playbook saved', message: 'The steps were saved.', variant: 'success' })
        );
        await this.load();
    }
}

/**
 * The workbench shell: a stand-in for the Lightning Experience frame around
 * the package's components. It routes by URL hash between an Account record
 * page, an Opportunity record page, the Portfolio page and the playbook
 * editor, switches between the four Liftoff roles, and shows toasts.
 *
 * Workbench-only: it never ships in the package, so its few words are
 * English literals rather than custom labels.
 */
import { LightningElement } from 'lwc';
import components from '@liftoff/components';

type Ctor = (typeof components)[string];

interface AccountRow {
    id: string;
    name: string;
    segment: string | null;
    segmentLabel: string;
    planStatus: string | null;
    planStatusLabel: string;
    healthBand: string | null;
    healthBandLabel: string;
    url: string;
}

interface OpportunityRow {
    id: string;
    name: string;
    stageName: string;
    amount: number | null;
    closeDate: string | null;
    description: string | null;
    url: string;
}

interface RecordHeader {
    id: string;
    name: string;
    objectApiName: string;
    fields: { label: string; value: string }[];
    description: string | null;
    opportunities: OpportunityRow[];
    accountUrl: string | null;
}

interface Toast {
    key: number;
    title: string;
    message: string;
    className: string;
}

interface WorkbenchContext {
    role: string;
    roles: { name: string; label: string }[];
    userName: string;
}

const TOAST_THEME: Record<string, string> = {
    success: 'slds-theme_success',
    error: 'slds-theme_error',
    warning: 'slds-theme_warning',
    info: 'slds-theme_info'
};

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
    const response = await fetch(url, { credentials: 'same-origin', ...init });
    const body = (await response.json()) as T & { message?: string };
    if (!response.ok) throw new Error(body.message ?? response.statusText);
    return body;
}

export default class Shell extends LightningElement {
    route = 'accounts';
    /** `#/bench/<kind>/<recordId>` renders one component alone for the component benchmark. */
    benchKind = '';
    recordId = '';
    search = '';
    accounts: AccountRow[] = [];
    header: RecordHeader | null = null;
    toasts: Toast[] = [];
    context: WorkbenchContext = { role: '', roles: [], userName: '' };
    errorMessage = '';
    nightlyRunning = false;
    private toastKey = 0;
    private readonly onHashChange = (): void => this.readRoute();
    private readonly onToast = (event: Event): void =>
        this.showToast((event as CustomEvent<{ title: string; message: string; variant?: string }>).detail);

    override connectedCallback(): void {
        window.addEventListener('hashchange', this.onHashChange);
        this.template?.addEventListener('lightning__showtoast', this.onToast);
        void this.loadContext();
        this.readRoute();
    }

    override disconnectedCallback(): void {
        window.removeEventListener('hashchange', this.onHashChange);
        this.template?.removeEventListener('lightning__showtoast', this.onToast);
    }

    get roleOptions(): { label: string; value: string }[] {
        return this.context.roles.map((role) => ({ label: role.label, value: role.name }));
    }

    get isAccounts(): boolean {
        return this.route === 'accounts';
    }
    get isAccount(): boolean {
        return this.route === 'Account';
    }
    get isOpportunity(): boolean {
        return this.route === 'Opportunity';
    }
    get isPortfolio(): boolean {
        return this.route === 'portfolio';
    }
    get isPlaybooks(): boolean {
        return this.route === 'playbooks';
    }

    get isBenchMutualPlan(): boolean {
        return this.route === 'bench' && this.benchKind === 'mutualPlan';
    }
    get isBenchStakeholderMap(): boolean {
        return this.route === 'bench' && this.benchKind === 'stakeholderMap';
    }
    get isBenchTable(): boolean {
        return this.route === 'bench' && (this.benchKind === 'milestones' || this.benchKind === 'stakeholders');
    }

    get discoveryHandoff(): Ctor {
        return components.discoveryHandoff;
    }
    get mutualPlan(): Ctor {
        return components.mutualPlan;
    }
    get stakeholderMap(): Ctor {
        return components.stakeholderMap;
    }
    get onboardingHealth(): Ctor {
        return components.onboardingHealth;
    }
    get businessReview(): Ctor {
        return components.businessReview;
    }
    get portfolioHealth(): Ctor {
        return components.portfolioHealth;
    }
    get missingComponents(): string {
        const wanted = [
            'discoveryHandoff',
            'mutualPlan',
            'stakeholderMap',
            'onboardingHealth',
            'businessReview',
            'portfolioHealth'
        ];
        return wanted.filter((name) => !components[name]).join(', ');
    }

    navClass(name: string): string {
        return this.route === name ? 'slds-context-bar__item slds-is-active' : 'slds-context-bar__item';
    }
    get accountsNavClass(): string {
        return this.navClass('accounts');
    }
    get portfolioNavClass(): string {
        return this.navClass('portfolio');
    }
    get playbooksNavClass(): string {
        return this.navClass('playbooks');
    }

    readRoute(): void {
        const [, first = '', second = '', third = ''] = window.location.hash.split('/');
        this.route = first === 'Account' || first === 'Opportunity' ? first : first || 'accounts';
        this.recordId = first === 'bench' ? third : second;
        this.benchKind = first === 'bench' ? second : '';
        this.header = null;
        this.errorMessage = '';
        if (this.route === 'accounts') void this.loadAccounts();
        if (this.route === 'Account' || this.route === 'Opportunity') void this.loadHeader();
    }

    async loadContext(): Promise<void> {
        try {
            this.context = await getJson<WorkbenchContext>('/api/wb/context');
        } catch (error) {
            this.errorMessage = (error as Error).message;
        }
    }

    async loadAccounts(): Promise<void> {
        try {
            this.accounts = await getJson<AccountRow[]>(`/api/wb/accounts?search=${encodeURIComponent(this.search)}`);
        } catch (error) {
            this.errorMessage = (error as Error).message;
        }
    }

    async loadHeader(): Promise<void> {
        try {
            this.header = await getJson<RecordHeader>(
                `/api/wb/${this.route.toLowerCase()}/${encodeURIComponent(this.recordId)}`
            );
        } catch (error) {
            this.errorMessage = (error as Error).message;
        }
    }

    handleSearch(event: CustomEvent<{ value: string }>): void {
        this.search = event.detail.value ?? '';
        void this.loadAccounts();
    }

    async handleRole(event: CustomEvent<{ value: string }>): Promise<void> {
        await getJson('/api/wb/role', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ role: event.detail.value })
        });
        window.location.reload();
    }

    async handleNightly(): Promise<void> {
        this.nightlyRunning = true;
        try {
            const result = await getJson<{ plans: number; openAlerts: number }>('/api/nightly', { method: 'POST' });
            this.showToast({
                title: 'Nightly pass',
                message: `${result.plans} plans rescored, ${result.openAlerts} open alerts.`,
                variant: 'success'
            });
            document.dispatchEvent(new CustomEvent('lightning__refresh'));
        } catch (error) {
            this.showToast({ title: 'Nightly pass failed', message: (error as Error).message, variant: 'error' });
        } finally {
            this.nightlyRunning = false;
        }
    }

    showToast(detail: { title: string; message: string; variant?: string }): void {
        this.toastKey += 1;
        const toast: Toast = {
            key: this.toastKey,
            title: detail.title,
            message: detail.message,
            className: `slds-notify slds-notify_toast ${TOAST_THEME[detail.variant ?? 'info'] ?? TOAST_THEME.info}`
        };
        this.toasts = [...this.toasts, toast];
        window.setTimeout(() => this.dismiss(toast.key), 6000);
    }

    dismiss(key: number): void {
        this.toasts = this.toasts.filter((toast) => toast.key !== key);
    }

    handleDismiss(event: Event): void {
        this.dismiss(Number((event.currentTarget as HTMLElement).dataset.key));
    }
}

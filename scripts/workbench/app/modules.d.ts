/**
 * Module names the workbench bundle resolves at build time (the shell's own
 * components and the registry of the package's compiled components).
 */
declare module 'wb/shell' {
    import type { LightningElement } from 'lwc';
    const Shell: typeof LightningElement;
    export default Shell;
}

declare module 'wb/playbookEditor' {
    import type { LightningElement } from 'lwc';
    const PlaybookEditor: typeof LightningElement;
    export default PlaybookEditor;
}

declare module '@liftoff/components' {
    import type { LightningElement } from 'lwc';
    /** Constructors of the package components found at build time, by name (`mutualPlan` ...). */
    const components: Record<string, typeof LightningElement | undefined>;
    export default components;
}

declare module 'wb/benchTable' {
    import type { LightningElement } from 'lwc';
    const BenchTable: typeof LightningElement;
    export default BenchTable;
}

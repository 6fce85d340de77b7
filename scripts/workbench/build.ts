/**
 * Builds the workbench's browser bundle: the package's components (the `.js`
 * that `npm run build` writes next to each `.ts`), the workbench shell in
 * `scripts/workbench/app/`, lightning-base-components and the LWC engine with
 * synthetic shadow, through rollup and the open-source LWC compiler.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lwc from '@lwc/rollup-plugin';
import { rollup } from 'rollup';
import type { Plugin, RollupCache } from 'rollup';
import ts from 'typescript';
import type { PackageMetadata } from './metadata.ts';
import { liftoffVirtualModules } from './virtual-modules.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LWC_DIR = join(ROOT, 'force-app', 'main', 'default', 'lwc');
export const APP_DIR = join(ROOT, 'scripts', 'workbench', 'app');

/** `c/<name>` for every component whose compiled `.js` exists. */
export function componentModules(lwcDir: string = LWC_DIR): { name: string; path: string }[] {
    if (!existsSync(lwcDir)) return [];
    return readdirSync(lwcDir)
        .filter((name) => statSync(join(lwcDir, name)).isDirectory() && existsSync(join(lwcDir, name, `${name}.js`)))
        .sort()
        .map((name) => ({ name: `c/${name}`, path: join(lwcDir, name, `${name}.js`) }));
}

/** Strips TypeScript from the workbench shell's own components (the LWC compiler reads JavaScript only). */
function typescriptShell(): Plugin {
    return {
        name: 'liftoff-shell-typescript',
        transform(code, id) {
            if (!id.startsWith(APP_DIR) || !id.endsWith('.ts')) return null;
            const output = ts.transpileModule(code, {
                fileName: id,
                compilerOptions: {
                    target: ts.ScriptTarget.ESNext,
                    module: ts.ModuleKind.ESNext,
                    experimentalDecorators: false,
                    verbatimModuleSyntax: false,
                    isolatedModules: true,
                    sourceMap: false
                }
            });
            return { code: output.outputText, map: null };
        }
    };
}

/** Replaces build-time constants the LWC engine and base components read. */
function buildConstants(mode: 'production' | 'development'): Plugin {
    return {
        name: 'liftoff-build-constants',
        transform(code) {
            if (!code.includes('process.env.NODE_ENV') && !code.includes('import.meta.env.SSR')) return null;
            return {
                code: code
                    .replaceAll('process.env.NODE_ENV', JSON.stringify(mode))
                    .replaceAll('import.meta.env.SSR', 'false'),
                map: null
            };
        }
    };
}

export interface BuildResult {
    file: string;
    bytes: number;
    seconds: number;
    components: string[];
    missingLabels: string[];
    warnings: string[];
}

/** Bundles the workbench into `outDir/app.js`. */
export async function buildBundle(
    metadata: PackageMetadata,
    outDir: string,
    mode: 'production' | 'development' = 'production'
): Promise<BuildResult> {
    const started = Date.now();
    const components = componentModules();
    const missingLabels = new Set<string>();
    const warnings: string[] = [];
    // Rollup's module cache skips recompiling unchanged modules (most of lightning-base-components) on the next build.
    const cacheFile = join(outDir, 'rollup-cache.json');
    let cache: RollupCache | undefined;
    try {
        cache = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as RollupCache) : undefined;
    } catch {
        cache = undefined;
    }
    const bundle = await rollup({
        input: join(APP_DIR, 'main.ts'),
        cache,
        treeshake: true,
        onwarn(warning) {
            if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
            warnings.push(warning.message);
        },
        plugins: [
            liftoffVirtualModules({
                metadata,
                missingLabels,
                components: components
                    .filter((module) => existsSync(module.path.replace(/\.js$/, '.html')))
                    .map((module) => module.name.slice(2))
            }),
            typescriptShell(),
            buildConstants(mode),
            lwc({
                rootDir: APP_DIR,
                exclude: ['**/app/main.ts'],
                modules: [...components, { dir: APP_DIR }, { npm: 'lightning-base-components' }],
                enableDynamicComponents: true,
                enableSyntheticElementInternals: true
            })
        ]
    });
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'app.js');
    const { output } = await bundle.generate({
        format: 'iife',
        name: 'liftoffWorkbench',
        inlineDynamicImports: true,
        sourcemap: false
    });
    if (bundle.cache) {
        // Syntax trees are most of the cache and cheap to rebuild; the compiled code is what saves time.
        const modules = bundle.cache.modules.map((module) => ({ ...module, ast: null }));
        writeFileSync(cacheFile, JSON.stringify({ ...bundle.cache, modules }));
    }
    await bundle.close();
    const code = output[0].code;
    writeFileSync(file, code);
    return {
        file,
        bytes: Buffer.byteLength(code),
        seconds: (Date.now() - started) / 1000,
        components: components.map((module) => module.name),
        missingLabels: [...missingLabels].sort(),
        warnings
    };
}

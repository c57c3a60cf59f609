import type { Plugin } from 'esbuild';

export declare const processAsGlobal: Plugin;

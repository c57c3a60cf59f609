import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository the CLI runs from (its parsers, scripts and build output). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where parser folders live in a repository. */
export const parsersDir = (root = REPO_ROOT) => path.join(root, 'src/parsers');

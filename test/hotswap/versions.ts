/** Versions of test/hotswap/versioned-bundle.ts, as the hot-swap tests publish them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundleFile } from '../support/parser-bundle.ts';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'versioned-bundle.ts');

export interface BuiltVersion {
  file: string;
  source: string;
}

/** Builds version `version` of the bundle; `migrates`: its module takes over older versions' connections. */
export async function buildVersion(version: string, migrates = false, outfile?: string): Promise<BuiltVersion> {
  const file = await buildBundleFile({
    entry: ENTRY,
    outfile,
    define: { BUNDLE_VERSION: JSON.stringify(version), BUNDLE_MIGRATES: String(migrates) },
  });
  return { file, source: readFileSync(file, 'utf8') };
}

/**
 * A policy allowing test.versioned request lines that start with one of `cmds`, for endpoint `ip`
 * (the connections' policy name) on `port` (0: any).
 */
export function versionedPolicy(cmds: string[], ip = '1.1.1.1', port = 80): unknown[] {
  return [{
    endpointIps: [ip],
    ingressPerPortPolicies: [{
      port,
      rules: [{ l7Proto: 'test.versioned', l7Rules: { l7AllowRules: cmds.map((cmd) => ({ rule: { cmd } })) } }],
    }],
  }];
}

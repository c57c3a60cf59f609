import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** The type a resource may name with "@type" (the proto3 JSON mapping of an Any). */
const NETWORK_POLICY_TYPE_URL = 'type.googleapis.com/cilium.NetworkPolicy';

/**
 * The local policy file (`policy-file` parameter): the embedded default when no Cilium agent serves
 * NPDS. JSON, or YAML when the name ends in .yaml or .yml; either a list of NetworkPolicy resources in
 * the proto3 JSON mapping or an object `{"resources": [...]}` (the shape of a DiscoveryResponse, where
 * each resource may carry `"@type": "type.googleapis.com/cilium.NetworkPolicy"`). Validation is the
 * caller's: the same as for an NPDS update. Every problem is an Error whose message names the file.
 */
export function readPolicyFile(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`policy file ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parsePolicyText(path, text);
}

/** The resources of a policy file's text; `path` selects the format and names the file in errors. */
export function parsePolicyText(path: string, text: string): unknown[] {
  const yaml = /\.ya?ml$/i.test(path);
  let data: unknown;
  try {
    // YAML 1.2 core schema: plain scalars stay strings unless they are numbers, booleans or null.
    data = yaml ? parseYaml(text, { schema: 'core', uniqueKeys: true }) : JSON.parse(text);
  } catch (e) {
    throw new Error(`policy file ${path}: not ${yaml ? 'YAML' : 'JSON'} (${(e as Error).message})`);
  }
  // An empty file is far more likely a write in progress than a wish to deny everything (that is `[]`).
  if (data === null || data === undefined) throw new Error(`policy file ${path}: empty`);
  const resources = Array.isArray(data) ? data : (data as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) {
    throw new Error(`policy file ${path}: expected a list of NetworkPolicy resources or {"resources": [...]}`);
  }
  return resources.map((r, i) => withoutAnyType(path, r, i));
}

/** Strips the "@type" of an Any-wrapped resource after checking it names a NetworkPolicy. */
function withoutAnyType(path: string, resource: unknown, i: number): unknown {
  if (resource === null || typeof resource !== 'object' || !('@type' in resource)) return resource;
  const { '@type': type, ...rest } = resource as Record<string, unknown>;
  if (type !== NETWORK_POLICY_TYPE_URL) {
    throw new Error(`policy file ${path}: resource ${i} has "@type" ${JSON.stringify(type)}, expected ${NETWORK_POLICY_TYPE_URL}`);
  }
  return rest;
}

import { readFileSync } from 'node:fs';

/**
 * The local policy file (`policy-file` parameter): the embedded default when no Cilium agent serves
 * NPDS. JSON, either a list of NetworkPolicy resources in the proto3 JSON mapping or an object
 * `{"resources": [...]}` (the shape of a DiscoveryResponse). Validation is the same as for an NPDS
 * update; a file that does not parse or validate is refused with a message naming the file.
 */
export function readPolicyFile(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`policy file ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`policy file ${path}: not JSON (${(e as Error).message})`);
  }
  const resources = Array.isArray(data) ? data : (data as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) {
    throw new Error(`policy file ${path}: expected a list of NetworkPolicy resources or {"resources": [...]}`);
  }
  return resources;
}

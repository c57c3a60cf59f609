/** Builds a parser bundle (CommonJS, exporting `parsers`) from a file in this folder, for the `parser-bundle` parameter. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundleFile } from '../../../support/parser-bundle.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function buildParserBundle(name: 'whoami' | 'faulty' | 'memcache-limits'): Promise<string> {
  return buildBundleFile({ entry: path.join(HERE, `${name}.ts`) });
}

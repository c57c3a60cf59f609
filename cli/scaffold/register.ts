import { Failure } from '../errors.ts';
import type { ParserNames } from './names.ts';

const LIST = /(export const builtins[^=]*=\s*\[)([^\]]*)(\])/;

/**
 * src/parsers/index.ts with the new parser imported and listed in `builtins` (ahead of the test
 * parsers, which stay last). Fails, touching nothing, when the file does not have the expected shape.
 */
export function registerInIndex(source: string, names: ParserNames): string {
  const list = LIST.exec(source);
  const imports = [...source.matchAll(/^import .*;$/gm)];
  if (!list || imports.length === 0) {
    throw new Failure('new: src/parsers/index.ts has no "export const builtins = [...]" list: add the parser there by hand');
  }
  const line = `import { ${names.name} } from './${names.proto}/index.ts';`;
  const lastImport = imports[imports.length - 1]!;
  const at = lastImport.index + lastImport[0].length;
  const withImport = `${source.slice(0, at)}\n${line}${source.slice(at)}`;
  return withImport.replace(LIST, (_all, open: string, items: string, close: string) => {
    const entries = items.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const spreads = entries.findIndex((e) => e.startsWith('...'));
    entries.splice(spreads < 0 ? entries.length : spreads, 0, names.name);
    return `${open}${entries.join(', ')}${close}`;
  });
}

/**
 * Reading what the dynamic linker does with our libraries inside Envoy: the dynamic symbols a file
 * defines or needs (nm -D), a library's dependency closure (ldd), and the symbol bindings the loader
 * made at run time (LD_DEBUG=bindings output).
 */
import { execFileSync } from 'node:child_process';

export function dynamicSymbols(file: string, kind: 'defined' | 'undefined'): Set<string> {
  const out = execFileSync('nm', ['-D', kind === 'defined' ? '--defined-only' : '--undefined-only', file], {
    encoding: 'utf8', maxBuffer: 64 << 20,
  });
  const names = new Set<string>();
  for (const line of out.split('\n')) {
    const name = line.trim().split(/\s+/).pop();
    if (name) names.add(name.replace(/@.*$/, ''));
  }
  return names;
}

/** Every shared object `lib` loads, resolved as ldd resolves it (vdso excluded). */
export function dependencyClosure(lib: string): string[] {
  const out = execFileSync('ldd', [lib], { encoding: 'utf8' });
  const files: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s+(\/\S+)\s+\(/.exec(line);
    if (m) files.push(m[1]!);
  }
  return files;
}

export interface Binding {
  from: string;
  to: string;
  symbol: string;
}

/** Lines like `  123:	binding file /a.so [0] to /b.so [0]: normal symbol `malloc' [GLIBC_2.2.5]`. */
export function parseBindings(text: string): Binding[] {
  const out: Binding[] = [];
  const re = /binding file (\S+) \[\d+\] to (\S+) \[\d+\]: \S+ symbol `([^']+)'/g;
  for (const m of text.matchAll(re)) out.push({ from: m[1]!, to: m[2]!, symbol: m[3]! });
  return out;
}

/**
 * The heap functions Envoy exports (its tcmalloc replaces glibc's malloc for the whole process). Every
 * library in the process must bind to them: memory allocated in one library is freed in another
 * (glibc's strdup/getaddrinfo results, for instance), so two allocators in one process would corrupt it.
 */
export const ALLOCATOR =
  /^(__libc_)?(malloc|free|calloc|realloc|reallocarray|memalign|posix_memalign|aligned_alloc|valloc|pvalloc|malloc_usable_size|mallopt|mallinfo|malloc_trim|malloc_stats|malloc_info)$|^__(malloc|free|realloc|memalign)_hook$/;

/** The functions Envoy provides to dynamic modules. */
export const ENVOY_CALLBACK = /^envoy_dynamic_module_callback_/;

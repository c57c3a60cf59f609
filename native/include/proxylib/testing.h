/*
 * Test-only reach into the library, exported only by the test build (libcilium_testing.so). The
 * shipped libcilium.so exports the five ABI functions and nothing else.
 *
 * Runs one control command (JSON, see src/runtime/entry.ts and src/testing/runtime-entry.ts) in the
 * calling thread's runtime, for module `module_id`, and writes the JSON answer to `out` (truncated to
 * `out_cap`). Returns the full length of the answer.
 */
#ifndef PROXYLIB_TESTING_H
#define PROXYLIB_TESTING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef size_t (*ProxylibTestControlFn)(uint64_t module_id, const char* request, size_t request_len, char* out,
                                        size_t out_cap);

#ifdef __cplusplus
}
#endif

#endif

/*
 * The C types of the libcilium.so ABI, with Cilium's names and numeric values.
 * Everything here is layout: a library built against this header can be loaded by an unmodified
 * cilium-envoy, and the Envoy-side code in envoy-filter/ can load Cilium's Go library.
 * 64-bit only: the Go side asserts sizeof(void*) == 8.
 */
#ifndef PROXYLIB_TYPES_H
#define PROXYLIB_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long long GoInt;

/* A borrowed string: pointer + byte length, not NUL-terminated by contract, valid for one call. */
typedef struct {
  const char* p;
  ptrdiff_t n;
} GoString;

/* A Go slice header. For byte slices `data` points at uint8_t, for the op array at FilterOp. */
typedef struct {
  void* data;
  GoInt len;
  GoInt cap;
} GoSlice;

/* OpenModule's parameters are a GoSlice (by value) of these 32-byte pairs. */
typedef struct {
  GoString key;
  GoString value;
} GoStringPair;

typedef enum {
  FILTEROP_MORE = 0,
  FILTEROP_PASS = 1,
  FILTEROP_DROP = 2,
  FILTEROP_INJECT = 3,
  FILTEROP_ERROR = 4,
} FilterOpType;

typedef enum {
  FILTEROP_ERROR_INVALID_OP_LENGTH = 1,
  FILTEROP_ERROR_INVALID_FRAME_TYPE = 2,
  FILTEROP_ERROR_INVALID_FRAME_LENGTH = 3,
} FilterOpError;

typedef struct {
  uint64_t op;
  int64_t n_bytes;
} FilterOp;

typedef enum {
  FILTER_OK = 0,
  FILTER_POLICY_DROP = 1,
  FILTER_PARSER_ERROR = 2,
  FILTER_UNKNOWN_PARSER = 3,
  FILTER_UNKNOWN_CONNECTION = 4,
  FILTER_INVALID_ADDRESS = 5,
  FILTER_INVALID_INSTANCE = 6,
  FILTER_UNKNOWN_ERROR = 7,
} FilterResult;

/* The five exported functions. Bools are one byte (Go's GoUint8; Envoy passes C++ bool). */
typedef uint64_t (*OpenModuleFn)(GoSlice params, uint8_t debug);
typedef void (*CloseModuleFn)(uint64_t id);
typedef FilterResult (*OnNewConnectionFn)(uint64_t instance_id, GoString proto, uint64_t connection_id,
                                          uint8_t ingress, uint32_t src_id, uint32_t dst_id,
                                          GoString src_addr, GoString dst_addr, GoString policy_name,
                                          GoSlice* orig_buf, GoSlice* reply_buf);
typedef FilterResult (*OnDataFn)(uint64_t connection_id, uint8_t reply, uint8_t end_stream, GoSlice* data,
                                 GoSlice* filter_ops);
typedef void (*CloseFn)(uint64_t connection_id);

#ifdef __cplusplus
static_assert(sizeof(void*) == 8, "the libcilium ABI is 64-bit only");
static_assert(sizeof(GoString) == 16, "GoString layout");
static_assert(sizeof(GoSlice) == 24, "GoSlice layout");
static_assert(sizeof(GoStringPair) == 32, "GoStringPair layout");
static_assert(sizeof(FilterOp) == 16, "FilterOp layout");
static_assert(sizeof(FilterResult) == 4, "FilterResult is int-sized");
}
#endif

#endif /* PROXYLIB_TYPES_H */

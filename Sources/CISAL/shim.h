// Raw deflate through ISA-L's igzip (Debian: libisal-dev), loaded at run time.
//
// Nothing links against ISA-L: when its header is found at build time, these wrappers open
// libisal.so.2 with dlopen and find its three inflate functions with dlsym; when the header or
// the library is missing, flowcause_isal_new returns NULL and the caller uses zlib. Swift sees
// the same functions either way, and never the layout of ISA-L's state.
#ifndef FLOWCAUSE_CISAL_SHIM_H
#define FLOWCAUSE_CISAL_SHIM_H

#include <stdint.h>
#include <stdlib.h>

#if __has_include(<isa-l/igzip_lib.h>) && __has_include(<dlfcn.h>)
#include <dlfcn.h>
#include <isa-l/igzip_lib.h>
#define FLOWCAUSE_ISAL_HEADER 1
#else
#define FLOWCAUSE_ISAL_HEADER 0
#endif

// A stream is handed to Swift as a `void *`: with or without ISA-L's header, Swift sees the
// same type, never the layout of ISA-L's state.

/// One call's buffers and what the stream says after it.
typedef struct {
  const uint8_t *next_in;
  uint32_t avail_in;
  uint8_t *next_out;
  uint32_t avail_out;
  /// 1 when the deflate data's last block has been decoded and all its bytes written.
  int32_t finished;
  /// The CRC-32 of the bytes written since the stream was reset (final once finished).
  uint32_t crc;
  /// The bytes written since the stream was reset, modulo 2^32 (gzip's ISIZE).
  uint32_t total_out;
  /// Once finished: whole bytes read past the end of the deflate data (at most 8), in order
  /// from the lowest byte of `pending`.
  uint32_t pending_count;
  uint64_t pending;
} flowcause_isal_step;

/// Whether this build saw ISA-L's header (so flowcause_isal_new can succeed).
static inline int flowcause_isal_compiled(void) { return FLOWCAUSE_ISAL_HEADER; }

#if FLOWCAUSE_ISAL_HEADER

/// One raw deflate stream and the library functions that decode it.
typedef struct {
  struct inflate_state state;
  void (*init)(struct inflate_state *);
  void (*reset)(struct inflate_state *);
  int (*inflate)(struct inflate_state *);
} flowcause_isal_stream;

/// A stream, or NULL when libisal.so.2 cannot be loaded. The library stays loaded.
static inline void *flowcause_isal_new(void) {
  static const char *const names[] = {"libisal.so.2", "libisal.2.dylib", "libisal.dylib"};
  void *library = NULL;
  for (unsigned i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
    library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  }
  if (library == NULL) return NULL;
  flowcause_isal_stream *stream = (flowcause_isal_stream *)malloc(sizeof(flowcause_isal_stream));
  if (stream == NULL) return NULL;
  stream->init = (void (*)(struct inflate_state *))dlsym(library, "isal_inflate_init");
  stream->reset = (void (*)(struct inflate_state *))dlsym(library, "isal_inflate_reset");
  stream->inflate = (int (*)(struct inflate_state *))dlsym(library, "isal_inflate");
  if (stream->init == NULL || stream->reset == NULL || stream->inflate == NULL) {
    free(stream);
    return NULL;
  }
  stream->init(&stream->state);
  return stream;
}

/// Starts a new raw deflate stream whose CRC-32 is computed as it is decoded.
static inline void flowcause_isal_reset(void *handle) {
  flowcause_isal_stream *stream = (flowcause_isal_stream *)handle;
  stream->reset(&stream->state);
  stream->state.crc_flag = ISAL_GZIP_NO_HDR;
}

/// Decodes from step's input into its output; returns ISA-L's status (negative: an error).
static inline int32_t flowcause_isal_inflate(void *handle, flowcause_isal_step *step) {
  flowcause_isal_stream *stream = (flowcause_isal_stream *)handle;
  struct inflate_state *state = &stream->state;
  state->next_in = (uint8_t *)step->next_in;
  state->avail_in = step->avail_in;
  state->next_out = step->next_out;
  state->avail_out = step->avail_out;
  int status = stream->inflate(state);
  step->next_in = state->next_in;
  step->avail_in = state->avail_in;
  step->next_out = state->next_out;
  step->avail_out = state->avail_out;
  step->finished = state->block_state == ISAL_BLOCK_FINISH;
  step->crc = state->crc;
  step->total_out = state->total_out;
  step->pending_count = 0;
  step->pending = 0;
  if (step->finished && state->read_in_length > 0) {
    // The last block ends inside a byte: the rest of that byte is padding, and the whole
    // bytes after it (the gzip trailer, perhaps more) are still in the bit buffer.
    step->pending_count = (uint32_t)state->read_in_length / 8;
    step->pending = state->read_in >> (state->read_in_length % 8);
  }
  return status;
}

static inline void flowcause_isal_free(void *handle) { free(handle); }

#else

static inline void *flowcause_isal_new(void) { return NULL; }
static inline void flowcause_isal_reset(void *handle) { (void)handle; }
static inline int32_t flowcause_isal_inflate(void *handle, flowcause_isal_step *step) {
  (void)handle;
  (void)step;
  return -1;
}
static inline void flowcause_isal_free(void *handle) { (void)handle; }

#endif

#endif

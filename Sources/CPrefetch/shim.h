// A hint to the processor to start loading a cache line that will be read or written soon
// (the compiler's __builtin_prefetch, which Swift does not expose). Only a hint: an address
// that is never dereferenced is harmless.
static inline void flowcause_prefetch(const void *address) {
  __builtin_prefetch(address, 1, 3);
}

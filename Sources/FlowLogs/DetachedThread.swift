import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs work that blocks (waiting for a reader to take a chunk, or for a pipe) on a thread of
/// its own, not on Dispatch's pool, whose few threads the parse and decision workers need.
enum DetachedThread {
  /// Starts `body` on a new detached thread (or, should the system refuse one, on Dispatch's).
  static func start(_ body: @escaping @Sendable () -> Void) {
    final class Box {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t? = nil
    #endif
    let status = pthread_create(
      &thread, &attributes,
      { context in
        guard let context else { return nil }
        Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
        return nil
      }, box)
    if status != 0 {
      Unmanaged<Box>.fromOpaque(box).release()
      DispatchQueue.global().async(execute: body)
    }
  }
}

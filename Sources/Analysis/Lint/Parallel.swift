import Dispatch
import Synchronization

/// Work items shared out to a few threads, each taking the next item when it is done.
enum Parallel {
  /// `body(0) ..< body(count - 1)` on up to `threads` threads, in index order.
  static func map<T: Sendable>(
    _ count: Int, threads: Int, _ body: @Sendable (Int) -> T
  ) -> [T] {
    guard threads > 1, count > 1 else { return (0..<count).map(body) }
    let next = Atomic<Int>(0)
    let results = Mutex<[Int: T]>([:])
    DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < count else { return }
        let value = body(index)
        results.withLock { $0[index] = value }
      }
    }
    return results.withLock { table in (0..<count).compactMap { table[$0] } }
  }
}

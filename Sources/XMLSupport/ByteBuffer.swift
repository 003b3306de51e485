/// The XML writer's growing byte buffer: bytes copied into uninitialised memory. An array's
/// `append(contentsOf:)` cost about eighty instructions for an element name of a few bytes,
/// and a document part appends hundreds of thousands of those.
@usableFromInline
final class ByteBuffer {
    // Unchecked: the writer's closures (escape's) reach these, and a dynamic exclusivity check
    // per append cost more than the array did.
    @exclusivity(unchecked) @usableFromInline var start: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) @usableFromInline var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    @usableFromInline var isEmpty: Bool { count == 0 }
    @usableFromInline var last: UInt8? { count > 0 ? start[count - 1] : nil }

    @inlinable @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        start[count] = byte
        count += 1
    }

    @inlinable @inline(__always)
    func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (start + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @usableFromInline
    func grow(to needed: Int) {
        let larger = max(capacity * 2, needed)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = larger
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: start, count: count))
    }

    /// Empties the buffer, keeping its memory.
    func removeAll() { count = 0 }

    /// The bytes as an array (a copy).
    var array: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }
}

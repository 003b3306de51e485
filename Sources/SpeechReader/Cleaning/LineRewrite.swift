/// A pass's output written into the array it reads, front to back: output line i goes to slot i
/// once the pass has read past that slot, and waits in a queue until then (a pass that splits a
/// line writes ahead of its reading). The pass reads with `next()`, writes with `append`, may
/// look back on what it wrote and change it, and ends with `finish()`. A second array of every
/// line beside the first was the peak of a file of a million lines.
struct LineRewrite {
    private var storage: [SourceLine]
    /// storage[..<kept] holds output lines 0..<kept.
    private var kept = 0
    /// storage[read...] holds the lines not read yet; kept <= read always.
    private var read = 0
    /// Output lines kept... waiting for a free slot: waiting[waitingStart...].
    private var waiting: [SourceLine] = []
    private var waitingStart = 0

    /// Takes the lines, leaving `lines` empty until `finish()` hands the output back.
    init(taking lines: inout [SourceLine]) {
        storage = []
        swap(&storage, &lines)
    }

    /// The next line to read, or nil when all have been read.
    mutating func next() -> SourceLine? {
        settle()
        guard read < storage.count else { return nil }
        read += 1
        return storage[read - 1]
    }

    /// The output: the lines written, in order. The rewrite is left empty, so that it holds no
    /// second reference to them (the next write to the array would copy it whole).
    mutating func finish() -> [SourceLine] {
        settle()
        storage.removeSubrange(kept...)
        storage.append(contentsOf: waiting[waitingStart...])
        var output: [SourceLine] = []
        swap(&output, &storage)
        waiting = []
        waitingStart = 0
        kept = 0
        read = 0
        return output
    }

    /// Moves waiting lines into the slots already read.
    private mutating func settle() {
        while waitingStart < waiting.count, kept < read {
            storage[kept] = waiting[waitingStart]
            kept += 1
            waitingStart += 1
        }
        if waitingStart == waiting.count, waitingStart > 0 {
            waiting.removeAll(keepingCapacity: true)
            waitingStart = 0
        }
    }

    // MARK: The output so far

    var count: Int { kept + waiting.count - waitingStart }
    var isEmpty: Bool { count == 0 }
    var last: SourceLine? { isEmpty ? nil : self[count - 1] }

    subscript(index: Int) -> SourceLine {
        get { index < kept ? storage[index] : waiting[waitingStart + index - kept] }
        set {
            if index < kept { storage[index] = newValue } else { waiting[waitingStart + index - kept] = newValue }
        }
    }

    mutating func append(_ line: SourceLine) {
        if kept < read, waitingStart == waiting.count {
            storage[kept] = line
            kept += 1
        } else {
            waiting.append(line)
        }
    }

    func lastIndex(where predicate: (SourceLine) -> Bool) -> Int? {
        var index = count - 1
        while index >= 0 {
            if predicate(self[index]) { return index }
            index -= 1
        }
        return nil
    }

    func last(where predicate: (SourceLine) -> Bool) -> SourceLine? { lastIndex(where: predicate).map { self[$0] } }

    mutating func removeLast() {
        if waitingStart < waiting.count { waiting.removeLast() } else { kept -= 1 }
    }

    /// Removes output lines index... (the lines a pass looks back on are near the end).
    mutating func removeAll(from index: Int) {
        while count > index { removeLast() }
    }

    mutating func remove(at index: Int) {
        for later in index..<(count - 1) { self[later] = self[later + 1] }
        removeLast()
    }
}

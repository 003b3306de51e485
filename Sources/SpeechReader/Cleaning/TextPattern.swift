import Foundation

/// A regular expression of the reader (the passes' notices and remnants, the lexicon's inline
/// noise), run by ICU through Foundation's NSRegularExpression. Swift's Regex took about a
/// millisecond to scan a line of a thousand characters and some to compile each pattern at
/// every start; ICU scans the same line in some 25 µs.
///
/// ICU matches code points where Swift's Regex matched Characters (grapheme clusters): the two
/// differ only where a combining mark or joiner follows a character a pattern names, or a class
/// counts such a cluster as one (a decomposed á for the precomposed one in a class); the reader's
/// patterns name punctuation, digits, Han characters and precomposed pinyin.
public struct TextPattern: Sendable {
    /// The expression as written.
    public let source: String
    private let compiled: Compiled

    /// Compiled now: a source that is no expression throws.
    public init(_ source: String) throws {
        self.source = source
        compiled = Compiled(try NSRegularExpression(pattern: source))
    }

    /// Compiled when first used: ICU builds its tables for expressions (8 million instructions,
    /// a twelfth of a small convert) in the first compilation of a process, and most pages never
    /// reach a pattern of the lexicon. Only for patterns the test suite compiles (the built-in
    /// lexicon's): one that failed then would be a build fault.
    init(deferring source: String) {
        self.source = source
        compiled = Compiled(nil)
    }

    /// The expression, compiled once whichever thread asks first. NSRegularExpression is
    /// immutable and may be used from any thread.
    private final class Compiled: @unchecked Sendable {
        /// Compiled when made: read without the lock.
        private let ready: NSRegularExpression?
        private let lock = NSLock()
        private var expression: NSRegularExpression?
        init(_ expression: NSRegularExpression?) { ready = expression }

        func expression(_ source: String) -> NSRegularExpression {
            if let ready { return ready }
            return lock.withLock {
                if let expression { return expression }
                guard let made = try? NSRegularExpression(pattern: source) else {
                    fatalError("speechdoc: a built-in pattern does not compile: \(source)")
                }
                expression = made
                return made
            }
        }
    }

    private var expression: NSRegularExpression { compiled.expression(source) }

    /// A match in `subject`: its range and its groups' (nil for a group that took no part).
    public struct Match {
        public let subject: String
        public let range: Range<String.Index>
        private let groups: [Range<String.Index>?]

        init(_ result: NSTextCheckingResult, in subject: String) {
            self.subject = subject
            groups = (0..<result.numberOfRanges).map { Range(result.range(at: $0), in: subject) }
            range = groups[0]!
        }

        /// The groups the pattern has, the whole match (group 0) among them.
        public var groupCount: Int { groups.count }

        /// The text of group `index` (0: the whole match), nil when the group took no part.
        public subscript(index: Int) -> Substring? { groups[index].map { subject[$0] } }
    }

    public func firstMatch(in text: String) -> Match? {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)).map { Match($0, in: text) }
    }

    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Every match, left to right and not overlapping, replaced by what `replacement` makes of it.
    public func replacing(in text: String, with replacement: (Match) -> String) -> String {
        let results = expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !results.isEmpty else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var position = text.startIndex
        for result in results {
            let match = Match(result, in: text)
            output += text[position..<match.range.lowerBound]
            output += replacement(match)
            position = match.range.upperBound
        }
        output += text[position...]
        return output
    }
}

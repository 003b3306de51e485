import Foundation
import Yams

/// The reader's knowledge as data: word classes of web furniture, the words of a speech's own
/// parts, text that sites inject into sentences, and how much each piece of evidence weighs for
/// each role. Read from Lexicon/*.yaml, which the build embeds; every key is checked on load.
public final class Lexicon: Sendable {
    public struct WordClass: Sendable {
        public var name: String
        public var weight: Double
        /// The share of the weight that counts in a long unit, when the class says (else the
        /// length scale of weights.yaml applies).
        public var inProse: Double?
        public var words: [String]
    }

    public struct InlinePattern: Sendable {
        public var name: String
        public var pattern: TextPattern
        /// The pattern runs only on lines holding one of these.
        public var keywords: [String]
    }

    public let furnitureClasses: [WordClass]
    /// The bits of the classes whose words are never a title's (`PageLabeller.neverTitles`).
    let neverTitleClasses: UInt32

    /// The bits of the named furniture classes in a unit's `Evidence.classes`.
    func classMask(_ names: Set<String>) -> UInt32 {
        Self.classMask(names, furnitureClasses)
    }

    static func classMask(_ names: Set<String>, _ classes: [WordClass]) -> UInt32 {
        var mask: UInt32 = 0
        for (index, wordClass) in classes.enumerated() where names.contains(wordClass.name) { mask |= 1 << index }
        return mask
    }
    public let titleEndings: [String]
    public let titleDecorations: [String]
    public let salutationWords: [String]
    /// Lower case: a Latin line is looked up lowered (Patterns.isLatinAudience).
    public let latinAudienceWords: [String]
    public let speakerPosts: [String]
    public let translationCues: [String]
    public let paragraphOpeners: [String]
    /// The same, as scalars, for the segmenter's scan.
    let paragraphOpenerScalars: [[Unicode.Scalar]]
    public let inlineNoise: [InlinePattern]
    public let weights: EvidenceWeights
    /// Title words by their last scalar, as scalars: "does a title word end here?" in one lookup.
    let titleEndingsByLast: [Unicode.Scalar: [[Unicode.Scalar]]]

    /// One scan a line: a group per furniture class.
    let furnitureKeywords: KeywordSet
    /// The classes that count in long prose (`in-prose`), for units too long for the others to
    /// weigh anything much: a smaller set scans faster. `inProseClasses[i]` is group i's class.
    let inProseKeywords: KeywordSet
    let inProseClasses: [Int]
    let speakerKeywords: KeywordSet
    /// Group 0: a sentence end (a title has none); group 1: a title word (a title has one).
    let titleKeywords: KeywordSet
    let inlineKeywords: KeywordSet

    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    /// The lexicon built into the program.
    public static let builtIn: Lexicon = {
        do {
            // Its patterns are compiled when first used (the test suite compiles each of them).
            return try Lexicon(files: EmbeddedLexicon.files, checkingPatterns: false)
        } catch {
            // The embedded files are checked by the test suite; reaching this is a build fault.
            fatalError("speechdoc: the built-in lexicon does not load: \(error)")
        }
    }()

    /// Reads the three files (furniture.yaml, speech.yaml, weights.yaml) from their texts.
    /// `checkingPatterns`: compile the inline-noise patterns as they load, so that one that is
    /// no expression is an error of the load; else each is compiled when first used.
    public init(files: [String: String], checkingPatterns: Bool = true) throws {
        func document(_ name: String) throws -> [String: Any] {
            guard let text = files[name] else { throw LoadError(file: name, message: "missing") }
            let value: Any?
            // Every scalar as text (the basic resolver): numbers are parsed here, and no scalar costs
            // a regular expression per implicit type (a fifth of a small convert's time). UTF-8
            // named: Yams' default encoding reads the whole environment on every call and prints
            // to standard output when YAMS_DEFAULT_ENCODING is set.
            do { value = try Yams.load(yaml: text, .basic, .default, .utf8) } catch {
                throw LoadError(file: name, message: "not valid YAML: \(error)")
            }
            guard let map = value as? [String: Any] else { throw LoadError(file: name, message: "expected a mapping at the top") }
            return map
        }
        let furniture = try document("furniture.yaml")
        try Self.checkKeys(furniture, allowed: ["classes"], file: "furniture.yaml", at: "")
        guard let classes = furniture["classes"] as? [[String: Any]], !classes.isEmpty else {
            throw LoadError(file: "furniture.yaml", message: "classes: expected a list of classes")
        }
        guard classes.count <= Evidence.maximumClasses else {
            throw LoadError(file: "furniture.yaml", message: "classes: at most \(Evidence.maximumClasses)")
        }
        furnitureClasses = try classes.enumerated().map { index, entry in
            let at = "classes[\(index)]"
            try Self.checkKeys(entry, allowed: ["name", "weight", "in-prose", "words"], file: "furniture.yaml", at: at)
            guard let name = entry["name"] as? String else { throw LoadError(file: "furniture.yaml", message: "\(at).name: expected text") }
            let weight = try Self.number(entry["weight"], file: "furniture.yaml", at: "\(at).weight")
            let words = try Self.words(entry["words"], file: "furniture.yaml", at: "\(at).words")
            let inProse = try entry["in-prose"].map { try Self.number($0, file: "furniture.yaml", at: "\(at).in-prose") }
            return WordClass(name: name, weight: weight, inProse: inProse, words: words)
        }
        let speech = try document("speech.yaml")
        try Self.checkKeys(speech, allowed: ["title-endings", "title-decorations", "salutation-words", "latin-audience-words", "speaker-posts", "translation-cues", "paragraph-openers", "inline-noise"],
                           file: "speech.yaml", at: "")
        titleEndings = try Self.words(speech["title-endings"], file: "speech.yaml", at: "title-endings")
        titleDecorations = try Self.words(speech["title-decorations"], file: "speech.yaml", at: "title-decorations")
        salutationWords = try Self.words(speech["salutation-words"], file: "speech.yaml", at: "salutation-words")
        latinAudienceWords = try Self.words(speech["latin-audience-words"], file: "speech.yaml", at: "latin-audience-words")
            .map { $0.lowercased() }
        speakerPosts = try Self.words(speech["speaker-posts"], file: "speech.yaml", at: "speaker-posts")
        translationCues = try Self.words(speech["translation-cues"], file: "speech.yaml", at: "translation-cues")
        paragraphOpeners = try Self.words(speech["paragraph-openers"], file: "speech.yaml", at: "paragraph-openers")
        paragraphOpenerScalars = paragraphOpeners.map { Array($0.unicodeScalars) }
        guard let noise = speech["inline-noise"] as? [[String: Any]] else {
            throw LoadError(file: "speech.yaml", message: "inline-noise: expected a list")
        }
        inlineNoise = try noise.enumerated().map { index, entry in
            let at = "inline-noise[\(index)]"
            try Self.checkKeys(entry, allowed: ["name", "pattern", "keywords"], file: "speech.yaml", at: at)
            guard let name = entry["name"] as? String, let source = entry["pattern"] as? String else {
                throw LoadError(file: "speech.yaml", message: "\(at): expected a name and a pattern")
            }
            let pattern: TextPattern
            if checkingPatterns {
                do { pattern = try TextPattern(source) } catch {
                    throw LoadError(file: "speech.yaml", message: "\(at).pattern: not a valid regular expression")
                }
            } else {
                pattern = TextPattern(deferring: source)
            }
            return InlinePattern(name: name, pattern: pattern,
                                 keywords: try Self.words(entry["keywords"], file: "speech.yaml", at: "\(at).keywords"))
        }
        weights = try EvidenceWeights(try document("weights.yaml"))
        furnitureKeywords = KeywordSet(furnitureClasses.map(\.words))
        neverTitleClasses = Self.classMask(PageLabeller.neverTitles, furnitureClasses)
        let wordClasses = furnitureClasses
        let inProse = wordClasses.indices.filter { wordClasses[$0].inProse != nil }
        inProseClasses = inProse
        inProseKeywords = KeywordSet(inProse.map { wordClasses[$0].words })
        speakerKeywords = KeywordSet([speakerPosts])
        titleKeywords = KeywordSet([["。", "！", "？"], titleEndings])
        var byLast: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        for ending in titleEndings { byLast[ending.unicodeScalars.last!, default: []].append(Array(ending.unicodeScalars)) }
        titleEndingsByLast = byLast
        inlineKeywords = KeywordSet(inlineNoise.map(\.keywords))
    }

    static func checkKeys(_ map: [String: Any], allowed: Set<String>, file: String, at: String) throws {
        for key in map.keys.sorted() where !allowed.contains(key) {
            let path = at.isEmpty ? key : "\(at).\(key)"
            throw LoadError(file: file, message: "\(path): unknown key (expected \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    static func number(_ value: Any?, file: String, at: String) throws -> Double {
        if let text = value as? String, let number = Double(text), number.isFinite { return number }
        throw LoadError(file: file, message: "\(at): expected a number")
    }

    static func words(_ value: Any?, file: String, at: String) throws -> [String] {
        guard let list = value as? [Any], !list.isEmpty else { throw LoadError(file: file, message: "\(at): expected a list of words") }
        return try list.map { item in
            guard let word = item as? String, !word.isEmpty else {
                throw LoadError(file: file, message: "\(at): “\(item)” is not a word")
            }
            return word
        }
    }
}

/// Roles a unit of a page can take, in the order of the grammar of a speech page.
public enum UnitRole: String, Sendable, CaseIterable, Equatable {
    case furniture, title, meta, salutation, body
}

/// Evidence weights per role and the role transitions, from weights.yaml.
public struct EvidenceWeights: Sendable {
    /// weights[role][feature]
    public var weights: [[Double]]
    /// transitions[from][to] between the grammar's states; nil when not allowed. `from` runs
    /// over the states, then start.
    public var transitions: [[Double?]]
    /// ends[state]: the cost of the page ending in that state; nil when it cannot.
    public var ends: [Double?]

    /// The grammar's states: the roles, and furniture between a title and its text.
    public enum State: String, CaseIterable, Sendable {
        case furniture, title, meta, salutation, body
        case headerFurniture = "header-furniture"

        var role: UnitRole {
            switch self {
            case .furniture, .headerFurniture: .furniture
            case .title: .title
            case .meta: .meta
            case .salutation: .salutation
            case .body: .body
            }
        }
    }
    public var lengthScale: (full: Int, half: Int, floor: Double)

    init(_ map: [String: Any]) throws {
        let file = "weights.yaml"
        try Lexicon.checkKeys(map, allowed: ["length-scale", "roles", "transitions"], file: file, at: "")
        guard let scale = map["length-scale"] as? [String: Any] else {
            throw Lexicon.LoadError(file: file, message: "length-scale: expected full, half and floor")
        }
        try Lexicon.checkKeys(scale, allowed: ["full", "half", "floor"], file: file, at: "length-scale")
        lengthScale = (Int(try Lexicon.number(scale["full"], file: file, at: "length-scale.full")),
                       Int(try Lexicon.number(scale["half"], file: file, at: "length-scale.half")),
                       try Lexicon.number(scale["floor"], file: file, at: "length-scale.floor"))
        guard let roles = map["roles"] as? [String: Any] else { throw Lexicon.LoadError(file: file, message: "roles: expected a mapping") }
        let roleNames = Set(UnitRole.allCases.map(\.rawValue))
        try Lexicon.checkKeys(roles, allowed: roleNames, file: file, at: "roles")
        let featureNames = Set(Evidence.Feature.names)
        weights = try UnitRole.allCases.map { role in
            guard let entries = roles[role.rawValue] as? [String: Any] else {
                throw Lexicon.LoadError(file: file, message: "roles.\(role.rawValue): missing")
            }
            try Lexicon.checkKeys(entries, allowed: featureNames, file: file, at: "roles.\(role.rawValue)")
            return try Evidence.Feature.allCases.map { feature in
                guard let value = entries[feature.name] else { return 0 }
                return try Lexicon.number(value, file: file, at: "roles.\(role.rawValue).\(feature.name)")
            }
        }
        guard let moves = map["transitions"] as? [String: Any] else {
            throw Lexicon.LoadError(file: file, message: "transitions: expected a mapping")
        }
        let stateNames = Set(State.allCases.map(\.rawValue))
        try Lexicon.checkKeys(moves, allowed: stateNames.union(["start", "end"]), file: file, at: "transitions")
        let endings = moves["end"] as? [String: Any] ?? [:]
        try Lexicon.checkKeys(endings, allowed: stateNames, file: file, at: "transitions.end")
        ends = try State.allCases.map { state in
            try endings[state.rawValue].map { try Lexicon.number($0, file: file, at: "transitions.end.\(state.rawValue)") }
        }
        transitions = try (State.allCases.map(\.rawValue) + ["start"]).map { from in
            let entries = moves[from] as? [String: Any] ?? [:]
            try Lexicon.checkKeys(entries, allowed: stateNames, file: file, at: "transitions.\(from)")
            return try State.allCases.map { to in
                guard let value = entries[to.rawValue] else { return nil }
                return try Lexicon.number(value, file: file, at: "transitions.\(from).\(to.rawValue)")
            }
        }
    }
}

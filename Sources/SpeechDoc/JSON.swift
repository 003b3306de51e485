/// A JSON value that keeps object keys in the order they were given, for readable reports.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// Pretty-printed with two-space indentation; non-ASCII characters written as is.
    public func serialized(indent: Int = 0) -> String {
        let closingPad = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return value.isFinite ? String(value) : "null"
        case .string(let value): return Self.quote(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            return "[\n" + values.map { $0.element(in: indent) }.joined(separator: ",\n") + "\n\(closingPad)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { Self.member($0.0, $0.1, in: indent) }.joined(separator: ",\n") + "\n\(closingPad)}"
        }
    }

    /// The value as one element of an array at depth `indent`, laid out as `serialized` lays it
    /// out (for writers that stream an array's elements).
    func element(in indent: Int) -> String {
        String(repeating: "  ", count: indent + 1) + serialized(indent: indent + 1)
    }

    /// `"key": value` as one member of an object at depth `indent`.
    static func member(_ key: String, _ value: JSONValue, in indent: Int) -> String {
        String(repeating: "  ", count: indent + 1) + quote(key) + ": " + value.serialized(indent: indent + 1)
    }

    static func quote(_ text: String) -> String {
        Quoting.json(text)
    }
}

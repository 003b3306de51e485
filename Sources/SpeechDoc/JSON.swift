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
        var bytes: [UInt8] = []
        write(to: &bytes, indent: indent)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `serialized(indent:)`'s bytes, appended to `out` (a batch report writes an entry for each
    /// input straight into its buffer, without a string for each value and each line).
    func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .double(let value): out.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
        case .string(let value): out.append(contentsOf: Self.quote(value).utf8)
        case .array(let values):
            if values.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (position, value) in values.enumerated() {
                if position > 0 { out.append(contentsOf: ",\n".utf8) }
                value.writeElement(to: &out, in: indent)
            }
            out.append(UInt8(ascii: "\n"))
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (position, (key, value)) in members.enumerated() {
                if position > 0 { out.append(contentsOf: ",\n".utf8) }
                Self.writeMember(key, value, to: &out, in: indent)
            }
            out.append(UInt8(ascii: "\n"))
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func pad(_ out: inout [UInt8], _ indent: Int) {
        for _ in 0..<indent { out.append(contentsOf: "  ".utf8) }
    }

    /// The value as one element of an array at depth `indent`, laid out as `serialized` lays it
    /// out (for writers that stream an array's elements).
    func writeElement(to out: inout [UInt8], in indent: Int) {
        Self.pad(&out, indent + 1)
        write(to: &out, indent: indent + 1)
    }

    /// `"key": value` as one member of an object at depth `indent`.
    static func member(_ key: String, _ value: JSONValue, in indent: Int) -> String {
        var bytes: [UInt8] = []
        writeMember(key, value, to: &bytes, in: indent)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func writeMember(_ key: String, _ value: JSONValue, to out: inout [UInt8], in indent: Int) {
        pad(&out, indent + 1)
        out.append(contentsOf: quote(key).utf8)
        out.append(contentsOf: ": ".utf8)
        value.write(to: &out, indent: indent + 1)
    }

    static func quote(_ text: String) -> String {
        Quoting.json(text)
    }
}

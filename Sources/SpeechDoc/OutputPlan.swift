import Foundation
import SpeechWriting

/// Where each speech of each input goes.
public enum OutputPlan {
    /// "out/name.md" for a one-speech input; "out/name-1.md", "out/name-2.md" … otherwise.
    public static func paths(base: String, count: Int) -> [String] {
        guard count > 1 else { return [base] }
        // String path operations keep a relative path relative.
        let ext = (base as NSString).pathExtension
        let stem = (base as NSString).deletingPathExtension
        return (1...count).map { "\(stem)-\($0)" + (ext.isEmpty ? "" : ".\(ext)") }
    }

    /// The same file, however the two paths spell it (`FileKey`).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        FileKey(a) == FileKey(b)
    }
}

/// Checks a plan of writes before anything is written: no output may be an input or the
/// report, and no two inputs may write the same output. Each collision names both sides.
public struct WritePlan {
    public struct Output {
        /// The input whose output this is.
        public var input: String
        public var path: String

        public init(input: String, path: String) {
            self.input = input
            self.path = path
        }
    }

    public struct Collision: Error, CustomStringConvertible, Equatable {
        /// The inputs whose outputs are not written.
        public var inputs: [String]
        public var description: String
    }

    /// The collisions of a plan, and so the inputs that must not be written.
    public static func collisions(inputs: [String], outputs: [Output], report: String? = nil) -> [Collision] {
        var inputKeys: [FileKey: String] = [:]
        for input in inputs { inputKeys[FileKey(input)] = inputKeys[FileKey(input)] ?? input }
        let reportKey = report.map(FileKey.init)
        var collisions: [Collision] = []
        if let report, let reportKey, let input = inputKeys[reportKey] {
            collisions.append(Collision(inputs: [], description: "\(report): the report would replace the input \(input)"))
        }
        var byKey: [FileKey: Output] = [:]
        for output in outputs {
            let key = FileKey(output.path)
            if let input = inputKeys[key] {
                collisions.append(Collision(inputs: [output.input],
                                            description: "\(output.input): its output \(output.path) would replace the input \(input); nothing written for it"))
            } else if key == reportKey, let report {
                collisions.append(Collision(inputs: [output.input],
                                            description: "\(output.input): its output \(output.path) is the report \(report); nothing written for it"))
            } else if let first = byKey[key], first.input != output.input {
                collisions.append(Collision(inputs: [first.input, output.input],
                                            description: "\(first.input) and \(output.input) would both write \(output.path); nothing written for either"))
            } else if byKey[key] != nil {
                collisions.append(Collision(inputs: [output.input],
                                            description: "\(output.input): two of its outputs would be \(output.path); nothing written for it"))
            } else {
                byKey[key] = output
            }
        }
        return collisions
    }
}

/// File names made from text.
public enum FileName {
    /// A file name from a title (讲话汇编 2.0, 关于A/B的讲话): kept whole, not cut at a dot;
    /// slashes become ／, control characters go, leading dots go (no hidden file), at most 200
    /// bytes of whole characters; 讲话汇编 when nothing is left.
    public static func from(title: String) -> String {
        var name = String.UnicodeScalarView()
        var bytes = 0
        for scalar in title.unicodeScalars {
            let kept: Unicode.Scalar
            switch scalar.value {
            case 0x2F: kept = "／"
            case 0x00..<0x20, 0x7F: continue
            default: kept = scalar
            }
            bytes += String(kept).utf8.count
            if bytes > 200 { break }
            name.append(kept)
        }
        let trimmed = String(String(name).drop { $0 == "." || $0 == " " }).trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "讲话汇编" : trimmed
    }
}

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

    /// The same file, however the two paths spell it.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        let left = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
        let right = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
        return left == right
    }
}

/// Path arithmetic on strings.
public enum PathText {
    /// The directory part of a path, as `NSString.deletingLastPathComponent` gives it: that
    /// traps on a one-character path in swift-corelibs-foundation (a batch input named 1.txt
    /// brought the whole batch down), so such paths are answered here.
    public static func parent(of path: String) -> String {
        guard path.utf8.count > 1 else { return path == "/" ? "/" : "" }
        return (path as NSString).deletingLastPathComponent
    }
}

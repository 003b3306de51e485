import Foundation
import Testing
import TestSupport
import SystemSupport

/// C libraries are reached only through their wrapper modules, and nothing declares a C
/// function by hand (@_silgen_name) (issue 21). libc through Swift's Glibc module is allowed only
/// where it is listed below; a new module that starts calling libc fails here until it goes
/// through SystemSupport or is listed with its reason.
@Test func onlyWrapperModulesTouchCLibraries() throws {
    let libcCall = #/(?:^|[^.\w])((?:stat|lstat|fstat|rename|unlink|fsync|fdatasync|syncfs|isatty|mkdir|rmdir|opendir|readdir|kill|getpid|signal|posix_spawn|wait4|strerror|malloc|free|memcpy|memcmp|memchr|memmem|strdup|iconv|iconv_open|mallopt|gmtime_r)\(|errno\b|Glibc\.\w+)/#
    let wrappers = ["CLibXML2": "XMLSupport", "CLibZip": "ZipSupport", "COpenCC": "ChineseScript", "CICU": "WordBreaks",
                    "CLibCExtras": "SystemSupport",
                    // Not a C library, but one spelling of SHA-256 too: ContentDigest.
                    "Crypto": "SpeechWriting"]
    let glibc: Set<String> = [
        "SystemSupport",  // the wrapper for libc itself
        "ZipSupport",  // buffers handed to libzip, which frees them (malloc/free)
    ]
    let sources = Repository.root.appendingPathComponent("Sources")
    let files = (FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
        .filter { $0.pathExtension == "swift" }
    #expect(files.count > 50)
    for file in files {
        let module = file.path.dropFirst(sources.path.count + 1).split(separator: "/").first.map(String.init) ?? ""
        let text = try String(contentsOf: file, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("@_silgen_name") { Issue.record("\(file.lastPathComponent): declares a C function by hand") }
            // Foundation re-exports libc, so an import check alone misses a call: the libc
            // functions the file layer and the byte scans use are looked for by name.
            if !glibc.contains(module), !trimmed.hasPrefix("//"),
               let call = trimmed.firstMatch(of: libcCall) {
                Issue.record("\(module)/\(file.lastPathComponent) calls libc's \(call.output.1) directly: go through SystemSupport")
            }
            guard trimmed.hasPrefix("import ") else { continue }
            let imported = String(trimmed.dropFirst("import ".count))
            if let owner = wrappers[imported], owner != module {
                Issue.record("\(module)/\(file.lastPathComponent) imports \(imported), which only \(owner) may")
            }
            if imported == "Glibc", !glibc.contains(module) {
                Issue.record("\(module)/\(file.lastPathComponent) imports Glibc: go through SystemSupport")
            }
        }
    }
}

/// The one clock: seconds since 1970 as UTC dates, by arithmetic, checked against dates known
/// from `date -u -d @N` (a leap day, century rules, the zip epoch and its last second).
@Test func theClockGivesUTCDates() {
    let known: [(Int, String)] = [(0, "1970-01-01T00:00:00Z"), (315_532_800, "1980-01-01T00:00:00Z"),
                                  (951_782_400, "2000-02-29T00:00:00Z"), (1_710_232_200, "2024-03-12T08:30:00Z"),
                                  (4_107_456_000, "2100-02-28T00:00:00Z"), (4_107_542_400, "2100-03-01T00:00:00Z"),
                                  (4_354_819_199, "2107-12-31T23:59:59Z")]
    for (epoch, text) in known { #expect(UTCTime(epoch: epoch).iso8601 == text, "\(epoch)") }
}

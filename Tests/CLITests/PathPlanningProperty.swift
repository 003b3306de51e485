import Foundation
import Testing
import TestSupport

/// The CLI's path planning under random trees: files in folders, links to files and folders,
/// the same files named in different spellings, and -o/--report choices among them. Whatever
/// is run, no input's bytes may change and no temporary file may stay. Fixed seeds in `make
/// test`; SPEECHDOC_PROPERTY_SEEDS=random (`make properties`) draws fresh ones and prints them.
private extension SplitMix64 {
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
}

private let seeds: [UInt64] = {
    if ProcessInfo.processInfo.environment["SPEECHDOC_PROPERTY_SEEDS"] == "random" {
        let fresh = (0..<40).map { _ in UInt64.random(in: 1...UInt64.max) }
        print("path planning seeds: \(fresh.map(String.init).joined(separator: " "))")
        return fresh
    }
    return Array(1...40)
}()

private func speech(_ n: Int, speeches: Int) -> String {
    (1...speeches).map { k in "在第\(n)次全体会议第\(k)阶段上的讲话\n同志们：\n一、提高站位\n今天我们召开会议，研究部署第\(k)项工作。\n谢谢大家！\n" }
        .joined(separator: "\n")
}

@Test(arguments: seeds)
func noPlanEverReplacesAnInput(seed: UInt64) throws {
    var rng = SplitMix64(state: seed)
    let directory = try TemporaryDirectory()
    let manager = FileManager.default
    let folders = ["a", "b", "a/sub"]
    for folder in folders { try manager.createDirectory(at: directory.file(folder), withIntermediateDirectories: true) }
    // Inputs: text and Markdown files, some holding two speeches, some sharing a stem.
    var files: [String] = []
    for n in 0..<Int(3 + rng.next() % 4) {
        let stem = rng.pick(["x", "x-1", "speech", "s\(n)"])
        let name = "\(rng.pick(folders))/\(stem).\(rng.pick(["txt", "md", "txt"]))"
        guard !manager.fileExists(atPath: directory.file(name).path) else { continue }
        try Data(speech(n, speeches: rng.chance(30) ? 2 : 1).utf8).write(to: directory.file(name))
        files.append(name)
    }
    // Links to a folder and to a file, so one file has several spellings.
    try manager.createSymbolicLink(atPath: directory.file("la").path, withDestinationPath: "a")
    if let target = files.first {
        try manager.createSymbolicLink(atPath: directory.file("b/link.txt").path, withDestinationPath: directory.file(target).path)
    }

    func spelling(_ path: String) -> String {
        switch rng.next() % 4 {
        case 0: return "./" + path
        case 1: return directory.file(path).path
        case 2 where path.hasPrefix("a/"): return "la/" + path.dropFirst(2)
        default: return path
        }
    }
    for _ in 0..<3 {
        let command = rng.pick(["convert", "batch", "clean"])
        let chosen = (0..<Int(1 + rng.next() % 3)).map { _ in rng.chance(25) ? rng.pick(folders + ["la"]) : spelling(rng.pick(files)) }
        let outputChoices = folders + ["la", "la/sub", "out", "."] + files.map(spelling) + ["b/link.txt"]
        var arguments = [command]
        switch command {
        case "clean":
            arguments += [spelling(rng.pick(files)), "-o", rng.pick(outputChoices)]
            if rng.chance(50) { arguments += ["--report", rng.pick(outputChoices)] }
        case "batch":
            arguments += chosen + ["-o", rng.pick(folders + ["la", "out", "."]), "--to", rng.pick(["md", "md,docx", "epub"]), "--quiet"]
            if rng.chance(50) { arguments += ["--report", rng.pick(outputChoices)] }
        default:
            let output = rng.pick(outputChoices + ["out/"])
            arguments += chosen + ["-o", output, "--to", rng.pick(["md", "docx", "epub"])]
        }
        // What this command reads: the files named, and the text files of the folders named
        // (a folder's own level for convert; its whole tree for batch, less the output folder).
        let reads = readFiles(command: command, arguments: arguments, in: directory.url)
        var before: [String: Data] = [:]
        for file in reads { before[file] = try Data(contentsOf: URL(fileURLWithPath: file)) }
        let result = try Run.speechdoc(arguments, in: directory.url)
        #expect(result.status != 132 && result.status != 134, "seed \(seed): \(arguments) trapped: \(result.stderr)")
        for file in reads {
            let now = try? Data(contentsOf: URL(fileURLWithPath: file))
            #expect(now == before[file], "seed \(seed): \(arguments) changed its input \(file)\n\(result.stderr)")
        }
    }
    let left = (manager.enumerator(atPath: directory.url.path)?.allObjects as? [String] ?? [])
        .filter { ($0 as NSString).lastPathComponent.hasPrefix(".speechdoc-tmp-") }
    #expect(left.isEmpty, "seed \(seed): temporary files left: \(left)")
}

/// The real paths of the files a command reads.
private func readFiles(command: String, arguments: [String], in directory: URL) -> Set<String> {
    func real(_ path: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : directory.appendingPathComponent(path).path
        guard let resolved = realpath(absolute, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
    func isText(_ name: String) -> Bool { [".txt", ".md", ".markdown"].contains { name.lowercased().hasSuffix($0) } }
    var named: [String] = []
    var index = 1
    while index < arguments.count {
        if ["-o", "--to", "--report"].contains(arguments[index]) { index += 2; continue }
        if arguments[index].hasPrefix("-") { index += 1; continue }
        named.append(arguments[index])
        index += 1
    }
    let output = arguments.firstIndex(of: "-o").flatMap { arguments.indices.contains($0 + 1) ? real(arguments[$0 + 1]) : nil }
    var reads = Set<String>()
    for path in named {
        guard let resolved = real(path) else { continue }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) else { continue }
        if !isFolder.boolValue { reads.insert(resolved); continue }
        if command == "batch" {
            let names = FileManager.default.enumerator(atPath: resolved)?.allObjects as? [String] ?? []
            for name in names where isText(name) && !name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                guard let file = real(resolved + "/" + name) else { continue }
                if let output, file.hasPrefix(output + "/") { continue }
                reads.insert(file)
            }
        } else {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: resolved)) ?? []
            for name in names where isText(name) && !name.hasPrefix(".") {
                if let file = real(resolved + "/" + name) { reads.insert(file) }
            }
        }
    }
    return reads
}

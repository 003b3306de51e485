import Foundation
import Testing
import TestSupport

/// The README's recipes for shards, run for real: GNU parallel on this machine, and a Slurm job
/// array on a single-node Slurm the test starts here. The shards' reports merged by `speechdoc
/// report merge` account for every input exactly once, and the outputs are byte for byte one
/// batch's.
enum ShardFixture {
    /// 40 samples under numbered names, and one file the reader refuses (it must be reported
    /// failed by exactly one shard).
    static func corpus(in directory: TemporaryDirectory) throws -> URL {
        let corpus = directory.file("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for copy in 1...10 {
            for sample in Repository.samples {
                try FileManager.default.copyItem(at: sample, to: corpus.appendingPathComponent("\(copy)-\(sample.lastPathComponent)"))
            }
        }
        try Data("PK\u{3}\u{4}broken".utf8).write(to: corpus.appendingPathComponent("broken.docx"))
        return corpus
    }

    static let formats = "docx,epub,md"

    /// One batch over the corpus, for comparison.
    static func single(_ directory: TemporaryDirectory) throws -> [String: Any] {
        let result = try Run.speechdoc(["batch", "corpus/", "-o", "single/", "--to", formats, "--quiet", "--report", "single.json"], in: directory.url)
        #expect(result.status == 1, "the broken input fails: \(result.stderr)")
        return try report(directory.file("single.json"))
    }

    static func report(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Every file under a directory, by relative path.
    static func files(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The merged report against one batch's: the same inputs in the same order, each once, the
    /// same entries but for where the outputs went, the same totals; and the same output bytes.
    static func check(merged: [String: Any], single: [String: Any], outputs: URL, singleOutputs: URL) throws {
        let inputs = try #require(merged["inputs"] as? [[String: Any]])
        let reference = try #require(single["inputs"] as? [[String: Any]])
        let names = inputs.compactMap { $0["input"] as? String }
        #expect(names == reference.compactMap { $0["input"] as? String })
        #expect(Set(names).count == names.count && names.count == 41, "every input exactly once")
        func stripped(_ entries: [[String: Any]]) -> [String] {
            entries.map { entry in
                entry.filter { $0.key != "outputs" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            }
        }
        #expect(stripped(inputs) == stripped(reference))
        #expect((merged["totals"] as? [String: Int]) == (single["totals"] as? [String: Int]), "\(merged["totals"] ?? "")")
        #expect(merged["settings"] as? String == single["settings"] as? String)
        let made = try files(outputs), expected = try files(singleOutputs)
        #expect(made.count == 120 && made.keys.sorted() == expected.keys.sorted())
        #expect(made == expected, "the shards' outputs are one batch's, byte for byte")
    }
}

@Test(.enabled(if: Run.tool("parallel") != nil, "needs GNU parallel (Debian's parallel)"))
func shardsRunWithGNUParallelMergeIntoOneBatch() throws {
    let directory = try TemporaryDirectory()
    _ = try ShardFixture.corpus(in: directory)
    let single = try ShardFixture.single(directory)
    // The README's line, with this build's program.
    let parallel = try Run.program(Run.tool("parallel")!, ["-j", "4", Repository.executable.path, "batch", "corpus/", "-o", "out/", "--quiet",
                                                           "--to", ShardFixture.formats, "--shard", "{}/4", "--report", "r-{}.json", ":::", "1", "2", "3", "4"],
                                   in: directory.url)
    #expect(parallel.status == 1, "one shard holds the broken input: \(parallel.stderr)")
    let merge = try Run.speechdoc(["report", "merge", "r-1.json", "r-2.json", "r-3.json", "r-4.json", "-o", "merged.json"], in: directory.url)
    #expect(merge.status == 1 && merge.stderr.contains("41 inputs, 40 converted, 0 unchanged, 1 failed, 120 outputs"), "\(merge.stderr)")
    try ShardFixture.check(merged: try ShardFixture.report(directory.file("merged.json")), single: single,
                           outputs: directory.file("out"), singleOutputs: directory.file("single"))
    // Reports that do not add up: a shard missing, a shard twice. Nothing is written.
    let missing = try Run.speechdoc(["report", "merge", "r-1.json", "r-2.json", "r-4.json", "-o", "partial.json"], in: directory.url)
    #expect(missing.status == 2 && missing.stderr.contains("shard 3/4 missing"), "\(missing.stderr)")
    let twice = try Run.speechdoc(["report", "merge", "r-1.json", "r-2.json", "r-3.json", "r-4.json", "r-2.json", "-o", "partial.json"], in: directory.url)
    #expect(twice.status == 2 && twice.stderr.contains("r-2.json: shard 2/4 is also r-2.json"), "\(twice.stderr)")
    #expect(!FileManager.default.fileExists(atPath: directory.file("partial.json").path))
}

/// A single-node Slurm on this machine: munged on a socket of its own, slurmctld and slurmd on
/// random ports, in a temporary directory; all killed at the end.
final class SlurmCluster {
    let directory: TemporaryDirectory
    let configuration: URL

    static var installed: Bool {
        ["munged", "slurmctld", "slurmd", "sbatch", "sinfo", "runuser", "setsid", "pkill"].allSatisfy { Run.tool($0) != nil || FileManager.default.isExecutableFile(atPath: "/usr/sbin/" + $0) }
    }

    static func program(_ name: String) -> URL {
        Run.tool(name) ?? URL(fileURLWithPath: "/usr/sbin/" + name)
    }

    /// Starts the daemons, or throws why they cannot start here.
    init() throws {
        guard getuid() == 0 else { throw ServeError(message: "Slurm's daemons need root (make test runs as root)") }
        guard FileManager.default.fileExists(atPath: "/etc/munge/munge.key") else { throw ServeError(message: "no /etc/munge/munge.key") }
        directory = try TemporaryDirectory()
        configuration = directory.file("slurm.conf")
        let munge = directory.file("munge")
        for name in ["munge", "state", "spool"] { try FileManager.default.createDirectory(at: directory.file(name), withIntermediateDirectories: true) }
        _ = try Run.program(URL(fileURLWithPath: "/bin/chown"), ["munge:munge", munge.path])
        let socket = munge.appendingPathComponent("socket").path
        // munged runs as its own user; --force: the temporary directory's parents are shared.
        try Self.detached(["runuser", "-u", "munge", "--", Self.program("munged").path, "--foreground", "--force", "--socket", socket,
                           "--pid-file", munge.appendingPathComponent("pid").path, "--log-file", munge.appendingPathComponent("log").path,
                           "--seed-file", munge.appendingPathComponent("seed").path], log: directory.file("munged.log"))
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { Thread.sleep(forTimeInterval: 0.1) }
        guard FileManager.default.fileExists(atPath: socket) else {
            throw ServeError(message: "munged did not start: \((try? String(contentsOf: munge.appendingPathComponent("log"), encoding: .utf8)) ?? "")")
        }
        let host = try Run.program(URL(fileURLWithPath: "/bin/hostname"), ["-s"]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = Int.random(in: 20_000...50_000)
        try """
        ClusterName=speechdoc
        SlurmctldHost=\(host)(127.0.0.1)
        SlurmctldPort=\(port)
        SlurmdPort=\(port + 1)
        SlurmUser=root
        AuthType=auth/munge
        AuthInfo=socket=\(socket)
        CredType=cred/munge
        StateSaveLocation=\(directory.file("state").path)
        SlurmdSpoolDir=\(directory.file("spool").path)
        SlurmctldPidFile=\(directory.file("slurmctld.pid").path)
        SlurmdPidFile=\(directory.file("slurmd.pid").path)
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        SelectType=select/cons_tres
        SelectTypeParameters=CR_Core
        ReturnToService=2
        MpiDefault=none
        JobAcctGatherType=jobacct_gather/none
        AccountingStorageType=accounting_storage/none
        SwitchType=switch/none
        NodeName=speechdoc NodeAddr=127.0.0.1 CPUs=\(ProcessInfo.processInfo.activeProcessorCount) State=UNKNOWN
        PartitionName=test Nodes=speechdoc Default=YES MaxTime=INFINITE State=UP

        """.write(to: configuration, atomically: true, encoding: .utf8)
        for (name, arguments) in [("slurmctld", ["-D", "-i", "-f", configuration.path]), ("slurmd", ["-D", "-N", "speechdoc", "-f", configuration.path])] {
            try Self.detached([Self.program(name).path] + arguments, log: directory.file(name + ".log"))
        }
        // Ready when the node is idle.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let state = try Run.program(Self.program("sinfo"), ["-h", "-o", "%T"], environment: environment).stdoutText
            if state.contains("idle") { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        let log = (try? String(contentsOf: directory.file("slurmd.log"), encoding: .utf8)) ?? ""
        stop()
        throw ServeError(message: "the Slurm node never became idle: \(log.suffix(400))")
    }

    /// Starts a daemon in a session of its own (setsid -f, through posix_spawn and waitpid), not
    /// as a child of the test process and not through Foundation's Process: with a daemon as its
    /// child, or after setsid -f, Process never saw a child of the test process exit (a finished
    /// sinfo, a setsid stayed zombies). The daemons are found again by their pid files and
    /// configuration path.
    static func detached(_ command: [String], log: URL) throws {
        let arguments = [program("setsid").path, "-f"] + command
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw ServeError(message: "cannot start \(command[0]): error \(spawned)") }
        // setsid -f returns at once; ECHILD: someone else reaped it, which is as good.
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_CONF"] = configuration.path
        return environment
    }

    func stop() {
        _ = try? Run.program(Self.program("pkill"), ["-KILL", "-f", configuration.path])
        if let pid = (try? String(contentsOf: directory.file("munge/pid"), encoding: .utf8)).flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            kill(pid, SIGKILL)
        }
    }

    deinit { stop() }
}

@Test(.enabled(if: SlurmCluster.installed, "needs slurm-wlm and munge (make test installs them)"))
func shardsRunAsASlurmJobArrayMergeIntoOneBatch() throws {
    let cluster: SlurmCluster
    do { cluster = try SlurmCluster() } catch {
        // Said, and skipped: never passed without running.
        try Test.cancel("Slurm could not start on this machine: \(error)")
    }
    let directory = try TemporaryDirectory()
    _ = try ShardFixture.corpus(in: directory)
    let single = try ShardFixture.single(directory)
    // The README's job: one array task per shard, each with its report.
    let job = directory.file("job.sh")
    try """
    #!/bin/sh
    exec '\(Repository.executable.path)' batch corpus/ -o out/ --quiet --to \(ShardFixture.formats) --shard ${SLURM_ARRAY_TASK_ID}/4 --report report-${SLURM_ARRAY_TASK_ID}.json

    """.write(to: job, atomically: true, encoding: .utf8)
    let submitted = try Run.program(SlurmCluster.program("sbatch"), ["--wait", "--array=1-4", "--chdir", directory.url.path,
                                                                    "--output", directory.file("task-%a.log").path, job.path],
                                    environment: cluster.environment, in: directory.url)
    // --wait exits with the highest task exit code: 1, the shard holding the broken input.
    #expect(submitted.status == 1, "\(submitted.stdoutText) \(submitted.stderr)")
    let reports = (1...4).map { "report-\($0).json" }
    let merge = try Run.speechdoc(["report", "merge"] + reports + ["-o", "merged.json"], in: directory.url)
    #expect(merge.status == 1 && merge.stderr.contains("41 inputs, 40 converted, 0 unchanged, 1 failed, 120 outputs"), "\(merge.stderr)")
    try ShardFixture.check(merged: try ShardFixture.report(directory.file("merged.json")), single: single,
                           outputs: directory.file("out"), singleOutputs: directory.file("single"))
    cluster.stop()
}

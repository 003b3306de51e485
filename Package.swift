// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: SpeechModel at the centre; readers and writers around it;
// the SpeechDoc library ties them together; the `speechdoc` executable sits on top.
// Each C library is reached through exactly one small Swift wrapper module.
let package = Package(
    name: "SpeechDoc",
    products: [
        .library(name: "SpeechDoc", targets: ["SpeechDoc"]),
        .executable(name: "speechdoc", targets: ["speechdoc"]),
        .executable(name: "speechdoc-serve", targets: ["speechdoc-serve"]),
        .executable(name: "speechdoc-bench", targets: ["speechdoc-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.0.0"),
        // SHA-256 for content identities and the batch report: BoringSSL's assembly, with the
        // CPU's SHA extensions where it has them.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The section model: plain values, no I/O, no format knowledge.
        .target(name: "SpeechModel"),

        // C libraries, each behind one wrapper module.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip",
                       providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc",
                       providers: [.apt(["libopencc-dev"])]),
        .systemLibrary(name: "CICU", pkgConfig: "icu-uc",
                       providers: [.apt(["libicu-dev"])]),
        .target(name: "XMLSupport", dependencies: ["CLibXML2"]),
        .target(name: "ZipSupport", dependencies: ["CLibZip", "SystemSupport"]),
        .target(name: "ChineseScript", dependencies: ["COpenCC", "SystemSupport"]),
        .target(name: "WordBreaks", dependencies: ["CICU"]),
        // libc beyond what Swift's Glibc module exports (memmem, mallopt), iconv and the one clock.
        .systemLibrary(name: "CLibCExtras"),
        .target(name: "SystemSupport", dependencies: ["CLibCExtras"]),

        // Reading: decoding, cleaning passes, structure detection, Markdown input.
        // Lexicon/*.yaml (word classes and evidence weights) is built in, like the styles.
        .target(name: "SpeechReader", dependencies: ["SpeechModel", "ChineseScript", "SystemSupport", .product(name: "Yams", package: "Yams")],
                plugins: ["EmbedData"]),

        // Styles as data: Styles/*.yaml read by a validating loader, built in as presets.
        .executableTarget(name: "embed-styles"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["embed-styles"]),
        .target(name: "SpeechStyles", dependencies: ["SpeechModel", .product(name: "Yams", package: "Yams")],
                plugins: ["EmbedData"]),

        // Writing: one protocol and options type; one module per format.
        .target(name: "SpeechWriting", dependencies: ["SpeechModel", "SpeechStyles", "WordBreaks", "SystemSupport",
                                                     .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "MarkdownWriter", dependencies: ["SpeechModel", "SpeechWriting", "SystemSupport"]),
        .target(name: "EpubWriter", dependencies: [
            "SpeechModel", "SpeechWriting", "SpeechStyles", "XMLSupport", "ZipSupport", "SystemSupport",
        ]),
        .target(name: "DocxWriter", dependencies: [
            "SpeechModel", "SpeechWriting", "SpeechStyles", "XMLSupport", "ZipSupport", "OfficePackage", "SystemSupport",
        ]),
        // Office packages read as untrusted input (limits, strict XML), for the Word template
        // and the DOCX reader alike; and the DOCX reader, which no writer is part of.
        .target(name: "OfficePackage", dependencies: ["XMLSupport", "ZipSupport"]),
        .target(name: "DocxReader", dependencies: ["OfficePackage", "SpeechReader", "XMLSupport"]),
        .target(name: "HTMLReader", dependencies: ["SpeechReader", "XMLSupport"]),
        // `speechdoc check`: any Word file audited against GB/T 9704 and a style.
        .target(name: "DocumentCheck", dependencies: ["OfficePackage", "SpeechStyles", "XMLSupport"]),

        // The library others use: the registry of formats and the conversion pipeline.
        .target(name: "SpeechDoc", dependencies: [
            "SpeechModel", "SpeechReader", "SpeechWriting", "SpeechStyles", "MarkdownWriter", "DocxWriter", "EpubWriter",
            "DocxReader", "OfficePackage", "HTMLReader", "SystemSupport", "DocumentCheck",
        ]),

        // The invariants every conversion keeps, checked in memory: run by the fuzz targets on
        // every input and by the regression and property tests.
        .target(name: "ConversionChecks", dependencies: ["SpeechDoc", "XMLSupport", "ZipSupport"]),

        // `make bench`: generates its own corpus from Samples/ and times every stage.
        .executableTarget(name: "speechdoc-bench", dependencies: ["SpeechDoc", "SystemSupport"]),

        // `speechdoc serve`: the review page on Hummingbird, its HTML, CSS and JavaScript (Web/)
        // built in.
        .target(name: "ReviewServer", dependencies: ["SpeechDoc", "EpubWriter", .product(name: "Hummingbird", package: "hummingbird"),
                                                     .product(name: "HTTPTypes", package: "swift-http-types"),
                                                     .product(name: "Logging", package: "swift-log")],
                plugins: ["EmbedData"]),
        // The server is a program of its own, which `speechdoc serve` becomes (exec): the web
        // stack's thousands of protocol conformances would otherwise slow every start of
        // `speechdoc` (measured: 40 → 50 ms for one convert).
        .executableTarget(name: "speechdoc-serve", dependencies: ["ReviewServer"]),
        .executableTarget(name: "speechdoc", dependencies: [
            "SpeechDoc", "SystemSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Paths to the samples and ../shared, and runners for external validators.
        .target(name: "TestSupport", dependencies: ["SpeechWriting", "ZipSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "SpeechModelTests", dependencies: ["SpeechModel"]),
        .testTarget(name: "SpeechWritingTests", dependencies: ["SpeechWriting", "WordBreaks"]),
        .testTarget(name: "SpeechDocTests", dependencies: ["SpeechDoc", "SpeechModel", "SpeechReader", "SpeechWriting", "TestSupport", "ZipSupport",
                                                         "DocxWriter", "EpubWriter", "MarkdownWriter"]),
        .testTarget(name: "GoldenTests", dependencies: ["SpeechDoc", "XMLSupport", "ZipSupport", "TestSupport"],
                    exclude: ["Goldens"]),
        .testTarget(name: "SpeechReaderTests", dependencies: ["SpeechReader", "SpeechModel", "ChineseScript", "SystemSupport", "TestSupport"]),
        .testTarget(name: "SupportTests", dependencies: ["XMLSupport", "ZipSupport", "ChineseScript", "SystemSupport", "TestSupport"]),
        .testTarget(name: "MarkdownTests", dependencies: [
            "MarkdownWriter", "SpeechReader", "SpeechModel", "SpeechDoc", "TestSupport",
        ]),
        .testTarget(name: "CLITests", dependencies: ["SpeechDoc", "SpeechReader", "SpeechWriting", "HTMLReader", "SystemSupport", "ZipSupport", "XMLSupport", "TestSupport"]),
        .testTarget(name: "DocxTests", dependencies: [
            "DocxWriter", "SpeechReader", "SpeechModel", "SpeechStyles", "XMLSupport", "ZipSupport", "TestSupport", "WordBreaks", "SpeechWriting",
            "SpeechDoc",
        ]),
        .testTarget(name: "EpubTests", dependencies: [
            "EpubWriter", "SpeechReader", "SpeechModel", "SpeechStyles", "XMLSupport", "ZipSupport", "TestSupport",
        ]),
        .testTarget(name: "StyleTests", dependencies: ["SpeechStyles", "TestSupport"]),
        // The fuzz regressions are inputs the tests read from the source tree, not sources.
        .testTarget(name: "ReliabilityTests", dependencies: [
            "ConversionChecks", "SpeechDoc", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["FuzzRegressions"]),
    ]
)

// The libFuzzer target, built only by `make fuzz` and the smoke run in `make test`:
//   SPEECHDOC_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product speechdoc-fuzz
// Our library modules are compiled with coverage instrumentation and AddressSanitizer, and the
// fuzz target links libFuzzer, which supplies main(). The flags go on our targets rather than
// through `swift build --sanitize=fuzzer`, which would also link libFuzzer's main() into the
// style-embedding build tool.
if Context.environment["SPEECHDOC_FUZZ"] != nil {
    let sanitize = "-sanitize=fuzzer,address"
    for target in package.targets where target.type == .regular {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags([sanitize])]
    }
    package.products.append(.executable(name: "speechdoc-fuzz", targets: ["speechdoc-fuzz"]))
    package.targets.append(.executableTarget(
        name: "speechdoc-fuzz", dependencies: ["ConversionChecks"], path: "Tests/Fuzz/speechdoc-fuzz",
        swiftSettings: [.unsafeFlags([sanitize])],
        linkerSettings: [.unsafeFlags([sanitize])]))
}

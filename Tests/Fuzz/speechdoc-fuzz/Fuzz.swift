import ConversionChecks

/// One libFuzzer input: the same bytes as a scraped page, as SpeechDoc Markdown, and as a Word
/// template. A broken invariant stops the run with the reason; libFuzzer saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func speechdocFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try ConversionCheck.plainText(bytes)
        try ConversionCheck.markdown(bytes)
        if bytes.starts(with: [0x50, 0x4B]) { try ConversionCheck.wordTemplate(bytes) }
    } catch {
        fatalError("\(error)")
    }
    return 0
}

/// libFuzzer's driver, from its runtime library.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point under its own name, so the program starts here
/// and hands libFuzzer the command line, rather than through libFuzzer's own main().
@main
enum FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, speechdocFuzz))
    }
}

@_silgen_name("exit")
func exit(_ status: CInt) -> Never

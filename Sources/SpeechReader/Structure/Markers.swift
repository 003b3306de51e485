import SpeechModel

/// The marker lines cleaning leaves where text is missing.
enum Markers {
    static func isMarker(_ line: String) -> Bool {
        // Both markers open with 〔 (which no other character is canonically equal to): most
        // lines are turned away on their first bytes, before comparing strings.
        line.bytesStart(with: "〔") && (line == Speech.truncationMarker || Gap(marker: line) != nil)
    }
}

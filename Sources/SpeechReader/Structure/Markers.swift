import SpeechModel

/// The marker lines cleaning leaves where text is missing.
enum Markers {
    static func isMarker(_ line: String) -> Bool {
        line == Speech.truncationMarker || Gap(marker: line) != nil
    }
}

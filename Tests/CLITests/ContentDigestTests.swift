import Testing
import SpeechDoc

@Test func sha256MatchesTheStandardVectors() {
    #expect(ContentDigest.hex(ContentDigest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(ContentDigest.hex(ContentDigest.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(ContentDigest.hex(ContentDigest.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(ContentDigest.hex(ContentDigest.sha256([UInt8](repeating: 0x61, count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

@Test func sha256IsTheSameHoweverTheInputIsChunked() {
    // Longer than the digest's gathering buffer, in pieces below, at and above its size.
    let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let whole = ContentDigest.sha256(bytes)
    for chunk in [1, 3, 63, 64, 65, 200, 4_095, 4_096, 4_097, 9_000] {
        var digest = ContentDigest()
        var start = 0
        while start < bytes.count {
            digest.update(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        #expect(digest.finish() == whole, "chunks of \(chunk)")
    }
    var generator = SystemRandomNumberGenerator()
    var digest = ContentDigest()
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + Int.random(in: 0...5_000, using: &generator))
        digest.update(bytes[start..<end])
        start = end
    }
    #expect(digest.finish() == whole, "random pieces")
    #expect(ContentDigest.uuid(Array("x".utf8)).count == 36)
}

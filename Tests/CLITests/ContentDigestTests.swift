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
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let whole = ContentDigest.sha256(bytes)
    for chunk in [1, 3, 63, 64, 65, 200] {
        var digest = ContentDigest()
        var start = 0
        while start < bytes.count {
            digest.update(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        #expect(digest.finish() == whole, "chunks of \(chunk)")
    }
    #expect(ContentDigest.uuid(Array("x".utf8)).count == 36)
}

import Testing
import TrailModel

@Suite struct SoftwareSHA256Tests {
    /// FIPS 180-2 examples plus padding boundaries (55, 56, 63, 64, 65, 119 bytes), checked with Python's hashlib.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (String(repeating: "a", count: 63), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (String(repeating: "a", count: 65), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (String(repeating: "a", count: 119), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        ("héllo ✓ 😀", "ed48bf1a238c902172191a3a1f46532d86cc20dc6bea2f3f9a90215097b1e10c"),
    ])
    func vector(_ message: String, hex: String) {
        #expect(SoftwareSHA256.hexDigest(message.utf8) == hex)
        #expect(SoftwareSHA256.digest(message.utf8).count == 32)
    }

    @Test func fipsTwoBlockMessage() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(
            SoftwareSHA256.hexDigest(message.utf8) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test func oneMillionA() {
        #expect(
            SoftwareSHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    /// `printf %s "$eventData" | openssl dgst -binary -sha256 | base64`.
    @Test(arguments: [
        ("", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
        ("abc", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
        (String(repeating: "a", count: 64), "/+BU/nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs="),
        ("héllo ✓ 😀", "7Ui/GiOMkCFyGRo6H0ZTLYbMINxr6i8/mpAhUJex4Qw="),
    ])
    func checksum(_ eventData: String, base64: String) {
        #expect(AuditEventIngest.checksum(of: eventData) == base64)
    }
}

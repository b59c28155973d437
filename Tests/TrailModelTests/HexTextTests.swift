import Testing
import TrailModel

@Suite struct HexTextTests {
    @Test func decodesWhatItEncodesInEitherCase() {
        let bytes: [UInt8] = [0x00, 0x7F, 0x80, 0xAB, 0xFF]
        #expect(HexText.encode(bytes) == "007f80abff")
        #expect(HexText.decode("007f80abff") == bytes)
        #expect(HexText.decode("007F80ABFF") == bytes)
        #expect(HexText.decode("") == [])
    }

    @Test(arguments: ["0", "abc", "zz", "0g", " 00"])
    func refusesWhatIsNotHex(_ text: String) {
        #expect(HexText.decode(text) == nil)
    }
}

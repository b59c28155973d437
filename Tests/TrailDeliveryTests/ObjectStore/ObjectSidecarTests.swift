import Testing

@testable import TrailDelivery

/// The sidecar beside each local object: read on every S3 `GetObject`, with the `Codable` shape's rules.
@Suite struct ObjectSidecarTests {
    private static let full = ObjectSidecar(
        contentType: "application/json",
        contentEncoding: "gzip",
        eTag: "\"0123\"",
        metadata: ["signature": "ab\"c", "signing-algorithm": "SHA256withRSA"],
        size: 1_234,
        storedSize: 1_300,
        serverSideEncryption: "aws:kms",
        kmsKeyId: "alias/trail"
    )

    @Test func encodedSidecarsDecodeToThemselves() throws {
        #expect(ObjectSidecar.decode(try Self.full.encoded()) == Self.full)
        let bare = ObjectSidecar(metadata: [:], size: 0, storedSize: 0)
        #expect(ObjectSidecar.decode(try bare.encoded()) == bare)
    }

    @Test func absentAndNullOptionalFieldsAreNil() {
        let text = #"{"Content-Type":null,"Metadata":{},"Size":3,"StoredSize":3}"#
        #expect(
            ObjectSidecar.decode(Array(text.utf8)) == ObjectSidecar(metadata: [:], size: 3, storedSize: 3)
        )
    }

    @Test(
        "A damaged sidecar is no sidecar",
        arguments: [
            "", "[]", "{", #"{"Size":3,"StoredSize":3}"#, #"{"Metadata":{},"Size":"3","StoredSize":3}"#,
            #"{"Metadata":{},"Size":3}"#, #"{"Metadata":{"a":1},"Size":3,"StoredSize":3}"#,
            #"{"Metadata":[],"Size":3,"StoredSize":3}"#, #"{"Metadata":{},"Size":3.5,"StoredSize":3}"#,
            #"{"Metadata":{},"Size":3,"StoredSize":3,"ETag":7}"#,
        ]
    )
    func damaged(text: String) {
        #expect(ObjectSidecar.decode(Array(text.utf8)) == nil)
    }
}

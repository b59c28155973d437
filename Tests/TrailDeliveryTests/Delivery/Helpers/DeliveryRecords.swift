import TrailModel

/// CloudTrail records written by the delivery tests, as a client would send them.
enum DeliveryRecords {
    /// A management event with the fields CloudTrail writes.
    ///
    /// - Parameters:
    ///   - id: the `eventID`.
    ///   - region: the `awsRegion`; `nil` leaves the member out.
    ///   - readOnly: the `readOnly` flag.
    ///   - padding: a string added as the member `padding` (use ``noise(_:seed:)`` for records that barely compress).
    ///   - eventTime: the `eventTime`.
    static func make(
        id: String,
        region: String? = "us-east-1",
        readOnly: Bool = false,
        padding: String? = nil,
        eventTime: String = "2026-11-20T10:00:00Z"
    ) -> EventRecord {
        var members = [
            #""eventVersion":"1.11""#,
            #""userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","#
                + #""arn":"arn:aws:iam::123456789012:user/alice","#
                + #""accountId":"123456789012","accessKeyId":"AKIAEXAMPLE0000001","userName":"alice"}"#,
            #""eventTime":"\#(eventTime)""#,
            #""eventSource":"cloudtrail.amazonaws.com""#,
            #""eventName":"\#(readOnly ? "DescribeTrails" : "CreateTrail")""#,
        ]
        if let region {
            members.append(#""awsRegion":"\#(region)""#)
        }
        members += [
            #""sourceIPAddress":"192.0.2.10""#,
            #""userAgent":"aws-cli/2.15.0""#,
            #""requestParameters":null"#,
            #""responseElements":null"#,
            #""requestID":"req-\#(id)""#,
            #""eventID":"\#(id)""#,
            #""readOnly":\#(readOnly)"#,
            #""eventType":"AwsApiCall""#,
            #""managementEvent":true"#,
            #""recipientAccountId":"123456789012""#,
            #""eventCategory":"Management""#,
        ]
        if let padding {
            members.append(#""padding":"\#(padding)""#)
        }
        let text = "{" + members.joined(separator: ",") + "}"
        return try! EventRecord(parsing: Array(text.utf8), receivedAt: 0) { fatalError("the record has an eventID") }
    }

    /// A record from its JSON text.
    static func parse(_ text: String) -> EventRecord {
        try! EventRecord(parsing: Array(text.utf8), receivedAt: 0) { fatalError("the record has an eventID") }
    }

    /// Records with the IDs `<prefix>-0`, `<prefix>-1`, ...
    static func make(
        count: Int,
        prefix: String = "event",
        region: String? = "us-east-1",
        readOnly: Bool = false
    ) -> [EventRecord] {
        (0..<count).map { make(id: "\(prefix)-\($0)", region: region, readOnly: readOnly) }
    }

    /// `count` characters of base64 from a seeded generator: text that gzip cannot shrink by much.
    static func noise(_ count: Int, seed: UInt64) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            // SplitMix64.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            bytes.append(alphabet[Int(z % UInt64(alphabet.count))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

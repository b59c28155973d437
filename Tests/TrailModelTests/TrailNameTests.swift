import Foundation
import Testing
import TrailModel

@Suite struct TrailNameTests {
    @Test(arguments: [
        "abc",
        "MyTrail",
        "my-trail",
        "my_trail.v2",
        "a.b-c_d",
        "123",
        "1.2.3",  // three groups: not shaped like an IP address
        "1.2.3.4.5",
        String(repeating: "a", count: 128),
    ])
    func acceptsValidNames(_ name: String) throws {
        #expect(try TrailName(name).rawValue == name)
    }

    /// Rows whose message moto defines use moto's text exactly.
    @Test(arguments: [
        ("a", "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 1 characters."),
        ("aa", "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters."),
        ("?", "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 1 characters."),
        (
            String(repeating: "a", count: 129),
            "Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters."
        ),
        ("-trail", "Trail name must starts with a letter or number."),
        ("_trail", "Trail name must starts with a letter or number."),
        ("trail!", "Trail name must ends with a letter or number."),
        ("trail.", "Trail name must ends with a letter or number."),
        (
            "my#trail",
            "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), "
                + "hyphens (-), and underscores (_)."
        ),
        (
            "my trail",
            "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), "
                + "hyphens (-), and underscores (_)."
        ),
        (
            "tráil",
            "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), "
                + "hyphens (-), and underscores (_)."
        ),
        ("my._trail", "Trail name cannot contain adjacent periods (.), hyphens (-), or underscores (_)."),
        ("my--trail", "Trail name cannot contain adjacent periods (.), hyphens (-), or underscores (_)."),
        ("my-_namespace", "Trail name cannot contain adjacent periods (.), hyphens (-), or underscores (_)."),
        ("192.168.5.4", "Trail name cannot be formatted as an IP address."),
        ("1.2.3.4", "Trail name cannot be formatted as an IP address."),
    ])
    func rejectsInvalidNames(_ name: String, message: String) {
        let error = #expect(throws: CloudTrailError.self) { try TrailName.validate(name) }
        #expect(error?.code == .invalidTrailName)
        #expect(error?.reason == message)
    }

    @Test func lengthCountsCharactersNotBytes() {
        // Three scalars, six UTF-8 bytes: the character check, not the length check, rejects it.
        expectRejection(.invalidTrailName, "must starts with") { () throws(CloudTrailError) in
            try TrailName.validate("ééé")
        }
    }

    @Test func codableRoundTrip() throws {
        let name = try TrailName("MyTrail")
        let data = try JSONEncoder().encode([name])
        #expect(String(decoding: data, as: UTF8.self) == #"["MyTrail"]"#)
        #expect(try JSONDecoder().decode([TrailName].self, from: data) == [name])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([TrailName].self, from: Data(#"["a"]"#.utf8))
        }
    }
}

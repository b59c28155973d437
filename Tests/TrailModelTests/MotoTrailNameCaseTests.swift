import Foundation
import Testing
import TrailModel

/// Replays the trail-name cases of moto's CloudTrail tests (`testdata/api/moto_cloudtrail_api_cases.json` in the
/// shared test data) against ``TrailName`` and ``TrailIdentifier``. Skipped when the shared data is absent.
@Suite(.enabled(if: MotoCases.url != nil, "shared test data not found; set OPENTRAIL_SHARED"))
struct MotoTrailNameCaseTests {
    @Test func nameErrorsMatchMoto() throws {
        let cases = try MotoCases.load().filter { $0.expectedError?.code == "InvalidTrailNameException" }
        #expect(cases.count >= 8)
        for motoCase in cases {
            let name = try #require(motoCase.params["Name"], "\(motoCase.test) has no Name")
            let expected = try #require(motoCase.expectedError)
            // CreateTrail validates a name; GetTrail and GetTrailStatus accept a name or an ARN.
            let error = #expect(throws: CloudTrailError.self, "\(motoCase.test): \(name)") {
                if motoCase.operation == "CreateTrail" {
                    try TrailName.validate(name)
                } else {
                    _ = try TrailIdentifier(parsing: name)
                }
            }
            #expect(error?.code.name == expected.code, "\(motoCase.test): \(name)")
            #expect(error?.reason == expected.message, "\(motoCase.test): \(name)")
        }
    }

    @Test func namesMotoAcceptsAreValid() throws {
        let accepted = try MotoCases.load().filter { $0.expectedError?.code != "InvalidTrailNameException" }
        for motoCase in accepted {
            guard let name = motoCase.params["Name"], !name.hasPrefix("<") else { continue }
            _ = try TrailName(name)
        }
    }
}

/// The shared moto case file and its decoding.
private enum MotoCases {
    struct File: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable {
        var test: String
        var operation: String
        var params: [String: String]
        var expectedError: ExpectedError?

        enum CodingKeys: String, CodingKey {
            case test, operation, params
            case expectedError = "expected_error"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            test = try container.decode(String.self, forKey: .test)
            operation = try container.decode(String.self, forKey: .operation)
            expectedError = try container.decodeIfPresent(ExpectedError.self, forKey: .expectedError)
            // Keep the string parameters only (the cases also carry booleans).
            let raw = try container.decode([String: LooseValue].self, forKey: .params)
            params = raw.compactMapValues(\.string)
        }
    }

    struct ExpectedError: Decodable {
        var code: String
        var message: String

        enum CodingKeys: String, CodingKey {
            case code = "Code"
            case message = "Message"
        }
    }

    /// A JSON value of which only strings matter here.
    struct LooseValue: Decodable {
        var string: String?

        init(from decoder: any Decoder) throws {
            string = try? decoder.singleValueContainer().decode(String.self)
        }
    }

    /// `$OPENTRAIL_SHARED/testdata/api/moto_cloudtrail_api_cases.json`, or the same under `<package root>/../shared`.
    static let url: URL? = {
        let shared: URL
        if let override = ProcessInfo.processInfo.environment["OPENTRAIL_SHARED"] {
            shared = URL(fileURLWithPath: override, isDirectory: true)
        } else {
            let packageRoot = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent()  // TrailModelTests
                .deletingLastPathComponent()  // Tests
                .deletingLastPathComponent()  // package root
            shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
        }
        let file = shared.appendingPathComponent("testdata/api/moto_cloudtrail_api_cases.json")
        return FileManager.default.fileExists(atPath: file.path) ? file : nil
    }()

    static func load() throws -> [Case] {
        let url = try #require(url)
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }
}

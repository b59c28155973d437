import AWSSigV4
import Foundation

/// The aws-c-auth SigV4 signing test suite, read from `shared/testdata` beside the package.
///
/// The directory is found through `OPENTRAIL_SHARED` (the `shared` directory) when set, otherwise
/// as `<package root>/../shared`, the package root being the first ancestor of this file (symlinks
/// resolved) that holds a `Package.swift`. Nothing is copied into the project.
enum TestVectors {
    /// `…/shared/testdata/sigv4/aws-c-auth-signing-test-suite/v4`, or `nil` when absent.
    static let directory: URL? = {
        let suitePath = "testdata/sigv4/aws-c-auth-signing-test-suite/v4"
        var candidates: [URL] = []
        if let shared = ProcessInfo.processInfo.environment["OPENTRAIL_SHARED"], !shared.isEmpty {
            candidates.append(URL(fileURLWithPath: shared))
        }
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                candidates.append(directory.deletingLastPathComponent().appendingPathComponent("shared"))
                break
            }
            directory.deleteLastPathComponent()
        }
        return candidates.map { $0.appendingPathComponent(suitePath) }.first {
            FileManager.default.fileExists(atPath: $0.path)
        }
    }()

    /// Whether the vectors are present.
    static var isAvailable: Bool { directory != nil }

    /// The case directory names, sorted; empty when the vectors are absent.
    static let caseNames: [String] = {
        guard let directory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0)/context.json").path)
        }.sorted()
    }()

    /// Loads the case `name`.
    static func load(_ name: String) throws -> TestVector {
        guard let directory else { throw VectorError.missing("vector directory") }
        return try TestVector(directory: directory.appendingPathComponent(name))
    }
}

/// A failure to read a vector.
enum VectorError: Error {
    case missing(String)
}

/// One case of the suite: its context and files.
struct TestVector {
    /// `context.json`.
    struct Context: Decodable {
        struct Credentials: Decodable {
            let accessKeyId: String
            let secretAccessKey: String
            let token: String?

            enum CodingKeys: String, CodingKey {
                case accessKeyId = "access_key_id"
                case secretAccessKey = "secret_access_key"
                case token
            }
        }

        let credentials: Credentials
        let expirationInSeconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let signBody: Bool
        let timestamp: String
        let omitSessionToken: Bool?

        enum CodingKeys: String, CodingKey {
            case credentials, normalize, region, service, timestamp
            case expirationInSeconds = "expiration_in_seconds"
            case signBody = "sign_body"
            case omitSessionToken = "omit_session_token"
        }
    }

    let directory: URL
    let context: Context
    let date: Date

    init(directory: URL) throws {
        self.directory = directory
        let data = try Data(contentsOf: directory.appendingPathComponent("context.json"))
        self.context = try JSONDecoder().decode(Context.self, from: data)
        self.date = try Date.ISO8601FormatStyle().parse(context.timestamp)
    }

    var credentials: SigV4Credentials {
        SigV4Credentials(
            accessKeyId: context.credentials.accessKeyId,
            secretAccessKey: context.credentials.secretAccessKey,
            sessionToken: context.credentials.token
        )
    }

    var signer: SigV4Signer {
        SigV4Signer(credentials: credentials, region: context.region, service: context.service)
    }

    var signerOptions: SigV4Signer.Options {
        SigV4Signer.Options(
            signsSessionToken: !(context.omitSessionToken ?? false),
            addsContentSHA256Header: context.signBody,
            normalizesPath: context.normalize
        )
    }

    /// A verifier configured like the case: its service and path normalisation, its one key.
    var verifier: SigV4Verifier {
        let secrets = [context.credentials.accessKeyId: context.credentials.secretAccessKey]
        return SigV4Verifier(
            configuration: .init(
                services: [context.service],
                normalizesPath: context.normalize,
                excludesQuerySessionToken: context.omitSessionToken ?? false
            ),
            secretLookup: { secrets[$0] }
        )
    }

    /// A text file of the case, without trailing newlines.
    func text(_ name: String) throws -> String {
        var text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// An HTTP message file of the case, parsed.
    func message(_ name: String) throws -> HTTPMessage {
        try HTTPMessage(parsing: String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }
}

/// A request parsed from the suite's `request.txt` format: a request line whose target may
/// contain spaces, `Name:value` header lines (a line starting with whitespace continues the
/// previous value), an empty line, and the body.
struct HTTPMessage {
    var request: SigV4Request
    var body: [UInt8]

    init(parsing text: String) throws {
        let head: Substring
        if let separator = text.range(of: "\n\n") {
            head = text[..<separator.lowerBound]
            body = Array(text[separator.upperBound...].utf8)
        } else {
            head = text[...]
            body = []
        }
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " ") else {
            throw VectorError.missing("request line")
        }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            }
        }
        request = SigV4Request(method: method, target: target, headers: headers)
    }

    /// The first value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Headers as comparable `name:value` lines.
func lines(_ headers: [(name: String, value: String)]) -> [String] {
    headers.map { "\($0.name):\($0.value)" }
}

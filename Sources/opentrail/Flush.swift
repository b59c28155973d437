import ArgumentParser
import Foundation
import TrailModel
import TrailServer

struct Flush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Deliver every trail's pending events now, without waiting for the delivery window.",
        discussion: """
            Prints one line per delivered log file or digest (trail ARN and object key) and one per trail
            whose delivery failed; exits with status 1 if any failed.
            """
    )

    @OptionGroup var connection: ClientOptions

    @Flag(help: "Also seal every open digest chain now (trails with log file validation).")
    var digests = false

    func run() async throws {
        let report = try await connection.client().flushDelivery(region: connection.region, sealsDigests: digests)
        for (member, word) in [("delivered", "delivered"), ("digests", "digest")] {
            guard case .object(let trails)? = report[member] else { continue }
            for (arn, keys) in trails {
                guard case .array(let keys) = keys else { continue }
                for key in keys { print("\(word) \(arn) \(key.stringValue ?? "")") }
            }
        }
        var failed = false
        if case .object(let failures)? = report["failures"] {
            for (arn, error) in failures {
                print("failed \(arn) \(error.stringValue ?? "")")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import TrailModel
import TrailServer

struct Flush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver every trail's pending events now, without waiting for the delivery window.",
        discussion: """
            Prints one line per delivered log file (trail ARN and object key) and one per trail whose
            delivery failed; exits with status 1 if any failed.
            """
    )

    @OptionGroup var connection: ClientOptions

    func run() async throws {
        let report = try await connection.client().flushDelivery(region: connection.region)
        if case .object(let trails)? = report["delivered"] {
            for (arn, keys) in trails {
                guard case .array(let keys) = keys else { continue }
                for key in keys { print("delivered \(arn) \(key.stringValue ?? "")") }
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

import Foundation
import TrailValidation

/// What a run printed and found.
struct ValidationTranscript: Sendable {
    var events: [ValidationEvent] = []
    var summary = ValidationSummary()
    var standardOutput = ""
    var standardError = ""
    /// Both streams interleaved as a terminal shows them.
    var terminal = ""

    var exitStatus: Int32 { summary.exitStatus }

    /// The problem reported for a file, if any.
    func problems(for key: String) -> [ValidationProblem] {
        events.compactMap { event in
            guard case .file(_, _, let eventKey, let problem?) = event, eventKey == key else { return nil }
            return problem
        }
    }

    /// The verdicts in report order, as `(key, problem)`.
    var verdicts: [(key: String, problem: ValidationProblem?)] {
        events.compactMap { event in
            guard case .file(_, _, let key, let problem) = event else { return nil }
            return (key, problem)
        }
    }

    mutating func write(_ chunks: [ValidationOutput.Chunk]) {
        for chunk in chunks {
            switch chunk.stream {
            case .standardOutput: standardOutput += chunk.text
            case .standardError: standardError += chunk.text
            }
            terminal += chunk.text
        }
    }
}

/// Runs a validation the way `opentrail validate-logs` does and captures its output.
enum ValidationHarness {
    static func run(
        _ fixture: TrailFixture,
        start: Date = TrailFixture.base,
        end: Date,
        source: (any ValidationSource)? = nil,
        keys: [DigestPublicKey] = [TestKey.first.publicKey, TestKey.second.publicKey],
        index: DigestIndexStatus? = nil,
        withIndex: Bool = false,
        verbose: Bool = true,
        concurrency: Int? = nil
    ) async throws -> ValidationTranscript {
        let configuration = try ValidationConfiguration(
            trailARN: fixture.trailARN,
            startTime: start,
            endTime: end,
            bucket: fixture.bucket,
            prefix: fixture.prefix,
            sourceRegion: fixture.region,
            concurrency: concurrency
        )
        let status =
            index ?? (withIndex ? .available(fixture.index(start: start, end: end)) : .unavailable(reason: "offline"))
        let validator = LogValidator(
            configuration: configuration,
            source: source ?? MemorySource(fixture),
            publicKeys: PublicKeyList(keys),
            index: status
        )
        var transcript = ValidationTranscript()
        var output = ValidationOutput(isVerbose: verbose)
        transcript.write(output.startup(trailARN: fixture.trailARN, start: start, end: end))
        transcript.summary = try await validator.run { event in
            transcript.events.append(event)
            transcript.write(output.report(event))
        }
        transcript.write(output.summary(transcript.summary, start: start, end: end))
        return transcript
    }
}

extension AlarmEvaluator {
    /// The state an evaluation range decides, and the datapoints that decided it.
    struct Decision {
        /// The decided state; `nil` keeps the previous state (`ignore`).
        var state: AlarmStateValue?
        /// The N evaluated datapoints, newest first, missing periods included.
        var window: [AlarmEvaluation.Datapoint]
        /// How many missing periods `breaching` or `notBreaching` filled.
        var filled: Int
        /// How many evaluated periods were unknown, for `INSUFFICIENT_DATA`.
        var unknown: Int
    }

    /// Applies the M-out-of-N rule and the missing-data rules to the datapoints of an evaluation range
    /// (newest first); see ``AlarmEvaluator`` for the rules.
    func decide(_ range: [AlarmEvaluation.Datapoint]) -> Decision {
        let required = definition.evaluationPeriods
        let toAlarm = definition.datapointsToAlarm
        let real = range.filter(\.hasData)
        let breachingReal = real.filter { $0.isBreaching == true }.count

        // Enough real datapoints: the most recent N decide; the missing-data treatment is not needed.
        if real.count >= required {
            let window = Array(real.prefix(required))
            let breaching = window.filter { $0.isBreaching == true }.count
            return Decision(state: breaching >= toAlarm ? .alarm : .ok, window: window, filled: 0, unknown: 0)
        }

        // Fewer: every real datapoint, plus the most recent missing periods up to N.
        let fill = required - real.count
        let filledPeriods = range.filter { !$0.hasData }.prefix(fill)
        let window = (real + filledPeriods).sorted { $0.age < $1.age }

        switch definition.treatMissingData {
        case .breaching:
            let state: AlarmStateValue = breachingReal + fill >= toAlarm ? .alarm : .ok
            return Decision(state: state, window: window, filled: fill, unknown: 0)
        case .notBreaching:
            let state: AlarmStateValue = breachingReal >= toAlarm ? .alarm : .ok
            return Decision(state: state, window: window, filled: fill, unknown: 0)
        case .missing, .ignore:
            if real.isEmpty {
                let state: AlarmStateValue? = definition.treatMissingData == .missing ? .insufficientData : nil
                return Decision(state: state, window: window, filled: 0, unknown: fill)
            }
            if breachingReal >= toAlarm {
                return Decision(state: .alarm, window: window, filled: 0, unknown: 0)
            }
            if real.contains(where: { $0.isBreaching == false }) {
                return Decision(state: .ok, window: window, filled: 0, unknown: 0)
            }
            // Only breaching datapoints, fewer than M.
            guard definition.treatMissingData == .missing else {
                return Decision(state: nil, window: window, filled: 0, unknown: fill)
            }
            let oldestBreachingAge = real.map(\.age).max() ?? 0
            if oldestBreachingAge >= toAlarm {
                return Decision(state: .alarm, window: window, filled: 0, unknown: 0)
            }
            return Decision(state: .insufficientData, window: window, filled: 0, unknown: fill)
        }
    }
}

extension AlarmDefinition {
    /// The most seconds `period * evaluationPeriods` may cover: one day, as PutMetricAlarm's documentation
    /// for `Period` and `EvaluationPeriods` states ("cannot be more than 86,400 seconds").
    package static let maximumEvaluationSeconds = 86_400

    /// The most actions of each kind (the model's `ResourceList`, `max` 5).
    package static let maximumActions = 5

    /// Applies PutMetricAlarm's rules, in the order CloudWatch reports them.
    ///
    /// 1. Member constraints of the service model, all reported together as one `ValidationError`
    ///    ("2 validation errors detected: Value '0' at 'evaluationPeriods' failed to satisfy constraint:
    ///    Member must have value greater than or equal to 1; …"): `alarmName` 1–255, `alarmDescription`
    ///    at most 1024, `period`, `evaluationPeriods` and `datapointsToAlarm` at least 1, each action list
    ///    at most 5 entries of 1–1024 characters. (The metric's namespace and name were checked when the
    ///    ``MetricKey`` was made.)
    /// 2. `InvalidParameterValue` for an alarm name with ASCII control characters and for a threshold that
    ///    is not a finite number.
    /// 3. `ValidationError` "Period must be 10, 30 or a multiple of 60" for other periods (CloudWatch's
    ///    message); `InvalidParameterValue` for 10 and 30, which CloudWatch accepts for high-resolution
    ///    metrics but OpenTrail, keeping one-minute data, cannot evaluate.
    /// 4. `ValidationError` when `period * evaluationPeriods` exceeds one day.
    /// 5. `ValidationError` "DatapointsToAlarm must be less than or equal to EvaluationPeriods"
    ///    (CloudWatch's message).
    ///
    /// - Throws: ``CloudWatchError``.
    package func validate() throws(CloudWatchError) {
        var violations = ModelConstraint.lengthViolations(name, member: "alarmName", min: 1, max: 255)
        if let description {
            violations += ModelConstraint.lengthViolations(description, member: "alarmDescription", min: 0, max: 1024)
        }
        violations += ModelConstraint.minimumViolations(period, member: "period", min: 1)
        violations += ModelConstraint.minimumViolations(evaluationPeriods, member: "evaluationPeriods", min: 1)
        violations += ModelConstraint.minimumViolations(datapointsToAlarm, member: "datapointsToAlarm", min: 1)
        let lists = [
            ("oKActions", okActions), ("alarmActions", alarmActions),
            ("insufficientDataActions", insufficientDataActions),
        ]
        for (member, actions) in lists {
            if actions.count > Self.maximumActions {
                violations.append(
                    CloudWatchError.violation(
                        value: "[" + actions.joined(separator: ", ") + "]",
                        member: member,
                        constraint: "Member must have length less than or equal to \(Self.maximumActions)"
                    )
                )
            }
            for (index, action) in actions.enumerated() {
                violations += ModelConstraint.lengthViolations(
                    action,
                    member: "\(member).\(index + 1).member",
                    min: 1,
                    max: 1024
                )
            }
        }
        guard violations.isEmpty else { throw .constraintViolations(violations) }

        if ModelConstraint.containsControlCharacter(name) {
            throw CloudWatchError(
                .invalidParameterValue,
                "The parameter AlarmName must not contain ASCII control characters."
            )
        }
        guard threshold.isFinite else {
            throw CloudWatchError(.invalidParameterValue, "The parameter Threshold must be a finite number.")
        }
        if period == 10 || period == 30 {
            throw CloudWatchError(
                .invalidParameterValue,
                "Period \(period) needs high-resolution metric data; OpenTrail keeps one-minute data, "
                    + "so the period must be a multiple of 60."
            )
        }
        guard period % 60 == 0 else {
            throw CloudWatchError(.validationError, "Period must be 10, 30 or a multiple of 60")
        }
        let (seconds, overflow) = period.multipliedReportingOverflow(by: evaluationPeriods)
        if overflow || seconds > Self.maximumEvaluationSeconds {
            throw CloudWatchError(
                .validationError,
                "The evaluation period of an alarm (Period * EvaluationPeriods) must not exceed "
                    + "\(Self.maximumEvaluationSeconds) seconds; it is \(period) * \(evaluationPeriods)."
            )
        }
        guard datapointsToAlarm <= evaluationPeriods else {
            throw CloudWatchError(.validationError, "DatapointsToAlarm must be less than or equal to EvaluationPeriods")
        }
    }
}

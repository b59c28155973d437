/// The configuration of a metric alarm: what PutMetricAlarm sets for a static-threshold alarm on one
/// metric.
///
/// The initialiser does not check anything; ``validate()`` applies PutMetricAlarm's rules. Actions are
/// carried as given (topic names or ARNs); delivering them is not this type's concern.
package struct AlarmDefinition: Hashable, Sendable, Codable {
    /// The alarm's name, unique in the region: 1 to 255 characters without ASCII control characters.
    package var name: String
    /// The description, at most 1024 characters.
    package var description: String?
    /// The metric the alarm watches.
    package var metric: MetricKey
    /// The statistic computed for each period.
    package var statistic: Statistic
    /// The length of a period in seconds: a positive multiple of 60 here (one-minute data).
    package var period: Int
    /// N: how many of the most recent periods are evaluated.
    package var evaluationPeriods: Int
    /// M: how many of the N evaluated datapoints must breach for `ALARM`; equal to N unless set.
    package var datapointsToAlarm: Int
    /// The value the statistic is compared with.
    package var threshold: Double
    /// How the statistic is compared with the threshold.
    package var comparisonOperator: ComparisonOperator
    /// How periods without data are treated; `missing` unless set.
    package var treatMissingData: TreatMissingData
    /// Where period boundaries fall; CloudWatch's sliding window unless set.
    package var evaluationWindow: AlarmEvaluationWindow
    /// Whether actions run when the state changes; `true` unless set.
    package var actionsEnabled: Bool
    /// What to notify when the alarm goes to `ALARM` (at most 5).
    package var alarmActions: [String]
    /// What to notify when the alarm goes to `OK` (at most 5).
    package var okActions: [String]
    /// What to notify when the alarm goes to `INSUFFICIENT_DATA` (at most 5).
    package var insufficientDataActions: [String]

    /// Creates a definition with PutMetricAlarm's defaults for everything optional.
    ///
    /// - Parameters:
    ///   - datapointsToAlarm: M of an "M out of N" alarm; `nil` makes it equal to `evaluationPeriods`.
    package init(
        name: String,
        description: String? = nil,
        metric: MetricKey,
        statistic: Statistic,
        period: Int,
        evaluationPeriods: Int,
        datapointsToAlarm: Int? = nil,
        threshold: Double,
        comparisonOperator: ComparisonOperator,
        treatMissingData: TreatMissingData = .missing,
        evaluationWindow: AlarmEvaluationWindow = .sliding,
        actionsEnabled: Bool = true,
        alarmActions: [String] = [],
        okActions: [String] = [],
        insufficientDataActions: [String] = []
    ) {
        self.name = name
        self.description = description
        self.metric = metric
        self.statistic = statistic
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.datapointsToAlarm = datapointsToAlarm ?? evaluationPeriods
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.treatMissingData = treatMissingData
        self.evaluationWindow = evaluationWindow
        self.actionsEnabled = actionsEnabled
        self.alarmActions = alarmActions
        self.okActions = okActions
        self.insufficientDataActions = insufficientDataActions
    }

    private enum CodingKeys: String, CodingKey {
        case name
        case description
        case metric
        case statistic
        case period
        case evaluationPeriods
        case datapointsToAlarm
        case threshold
        case comparisonOperator
        case treatMissingData
        case evaluationWindow
        case actionsEnabled
        case alarmActions
        case okActions
        case insufficientDataActions
    }

    /// Decodes a definition; members PutMetricAlarm makes optional take its defaults when absent, so that
    /// definitions stored before a member existed still decode.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            metric: try container.decode(MetricKey.self, forKey: .metric),
            statistic: try container.decode(Statistic.self, forKey: .statistic),
            period: try container.decode(Int.self, forKey: .period),
            evaluationPeriods: try container.decode(Int.self, forKey: .evaluationPeriods),
            datapointsToAlarm: try container.decodeIfPresent(Int.self, forKey: .datapointsToAlarm),
            threshold: try container.decode(Double.self, forKey: .threshold),
            comparisonOperator: try container.decode(ComparisonOperator.self, forKey: .comparisonOperator),
            treatMissingData: try container.decodeIfPresent(TreatMissingData.self, forKey: .treatMissingData)
                ?? .missing,
            evaluationWindow: try container.decodeIfPresent(AlarmEvaluationWindow.self, forKey: .evaluationWindow)
                ?? .sliding,
            actionsEnabled: try container.decodeIfPresent(Bool.self, forKey: .actionsEnabled) ?? true,
            alarmActions: try container.decodeIfPresent([String].self, forKey: .alarmActions) ?? [],
            okActions: try container.decodeIfPresent([String].self, forKey: .okActions) ?? [],
            insufficientDataActions: try container.decodeIfPresent([String].self, forKey: .insufficientDataActions)
                ?? []
        )
    }

    /// The actions configured for a transition to `state`, whether or not actions are enabled.
    package func actions(for state: AlarmStateValue) -> [String] {
        switch state {
        case .alarm: return alarmActions
        case .ok: return okActions
        case .insufficientData: return insufficientDataActions
        }
    }

    /// The actions to run for a transition to `state`: none when actions are disabled.
    package func actionsToRun(for state: AlarmStateValue) -> [String] {
        actionsEnabled ? actions(for: state) : []
    }
}

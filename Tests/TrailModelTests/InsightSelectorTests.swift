import Foundation
import Testing
import TrailModel

@Suite struct InsightSelectorTests {
    @Test func codingUsesAWSMemberNames() throws {
        let json =
            #"[{"EventCategories":["Management","Data"],"InsightType":"ApiCallRateInsight"},"#
            + #"{"InsightType":"ApiErrorRateInsight"}]"#
        let selectors = try JSONDecoder().decode([InsightSelector].self, from: Data(json.utf8))
        #expect(
            selectors == [
                InsightSelector(insightType: .apiCallRateInsight, eventCategories: [.management, .data]),
                InsightSelector(insightType: .apiErrorRateInsight),
            ]
        )
        #expect(selectors[1].effectiveEventCategories == [.management])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(selectors), as: UTF8.self) == json)
    }

    @Test(
        arguments: [
            [],  // turns Insights off
            [InsightSelector(insightType: .apiCallRateInsight)],
            [InsightSelector(insightType: .apiCallRateInsight), InsightSelector(insightType: .apiErrorRateInsight)],
            [InsightSelector(insightType: .apiErrorRateInsight, eventCategories: [.data, .management])],
        ] as [[InsightSelector]]
    )
    func acceptsValidSelectors(_ selectors: [InsightSelector]) throws {
        try InsightSelector.validate(selectors)
    }

    @Test(
        arguments: [
            ([InsightSelector(insightType: nil)], "Value null for InsightType is invalid."),
            (
                [InsightSelector(insightType: .init(rawValue: "ApiCallVolumeInsight"))],
                "Value ApiCallVolumeInsight for InsightType is invalid. Valid values are: ApiCallRateInsight, "
                    + "ApiErrorRateInsight"
            ),
            (
                [InsightSelector(insightType: .apiCallRateInsight), InsightSelector(insightType: .apiCallRateInsight)],
                "InsightType ApiCallRateInsight appears more than once"
            ),
            ([InsightSelector(insightType: .apiCallRateInsight, eventCategories: [])], "at least one event category"),
            (
                [InsightSelector(insightType: .apiCallRateInsight, eventCategories: [.init(rawValue: "Insight")])],
                "Value Insight for EventCategories is invalid. Valid values are: Management, Data"
            ),
            (
                [InsightSelector(insightType: .apiErrorRateInsight, eventCategories: [.data, .data])],
                "Event category Data appears more than once"
            ),
        ] as [([InsightSelector], String)]
    )
    func rejectsInvalidSelectors(_ selectors: [InsightSelector], message: String) {
        expectRejection(.invalidInsightSelectors, message) { () throws(CloudTrailError) in
            try InsightSelector.validate(selectors)
        }
    }

    @Test func requiresTheEventsTheInsightsAnalyse() throws {
        let readOnlyManagement = EventSelectorConfiguration.basic([EventSelector(readWriteType: .readOnly).normalized])
        let noManagement = EventSelectorConfiguration.basic([
            EventSelector(
                includeManagementEvents: false,
                dataResources: [DataResource(type: "AWS::S3::Object", values: ["arn:aws:s3"])]
            ).normalized
        ])

        try InsightSelector.validate([InsightSelector(insightType: .apiCallRateInsight)], against: .default)
        try InsightSelector.validate([InsightSelector(insightType: .apiErrorRateInsight)], against: readOnlyManagement)
        try InsightSelector.validate(
            [InsightSelector(insightType: .apiCallRateInsight, eventCategories: [.data])],
            against: noManagement
        )

        expectRejection(.invalidInsightSelectors, "must log write management events") { () throws(CloudTrailError) in
            try InsightSelector.validate(
                [InsightSelector(insightType: .apiCallRateInsight)],
                against: readOnlyManagement
            )
        }
        expectRejection(.invalidInsightSelectors, "must log management events") { () throws(CloudTrailError) in
            try InsightSelector.validate([InsightSelector(insightType: .apiErrorRateInsight)], against: noManagement)
        }
        expectRejection(.invalidInsightSelectors, "must log data events") { () throws(CloudTrailError) in
            try InsightSelector.validate(
                [InsightSelector(insightType: .apiErrorRateInsight, eventCategories: [.data])],
                against: .default
            )
        }
    }
}

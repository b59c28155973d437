/// The tags on one resource, in the order they were first added, with the rules of AddTags and RemoveTags.
///
/// ```swift
/// var tags = TagList()
/// try tags.add([ResourceTag(key: "team", value: "audit")])
/// try tags.add([ResourceTag(key: "team", value: "security")])  // overwrites the value
/// try tags.remove([ResourceTag(key: "team")])
/// ```
///
/// Encodes and decodes as the `TagsList` array.
public struct TagList: Hashable, Sendable, Codable {
    /// The most tags a trail can carry. The botocore model documents 50 (`TagsLimitExceededException`, `AddTags`);
    /// its `TagsList` shape allows up to 200 entries in one request.
    public static let maximumCount = 50

    /// The tags, in the order their keys were first added.
    public private(set) var tags: [ResourceTag]

    /// Creates an empty tag list.
    public init() {
        self.tags = []
    }

    /// Creates the tags of a new resource, as CreateTrail's `TagsList` does.
    ///
    /// - Parameter tags: The requested tags.
    /// - Throws: ``CloudTrailError`` with code `InvalidTagParameterException` for an invalid tag or a repeated key,
    ///   `TagsLimitExceededException` for more than ``maximumCount`` tags.
    public init(validating tags: [ResourceTag]) throws(CloudTrailError) {
        self.init()
        try add(tags)
    }

    /// Decodes the tags from a `TagsList` array, as stored; no rule is checked.
    public init(from decoder: any Decoder) throws {
        self.tags = try decoder.singleValueContainer().decode([ResourceTag].self)
    }

    /// Encodes the tags as a `TagsList` array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(tags)
    }

    /// The value of the tag with `key`: `nil` if there is no such tag, `.some(nil)` for a tag without a value.
    public subscript(key: String) -> String?? {
        tags.first { $0.key == key }.map(\.value)
    }

    /// Adds tags as AddTags does: a tag whose key is already present overwrites that tag's value
    /// (a missing value overwrites it with null); new keys are appended. Nothing changes if it throws.
    ///
    /// - Parameter newTags: The tags of the request.
    /// - Throws: ``CloudTrailError`` with code `InvalidTagParameterException` for an invalid tag or a key repeated in
    ///   `newTags`, `TagsLimitExceededException` if the resource would carry more than ``maximumCount`` tags.
    public mutating func add(_ newTags: [ResourceTag]) throws(CloudTrailError) {
        try Self.validateRequest(newTags)
        var merged = tags
        for tag in newTags {
            if let index = merged.firstIndex(where: { $0.key == tag.key }) {
                merged[index].value = tag.value
            } else {
                merged.append(tag)
            }
        }
        guard merged.count <= Self.maximumCount else {
            throw CloudTrailError(
                .tagsLimitExceeded,
                "The number of tags on the resource would be \(merged.count), "
                    + "which exceeds the limit of \(Self.maximumCount)."
            )
        }
        tags = merged
    }

    /// Removes tags as RemoveTags does: a tag given with only a key is removed whatever its value; a tag given with
    /// a value is removed only if the stored value is the same. Keys that are not present are ignored.
    ///
    /// - Parameter removals: The tags of the request.
    /// - Throws: ``CloudTrailError`` with code `InvalidTagParameterException` for an invalid tag or a key repeated in
    ///   `removals`. Nothing changes if it throws.
    public mutating func remove(_ removals: [ResourceTag]) throws(CloudTrailError) {
        try Self.validateRequest(removals)
        for removal in removals {
            tags.removeAll { existing in
                existing.key == removal.key && (removal.value == nil || removal.value == existing.value)
            }
        }
    }

    /// Checks the tags of one AddTags, RemoveTags or CreateTrail request: each tag must be valid
    /// (``ResourceTag/validate()``) and no key may appear twice.
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidTagParameterException`.
    public static func validateRequest(_ tags: [ResourceTag]) throws(CloudTrailError) {
        var seen: Set<String> = []
        for tag in tags {
            try tag.validate()
            guard seen.insert(tag.key).inserted else {
                throw CloudTrailError(
                    .invalidTagParameter,
                    "Tag key \"\(tag.key)\" appears more than once; tag keys must be unique."
                )
            }
        }
    }
}

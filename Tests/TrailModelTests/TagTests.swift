import Foundation
import Testing
import TrailModel

@Suite struct TagTests {
    @Test(arguments: [
        ResourceTag(key: "team", value: "audit"),
        ResourceTag(key: "team"),
        ResourceTag(key: "empty", value: ""),
        ResourceTag(key: "Cost Center", value: "4711"),
        ResourceTag(key: "a_b.c:d/e=f+g-h@i", value: "a_b.c:d/e=f+g-h@i"),
        ResourceTag(key: "projekt-größe", value: "日本語 ٣"),
        ResourceTag(key: "awsome", value: "not reserved: no colon"),
        ResourceTag(key: String(repeating: "k", count: 128), value: String(repeating: "v", count: 256)),
    ])
    func acceptsValidTags(_ tag: ResourceTag) throws {
        try tag.validate()
    }

    @Test(arguments: [
        (ResourceTag(key: ""), "between 1 and 128"),
        (ResourceTag(key: String(repeating: "k", count: 129)), "between 1 and 128"),
        (ResourceTag(key: "team", value: String(repeating: "v", count: 257)), "at most 256"),
        (ResourceTag(key: "aws:createdBy", value: "x"), "reserved prefix"),
        (ResourceTag(key: "AWS:createdBy", value: "x"), "reserved prefix"),
        (ResourceTag(key: "team#1"), "Tag key \"team#1\" contains characters that are not allowed"),
        (ResourceTag(key: "team", value: "a*b"), "The value of tag \"team\" contains characters that are not allowed"),
        (ResourceTag(key: "tab\tkey"), "contains characters that are not allowed"),
    ])
    func rejectsInvalidTags(_ tag: ResourceTag, message: String) {
        expectRejection(.invalidTagParameter, message) { () throws(CloudTrailError) in
            try tag.validate()
        }
    }

    @Test func codingUsesAWSMemberNames() throws {
        let json = #"[{"Key":"team","Value":"audit"},{"Key":"bare"}]"#
        let tags = try JSONDecoder().decode([ResourceTag].self, from: Data(json.utf8))
        #expect(tags == [ResourceTag(key: "team", value: "audit"), ResourceTag(key: "bare", value: nil)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(tags), as: UTF8.self) == json)
    }

    @Test func addOverwritesExistingKeysAndAppendsNewOnes() throws {
        var list = try TagList(validating: [ResourceTag(key: "a", value: "1"), ResourceTag(key: "b", value: "2")])
        try list.add([ResourceTag(key: "b", value: "20"), ResourceTag(key: "c", value: "3")])
        #expect(
            list.tags == [
                ResourceTag(key: "a", value: "1"), ResourceTag(key: "b", value: "20"),
                ResourceTag(key: "c", value: "3"),
            ]
        )
        try list.add([ResourceTag(key: "a")])
        #expect(list["a"] == .some(nil))
        #expect(list["b"] == "20")
        #expect(list["missing"] == nil)
    }

    @Test func rejectsDuplicateKeysInOneRequest() {
        var list = TagList()
        expectRejection(.invalidTagParameter, "appears more than once") { () throws(CloudTrailError) in
            try list.add([ResourceTag(key: "a", value: "1"), ResourceTag(key: "a", value: "2")])
        }
        #expect(list.tags.isEmpty)
    }

    @Test func enforcesTheLimitOnTheMergedResult() throws {
        let fifty = (1...50).map { ResourceTag(key: "k\($0)", value: "v") }
        var list = try TagList(validating: fifty)
        // Overwriting existing keys keeps the count at 50.
        try list.add([ResourceTag(key: "k1", value: "new")])
        #expect(list.tags.count == 50)
        expectRejection(.tagsLimitExceeded, "limit of 50") { () throws(CloudTrailError) in
            try list.add([ResourceTag(key: "k51", value: "v")])
        }
        #expect(list.tags.count == 50)
        #expect(list["k1"] == "new")
        expectRejection(.tagsLimitExceeded) { () throws(CloudTrailError) in
            _ = try TagList(validating: fifty + [ResourceTag(key: "k51")])
        }
    }

    @Test func removeMatchesKeysAndOptionalValues() throws {
        var list = try TagList(validating: [
            ResourceTag(key: "a", value: "1"), ResourceTag(key: "b", value: "2"), ResourceTag(key: "c", value: "3"),
        ])
        try list.remove([
            ResourceTag(key: "a"), ResourceTag(key: "b", value: "other"), ResourceTag(key: "c", value: "3"),
            ResourceTag(key: "zz"),
        ])
        #expect(list.tags == [ResourceTag(key: "b", value: "2")])
        expectRejection(.invalidTagParameter) { () throws(CloudTrailError) in
            try list.remove([ResourceTag(key: "aws:x")])
        }
    }

    @Test func tagListCodesAsAnArray() throws {
        let list = try TagList(validating: [ResourceTag(key: "a", value: "1")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(list)
        #expect(String(decoding: data, as: UTF8.self) == #"[{"Key":"a","Value":"1"}]"#)
        #expect(try JSONDecoder().decode(TagList.self, from: data) == list)
    }
}

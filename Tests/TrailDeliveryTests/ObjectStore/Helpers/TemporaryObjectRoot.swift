import Foundation

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryObjectRoot {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "opentrail-objectstore-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Every file below `relative`, as paths relative to it, sorted.
    func files(under relative: String) -> [String] {
        let base = path + "/" + relative
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + next, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(next)
            }
        }
        return files.sorted()
    }
}

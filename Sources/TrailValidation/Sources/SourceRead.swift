/// The outcome of reading one object from a ``ValidationSource``.
package enum SourceRead<Value: Sendable>: Sendable {
    /// The object was read.
    case found(Value)
    /// There is no such object (S3 `NoSuchKey`).
    case notFound
    /// The object is there but cannot be read as stored (for example an at-rest encrypted file that fails
    /// authentication because it was modified); `reason` is for logs.
    case unreadable(reason: String)
}

/// Log file integrity validation: the engine behind `opentrail validate-logs`.
///
/// It reads a trail's digest files and log files from an object store (the embedded store, S3, or a
/// directory of downloaded files), verifies every digest's signature and chain link and every log
/// file's hash, and reports each problem by file in the AWS CLI's format.
package enum TrailValidation {}

/// Samples of a Prometheus text exposition, keyed by metric name and labels as
/// `name{label="value",…}` with the labels sorted by name (`name` alone when there are none).
struct PrometheusText {
    let text: String
    let samples: [String: Double]

    init(_ text: String) {
        self.text = text
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                samples[String(series)] = value
                continue
            }
            let labels = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                .split(separator: ",")
                .sorted()
                .joined(separator: ",")
            samples["\(series[..<brace]){\(labels)}"] = value
        }
        self.samples = samples
    }

    /// The value of one series, e.g. `self["opentrail_requests_total", ["operation": "GetTrail", …]]`.
    subscript(name: String, labels: [String: String] = [:]) -> Double? {
        guard !labels.isEmpty else { return samples[name] }
        let rendered = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
        return samples["\(name){\(rendered)}"]
    }
}

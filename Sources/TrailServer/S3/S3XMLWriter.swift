/// Writes the XML documents of the S3 read API: a declaration, then elements with escaped text.
///
/// ```swift
/// var xml = S3XMLWriter()
/// xml.element("LocationConstraint", namespace: S3XMLWriter.namespace) { _ in }
/// ```
struct S3XMLWriter: Sendable {
    /// The namespace of S3's response documents.
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    /// The document so far.
    private(set) var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"

    /// Creates a writer holding the XML declaration.
    init() {}

    /// Creates a writer of a fragment: no declaration.
    private init(fragment: String) {
        text = fragment
    }

    /// Writes escaped character data.
    mutating func characters(_ value: String) {
        text += Self.escaped(value)
    }

    /// Writes `<name>escaped value</name>`.
    mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>"
        text += Self.escaped(value)
        text += "</\(name)>"
    }

    /// Writes an element whose content `content` writes; an element without content is written as
    /// `<name/>`.
    ///
    /// - Parameters:
    ///   - name: The element's name.
    ///   - namespace: The default namespace to declare on it, if any.
    ///   - content: Writes the child elements.
    mutating func element(_ name: String, namespace: String? = nil, _ content: (inout S3XMLWriter) -> Void) {
        let start = namespace.map { "<\(name) xmlns=\"\(Self.escaped($0))\"" } ?? "<\(name)"
        var children = S3XMLWriter(fragment: "")
        content(&children)
        if children.text.isEmpty {
            text += start + "/>"
        } else {
            text += start + ">"
            text += children.text
            text += "</\(name)>"
        }
    }

    /// `value` as XML character data: markup characters as entities, carriage returns and other control
    /// characters (which XML 1.0 text cannot hold literally) as character references, as S3 writes them.
    static func escaped(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "&#x\(String(scalar.value, radix: 16, uppercase: true));"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

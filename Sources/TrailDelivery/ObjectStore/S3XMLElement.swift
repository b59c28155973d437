import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of an S3 XML response, parsed into a small tree: its name, its text and its child
/// elements. Attributes and namespaces are dropped; external entities are never resolved.
struct S3XMLElement: Sendable, Hashable {
    /// The element's name without a namespace prefix.
    var name: String
    /// The concatenated character data directly inside the element.
    var text: String
    /// The child elements in document order.
    var children: [S3XMLElement]

    /// The first child named `name`.
    func child(_ name: String) -> S3XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child named `name`.
    func children(_ name: String) -> [S3XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child named `name`.
    func text(_ name: String) -> String? {
        child(name)?.text
    }

    /// Parses an XML document and returns its root element, or `nil` when it is not well-formed.
    static func parse(_ bytes: [UInt8]) -> S3XMLElement? {
        guard !bytes.isEmpty else { return nil }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse() else { return nil }
        return builder.root
    }
}

/// Builds the element tree from `XMLParser`'s events.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [S3XMLElement] = []
    var root: S3XMLElement?

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        stack.append(S3XMLElement(name: elementName, text: "", children: []))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?
    ) {
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }
}

import Hummingbird
import NIOCore

/// The request context of OpenTrail's router: Hummingbird's core context plus the peer's address.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The address of the connection's peer.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text, as CloudTrail's `sourceIPAddress`.
    var sourceIPAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}

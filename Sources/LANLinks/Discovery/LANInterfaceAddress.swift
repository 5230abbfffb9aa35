import Glibc

/// An IPv4 interface's address and broadcast address, from getifaddrs(3).
struct LANInterfaceAddress: Sendable {
    let name: String
    let address: in_addr
    let broadcast: in_addr?

    /// The interface called `name`, or (with `nil`) the first interface that is up, not loopback, and has an IPv4
    /// broadcast address.
    static func find(_ name: String?) -> LANInterfaceAddress? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr, socketAddress.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let interfaceName = String(cString: entry.pointee.ifa_name)
            let flags = Int32(entry.pointee.ifa_flags)
            if let name {
                guard interfaceName == name else { continue }
            } else {
                guard flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0,
                      flags & Int32(IFF_BROADCAST) != 0 else { continue }
            }
            let address = UnsafeRawPointer(socketAddress).load(as: sockaddr_in.self).sin_addr
            var broadcast: in_addr?
            if flags & Int32(IFF_BROADCAST) != 0, let raw = entry.pointee.ifa_ifu.ifu_broadaddr {
                broadcast = UnsafeRawPointer(raw).load(as: sockaddr_in.self).sin_addr
            }
            return LANInterfaceAddress(name: interfaceName, address: address, broadcast: broadcast)
        }
        return nil
    }
}

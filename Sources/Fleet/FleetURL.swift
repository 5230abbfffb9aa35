import Foundation
import PostgresNIO

/// Where the fleet database is: a `postgres://user:password@host:port/database?sslmode=…` URL.
///
/// `sslmode=require` (or `verify-full`, `verify-ca`) asks for TLS through swift-nio-ssl, `prefer` tries it,
/// anything else (or none) connects in the clear. A `host=/path` query item connects over the unix socket in that
/// folder instead of TCP, as libpq does.
public struct FleetURL: Sendable, Equatable, CustomStringConvertible {
    /// The user name.
    public var user: String
    /// The password, if the URL has one.
    public var password: String?
    /// The host name or address (empty for a unix socket).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The database name.
    public var database: String
    /// The folder holding the server's unix socket, when the URL asks for one.
    public var socketDirectory: String?
    /// The TLS mode (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`).
    public var sslMode: String

    /// Parses a URL.
    ///
    /// - Throws: ``FleetError`` of kind `badURL` naming what is wrong.
    public init(_ text: String) throws(FleetError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw FleetError(.badURL, "reading the fleet URL", "\"\(text)\" is not a postgres://user@host:port/database URL")
        }
        let query = components.queryItems ?? []
        func item(_ name: String) -> String? { query.first { $0.name == name }?.value }
        user = components.user ?? item("user") ?? "postgres"
        password = components.password ?? item("password")
        host = components.host ?? ""
        port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : path
        socketDirectory = item("host").flatMap { $0.hasPrefix("/") ? $0 : nil }
        sslMode = item("sslmode") ?? "disable"
        guard !host.isEmpty || socketDirectory != nil else {
            throw FleetError(.badURL, "reading the fleet URL", "\"\(text)\" names no host")
        }
        guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(sslMode) else {
            throw FleetError(.badURL, "reading the fleet URL", "sslmode=\(sslMode) is not a PostgreSQL TLS mode")
        }
    }

    /// The URL without its password: how logs and replication cursors name this fleet.
    public var description: String {
        let place = socketDirectory.map { "\(port)?host=\($0)" } ?? "\(host):\(port)"
        return "postgres://\(user)@\(place)/\(database)"
    }

    /// The fleet, named independently of the user that connects: the key of a station's replication cursor.
    public var cursorKey: String {
        "\(socketDirectory ?? host):\(port)/\(database)"
    }

    /// The connection settings postgres-nio needs.
    ///
    /// - Throws: ``FleetError`` when the TLS context cannot be made.
    public func configuration() throws(FleetError) -> PostgresConnection.Configuration {
        if let socketDirectory {
            let socket = URL(fileURLWithPath: socketDirectory).appendingPathComponent(".s.PGSQL.\(port)").path
            return .init(unixSocketPath: socket, username: user, password: password, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch sslMode {
            case "require", "verify-ca", "verify-full":
                var settings = TLSConfiguration.makeClientConfiguration()
                if sslMode == "require" { settings.certificateVerification = .none }
                if sslMode == "verify-ca" { settings.certificateVerification = .noHostnameVerification }
                tls = .require(try NIOSSLContext(configuration: settings))
            case "prefer", "allow":
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = .none
                tls = .prefer(try NIOSSLContext(configuration: settings))
            default:
                tls = .disable
            }
        } catch {
            throw FleetError(.badURL, "preparing TLS for \(description)", "\(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

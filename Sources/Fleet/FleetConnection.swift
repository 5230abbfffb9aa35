import Foundation
import PostgresNIO

/// One connection to the fleet database, with errors that say what was being done.
///
/// A `PostgresConnection` is itself safe to share between tasks; whoever opens a `FleetConnection` owns it and closes
/// it (the replicator actor, a command, a test).
public final class FleetConnection: Sendable {
    /// The database this connection goes to.
    public let url: FleetURL
    let connection: PostgresConnection
    let logger: Logger

    private init(url: FleetURL, connection: PostgresConnection, logger: Logger) {
        self.url = url
        self.connection = connection
        self.logger = logger
    }

    /// Connects to the fleet database.
    ///
    /// - Throws: ``FleetError`` of kind `unreachable` when the server cannot be reached or refuses the login.
    public static func connect(_ url: FleetURL) async throws(FleetError) -> FleetConnection {
        var logger = Logger(label: "qualstation.fleet")
        logger.logLevel = .critical
        let configuration = try url.configuration()
        do {
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: Int.random(in: 1...Int.max), logger: logger)
            return FleetConnection(url: url, connection: connection, logger: logger)
        } catch {
            throw FleetError(.unreachable, "connecting to \(url)", FleetConnection.describe(error))
        }
    }

    /// Closes the connection; errors while closing are of no consequence and are dropped.
    public func close() async {
        try? await connection.close()
    }

    /// Runs one statement of trusted SQL text (schema, roles), without parameters.
    ///
    /// - Throws: ``FleetError`` of kind `database` with `context`.
    public func execute(_ sql: String, _ context: String) async throws(FleetError) {
        _ = try await rows(PostgresQuery(unsafeSQL: sql), context)
    }

    /// Runs a query and returns its rows, every column as text (nil for NULL), in order.
    ///
    /// - Throws: ``FleetError`` of kind `database` with `context`.
    public func table(_ query: PostgresQuery, _ context: String) async throws(FleetError) -> FleetTable {
        let rows = try await rows(query, context)
        var table = FleetTable(columns: [], rows: [])
        do {
            for row in rows {
                if table.columns.isEmpty { table.columns = row.map(\.columnName) }
                table.rows.append(try row.map { try $0.decode(String?.self) })
            }
        } catch {
            throw FleetError(.database, context, "a column could not be read as text: \(Self.describe(error))")
        }
        return table
    }

    /// Runs a query and collects its rows.
    func rows(_ query: PostgresQuery, _ context: String) async throws(FleetError) -> [PostgresRow] {
        do {
            var collected: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                collected.append(row)
            }
            return collected
        } catch {
            throw FleetError(.database, context, Self.describe(error))
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// - Throws: ``FleetError`` from `body`, or of kind `database` when BEGIN or COMMIT fails.
    func transaction<T: Sendable>(
        _ context: String, _ body: (FleetConnection) async throws(FleetError) -> T
    ) async throws(FleetError) -> T {
        try await execute("BEGIN", context)
        let value: T
        do {
            value = try await body(self)
        } catch {
            try? await execute("ROLLBACK", context)
            throw error
        }
        try await execute("COMMIT", context)
        return value
    }

    /// Streams `text` (COPY text format, one line per row) into `table` with `COPY … FROM STDIN`.
    ///
    /// - Throws: ``FleetError`` of kind `database` with `context`.
    func copy(into table: String, columns: [String], text: String, _ context: String) async throws(FleetError) {
        do {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                buffer.writeString(text)
                try await writer.write(buffer)
            }
        } catch {
            throw FleetError(.database, context, Self.describe(error))
        }
    }

    /// A readable account of a postgres-nio error, with the server's message when there is one.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + code
            }
            return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        }
        return String(describing: error)
    }
}

import PostgresNIO

/// The quality engineers' questions, each answered by one SQL query over the fleet tables.
///
/// Every query takes the same ``FleetFilter`` on the run (lot, part, station, start time). Yields count finished
/// runs: yield = PASS / (PASS + FAIL + INCOMPLETE).
public enum FleetReport {
    /// The questions, by the name `qualstation fleet report --only` takes.
    public enum Question: String, Sendable, CaseIterable {
        /// Yield per lot.
        case yieldByLot = "yield-by-lot"
        /// Yield per station.
        case yieldByStation = "yield-by-station"
        /// BER gate failures per lane and chamber temperature (the heat map's cells).
        case laneFailures = "lane-failures"
        /// Failed criteria, most frequent first, with the cumulative share (Pareto).
        case failureCauses = "failure-causes"
        /// Hours each station spent running, idle and on INCOMPLETE runs over its active span.
        case stationUtilisation = "station-utilisation"
    }

    /// The filter on `fleet.run r`: $1 lot, $2 part, $3 station, $4 start time (seconds since 1970).
    private static let runFilter = """
        ($1::text IS NULL OR r.lot = $1::text)
        AND ($2::text IS NULL OR r.part = $2::text)
        AND ($3::text IS NULL OR r.station_id = $3::text)
        AND ($4::float8 IS NULL OR r.started_at >= to_timestamp($4::float8))
        """

    /// The filter's values in the order of ``runFilter``'s parameters.
    private static func bindings(_ filter: FleetFilter) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(filter.lot)
        bindings.append(filter.part)
        bindings.append(filter.station)
        bindings.append(filter.sinceSeconds)
        return bindings
    }

    private static func yield(by column: String) -> String {
        """
            SELECT \(column) AS key,
                count(*) FILTER (WHERE r.verdict IS NOT NULL)::text AS runs,
                count(*) FILTER (WHERE r.verdict = 'PASS')::text AS pass,
                count(*) FILTER (WHERE r.verdict = 'FAIL')::text AS fail,
                count(*) FILTER (WHERE r.verdict = 'INCOMPLETE')::text AS incomplete,
                round(count(*) FILTER (WHERE r.verdict = 'PASS')::numeric
                    / nullif(count(*) FILTER (WHERE r.verdict IS NOT NULL), 0), 4)::text AS yield
            FROM fleet.run r
            WHERE \(runFilter)
            GROUP BY 1 ORDER BY 1 NULLS LAST
            """
    }

    /// The query that answers `question` for `filter`.
    public static func query(_ question: Question, _ filter: FleetFilter) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql(question), binds: bindings(filter))
    }

    /// The SQL text of `question`, with the filter as parameters $1 to $4.
    public static func sql(_ question: Question) -> String {
        switch question {
        case .yieldByLot:
            return yield(by: "r.lot")
        case .yieldByStation:
            return yield(by: "r.station_id")
        case .laneFailures:
            return """
                SELECT m.lane::text AS lane, s.setpoint_celsius::text AS celsius,
                    count(*)::text AS gates,
                    count(*) FILTER (WHERE m.value = 0)::text AS failures,
                    count(DISTINCT m.run_id) FILTER (WHERE m.value = 0)::text AS failing_runs
                FROM fleet.measurement m
                JOIN fleet.step s ON s.run_id = m.run_id AND s.step_index = m.step_index
                    AND m.attempt = coalesce(s.completed_attempt, s.attempt)
                JOIN fleet.run r ON r.run_id = m.run_id
                WHERE m.quantity = 'ber_decision' AND \(runFilter)
                GROUP BY m.lane, s.setpoint_celsius HAVING count(*) FILTER (WHERE m.value = 0) > 0
                ORDER BY count(*) FILTER (WHERE m.value = 0) DESC, m.lane, s.setpoint_celsius
                """
        case .failureCauses:
            return """
                WITH causes AS (
                    SELECT c->>'name' AS cause, count(*) AS failures
                    FROM fleet.certificate k
                    JOIN fleet.run r ON r.run_id = k.run_id
                    CROSS JOIN LATERAL jsonb_array_elements(k.document->'criteria') c
                    WHERE c->>'verdict' IS DISTINCT FROM 'PASS' AND \(runFilter)
                    GROUP BY 1
                )
                SELECT cause, failures::text AS failures,
                    round(100.0 * sum(failures) OVER (ORDER BY failures DESC, cause) / sum(failures) OVER (), 1)::text
                        AS cumulative_percent
                FROM causes ORDER BY failures DESC, cause
                """
        case .stationUtilisation:
            return """
                WITH spans AS (
                    SELECT r.station_id, r.started_at, coalesce(r.ended_at, now()) AS ended_at, r.verdict
                    FROM fleet.run r WHERE \(runFilter)
                )
                SELECT station_id, count(*)::text AS runs,
                    round((sum(extract(epoch FROM ended_at - started_at)) / 3600)::numeric, 3)::text AS running_hours,
                    round((sum(extract(epoch FROM ended_at - started_at)) FILTER (WHERE verdict = 'INCOMPLETE')
                        / 3600)::numeric, 3)::text AS incomplete_hours,
                    round(greatest(0, (extract(epoch FROM max(ended_at) - min(started_at))
                        - sum(extract(epoch FROM ended_at - started_at))) / 3600)::numeric, 3)::text AS idle_hours
                FROM spans GROUP BY station_id ORDER BY station_id
                """
        }
    }

    /// Answers `question` for `filter`.
    ///
    /// - Throws: ``FleetError`` of kind `database`.
    public static func answer(_ question: Question, _ filter: FleetFilter, on connection: FleetConnection)
        async throws(FleetError) -> FleetTable
    {
        try await connection.table(query(question, filter), "answering \(question.rawValue)")
    }

    /// Where the certificates of `serial` are, newest first: run, station, verdict, run directory, and whether the
    /// JWS carries exactly the certificate JSON the fleet holds.
    ///
    /// - Throws: ``FleetError`` of kind `database`.
    public static func find(serial: String, on connection: FleetConnection) async throws(FleetError) -> FleetTable {
        try await connection.table(
            """
            SELECT k.run_id, k.station_id, k.verdict, r.started_at::text AS started_at, k.run_directory,
                k.json_sha256, k.jws
            FROM fleet.certificate k JOIN fleet.run r ON r.run_id = k.run_id
            WHERE k.serial = \(serial)
            ORDER BY r.started_at DESC
            """, "finding the certificate of \(serial)")
    }
}

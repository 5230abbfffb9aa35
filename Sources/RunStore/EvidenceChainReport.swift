/// What walking a run's evidence chain found: how many rows it holds, its head, and the first row that breaks it.
public struct EvidenceChainReport: Sendable, Equatable, CustomStringConvertible {
    /// The first row that breaks the chain.
    public struct Problem: Sendable, Equatable {
        /// How the chain is broken.
        public enum Kind: String, Sendable, Equatable {
            /// A row's content no longer matches its chain hash: it was changed after it was recorded.
            case altered
            /// A row that was never linked into the chain, or repeats a place in it: it was added afterwards.
            case inserted
            /// The chain skips a place, or ends before the recorded head: a row was removed.
            case deleted
        }

        /// How the chain is broken.
        public var kind: Kind
        /// The table of the row concerned (`measurement` or `event`).
        public var table: String
        /// The row's id (for a deleted row, the id it most likely had); nil when it cannot be told.
        public var id: Int64?
        /// The row's place in the chain (`chain_seq`), when known.
        public var sequence: Int64?
        /// What was found, in words.
        public var detail: String

        /// Creates a problem.
        public init(kind: Kind, table: String, id: Int64?, sequence: Int64?, detail: String) {
            self.kind = kind
            self.table = table
            self.id = id
            self.sequence = sequence
            self.detail = detail
        }

        /// "measurement id 42 (chain row 97) altered: …".
        public var description: String {
            let row = id.map { "\(table) id \($0)" } ?? table
            let place = sequence.map { " (chain row \($0))" } ?? ""
            return "\(row)\(place) \(kind.rawValue): \(detail)"
        }
    }

    /// Rows walked in chain order before the walk ended (all of them when the chain is intact).
    public var rowCount: Int
    /// The chain hash of the last row walked, lowercase hex (64 zeros for an empty chain).
    public var head: String
    /// The head recorded in the run database's `evidence_chain` table.
    public var recordedHead: String
    /// The row count recorded in the `evidence_chain` table.
    public var recordedCount: Int
    /// The first break found; nil when every row verifies and the chain ends at the recorded head.
    public var problem: Problem?
    /// The chain hash after the row asked for as a checkpoint (a certificate's row count), lowercase hex; nil
    /// when no checkpoint was asked for or the walk did not get that far.
    public var checkpointHead: String?

    /// Creates a report.
    public init(
        rowCount: Int, head: String, recordedHead: String, recordedCount: Int, problem: Problem?,
        checkpointHead: String? = nil
    ) {
        self.rowCount = rowCount
        self.head = head
        self.recordedHead = recordedHead
        self.recordedCount = recordedCount
        self.problem = problem
        self.checkpointHead = checkpointHead
    }

    /// Whether the chain is intact.
    public var isValid: Bool { problem == nil }

    /// One line: intact with its count and head, or the first break.
    public var description: String {
        if let problem {
            return "evidence chain BROKEN: \(problem.description)"
        }
        return "evidence chain intact: \(rowCount) rows, head \(head)"
    }
}

import Foundation

extension CertificateDocument {
    /// The laboratory that issues the certificate (ISO/IEC 17025 §7.8.2.1 b, c).
    public struct Lab: Codable, Sendable, Equatable {
        /// The laboratory's name.
        public var name: String
        /// The laboratory's address.
        public var address: String
        /// Where the work was done (building, bay); may be empty.
        public var location: String

        /// Creates the lab part.
        public init(name: String, address: String, location: String) {
            self.name = name
            self.address = address
            self.location = location
        }
    }

    /// The station and the station file it ran from.
    public struct Station: Codable, Sendable, Equatable {
        /// Station identifier.
        public var id: String
        /// Station name.
        public var name: String
        /// The station file's path as the run recorded it.
        public var file: String
        /// SHA-256 of the station file's bytes, lowercase hex.
        public var fileSHA256: String

        /// Creates the station part.
        public init(id: String, name: String, file: String, fileSHA256: String) {
            self.id = id
            self.name = name
            self.file = file
            self.fileSHA256 = fileSHA256
        }

        enum CodingKeys: String, CodingKey {
            case id, name, file
            case fileSHA256 = "file_sha256"
        }
    }

    /// The item tested (ISO/IEC 17025 §7.8.2.1 e).
    public struct DUT: Codable, Sendable, Equatable {
        /// Serial number.
        public var serial: String
        /// Part number, from the profile.
        public var part: String
        /// Lot, from the run metadata key `lot`; empty when not recorded.
        public var lot: String
        /// Lanes on the array (required plus spares).
        public var lanes: Int
        /// Lanes the part needs to work.
        public var requiredLanes: Int
        /// Spare lanes.
        public var spares: Int
        /// Per-lane line rate, Gb/s.
        public var lineRateGbps: Double
        /// Emission wavelength, nm.
        public var wavelengthNanometres: Double

        /// Creates the DUT part.
        public init(
            serial: String, part: String, lot: String, lanes: Int, requiredLanes: Int, spares: Int,
            lineRateGbps: Double,
            wavelengthNanometres: Double
        ) {
            self.serial = serial
            self.part = part
            self.lot = lot
            self.lanes = lanes
            self.requiredLanes = requiredLanes
            self.spares = spares
            self.lineRateGbps = lineRateGbps
            self.wavelengthNanometres = wavelengthNanometres
        }

        enum CodingKeys: String, CodingKey {
            case serial, part, lot, lanes, spares
            case requiredLanes = "required_lanes"
            case lineRateGbps = "line_rate_gbps"
            case wavelengthNanometres = "wavelength_nm"
        }
    }

    /// The method: the qualification profile (ISO/IEC 17025 §7.8.2.1 d).
    public struct ProfileReference: Codable, Sendable, Equatable {
        /// Profile name.
        public var name: String
        /// Profile version.
        public var version: String
        /// The profile file's path as the run recorded it.
        public var file: String
        /// SHA-256 of the profile file's bytes, lowercase hex.
        public var fileSHA256: String

        /// Creates the profile part.
        public init(name: String, version: String, file: String, fileSHA256: String) {
            self.name = name
            self.version = version
            self.file = file
            self.fileSHA256 = fileSHA256
        }

        enum CodingKeys: String, CodingKey {
            case name, version, file
            case fileSHA256 = "file_sha256"
        }
    }

    /// The run the certificate reports.
    public struct RunInformation: Codable, Sendable, Equatable {
        /// The run identifier.
        public var id: String
        /// `running`, `completed` or `incomplete`, as stored.
        public var status: String
        /// Why the run is incomplete, when it is.
        public var incompleteReason: String?
        /// The bench model seed of a simulated station, as decimal text (it can exceed 2^53).
        public var seed: String?
        /// Whether the instruments were simulated.
        public var simulated: Bool
        /// The QualStation version that started the run.
        public var softwareVersion: String
        /// The run's free-form context (customer, lot, part, ...), as recorded.
        public var metadata: [String: String]

        /// Creates the run part.
        public init(
            id: String, status: String, incompleteReason: String?, seed: String?, simulated: Bool,
            softwareVersion: String,
            metadata: [String: String]
        ) {
            self.id = id
            self.status = status
            self.incompleteReason = incompleteReason
            self.seed = seed
            self.simulated = simulated
            self.softwareVersion = softwareVersion
            self.metadata = metadata
        }

        enum CodingKeys: String, CodingKey {
            case id, status, seed, simulated, metadata
            case incompleteReason = "incomplete_reason"
            case softwareVersion = "software_version"
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(status, forKey: .status)
            try container.encode(incompleteReason, forKey: .incompleteReason)
            try container.encode(seed, forKey: .seed)
            try container.encode(simulated, forKey: .simulated)
            try container.encode(softwareVersion, forKey: .softwareVersion)
            try container.encode(metadata, forKey: .metadata)
        }
    }

    /// The software that issued the certificate.
    public struct Software: Codable, Sendable, Equatable {
        /// Always `QualStation`.
        public var name: String
        /// Its version.
        public var version: String

        /// Creates the software part.
        public init(name: String = "QualStation", version: String) {
            self.name = name
            self.version = version
        }
    }

    /// When the test ran and when the certificate was issued (ISO/IEC 17025 §7.8.2.1 h, i).
    public struct Times: Codable, Sendable, Equatable {
        /// When the run started.
        public var started: CertificateTime
        /// When the run ended; `null` when it never finished.
        public var ended: CertificateTime?
        /// When the certificate was issued.
        public var issued: CertificateTime

        /// Creates the times part.
        public init(started: CertificateTime, ended: CertificateTime?, issued: CertificateTime) {
            self.started = started
            self.ended = ended
            self.issued = issued
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(started, forKey: .started)
            try container.encode(ended, forKey: .ended)
            try container.encode(issued, forKey: .issued)
        }

        enum CodingKeys: String, CodingKey {
            case started, ended, issued
        }
    }
}

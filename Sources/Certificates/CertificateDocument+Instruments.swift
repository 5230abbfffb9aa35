import Foundation

extension CertificateDocument {
    /// One instrument on the station: the equipment record of ISO/IEC 17025 §6.4.13 and the traceability
    /// evidence a reader needs (identity, serial number, firmware, calibration and its validity).
    public struct Instrument: Codable, Sendable, Equatable {
        /// The role it played: `chamber`, `bert`, `meter`, `switch` or `supply`.
        public var role: String
        /// The driver that talked to it.
        public var driver: String
        /// Where it was connected, as written in the station file.
        public var resource: String
        /// Manufacturer from the instrument's identity reply; `null` when it gave none.
        public var manufacturer: String?
        /// Model from the identity reply.
        public var model: String?
        /// Serial number from the identity reply.
        public var serial: String?
        /// Firmware version from the identity reply.
        public var firmware: String?
        /// The calibration record from the station file; `null` when there is none.
        public var calibration: Calibration?

        /// Creates an instrument entry.
        public init(
            role: String, driver: String, resource: String, manufacturer: String?, model: String?, serial: String?,
            firmware: String?, calibration: Calibration?
        ) {
            self.role = role
            self.driver = driver
            self.resource = resource
            self.manufacturer = manufacturer
            self.model = model
            self.serial = serial
            self.firmware = firmware
            self.calibration = calibration
        }

        enum CodingKeys: String, CodingKey {
            case role, driver, resource, manufacturer, model, serial, firmware, calibration
        }

        /// Encodes every member, writing `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            try container.encode(driver, forKey: .driver)
            try container.encode(resource, forKey: .resource)
            try container.encode(manufacturer, forKey: .manufacturer)
            try container.encode(model, forKey: .model)
            try container.encode(serial, forKey: .serial)
            try container.encode(firmware, forKey: .firmware)
            try container.encode(calibration, forKey: .calibration)
        }
    }

    /// An instrument's calibration.
    public struct Calibration: Codable, Sendable, Equatable {
        /// Calibration certificate number.
        public var certificate: String
        /// Who calibrated it.
        public var by: String
        /// Calibration date.
        public var calibrated: CertificateTime
        /// Due date.
        public var due: CertificateTime
        /// Expanded uncertainties (k = 2) by quantity, e.g. `optical_power_percent: 2.5`.
        public var uncertainty: [String: Double]
        /// Whether the calibration was valid from the start of the run to its end (or the issue time).
        public var validDuringRun: Bool

        /// Creates a calibration entry.
        public init(
            certificate: String, by: String, calibrated: CertificateTime, due: CertificateTime,
            uncertainty: [String: Double], validDuringRun: Bool
        ) {
            self.certificate = certificate
            self.by = by
            self.calibrated = calibrated
            self.due = due
            self.uncertainty = uncertainty
            self.validDuringRun = validDuringRun
        }

        enum CodingKeys: String, CodingKey {
            case certificate, by, calibrated, due, uncertainty
            case validDuringRun = "valid_during_run"
        }
    }
}

import InstrumentProtocols
import StationConfiguration

/// How instrument identities are kept in the run record's metadata, so a certificate can be reissued from
/// run.sqlite alone.
enum IdentityMetadata {
    static func key(_ role: InstrumentRole) -> String { "instrument.\(role.rawValue).identity" }

    static func encode(_ identities: [InstrumentRole: InstrumentIdentity]) -> [String: String] {
        var metadata: [String: String] = [:]
        for (role, identity) in identities {
            metadata[key(role)] = identity.idnReply
        }
        return metadata
    }

    static func decode(_ metadata: [String: String]) -> [InstrumentRole: InstrumentIdentity] {
        var identities: [InstrumentRole: InstrumentIdentity] = [:]
        for role in InstrumentRole.allCases {
            guard let text = metadata[key(role)], let identity = try? InstrumentIdentity(idnReply: text) else { continue }
            identities[role] = identity
        }
        return identities
    }
}

import Testing

@testable import InstrumentProtocols

@Suite struct InstrumentIdentityTests {
    @Test func parsesFourFieldsAndTrimsTerminators() throws {
        let identity = try InstrumentIdentity(idnReply: "MultiLANE,ML4039,SN1234,0.0\r\n")
        #expect(identity.manufacturer == "MultiLANE")
        #expect(identity.model == "ML4039")
        #expect(identity.serialNumber == "SN1234")
        #expect(identity.firmware == "0.0")
        #expect(identity.description == "MultiLANE ML4039 (serial SN1234, firmware 0.0)")
    }

    @Test func isLenientOnWhitespaceAroundFields() throws {
        let identity = try InstrumentIdentity(idnReply: "  Thorlabs , PM100D ,P0001234 , 1.7.0 \n")
        #expect(
            identity
                == InstrumentIdentity(
                    manufacturer: "Thorlabs", model: "PM100D", serialNumber: "P0001234", firmware: "1.7.0"))
    }

    @Test func allowsEmptySerialAndFirmware() throws {
        let identity = try InstrumentIdentity(idnReply: "Keysight Technologies,E36312A,,")
        #expect(identity.serialNumber.isEmpty)
        #expect(identity.firmware.isEmpty)
        #expect(identity.description.contains("no serial"))
    }

    @Test(arguments: ["Thorlabs,PM100D,P0001234", "a,b,c,d,e", "", "\r\n", ",PM100D,1,2", "Thorlabs, ,1,2"])
    func rejectsWrongFieldCountOrMissingNames(reply: String) {
        #expect(throws: SCPIReplyError.self) { try InstrumentIdentity(idnReply: reply) }
        do {
            _ = try InstrumentIdentity(idnReply: reply)
        } catch {
            #expect(error.command == "*IDN?")
            #expect(error.description.contains("*IDN?"))
            #expect(error.description.contains("manufacturer,model,serial,firmware"))
        }
    }

    @Test func errorShowsTheReplyWithEscapes() {
        do {
            _ = try InstrumentIdentity(idnReply: "only,two\r\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(#""only,two\r\n""#))
            #expect(error.description.contains("found 2"))
        }
    }

    @Test func idnReplyRoundTripsAndKeepsFourFields() throws {
        let identity = InstrumentIdentity(
            manufacturer: "QualStation", model: "SIM,BERT", serialNumber: "7", firmware: "1.0")
        #expect(identity.idnReply == "QualStation,SIM BERT,7,1.0")
        let parsed = try InstrumentIdentity(idnReply: identity.idnReply)
        #expect(parsed.model == "SIM BERT")
    }
}

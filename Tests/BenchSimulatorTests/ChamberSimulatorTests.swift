import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import StationLinks
import Testing

@Suite("Simulated Watlow F4 chamber")
struct ChamberSimulatorTests {
    @Test("the air follows the setpoint at the chamber's ramp limit and the DUT lags behind it")
    func rampAndLag() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        let initial = try await chamber.readTemperatures()
        #expect(abs(initial.airCelsius - 23) < 0.3)
        #expect(chamber.supportsRampRate == false)

        try await chamber.start()
        try await chamber.setSetpoint(85)
        try await bench.wait(60)
        let minute = try await chamber.readTemperatures()
        #expect(minute.setpointCelsius == 85)
        // 15 K/min rated ramp: 23 → 38 °C in a minute; the DUT (τ = 60 s) is still near 28.5 °C.
        #expect(abs(minute.airCelsius - 38) < 0.3)
        let dutAfterMinute = try #require(minute.dutCelsius)
        #expect((27.5...29.5).contains(dutAfterMinute))

        try await bench.wait(200)
        let arrived = try await chamber.readTemperatures()
        #expect(abs(arrived.airCelsius - 85) < 0.3)
        #expect(try #require(arrived.dutCelsius) < 84)

        try await bench.wait(600)
        let settled = try await chamber.readTemperatures()
        #expect(abs(try #require(settled.dutCelsius) - 85) < 0.3)

        try await chamber.stop()
        try await bench.wait(600)
        let cooling = try await chamber.readTemperatures()
        #expect(cooling.airCelsius < 70)
        #expect(cooling.airCelsius > 23)
        await bench.shutDown()
    }

    @Test("Modbus: the setpoint is clamped to the rated range; bad addresses and values get exception replies")
    func registerMap() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        guard case .serial(let device) = try #require(bench.station.resources[.chamber]) else { return }
        let link = try SerialLink.open(path: device, settings: SerialSettings(baud: 19200))
        let policy = RetryPolicy(retries: 0, timeout: .milliseconds(500))
        let client = ModbusRTUClient(
            link: link, unit: 1, baud: 19200, role: "chamber", driver: "watlow-f4", policy: policy, events: { _ in })

        #expect(try await client.readHoldingRegisters(start: 0, count: 1) == [5270])
        #expect(try await client.readHoldingRegisters(start: 901, count: 1) == [1])
        #expect(try await client.readHoldingRegisters(start: 602, count: 2) == [UInt16(bitPattern: -700), 1800])

        try await client.writeSingleRegister(300, value: 2000)
        #expect(try await client.readHoldingRegisters(start: 300, count: 1) == [1800])
        try await client.writeMultipleRegisters(start: 300, values: [UInt16(bitPattern: -400)])
        #expect(try await client.readHoldingRegisters(start: 300, count: 1) == [UInt16(bitPattern: -400)])

        let address = await #expect(throws: InstrumentError.self) {
            _ = try await client.readHoldingRegisters(start: 50, count: 1)
        }
        #expect(address?.kind == .deviceError)
        #expect(address?.message.contains("illegal data address") == true)
        let value = await #expect(throws: InstrumentError.self) {
            try await client.writeSingleRegister(2000, value: 7)
        }
        #expect(value?.message.contains("illegal data value") == true)
        let readOnly = await #expect(throws: InstrumentError.self) {
            try await client.writeSingleRegister(100, value: 250)
        }
        #expect(readOnly?.kind == .deviceError)

        // Another unit address on the line: the F4 stays silent.
        let stranger = ModbusRTUClient(
            link: link, unit: 2, baud: 19200, role: "chamber", driver: "watlow-f4", policy: policy, events: { _ in })
        let silence = await #expect(throws: InstrumentError.self) {
            _ = try await stranger.readHoldingRegisters(start: 0, count: 1)
        }
        #expect(silence?.kind == .stationFault)
        await client.close()
        await bench.shutDown()
    }
}

import BenchModel
import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

@Suite("Simulated supply, switch and meter")
struct SupplyAndMeterTests {
    @Test("the supply measures the DUT: about 1.4 pJ/bit at 25 °C, more current when hot, nothing when off")
    func supplyFollowsTheDUT() async throws {
        let file = try StationFile.load(path: TestBench.repository.appendingPathComponent("stations/simulated.yaml").path)
        let bench = try TestBench(file)
        let drivers = try await bench.connectAll()
        let off = try await drivers.supply.measure()
        #expect(off.outputOn == false)
        #expect(abs(off.amps) < 1e-6)

        try await bench.settle(drivers, at: 25)
        try await bench.powerUp(drivers)
        let cool = try await drivers.supply.measure()
        #expect(cool.outputOn)
        #expect(!cool.inCompliance)
        #expect(abs(cool.volts - 1.8) < 0.001)
        let payloadBitsPerSecond = 400 * 4e9
        let energy = cool.volts * cool.amps / payloadBitsPerSecond
        #expect((1.0e-12...2.0e-12).contains(energy), "energy per bit \(energy) J")
        #expect(abs(energy - 1.4e-12) < 0.05e-12)

        try await bench.settle(drivers, at: 105)
        let hot = try await drivers.supply.measure()
        #expect(hot.amps > cool.amps * 1.1)
        #expect(hot.volts * hot.amps / payloadBitsPerSecond < 2e-12)

        // Fewer driven lanes draw less.
        try await drivers.bert.setOutputs(false)
        let idle = try await drivers.supply.measure()
        #expect(idle.amps < hot.amps / 3)

        try await drivers.supply.setOutput(false)
        #expect(abs(try await drivers.supply.measure().amps) < 1e-6)
        await bench.shutDown(drivers)
    }

    @Test("a current limit below the DUT's draw puts the supply in compliance and the lanes go dark")
    func compliance() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.supply.configure(volts: 1.8, currentLimit: 0.05)
        let limited = try await drivers.supply.measure()
        #expect(limited.inCompliance)
        #expect(abs(limited.amps - 0.05) < 0.001)
        #expect(limited.volts < 1.0)
        try await drivers.opticalSwitch.route(to: 3)
        #expect(try await drivers.meter.readPower(channel: 1) < 1e-8)
        await bench.shutDown(drivers)
    }

    @Test("through the switch the meter reads each lane's own power, about 8 % lower at 85 °C")
    func meterThroughSwitch() async throws {
        let bench = try TestBench(try TestBench.stationFile(lanes: 16, dead: "1", weak: "0"))
        let array = bench.station.bench.array
        let drivers = try await bench.connectAll()
        try await drivers.meter.setWavelength(450)
        try await bench.powerUp(drivers)
        try await bench.settle(drivers, at: 25)

        func scan() async throws -> [Double] {
            var powers: [Double] = []
            for lane in 0..<16 {
                try await drivers.opticalSwitch.route(to: lane + 1)
                try await bench.wait(0.015)
                powers.append(try await drivers.meter.readPower(channel: 1))
            }
            return powers
        }
        let cool = try await scan()
        let dut = bench.station.bench.status().dutCelsius
        for lane in 0..<16 {
            let expected = array.opticalPower(lane: lane, dutCelsius: dut)
            if array.lanes[lane].laneClass == .dead {
                #expect(cool[lane] < 3e-9, "dead lane \(lane) reads \(cool[lane]) W")
            } else {
                #expect(abs(cool[lane] / expected - 1) < 0.01, "lane \(lane): \(cool[lane]) W, model \(expected) W")
            }
        }
        #expect(Set(cool.map { ($0 * 1e8).rounded() }).count > 8, "lanes differ from each other")
        #expect(try await drivers.meter.readPower(channel: 2) < 3e-9, "a meter channel without the switch sees no light")

        try await bench.settle(drivers, at: 85)
        let hot = try await scan()
        for lane in 0..<16 where array.lanes[lane].laneClass == .good {
            let ratio = hot[lane] / cool[lane]
            #expect((0.86...0.96).contains(ratio), "lane \(lane) keeps \(ratio) of its power at 85 °C")
        }

        try await drivers.supply.setOutput(false)
        let dark = try await scan()
        #expect(dark.allSatisfy { $0 < 3e-9 })
        #expect(try await drivers.meter.readAllPowers().count == 4)
        await bench.shutDown(drivers)
    }

    @Test("without a switch, meter channel n reads lane n − meter channel")
    func meterWithoutSwitch() async throws {
        var text = try TestBench.simulatedYAML()
        let start = try #require(text.range(of: "  switch:\n"))
        let end = try #require(text.range(of: "  meter:\n"))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        let file = try TestBench.stationFile(lanes: 16, dead: "0", weak: "0", replacing: [], text: text)
        #expect(file.instrument(.switch) == nil)
        let bench = try TestBench(file)
        let array = bench.station.bench.array
        let meter = try await bench.connect(.meter, as: (any OpticalPowerMeter).self)
        let supply = try await bench.connect(.supply, as: (any PowerSupply).self)
        let bert = try await bench.connect(.bert, as: (any BitErrorRatioTester).self)
        try await supply.configure(volts: 1.8, currentLimit: 2.5)
        try await supply.setOutput(true)
        try await bert.setOutputs(true)
        let powers = try await meter.readAllPowers()
        let dut = bench.station.bench.status().dutCelsius
        #expect(powers.count == 4)
        for (index, watts) in powers.enumerated() {
            let expected = array.opticalPower(lane: index, dutCelsius: dut)
            #expect(abs(watts / expected - 1) < 0.01, "channel \(index + 1): \(watts) W, lane \(index) \(expected) W")
        }
        await meter.disconnect()
        await supply.disconnect()
        await bert.disconnect()
        await bench.shutDown()
    }

    @Test("the DUT accumulates stress hours only while powered, faster when hot")
    func stressHours() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        let drivers = try await bench.connectAll()
        try await bench.settle(drivers, at: 85)
        #expect(bench.station.bench.status().stressHours == 0, "an unpowered DUT does not age")
        try await bench.powerUp(drivers)
        try await bench.wait(10 * 3600)
        let atReference = bench.station.bench.status().stressHours
        #expect(abs(atReference - 10) < 0.05, "10 h at 85 °C are \(atReference) equivalent hours")
        try await drivers.supply.setOutput(false)
        try await bench.wait(3600)
        #expect(bench.station.bench.status().stressHours == atReference)
        try await drivers.supply.setOutput(true)
        try await drivers.chamber.setSetpoint(125)
        try await bench.wait(3600)
        let hot = bench.station.bench.status().stressHours - atReference
        #expect(hot > 2, "an hour near 125 °C counts \(hot) hours at 85 °C")
        await bench.shutDown(drivers)
    }
}

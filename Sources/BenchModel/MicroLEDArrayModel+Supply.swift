extension MicroLEDArrayModel {
    /// The DUT's supply current, A.
    ///
    /// I = (V / Vref) · (I_static + lanes · rate · I_dynamic) · (1 + α (T − 25)), times
    /// ``Parameters/overCurrentFactor`` while ``overCurrentFault`` is set. Calibrated so that 416 lanes at 4 Gb/s
    /// on 1.8 V take 1.4 pJ/bit at 25 °C (400 payload lanes × 4 Gb/s), about 1.6 pJ/bit at 125 °C.
    /// - Parameters:
    ///   - dutCelsius: DUT temperature.
    ///   - drivenLanes: lanes being modulated (clamped to 0…laneCount).
    ///   - lineRateGbps: line rate per lane, Gb/s.
    ///   - voltage: supply voltage, V (0 or below draws nothing).
    public func supplyCurrent(
        dutCelsius: Double, drivenLanes: Int, lineRateGbps: Double, voltage: Double
    ) -> Double {
        let p = parameters
        guard voltage > 0, p.supplyReferenceVolts > 0 else { return 0 }
        let lanes = Double(min(max(drivenLanes, 0), max(p.laneCount, 0)))
        let rate = max(0, lineRateGbps)
        let atReference = p.staticCurrentAmps + lanes * rate * p.dynamicCurrentAmpsPerLanePerGbps
        let thermal = max(0, 1 + p.supplyTemperatureCoefficientPerKelvin * (dutCelsius - 25))
        let fault = overCurrentFault ? p.overCurrentFactor : 1
        return voltage / p.supplyReferenceVolts * atReference * thermal * fault
    }

    /// The supply current with every lane driven at the design line rate and the reference voltage, A.
    public func supplyCurrent(dutCelsius: Double) -> Double {
        supplyCurrent(
            dutCelsius: dutCelsius, drivenLanes: parameters.laneCount,
            lineRateGbps: parameters.lineRateGbps, voltage: parameters.supplyReferenceVolts)
    }

    /// Energy per payload bit, J/bit: V · I / (activeLaneCount × line rate). This is the whole-supply figure over
    /// the payload rate (spares' power counts, their bits do not).
    public func energyPerBit(dutCelsius: Double, drivenLanes: Int, lineRateGbps: Double, voltage: Double) -> Double {
        let payloadBitsPerSecond = Double(max(parameters.activeLaneCount, 0)) * lineRateGbps * 1e9
        guard payloadBitsPerSecond > 0 else { return 0 }
        let current = supplyCurrent(
            dutCelsius: dutCelsius, drivenLanes: drivenLanes, lineRateGbps: lineRateGbps, voltage: voltage)
        return voltage * current / payloadBitsPerSecond
    }
}

import Foundation

extension MicroLEDArrayModel {
    /// The design figures and statistical spreads of a simulated Micro LED CPO array.
    ///
    /// The defaults describe 416 lanes (400 payload + 16 spares) at 4 Gb/s NRZ, about 50 µW per lane at the far-end
    /// photodiode, 92 % of the 25 °C power kept at 85 °C, and 1.4 pJ/bit at 25 °C on a 1.8 V supply.
    /// When decoding, any field left out takes its default.
    public struct Parameters: Sendable, Codable, Equatable {
        // MARK: Lanes

        /// Number of optical lanes in the array (payload plus spares).
        public var laneCount: Int
        /// Number of payload lanes: the denominator of the energy per bit.
        public var activeLaneCount: Int
        /// Line rate per lane, Gb/s (NRZ).
        public var lineRateGbps: Double
        /// Median optical power of good lanes at the photodiode at 25 °C, W.
        public var medianPower25Watts: Double
        /// Lane-to-lane spread of good lanes: σ of ln(P25) (lognormal, screened at ±3σ).
        public var powerSpreadSigma: Double
        /// Number of dead lanes; `nil` lets the seed choose 0…3. Positions always come from the seed.
        public var deadLaneCount: Int?
        /// Number of weak lanes; `nil` lets the seed choose 0…4. Positions always come from the seed.
        public var weakLaneCount: Int?
        /// Lowest 25 °C power of a weak lane as a fraction of the median.
        public var weakPowerFractionMinimum: Double
        /// Highest 25 °C power of a weak lane as a fraction of the median.
        public var weakPowerFractionMaximum: Double
        /// Power a dead lane's photodiode sees (stray light and dark current equivalent), W.
        public var darkPowerWatts: Double
        /// The receiver's signal-detect threshold: below it the lane has no sync and its BER reads 0.5, W.
        public var signalDetectThresholdWatts: Double

        // MARK: Temperature

        /// Median thermal droop coefficient k in P(T) = P25 · exp(−k (T − 25)), 1/K.
        public var temperatureCoefficientPerKelvin: Double
        /// Lane-to-lane spread of k: σ of ln(k) (good lanes screened at ±3σ, weak lanes at ±2σ).
        public var temperatureCoefficientSpreadSigma: Double
        /// How much faster a weak lane droops with temperature than a good one (defect-driven recombination).
        public var weakTemperatureCoefficientFactor: Double

        // MARK: Receiver

        /// Q factor at the median 25 °C power; Q scales linearly with received power (noise-limited receiver).
        public var qReference: Double

        // MARK: Supply

        /// Supply voltage at which the current figures below hold, V; current scales with V / this.
        public var supplyReferenceVolts: Double
        /// Static (bias, reference and clocking) current at the reference voltage and 25 °C, A.
        public var staticCurrentAmps: Double
        /// Dynamic current per driven lane per Gb/s at the reference voltage and 25 °C, A.
        public var dynamicCurrentAmpsPerLanePerGbps: Double
        /// Relative rise of the supply current per kelvin above 25 °C.
        public var supplyTemperatureCoefficientPerKelvin: Double
        /// Multiplier on the supply current while the over-current fault is injected.
        public var overCurrentFactor: Double

        // MARK: Ageing

        /// Median fractional power loss rate of good lanes under powered stress at the reference temperature, 1/h.
        public var agingRatePerHour: Double
        /// Lane-to-lane spread of the ageing rate: σ of its logarithm (screened at ±3σ).
        public var agingSpreadSigma: Double
        /// How much faster weak lanes age than good ones.
        public var weakAgingFactor: Double
        /// Arrhenius activation energy of the ageing, eV.
        public var agingActivationEnergyElectronVolts: Double
        /// Temperature at which ``agingRatePerHour`` holds, °C.
        public var agingReferenceCelsius: Double

        /// Creates array parameters; every default is the calibrated QualStation bench figure.
        public init(
            laneCount: Int = 416,
            activeLaneCount: Int = 400,
            lineRateGbps: Double = 4,
            medianPower25Watts: Double = 50e-6,
            powerSpreadSigma: Double = 0.05,
            deadLaneCount: Int? = nil,
            weakLaneCount: Int? = nil,
            weakPowerFractionMinimum: Double = 0.55,
            weakPowerFractionMaximum: Double = 0.65,
            darkPowerWatts: Double = 1e-9,
            signalDetectThresholdWatts: Double = 5e-6,
            temperatureCoefficientPerKelvin: Double = log(1 / 0.92) / 60,
            temperatureCoefficientSpreadSigma: Double = 0.10,
            weakTemperatureCoefficientFactor: Double = 3.5,
            qReference: Double = 14,
            supplyReferenceVolts: Double = 1.8,
            staticCurrentAmps: Double = 0.2,
            dynamicCurrentAmpsPerLanePerGbps: Double = 6.2767e-4,
            supplyTemperatureCoefficientPerKelvin: Double = 0.0015,
            overCurrentFactor: Double = 3,
            agingRatePerHour: Double = 2e-7,
            agingSpreadSigma: Double = 0.3,
            weakAgingFactor: Double = 20,
            agingActivationEnergyElectronVolts: Double = 0.7,
            agingReferenceCelsius: Double = 85
        ) {
            self.laneCount = laneCount
            self.activeLaneCount = activeLaneCount
            self.lineRateGbps = lineRateGbps
            self.medianPower25Watts = medianPower25Watts
            self.powerSpreadSigma = powerSpreadSigma
            self.deadLaneCount = deadLaneCount
            self.weakLaneCount = weakLaneCount
            self.weakPowerFractionMinimum = weakPowerFractionMinimum
            self.weakPowerFractionMaximum = weakPowerFractionMaximum
            self.darkPowerWatts = darkPowerWatts
            self.signalDetectThresholdWatts = signalDetectThresholdWatts
            self.temperatureCoefficientPerKelvin = temperatureCoefficientPerKelvin
            self.temperatureCoefficientSpreadSigma = temperatureCoefficientSpreadSigma
            self.weakTemperatureCoefficientFactor = weakTemperatureCoefficientFactor
            self.qReference = qReference
            self.supplyReferenceVolts = supplyReferenceVolts
            self.staticCurrentAmps = staticCurrentAmps
            self.dynamicCurrentAmpsPerLanePerGbps = dynamicCurrentAmpsPerLanePerGbps
            self.supplyTemperatureCoefficientPerKelvin = supplyTemperatureCoefficientPerKelvin
            self.overCurrentFactor = overCurrentFactor
            self.agingRatePerHour = agingRatePerHour
            self.agingSpreadSigma = agingSpreadSigma
            self.weakAgingFactor = weakAgingFactor
            self.agingActivationEnergyElectronVolts = agingActivationEnergyElectronVolts
            self.agingReferenceCelsius = agingReferenceCelsius
        }

        /// Decodes parameters; any field left out takes its default.
        public init(from decoder: any Decoder) throws {
            let d = Parameters()
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func real(_ key: CodingKeys, _ fallback: Double) throws -> Double {
                try c.decodeIfPresent(Double.self, forKey: key) ?? fallback
            }
            laneCount = try c.decodeIfPresent(Int.self, forKey: .laneCount) ?? d.laneCount
            activeLaneCount = try c.decodeIfPresent(Int.self, forKey: .activeLaneCount) ?? d.activeLaneCount
            lineRateGbps = try real(.lineRateGbps, d.lineRateGbps)
            medianPower25Watts = try real(.medianPower25Watts, d.medianPower25Watts)
            powerSpreadSigma = try real(.powerSpreadSigma, d.powerSpreadSigma)
            deadLaneCount = try c.decodeIfPresent(Int.self, forKey: .deadLaneCount)
            weakLaneCount = try c.decodeIfPresent(Int.self, forKey: .weakLaneCount)
            weakPowerFractionMinimum = try real(.weakPowerFractionMinimum, d.weakPowerFractionMinimum)
            weakPowerFractionMaximum = try real(.weakPowerFractionMaximum, d.weakPowerFractionMaximum)
            darkPowerWatts = try real(.darkPowerWatts, d.darkPowerWatts)
            signalDetectThresholdWatts = try real(.signalDetectThresholdWatts, d.signalDetectThresholdWatts)
            temperatureCoefficientPerKelvin = try real(
                .temperatureCoefficientPerKelvin, d.temperatureCoefficientPerKelvin)
            temperatureCoefficientSpreadSigma = try real(
                .temperatureCoefficientSpreadSigma, d.temperatureCoefficientSpreadSigma)
            weakTemperatureCoefficientFactor = try real(
                .weakTemperatureCoefficientFactor, d.weakTemperatureCoefficientFactor)
            qReference = try real(.qReference, d.qReference)
            supplyReferenceVolts = try real(.supplyReferenceVolts, d.supplyReferenceVolts)
            staticCurrentAmps = try real(.staticCurrentAmps, d.staticCurrentAmps)
            dynamicCurrentAmpsPerLanePerGbps = try real(
                .dynamicCurrentAmpsPerLanePerGbps, d.dynamicCurrentAmpsPerLanePerGbps)
            supplyTemperatureCoefficientPerKelvin = try real(
                .supplyTemperatureCoefficientPerKelvin, d.supplyTemperatureCoefficientPerKelvin)
            overCurrentFactor = try real(.overCurrentFactor, d.overCurrentFactor)
            agingRatePerHour = try real(.agingRatePerHour, d.agingRatePerHour)
            agingSpreadSigma = try real(.agingSpreadSigma, d.agingSpreadSigma)
            weakAgingFactor = try real(.weakAgingFactor, d.weakAgingFactor)
            agingActivationEnergyElectronVolts = try real(
                .agingActivationEnergyElectronVolts, d.agingActivationEnergyElectronVolts)
            agingReferenceCelsius = try real(.agingReferenceCelsius, d.agingReferenceCelsius)
        }
    }
}

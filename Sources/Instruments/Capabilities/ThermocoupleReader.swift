/// A thermocouple reader (a data-acquisition unit with a multiplexer module): the DUT thermocouples of a batch
/// station's sockets, one channel per socket (`thermocouple: thermocouples:101` in the station file).
public protocol ThermocoupleReader: Instrument {
    /// Reads the temperatures of `channels` (the instrument's channel numbers, e.g. 101), °C, in one scan where the
    /// instrument can. Throws when a channel reads no temperature (an open thermocouple, an overload).
    func readTemperatures(channels: [Int]) async throws -> [Int: Double]
}

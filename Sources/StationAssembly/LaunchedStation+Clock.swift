import StationConfiguration

extension LaunchedStation {
    /// Whether a station runs on a virtual clock: every instrument is simulated (`resource: sim`).
    public static func usesVirtualClock(_ file: StationFile) -> Bool {
        let simulated = file.instruments.values.filter { $0.resource == .simulated }
        return !simulated.isEmpty && simulated.count == file.instruments.count
    }
}

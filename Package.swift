// swift-tools-version:6.1
import PackageDescription

/// QualStation: a station controller that qualifies Micro LED co-packaged-optics arrays.
///
/// Dependencies point downward only:
///
///     qualstation ─▶ Certificates ─▶ Qualification ─▶ RunStore
///          │                              │
///          ├─▶ StationAssembly ─▶ BenchSimulator ─▶ PRBS
///          │          │                │
///          │          └──▶ StationConfiguration ─▶ Instruments ─▶ InstrumentProtocols
///          │                                            │
///          └──────────────────────────────────────────▶ USBLinks, LANLinks ─▶ StationLinks; CLibUSB, CUdev
///
/// `qualstation serve` is the Console (Hummingbird), which reads run directories through RunStore's files and
/// RunControl's layout and verifies certificates with Certificates.
///
/// StationClock sits underneath everything that lets time pass.
let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "QualStation",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qualstation", targets: ["qualstation"]),
        .executable(name: "qualstation-bench", targets: ["qualstation-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),

        // Time: wall clock and the virtual clock of simulated stations.
        .target(name: "StationClock", swiftSettings: strictSwift),

        // Service-manager notifications (sd_notify over $NOTIFY_SOCKET, without libsystemd).
        .target(name: "SystemdNotify", swiftSettings: strictSwift),

        // Byte channels: the link contract, resource strings, serial (termios), TCP, pseudo-terminals.
        .target(name: "StationLinks", swiftSettings: strictSwift),

        // USB: USBTMC framing (pure), the libusb transport, and discovery through libudev and libusb.
        .target(name: "USBLinks", dependencies: ["StationLinks", "CLibUSB", "CUdev"], swiftSettings: strictSwift),

        // LAN instrument protocols: XDR, ONC RPC, VXI-11 and HiSLIP codecs (sans I/O) and their links and servers.
        .target(name: "LANLinks", dependencies: ["StationLinks"], swiftSettings: strictSwift),

        // Wire formats, sans I/O: SCPI, Modbus RTU, USBTMC framing, vendor ASCII.
        .target(name: "InstrumentProtocols", swiftSettings: strictSwift),

        // Pseudo-random binary sequences: generators and self-synchronising checkers.
        .target(name: "PRBS", swiftSettings: strictSwift),

        // Capabilities, sessions and drivers.
        .target(
            name: "Instruments",
            dependencies: ["StationLinks", "USBLinks", "LANLinks", "InstrumentProtocols", "StationClock", "PRBS"],
            swiftSettings: strictSwift
        ),

        // Station and profile files: YAML models, validation, the joined plan.
        .target(
            name: "StationConfiguration",
            dependencies: [
                "Instruments", "InstrumentProtocols", "StationLinks", "PRBS", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),

        // BER statistics: χ² confidence bounds and required bits, shared by the sequencer, criteria and simulator.
        .target(name: "LinkStatistics", swiftSettings: strictSwift),

        // The simulated world's physics: chamber, Micro LED array, supply; deterministic from a seed.
        .target(name: "BenchModel", dependencies: ["LinkStatistics"], swiftSettings: strictSwift),

        // The run store: SQLite through GRDB.
        .target(
            name: "RunStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift
        ),

        // Sequencer, safety supervisor and criteria.
        .target(
            name: "Qualification",
            dependencies: ["StationConfiguration", "Instruments", "RunStore", "StationClock", "LinkStatistics", "PRBS"],
            swiftSettings: strictSwift
        ),

        // Ed25519 keys, JWK and JWS compact serialization.
        .target(
            name: "CertificateSigning",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift
        ),

        // Certificate model, verification and HTML rendering.
        .target(
            name: "Certificates",
            dependencies: [
                "Qualification", "RunStore", "StationConfiguration", "CertificateSigning", "InstrumentProtocols",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),

        // The simulators that serve the bench model over real links (ptys, loopback TCP), with fault injection.
        .target(
            name: "BenchSimulator",
            dependencies: [
                "BenchModel", "StationLinks", "InstrumentProtocols", "StationClock", "PRBS", "StationConfiguration",
                "LinkStatistics", "LANLinks",
            ],
            swiftSettings: strictSwift
        ),

        // Turns a station file into connected drivers, starting simulators where the station says so.
        .target(
            name: "StationAssembly",
            dependencies: ["StationConfiguration", "Instruments", "BenchSimulator", "StationLinks", "StationClock", "Qualification"],
            swiftSettings: strictSwift
        ),

        // Starting, resuming and finishing runs: run directory, station key, verdict, certificate.
        .target(
            name: "RunControl",
            dependencies: [
                "StationAssembly", "Qualification", "Certificates", "CertificateSigning", "RunStore", "StationClock",
                "StationConfiguration", "Instruments", "InstrumentProtocols",
            ],
            swiftSettings: strictSwift
        ),

        // The fleet: replication of run.sqlite files into one PostgreSQL, its schema, and the questions asked of it.
        .target(
            name: "Fleet",
            dependencies: [
                "RunStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),

        // The lab console: read-only web pages, JSON API, live events and Prometheus metrics over run directories.
        .target(
            name: "Console",
            dependencies: [
                "RunStore", "RunControl", "Certificates", "Qualification", "StationConfiguration", "Instruments", "LinkStatistics",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),

        // The command-line tool.
        .executableTarget(
            name: "qualstation",
            dependencies: [
                "RunControl", "Certificates", "Qualification", "StationConfiguration", "BenchSimulator", "Instruments",
                "InstrumentProtocols", "StationLinks", "USBLinks", "LANLinks", "StationClock", "RunStore", "Fleet",
                "CertificateSigning", "SystemdNotify", "Console", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),

        // Benchmarks: prints figures (`name: value unit`), never asserts speed.
        .executableTarget(
            name: "qualstation-bench",
            dependencies: [
                "PRBS", "InstrumentProtocols", "StationLinks", "Instruments", "BenchSimulator", "StationConfiguration",
                "StationClock", "RunControl", "Qualification", "RunStore", "LinkStatistics", "BenchModel", "LANLinks", "Fleet",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks",
            exclude: ["pyvisa_roundtrips.py"],
            swiftSettings: strictSwift
        ),

        .testTarget(name: "StationClockTests", dependencies: ["StationClock"], swiftSettings: strictSwift),
        .testTarget(name: "StationLinksTests", dependencies: ["StationLinks"], swiftSettings: strictSwift),
        .testTarget(name: "LANLinksTests", dependencies: ["LANLinks", "StationLinks"], swiftSettings: strictSwift),
        .testTarget(name: "USBLinksTests", dependencies: ["USBLinks", "StationLinks"], swiftSettings: strictSwift),
        .testTarget(name: "InstrumentProtocolsTests", dependencies: ["InstrumentProtocols"], swiftSettings: strictSwift),
        .testTarget(name: "PRBSTests", dependencies: ["PRBS"], swiftSettings: strictSwift),
        .testTarget(
            name: "RunStoreTests", dependencies: ["RunStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift),
        .testTarget(name: "CertificateSigningTests", dependencies: ["CertificateSigning"], swiftSettings: strictSwift),
        .testTarget(name: "BenchModelTests", dependencies: ["BenchModel"], swiftSettings: strictSwift),
        .testTarget(name: "LinkStatisticsTests", dependencies: ["LinkStatistics"], swiftSettings: strictSwift),
        .testTarget(
            name: "StationConfigurationTests",
            dependencies: ["StationConfiguration", "StationLinks", "PRBS"],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "QualificationTests", dependencies: ["Qualification", "StationConfiguration", "LinkStatistics", "RunStore"], swiftSettings: strictSwift),
        .testTarget(
            name: "CertificatesTests",
            dependencies: [
                "Certificates", "Qualification", "RunStore", "StationConfiguration", "CertificateSigning",
                "InstrumentProtocols", "LinkStatistics",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "InstrumentsTests",
            dependencies: ["Instruments", "StationLinks", "InstrumentProtocols", "StationClock", "PRBS"],
            exclude: ["Peers"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "BenchSimulatorTests",
            dependencies: [
                "BenchSimulator", "BenchModel", "Instruments", "StationConfiguration", "StationLinks", "StationClock",
                "PRBS", "InstrumentProtocols",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "RunControlTests",
            dependencies: [
                "RunControl", "Qualification", "RunStore", "Certificates", "StationAssembly", "StationConfiguration",
                "Instruments", "LANLinks", "StationLinks",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "FleetTests",
            dependencies: [
                "Fleet", "RunControl", "Qualification", "RunStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "qualstation", "RunControl", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Peers"],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["qualstation", "SystemdNotify"], exclude: ["Peers"], swiftSettings: strictSwift),
    ]
)

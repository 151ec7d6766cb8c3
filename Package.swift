// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "flowcause",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "flowcause", targets: ["flowcause"]),
    .library(name: "FlowLogs", targets: ["FlowLogs"]),
    .library(name: "Topology", targets: ["Topology"]),
    .library(name: "Analysis", targets: ["Analysis"]),
    .library(name: "FlowCauseCLI", targets: ["FlowCauseCLI"]),
  ],
  targets: [
    // The system zlib (Debian: zlib1g-dev), for gzip-compressed flow logs.
    .systemLibrary(
      name: "CZlib",
      path: "Sources/CZlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
    ),
    // ISA-L's igzip (Debian: libisal-dev), several times faster than zlib at inflating: found
    // with __has_include and loaded with dlopen, so that the package builds and runs (on zlib)
    // without it.
    .systemLibrary(name: "CISAL", path: "Sources/CISAL"),
    // glibc's mallopt, to keep the allocator from mapping and unmapping the output and chunk
    // buffers of every batch (page faults and zeroing, about a third of diagnose's system time).
    .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
    // The compiler's prefetch hint, for the conversation index (a hash table far larger than
    // the caches, looked up once a record): its slots are asked for a few records ahead.
    .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
    // IP addresses and prefixes, shared by the stages.
    .target(name: "NetworkPrimitives"),
    // The sentences a person reads, one catalog per language (English, Japanese), by name.
    .target(name: "Messages"),
    // Records, formats and the byte-level reader. No dependency on Topology or Analysis.
    .target(name: "FlowLogs", dependencies: ["CZlib", "CISAL", "NetworkPrimitives"]),
    // The VPC model and its loaders (describe-* JSON, the native format). No dependency on FlowLogs.
    .target(name: "Topology", dependencies: ["NetworkPrimitives"]),
    // Evaluation (SG, NACL, routes), tracing, and later correlation and diagnosis. No I/O.
    .target(
      name: "Analysis",
      dependencies: ["Messages", "NetworkPrimitives", "Topology", "FlowLogs", "CPrefetch"]),
    // Values in, bytes out: text, JSON and JSON Lines (and their templates) of diagnoses,
    // traces, lint findings, records and diagnostics. No I/O but the writers it is handed.
    .target(
      name: "Rendering",
      dependencies: ["Analysis", "FlowLogs", "Messages", "Topology", "NetworkPrimitives"]),
    // The diagnose engine: reading threads, batches of REJECTs decided on worker threads, and
    // the output written in input order. The CLI gives it options, writers and opened inputs.
    .target(
      name: "DiagnoseEngine",
      dependencies: [
        "Analysis", "FlowLogs", "Messages", "Topology", "NetworkPrimitives", "Rendering",
      ]),
    // Commands and options: the only target that touches files, stdout and exit codes.
    .target(
      name: "FlowCauseCLI",
      dependencies: [
        "FlowLogs", "Topology", "Analysis", "Messages", "NetworkPrimitives", "Rendering",
        "DiagnoseEngine", .target(name: "CMalloc", condition: .when(platforms: [.linux])),
      ]),
    // The executable is a shim over FlowCauseCLI.
    .executableTarget(name: "flowcause", dependencies: ["FlowCauseCLI"]),
    // Seeded random networks and traffic, and the differential round trip through simulate and
    // diagnose: a test generator, used by the tests and flowcause-bench, never shipped.
    .target(
      name: "RandomNetworks",
      dependencies: ["Analysis", "Topology", "FlowLogs", "NetworkPrimitives"]),
    // Self-checking benchmarks (not a test: prints rates, never asserts on time).
    .executableTarget(
      name: "flowcause-bench",
      dependencies: ["FlowLogs", "Analysis", "Topology", "NetworkPrimitives", "RandomNetworks"],
      exclude: ["peers"]
    ),
    // The fuzz targets (docs/fuzzing.md): one executable each, which libFuzzer drives when
    // built by Tests/Fuzz/run.sh (-sanitize=fuzzer, FUZZING); built as here, each runs the
    // inputs it is given once.
    .target(
      name: "FuzzTargets",
      dependencies: [
        "FlowCauseCLI", "FlowLogs", "Topology", "RandomNetworks", "Rendering", "CZlib",
      ],
      path: "Tests/Fuzz/FuzzTargets"),
    .executableTarget(
      name: "fuzz-reader", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/fuzz-reader"),
    .executableTarget(
      name: "fuzz-topology", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/fuzz-topology"),
    .executableTarget(
      name: "fuzz-traffic", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/fuzz-traffic"),
    .executableTarget(
      name: "fuzz-diagnose", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/fuzz-diagnose"),
    // Reads the Markdown tables of docs/ for the tests that fail when a page and the code drift
    // apart; depends on nothing, so every module's test target can use it.
    .target(name: "MarkdownTables", path: "Tests/MarkdownTables"),
    .testTarget(name: "NetworkPrimitivesTests", dependencies: ["NetworkPrimitives"]),
    .testTarget(name: "MessagesTests", dependencies: ["Messages", "MarkdownTables"]),
    .testTarget(
      name: "FlowLogsTests",
      dependencies: ["FlowLogs", "NetworkPrimitives", "MarkdownTables", "CZlib"],
      exclude: ["Vectors"]
    ),
    .testTarget(
      name: "TopologyTests",
      dependencies: ["Topology", "NetworkPrimitives"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "AnalysisTests",
      dependencies: [
        "Analysis", "Topology", "NetworkPrimitives", "RandomNetworks", "MarkdownTables",
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "RandomNetworksTests",
      dependencies: ["RandomNetworks", "Analysis", "Topology", "FlowLogs", "NetworkPrimitives"]
    ),
    .testTarget(
      name: "RenderingTests",
      dependencies: [
        "Rendering", "Analysis", "FlowLogs", "Messages", "Topology", "NetworkPrimitives",
        "RandomNetworks",
      ]
    ),
    .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets"]),
    .testTarget(
      name: "FlowCauseCLITests",
      dependencies: [
        "FlowCauseCLI", "FlowLogs", "Messages", "NetworkPrimitives", "flowcause",
        "RandomNetworks", "Rendering", "MarkdownTables", "Analysis",
      ],
      exclude: ["Fixtures"]
    ),
  ]
)

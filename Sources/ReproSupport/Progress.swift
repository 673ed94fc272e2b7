internal import Foundation
internal import Synchronization

/// How progress is shown.
public enum ProgressMode: Sendable, Equatable {
    /// A live bar with rate and ETA, redrawn in place (stdout is a terminal).
    case terminal
    /// Plain log lines at most every `interval` seconds (CI, pipes).
    case log(interval: Double)
    /// Nothing.
    case quiet

    /// `.terminal` when stdout is a terminal, `.log(interval: 10)` otherwise, `.quiet` when asked.
    public static func automatic(quiet: Bool) -> ProgressMode {
        if quiet { return .quiet }
        return isatty(STDOUT_FILENO) == 1 ? .terminal : .log(interval: 10)
    }
}

/// A progress display for long work: `advance` from any thread, `finish` once.
///
/// The text it prints goes through `sink` (stdout by default), so tests can capture it.
public final class ProgressDisplay: Sendable {
    private struct State {
        var completed: Int = 0
        var lastDraw: Double = -Double.infinity
        var finished = false
        /// Whether this display is counted in `activeTerminalDisplays`.
        var countedActive = false
    }

    public let label: String
    public let total: Int
    public let unit: String
    public let mode: ProgressMode
    private let start: Double
    private let clock: @Sendable () -> Double
    private let sink: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// - Parameters:
    ///   - label: what is being done ("train[seed=0]").
    ///   - total: the number of units of work (> 0).
    ///   - unit: the unit's name ("epochs", "MB").
    ///   - clock: seconds, monotonic; injectable for tests.
    public init(label: String, total: Int, unit: String, mode: ProgressMode,
                clock: @escaping @Sendable () -> Double = ProgressDisplay.monotonicSeconds,
                sink: @escaping @Sendable (String) -> Void = ProgressDisplay.standardOutput) {
        self.label = label
        self.total = max(total, 1)
        self.unit = unit
        self.mode = mode
        self.clock = clock
        self.sink = sink
        self.start = clock()
        if mode == .terminal {
            Self.activeTerminalDisplays.withLock { $0 += 1 }
            state.withLock { $0.countedActive = true }
        }
    }

    /// Seconds from a monotonic clock.
    public static let monotonicSeconds: @Sendable () -> Double = {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// Writes to stdout and flushes.
    public static let standardOutput: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Marks `count` more units done and redraws when due.
    public func advance(by count: Int = 1) {
        let now = clock()
        let line: String? = state.withLock { state in
            guard !state.finished else { return nil }
            state.completed = min(state.completed + count, total)
            switch mode {
            case .quiet: return nil
            case .terminal:
                // One live bar redraws in place; while several run at once (parallel stages) each would
                // overwrite the others' line, so each then prints a line of its own every 2 s.
                let shared = Self.activeTerminalDisplays.withLock { $0 } > 1
                guard now - state.lastDraw >= (shared ? 2 : 0.1) || state.completed == total else { return nil }
                state.lastDraw = now
                return "\r" + render(completed: state.completed, now: now, bar: true) + "\u{1B}[K" + (shared ? "\n" : "")
            case .log(let interval):
                guard now - state.lastDraw >= interval else { return nil }
                state.lastDraw = now
                return render(completed: state.completed, now: now, bar: false) + "\n"
            }
        }
        if let line { sink(line) }
    }

    /// The number of terminal-mode displays between `init` and `finish`, process-wide.
    private static let activeTerminalDisplays = Mutex(0)

    deinit { finishTerminal() }

    private func finishTerminal() {
        guard mode == .terminal else { return }
        let wasActive = state.withLock { state in
            defer { state.countedActive = false }
            return state.countedActive
        }
        if wasActive { Self.activeTerminalDisplays.withLock { $0 -= 1 } }
    }

    /// Prints the final line (elapsed time). Later calls do nothing.
    public func finish(message: String = "done") {
        finishTerminal()
        let now = clock()
        let line: String? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            let elapsed = Self.duration(now - start)
            switch mode {
            case .quiet: return nil
            case .terminal: return "\r\(label): \(message) in \(elapsed)\u{1B}[K\n"
            case .log: return "\(label): \(message) in \(elapsed)\n"
            }
        }
        if let line { sink(line) }
    }

    /// The text of one progress line: label, count, percent, rate and ETA.
    func render(completed: Int, now: Double, bar: Bool) -> String {
        let elapsed = max(now - start, 1e-9)
        let fraction = Double(completed) / Double(total)
        let rate = Double(completed) / elapsed
        let eta = rate > 0 ? Self.duration(Double(total - completed) / rate) : "?"
        let percent = String(format: "%3.0f%%", fraction * 100)
        let rateText = String(format: "%.2f %@/s", rate, unit)
        if bar {
            let width = 24
            let filled = Int((fraction * Double(width)).rounded(.down))
            let barText = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            return "\(label) [\(barText)] \(percent) \(completed)/\(total) \(unit) \(rateText) ETA \(eta)"
        }
        return "\(label): \(completed)/\(total) \(unit) (\(percent.trimmingCharacters(in: .whitespaces))), \(rateText), ETA \(eta)"
    }

    /// "42s", "3m05s", "1h02m".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60)
    }
}

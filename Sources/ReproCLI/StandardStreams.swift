// Only the C library here: through Foundation, the C global `stdout` is shared mutable state that
// Swift 6 refuses to touch; a @preconcurrency import allows it.
#if canImport(Glibc)
@preconcurrency internal import Glibc
#elseif canImport(Darwin)
@preconcurrency internal import Darwin
#endif

enum StandardStreams {
    /// Makes stdout line-buffered (it is fully buffered into a pipe or file), so that its lines keep
    /// their place among stderr's. Only sets a flag: harmless after output, and when called again.
    static func lineBufferStandardOutput() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }
}
